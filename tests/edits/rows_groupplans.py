"""Edit matrix rows of groupplans (see harness.py)."""

import datetime

from django.db.models import F
from django.urls import reverse

from groupplans import services
from groupplans.models import Action, Goal, GroupPlan, InstructionGroup, Phase, Placement
from tests import factories as f

from .harness import Edit, text_edit


def _at(plan, phase, **texts):
    GroupPlan.objects.filter(pk=plan.pk).update(phase=phase, **texts)
    plan.refresh_from_db()
    return plan


def _by_colleague(model, obj, **values):
    """The other tab's save, through the same guard: it lands first and moves the version on."""
    model.objects.filter(pk=obj.pk).update(**values, version=F("version") + 1)


def _phase_page(phase):
    return lambda world, plan: reverse("groupplans:plan_phase", args=[plan.pk, phase])


def _stored_phase(plan):
    return GroupPlan.objects.get(pk=plan.pk).phase


# --- Plan texts and phases -------------------------------------------------------------------------------------------


def _observe_plan(world):
    return world.plans["six"]


def _understood_plan(world):
    return _at(world.plans["six"], Phase.UNDERSTAND, reflection="Korte instructie, veel herhaling.")


def _realising_plan(world):
    return _at(world.plans["six"], Phase.REALISE)


def _close_from_another_tab(world, plan):
    services.close_phase(plan, world.user("teacher"), phase=Phase.UNDERSTAND)


def _reopen_from_another_tab(world, plan):
    services.reopen_phase(plan, world.user("coordinator"), current=Phase.REALISE)


# --- Grouping and moves: sam in Basisinstructie, two more groups ----------------------------------------------------


def _plan_with_three_groups(world):
    plan = _at(world.plans["six"], Phase.PLAN)
    InstructionGroup.objects.create(plan=plan, name="Groep Bij", kind=InstructionGroup.Kind.CUSTOM, order=1)
    InstructionGroup.objects.create(plan=plan, name="Groep Ceder", kind=InstructionGroup.Kind.CUSTOM, order=2)
    return plan


def _group(plan, name):
    return plan.instruction_groups.get(name=name)


def _colleague_moves_sam_to_bij(world, plan):
    services.move_pupil(
        plan,
        world.pupils["six"],
        _group(plan, "Groep Bij"),
        world.user("coordinator"),
        from_group=world.instruction_groups["six"],
    )


def _where_sam_is(plan):
    return Placement.objects.get(plan=plan, pupil__surname="Zes").instruction_group.name


# --- Instruction groups and goals -----------------------------------------------------------------------------------


def _instruction_group(world):
    _at(world.plans["six"], Phase.PLAN)
    return InstructionGroup.objects.get(pk=world.instruction_groups["six"].pk)


def _goal(world, phase=Phase.PLAN):
    _at(world.plans["six"], phase)
    return world.instruction_groups["six"].goals.create(
        what="Werkwoordspelling",
        instrument=f.instrument("lvs-spelling"),
        target_level=f.level("i-v", "III"),
        date=datetime.date(2026, 1, 10),
    )


def _individual_goal(world):
    return world.individual_plans["six"].goals.create(
        what="Werkwoordspelling",
        instrument=f.instrument("lvs-spelling"),
        target_score=150,
        date=datetime.date(2027, 1, 20),
    )


ROWS = {
    "groupplans:plan_phase": Edit(
        role="teacher",
        record=_observe_plan,
        changes=lambda world, plan: {"observe_notes": "Mijn waarneming van de groep"},
        colleague=lambda world, plan: _by_colleague(GroupPlan, plan, observe_notes="Waarneming van de collega"),
        value=lambda plan: GroupPlan.objects.get(pk=plan.pk).observe_notes,
        shown=lambda world, plan: ("Mijn waarneming van de groep", "Waarneming van de collega"),
        url_kwargs=lambda world, plan: {"pk": plan.pk, "phase": "observe"},
    ),
    # Closing names the phase the user saw open: a second tab closes nothing more.
    "groupplans:phase_close": Edit(
        role="teacher",
        record=_understood_plan,
        changes=lambda world, plan: {"phase": Phase.UNDERSTAND},
        colleague=_close_from_another_tab,
        value=_stored_phase,
        shown=lambda world, plan: ("Begrijpen", "staat intussen in de fase plannen: er is niets afgesloten"),
        page=_phase_page("understand"),
        status=302,
    ),
    "groupplans:phase_reopen": Edit(
        role="coordinator",
        record=_realising_plan,
        changes=lambda world, plan: {"current": Phase.REALISE, "phase": ""},
        colleague=_reopen_from_another_tab,
        value=_stored_phase,
        shown=lambda world, plan: ("Realiseren", "staat intussen in de fase plannen: er is niets heropend"),
        page=_phase_page("realise"),
        status=302,
    ),
    # The proposal replaces the placements the user saw; a move in between refuses it.
    "groupplans:grouping_propose": Edit(
        role="teacher",
        record=_plan_with_three_groups,
        changes=lambda world, plan: {},
        colleague=_colleague_moves_sam_to_bij,
        value=_where_sam_is,
        shown=lambda world, plan: ("Indeling voorstellen", "Iemand anders heeft intussen leerlingen ingedeeld"),
        page=_phase_page("plan"),
        status=302,
    ),
    # A move names the group the user saw the pupil in: she is told where the pupil is now.
    "groupplans:placement_move": Edit(
        role="teacher",
        record=_plan_with_three_groups,
        changes=lambda world, plan: {
            "pupil": world.pupils["six"].pk,
            "from_group": world.instruction_groups["six"].pk,
            "instruction_group": _group(plan, "Groep Ceder").pk,
        },
        colleague=_colleague_moves_sam_to_bij,
        value=_where_sam_is,
        shown=lambda world, plan: ("Groep Ceder", "Sam Zes intussen ingedeeld in Groep Bij"),
        page=_phase_page("plan"),
        status=302,
    ),
    "groupplans:instruction_group_edit": text_edit(
        role="teacher",
        record=_instruction_group,
        field="approach",
        typed="Mijn aanpak: samen hardop oefenen",
        stored="Aanpak van de collega",
    ),
    "groupplans:goal_edit": text_edit(
        role="teacher",
        record=_goal,
        field="what",
        typed="Mijn doel: foutloos werkwoorden spellen",
        stored="Doel van de collega",
    ),
    "groupplans:goal_evaluate": Edit(
        role="teacher",
        record=lambda world: _goal(world, Phase.EVALUATE),
        changes=lambda world, goal: {"evaluation": "partly", "evaluation_remark": "Mijn toelichting bij de evaluatie"},
        colleague=lambda world, goal: _by_colleague(
            Goal, goal, evaluation="achieved", evaluation_remark="Toelichting van de collega"
        ),
        value=lambda goal: Goal.objects.values_list("evaluation", "evaluation_remark").get(pk=goal.pk),
        shown=lambda world, goal: ("Mijn toelichting bij de evaluatie", "Toelichting van de collega"),
    ),
    "groupplans:individual_plan_edit": text_edit(
        role="teacher",
        record=lambda world: world.individual_plans["six"],
        field="approach",
        typed="Mijn aanpak: elke ochtend tien minuten",
        stored="Aanpak van de collega",
    ),
    "groupplans:individual_goal_edit": text_edit(
        role="teacher",
        record=_individual_goal,
        field="what",
        typed="Mijn doel: vlot lezen op AVI E5",
        stored="Doel van de collega",
    ),
    "groupplans:meeting_edit": text_edit(
        role="coordinator",
        record=lambda world: world.meetings["six"],
        field="notes",
        typed="Mijn verslag van de bespreking",
        stored="Verslag van de collega",
    ),
    # Done as of the state the user saw: done twice is done once, and she reads who did it.
    "groupplans:action_toggle": Edit(
        role="teacher",
        record=lambda world: world.actions["teacher"],
        changes=lambda world, action: {"state": "done"},
        colleague=lambda world, action: services.mark_action_done(action, world.user("coordinator")),
        value=lambda action: Action.objects.values_list("done", "done_at", "version").get(pk=action.pk),
        shown=lambda world, action: (action.text, "was al afgevinkt, door"),
        page=lambda world, action: reverse("groupplans:action_list"),
        status=302,
    ),
    # issue 12: a group plan in ten entries — the school's organisation of one kind of instruction group.
    "groupplans:defaults_edit": text_edit(
        role="coordinator",
        record=lambda world: services.ensure_defaults(world.school)[InstructionGroup.Kind.BASIC],
        field="approach",
        typed="Mijn aanpak: eerst samen, dan alleen",
        stored="Aanpak van de collega",
        url_kwargs=lambda world, row: {"kind": row.kind},
    ),
}

NOT_EDITS = {
    "groupplans:plan_overview": "leest alleen",
    "groupplans:plans_pdf": "leest alleen (pdf)",
    "groupplans:plan_create": "maakt een nieuw record",
    "groupplans:plan_detail": "leest alleen",
    "groupplans:instruction_group_create": "maakt een nieuw record",
    "groupplans:plan_next": "maakt een nieuw plan (een tweede keer wordt geweigerd)",
    "groupplans:plan_pdf": "leest alleen (pdf)",
    "groupplans:schedule_pdf": "leest alleen (pdf)",
    "groupplans:goal_create": "maakt een nieuw record",
    "groupplans:individual_plan_create": "maakt een nieuw record",
    "groupplans:individual_plan_detail": "leest alleen",
    "groupplans:individual_goal_create": "maakt een nieuw record",
    "groupplans:individual_plan_pdf": "leest alleen (pdf)",
    "groupplans:meeting_list": "leest alleen",
    "groupplans:meeting_create": "maakt een nieuw record (met nieuwe acties)",
    "groupplans:meeting_detail": "leest alleen",
    "groupplans:action_list": "leest alleen",
    # issue 12: a group plan in ten entries
    "groupplans:defaults_list": "leest alleen",
}
