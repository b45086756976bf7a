"""The phase rules: what each phase needs before it closes, closing, and reopening by the coordinator."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.history import revisions
from core.models import AuditAction, AuditEntry
from groupplans import services
from groupplans.models import Goal, GroupPlan, InstructionGroup, Phase

from .test_services import add_pupil, at_phase, complete_group, result


def close(client, plan, phase=None):
    """Press "Fase ... afsluiten" on the page of the phase the plan is in (or of ``phase``, an old page)."""
    seen = phase or GroupPlan.objects.get(pk=plan.pk).phase
    return client.post(reverse("groupplans:phase_close", args=[plan.pk]), {"phase": seen})


def reopen(client, plan, **data):
    current = GroupPlan.objects.get(pk=plan.pk).phase
    return client.post(reverse("groupplans:phase_reopen", args=[plan.pk]), {"current": current, **data})


def texts(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


def test_closing_observe_freezes_the_group_overview(world, teacher):
    plan = world.plans["six"]
    result(world.pupils["six"], "IV")
    response = close(teacher, plan)
    plan.refresh_from_db()
    assert response.status_code == 302
    assert plan.phase == Phase.UNDERSTAND
    assert response.url == reverse("groupplans:plan_phase", args=[plan.pk, "understand"])
    row = plan.observe_snapshot["rows"][0]
    assert row["name"] == "Sam Zes"
    assert row["cells"][0]["level"] == "IV" and row["cells"][0]["below_norm"] is True
    assert plan.observe_snapshot["summaries"][0]["below_norm"] == 1
    assert plan.updated_by == world.user("teacher")
    assert revisions(plan).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE, object_id=str(plan.pk)).exists()
    # After closing, the page shows the frozen overview, not the live one.
    result(world.pupils["six"], "I", date=datetime.date(2026, 6, 1))
    page = teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "observe"])).content.decode()
    assert "zoals vastgelegd" in page and ">IV" in page


def test_understand_needs_the_reflection(world, teacher):
    plan = at_phase(world.plans["six"], Phase.UNDERSTAND)
    response = close(teacher, plan)
    assert response.status_code == 302
    assert "Schrijf je reflectie" in texts(response)
    plan.refresh_from_db()
    assert plan.phase == Phase.UNDERSTAND
    plan.reflection = "Korte instructie, veel herhaling."
    plan.save()
    close(teacher, plan)
    plan.refresh_from_db()
    assert plan.phase == Phase.PLAN


def test_plan_needs_groups_placements_goals_and_organisation(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    group = world.instruction_groups["six"]
    newcomer = add_pupil(plan, first_name="Nieuw", surname="Kind")
    missing = " ".join(services.missing_parts(plan))
    assert "Nog niet ingedeeld: Nieuw Kind" in missing
    assert "Basisinstructie heeft nog geen doel" in missing
    assert "Vul de organisatie van Basisinstructie in" in missing

    group.placements.create(plan=plan, pupil=newcomer)
    complete_group(group)
    assert services.missing_parts(plan) == []

    # A copied goal without a date is not yet SMART.
    Goal.objects.filter(instruction_group=group).update(date=None)
    assert "heeft nog geen datum" in " ".join(services.missing_parts(plan))


def test_plan_needs_an_instruction_group(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    InstructionGroup.objects.filter(plan=plan).delete()
    assert "Maak minstens één instructiegroep." in services.missing_parts(plan)


def test_plan_closes_when_complete(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    complete_group(world.instruction_groups["six"])
    close(teacher, plan)
    plan.refresh_from_db()
    assert plan.phase == Phase.REALISE


def test_realise_needs_execution_notes_and_stores_the_proposals(world, teacher):
    plan = at_phase(world.plans["six"], Phase.REALISE)
    goal = complete_group(world.instruction_groups["six"])
    assert "aantekeningen bij de uitvoering" in texts(close(teacher, plan))
    plan.execution_notes = "Loopt goed."
    plan.save()
    result(world.pupils["six"], "II", date=datetime.date(2026, 1, 20))
    close(teacher, plan)
    plan.refresh_from_db()
    goal.refresh_from_db()
    assert plan.phase == Phase.EVALUATE
    assert goal.evaluation_proposed == Goal.Evaluation.ACHIEVED
    # Closing the phase keeps the goal's history: the proposal it stored has a revision.
    assert [r.data["evaluation_proposed"] for r in revisions(goal)] == [Goal.Evaluation.ACHIEVED]


def test_evaluate_needs_every_goal_evaluated(world, teacher):
    plan = at_phase(world.plans["six"], Phase.EVALUATE)
    goal = complete_group(world.instruction_groups["six"])
    assert "Evalueer het doel" in texts(close(teacher, plan))
    goal.evaluation = Goal.Evaluation.PARTLY
    goal.save()
    close(teacher, plan)
    plan.refresh_from_db()
    assert plan.phase == Phase.DONE


def test_the_coordinator_reopens_a_phase_and_history_is_kept(world, login):
    plan = at_phase(world.plans["six"], Phase.REALISE)
    client = login(world.user("coordinator"), world.school)
    response = reopen(client, plan)
    plan.refresh_from_db()
    assert response.status_code == 302 and plan.phase == Phase.PLAN
    reopen(client, plan, phase="observe")
    plan.refresh_from_db()
    assert plan.phase == Phase.OBSERVE
    assert [r.data["phase"] for r in revisions(plan)] == ["plan", "observe"]
    # A later phase cannot be "reopened".
    response = reopen(client, plan, phase="evaluate")
    assert response.status_code == 302 and "eerste fase" in texts(response)
    entry = AuditEntry.objects.filter(event="groupplans.phase_reopened").order_by("pk").last()
    assert entry.data == {"phase": "observe"}


def test_a_reopen_from_an_old_page_reopens_nothing(world, login):
    plan = at_phase(world.plans["six"], Phase.REALISE)
    client = login(world.user("coordinator"), world.school)
    reopen(client, plan)  # realise -> plan, from this tab
    response = client.post(reverse("groupplans:phase_reopen", args=[plan.pk]), {"current": "realise"})
    plan.refresh_from_db()
    assert plan.phase == Phase.PLAN and "staat intussen in de fase plannen" in texts(response)
    assert revisions(plan).count() == 1


def test_closing_twice_from_two_tabs_closes_one_phase(world, teacher):
    plan = at_phase(world.plans["six"], Phase.UNDERSTAND)
    plan.reflection = "Korte instructie, veel herhaling."
    plan.save()
    close(teacher, plan, Phase.UNDERSTAND)
    response = close(teacher, plan, Phase.UNDERSTAND)  # the second tab still shows understand
    plan.refresh_from_db()
    assert plan.phase == Phase.PLAN
    assert "staat intussen in de fase plannen: er is niets afgesloten" in texts(response)
    assert revisions(plan).count() == 1


@pytest.mark.parametrize("data", [{}, {"phase": "²"}, {"phase": "done"}, {"phase": "x" * 100}])
def test_a_close_without_the_phase_seen_closes_nothing(world, teacher, data):
    plan = world.plans["six"]
    response = teacher.post(reverse("groupplans:phase_close", args=[plan.pk]), data)
    plan.refresh_from_db()
    assert response.status_code == 302 and plan.phase == Phase.OBSERVE and not revisions(plan).exists()


def test_the_teacher_cannot_reopen(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    assert teacher.post(reverse("groupplans:phase_reopen", args=[plan.pk])).status_code == 404
    plan.refresh_from_db()
    assert plan.phase == Phase.PLAN


@pytest.mark.parametrize("name", ["phase_close", "grouping_propose", "placement_move", "plan_next", "phase_reopen"])
def test_management_reads_but_cannot_post(world, login, name):
    plan = world.plans["six"]
    client = login(world.user("management"), world.school)
    assert client.get(reverse("groupplans:plan_phase", args=[plan.pk, "observe"])).status_code == 200
    assert client.post(reverse(f"groupplans:{name}", args=[plan.pk])).status_code == 404
    response = client.post(reverse("groupplans:plan_phase", args=[plan.pk, "observe"]), {"observe_notes": "x"})
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.phase == Phase.OBSERVE and plan.observe_notes == ""


def test_later_phases_are_not_open_and_earlier_ones_read_only(world, teacher):
    plan = at_phase(world.plans["six"], Phase.UNDERSTAND)
    later = teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "realise"])).content.decode()
    assert "Deze fase is nog niet open" in later
    earlier = teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "observe"])).content.decode()
    assert "Deze fase is afgesloten" in earlier and "<textarea" not in earlier
    current = teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "understand"])).content.decode()
    assert 'name="reflection"' in current
    # Actions of another phase are refused with a message, not an error.
    response = teacher.post(reverse("groupplans:grouping_propose", args=[plan.pk]), {"seen": "x"})
    assert response.status_code == 302 and "alleen in de fase plannen" in texts(response)
    assert teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "done"])).status_code == 404
