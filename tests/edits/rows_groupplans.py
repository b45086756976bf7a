"""Edit matrix rows of groupplans (see harness.py)."""

ROWS = {}

# Not sorted yet (issue 10): each name becomes a row in ROWS or gets its reason here.
NOT_EDITS = {
    "groupplans:plan_overview": "UNSORTED",
    "groupplans:plans_pdf": "UNSORTED",
    "groupplans:plan_create": "UNSORTED",
    "groupplans:plan_detail": "UNSORTED",
    "groupplans:plan_phase": "UNSORTED",
    "groupplans:phase_close": "UNSORTED",
    "groupplans:phase_reopen": "UNSORTED",
    "groupplans:grouping_propose": "UNSORTED",
    "groupplans:placement_move": "UNSORTED",
    "groupplans:instruction_group_create": "UNSORTED",
    "groupplans:plan_next": "UNSORTED",
    "groupplans:plan_pdf": "UNSORTED",
    "groupplans:schedule_pdf": "UNSORTED",
    "groupplans:instruction_group_edit": "UNSORTED",
    "groupplans:goal_create": "UNSORTED",
    "groupplans:goal_edit": "UNSORTED",
    "groupplans:goal_evaluate": "UNSORTED",
    "groupplans:individual_plan_create": "UNSORTED",
    "groupplans:individual_plan_detail": "UNSORTED",
    "groupplans:individual_plan_edit": "UNSORTED",
    "groupplans:individual_goal_create": "UNSORTED",
    "groupplans:individual_goal_edit": "UNSORTED",
    "groupplans:individual_plan_pdf": "UNSORTED",
    "groupplans:meeting_list": "UNSORTED",
    "groupplans:meeting_create": "UNSORTED",
    "groupplans:meeting_detail": "UNSORTED",
    "groupplans:meeting_edit": "UNSORTED",
    "groupplans:action_list": "UNSORTED",
    "groupplans:action_toggle": "UNSORTED",
}
