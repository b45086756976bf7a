"""Nothing a user saves is lost: each guarded service refuses a save made on what a colleague
changed in between (``editguard.Stale`` or the state as it is now), writes nothing and keeps the
history as it was. Bad input answers with a message, never a 500, and changes nothing."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from core import editguard, history
from core.models import AuditEntry
from groupplans import services
from groupplans.forms import (
    GoalEvaluationForm,
    GoalForm,
    IndividualGoalForm,
    IndividualPlanForm,
    InstructionGroupForm,
    MeetingForm,
    plan_text_form,
)
from groupplans.models import Action, Goal, GroupPlan, IndividualPlan, InstructionGroup, Meeting, Phase, Placement
from tests import factories as f

from .test_meetings import management_form, meeting_data
from .test_services import at_phase, complete_group


def bump(obj, **values):
    """A colleague's save landed first: the stored version moved on."""
    type(obj).objects.filter(pk=obj.pk).update(version=F("version") + 1, **values)


def unchanged(obj, revisions_before):
    return history.revisions(obj).count() == revisions_before


def bound(form_class, obj, changes, **kwargs):
    """The user's form, loaded before the colleague saved and posted after."""
    loaded = form_class(instance=obj, **kwargs)
    data = {name: loaded[name].value() for name in loaded.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    form = form_class({**data, **changes}, instance=type(obj).objects.get(pk=obj.pk), **kwargs)
    # The instance is read again as the view would; the version posted is the one loaded.
    assert form.is_valid(), form.errors
    return form


# --- Plan texts -------------------------------------------------------------------------------------------------------


def test_a_stale_plan_text_is_refused_and_nothing_is_written(world):
    plan = world.plans["six"]
    form_class = plan_text_form("observe_notes")
    form = bound(form_class, plan, {"observe_notes": "Mijn tekst"})
    bump(plan, observe_notes="Tekst van de collega")
    with pytest.raises(editguard.Stale):
        services.save_plan_text(form, world.user("teacher"))
    plan.refresh_from_db()
    assert plan.observe_notes == "Tekst van de collega" and not history.revisions(plan).exists()
    assert not AuditEntry.objects.filter(event="groupplans.plan_text_saved").exists()


def test_a_plan_text_is_saved_with_revision_and_audit_event(world):
    plan = world.plans["six"]
    form = bound(plan_text_form("observe_notes"), plan, {"observe_notes": "Mijn tekst"})
    services.save_plan_text(form, world.user("teacher"))
    plan.refresh_from_db()
    assert plan.observe_notes == "Mijn tekst" and plan.version == 2 and plan.updated_by == world.user("teacher")
    assert history.revisions(plan).count() == 1
    entry = AuditEntry.objects.get(event="groupplans.plan_text_saved")
    assert entry.data == {"field": "observe_notes"}


def test_a_text_of_another_phase_is_refused(world):
    plan = world.plans["six"]
    form = bound(plan_text_form("reflection"), plan, {"reflection": "Te vroeg"})
    with pytest.raises(services.PlanError):
        services.save_plan_text(form, world.user("teacher"))
    assert not history.revisions(plan).exists()


# --- Phases -----------------------------------------------------------------------------------------------------------


def test_a_close_on_a_plan_read_before_a_colleague_saved_is_refused(world):
    plan = at_phase(world.plans["six"], Phase.UNDERSTAND)
    plan.reflection = "Korte instructie."
    plan.save()
    bump(plan)  # the plan was read (by the view) before a colleague's save landed
    with pytest.raises(editguard.Stale):
        services.close_phase(plan, world.user("teacher"), phase=Phase.UNDERSTAND)
    assert GroupPlan.objects.get(pk=plan.pk).phase == Phase.UNDERSTAND and not history.revisions(plan).exists()


def test_closing_realise_writes_a_revision_of_every_goal_it_evaluates(world):
    plan = at_phase(world.plans["six"], Phase.REALISE)
    plan.execution_notes = "Loopt goed."
    plan.save()
    goal = complete_group(world.instruction_groups["six"])
    f.AssessmentFactory(
        pupil=world.pupils["six"],
        instrument=f.instrument("lvs-spelling"),
        date=datetime.date(2026, 1, 20),
        level=f.level("i-v", "II"),
        score=150,
    )
    assert services.close_phase(plan, world.user("teacher"), phase=Phase.REALISE) == []
    (revision,) = history.revisions(goal)
    assert revision.data["evaluation_proposed"] == Goal.Evaluation.ACHIEVED
    assert revision.user == world.user("teacher")


# --- Grouping and moves -----------------------------------------------------------------------------------------------


@pytest.fixture
def plan_with_groups(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    bij = InstructionGroup.objects.create(plan=plan, name="Bij", order=1)
    ceder = InstructionGroup.objects.create(plan=plan, name="Ceder", order=2)
    return plan, world.instruction_groups["six"], bij, ceder


def test_a_move_from_where_the_pupil_no_longer_is_moves_nothing_and_says_where_she_is(world, plan_with_groups):
    plan, basic, bij, ceder = plan_with_groups
    sam = world.pupils["six"]
    services.move_pupil(plan, sam, bij, world.user("coordinator"), from_group=basic)
    placement = Placement.objects.get(plan=plan, pupil=sam)
    before = history.revisions(placement).count()
    with pytest.raises(services.PupilMoved) as refused:
        services.move_pupil(plan, sam, ceder, world.user("teacher"), from_group=basic)  # she saw Sam in basic
    assert refused.value.now == bij
    assert "Sam Zes intussen ingedeeld in Bij" in str(refused.value)
    assert Placement.objects.get(plan=plan, pupil=sam).instruction_group == bij
    assert unchanged(placement, before)


def test_placing_a_pupil_a_colleague_placed_already_places_nothing(world, plan_with_groups):
    plan, basic, bij, ceder = plan_with_groups
    newcomer = f.PupilFactory(school=world.school, first_name="Nieuw", surname="Kind")
    f.EnrolmentFactory(pupil=newcomer, group=plan.group)
    services.move_pupil(plan, newcomer, bij, world.user("coordinator"), from_group=None)
    with pytest.raises(services.PupilMoved) as refused:
        services.move_pupil(plan, newcomer, ceder, world.user("teacher"), from_group=None)
    assert refused.value.now == bij
    assert list(Placement.objects.filter(plan=plan, pupil=newcomer).values_list("instruction_group", flat=True)) == [
        bij.pk
    ]


def test_a_move_writes_a_revision_and_moves_the_placement_version(world, plan_with_groups):
    plan, basic, bij, _ceder = plan_with_groups
    placement = Placement.objects.get(plan=plan, pupil=world.pupils["six"])
    services.move_pupil(plan, world.pupils["six"], bij, world.user("teacher"), from_group=basic)
    placement.refresh_from_db()
    assert placement.instruction_group == bij and placement.version == 2
    assert history.revisions(placement).get().data["instruction_group"] == bij.pk


def test_a_proposal_on_placements_a_colleague_changed_is_refused(world, plan_with_groups):
    plan, basic, bij, _ceder = plan_with_groups
    seen = services.current_placements_token(plan)
    services.move_pupil(plan, world.pupils["six"], bij, world.user("coordinator"), from_group=basic)
    with pytest.raises(editguard.Stale):
        services.propose_grouping(plan, world.user("teacher"), seen=seen)
    assert Placement.objects.get(plan=plan, pupil=world.pupils["six"]).instruction_group == bij
    assert plan.instruction_groups.count() == 3  # no default groups were added either


def test_a_proposal_on_the_placements_seen_replaces_them(world, plan_with_groups):
    plan, basic, bij, _ceder = plan_with_groups
    services.move_pupil(plan, world.pupils["six"], bij, world.user("coordinator"), from_group=basic)
    seen = services.current_placements_token(plan)
    services.propose_grouping(plan, world.user("teacher"), seen=seen)
    placement = Placement.objects.get(plan=plan, pupil=world.pupils["six"])
    assert placement.instruction_group == basic
    assert [r.data["instruction_group"] for r in history.revisions(placement)] == [bij.pk, basic.pk]


# --- Instruction groups and goals -------------------------------------------------------------------------------------


def test_a_stale_instruction_group_is_refused(world, plan_with_groups):
    _plan, basic, _bij, _ceder = plan_with_groups
    form = bound(InstructionGroupForm, basic, {"approach": "Mijn aanpak"})
    bump(basic, approach="Aanpak van de collega")
    with pytest.raises(editguard.Stale):
        services.save_instruction_group(form, world.user("teacher"))
    assert InstructionGroup.objects.get(pk=basic.pk).approach == "Aanpak van de collega"
    assert not history.revisions(basic).exists()


def test_an_instruction_group_outside_the_plan_phase_is_refused(world):
    group = world.instruction_groups["six"]  # the plan is in observe
    form = bound(InstructionGroupForm, group, {"approach": "Te vroeg"})
    with pytest.raises(services.PlanError):
        services.save_instruction_group(form, world.user("teacher"))
    assert not history.revisions(group).exists()


def test_a_stale_goal_is_refused(world, plan_with_groups):
    goal = complete_group(world.instruction_groups["six"])
    form = bound(GoalForm, goal, {"what": "Mijn doel"})
    bump(goal, what="Doel van de collega")
    with pytest.raises(editguard.Stale):
        services.save_goal(form, world.user("teacher"))
    assert Goal.objects.get(pk=goal.pk).what == "Doel van de collega" and not history.revisions(goal).exists()


def test_a_stale_evaluation_is_refused(world):
    at_phase(world.plans["six"], Phase.EVALUATE)
    goal = complete_group(world.instruction_groups["six"])
    form = bound(GoalEvaluationForm, goal, {"evaluation": "partly", "evaluation_remark": "Mijn toelichting"})
    bump(goal, evaluation="achieved")
    with pytest.raises(editguard.Stale):
        services.evaluate_goal(form, world.user("teacher"))
    goal.refresh_from_db()
    assert (goal.evaluation, goal.evaluation_remark) == ("achieved", "") and not history.revisions(goal).exists()


def test_a_stale_individual_goal_is_refused(world):
    goal = world.individual_plans["six"].goals.create(
        what="Spelling", instrument=f.instrument("lvs-spelling"), target_score=150, date=datetime.date(2027, 1, 20)
    )
    form = bound(IndividualGoalForm, goal, {"what": "Mijn doel"}, with_evaluation=True)
    bump(goal, what="Doel van de collega")
    with pytest.raises(editguard.Stale):
        services.save_goal(form, world.user("teacher"))
    assert Goal.objects.get(pk=goal.pk).what == "Doel van de collega" and not history.revisions(goal).exists()


# --- Individual plans and meetings ------------------------------------------------------------------------------------


def test_a_stale_individual_plan_is_refused(world):
    plan = world.individual_plans["six"]
    form = bound(IndividualPlanForm, plan, {"approach": "Mijn aanpak"}, school=world.school, with_evaluation=True)
    bump(plan, approach="Aanpak van de collega")
    with pytest.raises(editguard.Stale):
        services.save_individual_plan(form, world.user("teacher"))
    assert IndividualPlan.objects.get(pk=plan.pk).approach == "Aanpak van de collega"
    assert not history.revisions(plan).exists()


def _meeting_forms(world, meeting, data):
    from groupplans.forms import ActionFormSet

    form = MeetingForm(data, instance=meeting, school=world.school, user=world.user("coordinator"))
    actions = ActionFormSet(data, instance=meeting, prefix="acties", form_kwargs={"school": world.school})
    assert form.is_valid() and actions.is_valid(), (form.errors, actions.errors)
    return form, actions


def test_a_stale_meeting_is_refused_with_its_actions(world):
    meeting = world.meetings["six"]
    rows = [{"text": "Nieuwe actie", "owner": world.user("teacher").pk, "due_date": "2026-12-10"}]
    data = meeting_data(world, rows, notes="Mijn verslag", version=meeting.version)
    form, actions = _meeting_forms(world, Meeting.objects.get(pk=meeting.pk), data)
    bump(meeting, notes="Verslag van de collega")
    with pytest.raises(editguard.Stale):
        services.save_meeting(form, actions, world.user("coordinator"))
    assert Meeting.objects.get(pk=meeting.pk).notes == "Verslag van de collega"
    assert not meeting.actions.filter(text="Nieuwe actie").exists() and not history.revisions(meeting).exists()


def test_the_first_revision_of_a_meeting_holds_its_participants_and_pupils(world):
    data = meeting_data(world, version="")
    form, actions = _meeting_forms(world, Meeting(school=world.school, created_by=world.user("coordinator")), data)
    meeting = services.save_meeting(form, actions, world.user("coordinator"))
    first = history.revisions(meeting).get()
    assert sorted(first.data["participants"]) == sorted([world.user("coordinator").pk, world.user("teacher").pk])
    assert first.data["pupils"] == [world.pupils["six"].pk]


# --- Actions: done and open are set, never toggled --------------------------------------------------------------------


def test_done_when_done_already_changes_nothing_and_says_who(world):
    action = world.actions["teacher"]
    services.mark_action_done(action, world.user("coordinator"))
    before = Action.objects.values_list("done", "done_at", "version").get(pk=action.pk)
    with pytest.raises(services.AlreadySo) as already:
        services.mark_action_done(Action.objects.get(pk=action.pk), world.user("teacher"))
    assert already.value.by == str(world.user("coordinator")) and already.value.at is not None
    assert Action.objects.values_list("done", "done_at", "version").get(pk=action.pk) == before
    assert history.revisions(action).count() == 1
    assert AuditEntry.objects.filter(event="groupplans.action_done").count() == 1


def test_open_when_open_already_changes_nothing(world):
    action = world.actions["teacher"]
    with pytest.raises(services.AlreadySo):
        services.reopen_action(action, world.user("teacher"))
    assert not history.revisions(action).exists() and not AuditEntry.objects.filter(object_id=str(action.pk)).exists()
    services.mark_action_done(action, world.user("teacher"))
    services.reopen_action(action, world.user("teacher"))
    action.refresh_from_db()
    assert not action.done and action.done_at is None and action.version == 3
    assert [r.data["done"] for r in history.revisions(action)] == [True, False]


# --- Bad input: a message, never a 500, and nothing changed -----------------------------------------------------------


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


@pytest.mark.parametrize("value", ["²", "٣", "1" * 23, "-1", "abc"])
def test_an_odd_group_on_the_start_page_is_not_offered(world, teacher, value):
    response = teacher.get(reverse("groupplans:plan_create"), {"groep": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "1" * 23])
def test_an_odd_posted_group_starts_no_plan(world, teacher, value):
    period = world.plans["six"].period
    data = {"group": value, "period": period.pk, "subject": f.subject("spelling").pk}
    response = teacher.post(reverse("groupplans:plan_create"), data)
    assert response.status_code in (200, 404)
    assert GroupPlan.objects.count() == len(world.plans)


@pytest.mark.parametrize("value", ["²", "٣", "1" * 23, "-1", ""])
@pytest.mark.parametrize("field", ["pupil", "instruction_group", "from_group"])
def test_an_odd_move_moves_nothing(world, teacher, plan_with_groups, field, value):
    plan, basic, bij, _ceder = plan_with_groups
    data = {"pupil": world.pupils["six"].pk, "from_group": basic.pk, "instruction_group": bij.pk, field: value}
    response = teacher.post(reverse("groupplans:placement_move", args=[plan.pk]), data)
    assert response.status_code == 302
    # (An empty from_group says "not placed yet", which Sam is not: nothing moves either.)
    assert Placement.objects.get(plan=plan, pupil=world.pupils["six"]).instruction_group == basic


@pytest.mark.parametrize("value", ["²", "1" * 23, "-1"])
def test_odd_ids_in_the_meeting_multi_selects_are_refused(world, login, value):
    coordinator = login(world.user("coordinator"), world.school)
    meeting = world.meetings["six"]
    for field in ("participants", "pupils"):
        data = meeting_data(world, version=meeting.version, **{field: [value]})
        response = coordinator.post(reverse("groupplans:meeting_edit", args=[meeting.pk]), data)
        assert response.status_code == 200
    assert not history.revisions(meeting).exists()


def test_a_broken_management_form_saves_no_meeting(world, login):
    coordinator = login(world.user("coordinator"), world.school)
    meeting = world.meetings["six"]
    data = {**meeting_data(world, version=meeting.version), **management_form(1, -1)}
    response = coordinator.post(reverse("groupplans:meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 200 and not history.revisions(meeting).exists()


def test_a_hundred_thousand_characters_are_a_form_error(world, teacher):
    plan = world.plans["six"]
    url = reverse("groupplans:plan_phase", args=[plan.pk, "observe"])
    response = teacher.post(url, {"observe_notes": "x" * 100_000, "version": plan.version})
    assert response.status_code == 200 and "10000" in response.content.decode().replace(".", "")
    assert GroupPlan.objects.get(pk=plan.pk).observe_notes == ""


@pytest.mark.parametrize("value", ["1" * 23, "-5", "²"])
def test_odd_numbers_in_an_instruction_group_are_form_errors(world, teacher, plan_with_groups, value):
    _plan, basic, _bij, _ceder = plan_with_groups
    data = {"name": "Basis", "kind": "basic", "times_per_week": value, "minutes": value, "version": basic.version}
    response = teacher.post(reverse("groupplans:instruction_group_edit", args=[basic.pk]), data)
    assert response.status_code == 200 and not history.revisions(basic).exists()


# --- Audit: event codes with data, read in people's words ----------------------------------------------------------


def test_every_audit_event_of_the_app_has_its_text():
    import re
    from pathlib import Path

    from groupplans.audit_events import EVENTS

    source = "\n".join(path.read_text() for path in Path("groupplans").rglob("*.py") if path.name != "audit_events.py")
    used = set(re.findall(r'"(groupplans\.[a-z_]+)"', source))
    assert used and used <= set(EVENTS), sorted(used - set(EVENTS))
    assert "detail=" not in source


def test_audit_entries_read_in_peoples_words(world):
    from core.audit import describe

    plan = at_phase(world.plans["six"], Phase.UNDERSTAND)
    plan.reflection = "Korte instructie."
    plan.save()
    services.close_phase(plan, world.user("teacher"), phase=Phase.UNDERSTAND)
    entry = AuditEntry.objects.get(event="groupplans.phase_closed")
    assert entry.data == {"phase": "understand"} and describe(entry) == "Fase begrijpen afgesloten"
