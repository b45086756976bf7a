"""Every write of the group plans app, named for what the user does: one transaction each, with
its revisions (``core.history``), its audit entry and, for records two people may edit, the edit
guard (``core.editguard``). Views parse the request, call one of these, and render.

- ``plans``: the HGW cycle of a group plan (texts, phases, grouping, instruction groups, goals);
- ``proposals``: what a goal proposes from the school's data (read only);
- ``defaults``: the school's organisation per kind of instruction group, and who gives it;
- ``individual``: individual action plans;
- ``meetings``: meetings and their actions.
"""

from .defaults import ensure_defaults, organisation_for, save_defaults, school_defaults, teachers_text
from .individual import save_individual_plan
from .meetings import AlreadySo, mark_action_done, reopen_action, save_meeting
from .plans import (
    DEFAULT_GROUPS,
    PHASE_TEXT_FIELDS,
    PlanError,
    PupilMoved,
    close_phase,
    current_placements_token,
    default_groups,
    evaluate_goal,
    freeze_overview,
    goal_results,
    group_pupils,
    grouping_instruments,
    kind_for,
    latest_levels,
    missing_parts,
    move_pupil,
    next_period,
    placements_token,
    previous_plan,
    propose_evaluation,
    propose_grouping,
    reaches,
    reopen_phase,
    require_phase,
    save_goal,
    save_instruction_group,
    save_plan,
    save_plan_text,
    start_next_plan,
    start_plan,
    unplaced_pupils,
)

__all__ = [
    "DEFAULT_GROUPS",
    "PHASE_TEXT_FIELDS",
    "AlreadySo",
    "PlanError",
    "PupilMoved",
    "close_phase",
    "current_placements_token",
    "default_groups",
    "evaluate_goal",
    "freeze_overview",
    "ensure_defaults",
    "goal_results",
    "group_pupils",
    "grouping_instruments",
    "kind_for",
    "latest_levels",
    "mark_action_done",
    "missing_parts",
    "move_pupil",
    "organisation_for",
    "next_period",
    "placements_token",
    "previous_plan",
    "propose_evaluation",
    "propose_grouping",
    "reaches",
    "reopen_action",
    "reopen_phase",
    "require_phase",
    "save_defaults",
    "save_goal",
    "save_individual_plan",
    "save_instruction_group",
    "save_meeting",
    "save_plan",
    "save_plan_text",
    "school_defaults",
    "start_next_plan",
    "start_plan",
    "teachers_text",
    "unplaced_pupils",
]
