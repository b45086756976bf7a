"""The plan pages: starting a plan, the phase screens, instruction groups and goals,
the conflict of two editors, and the query budget of the phase pages."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.history import revisions
from core.models import AuditAction, AuditEntry
from groupplans.models import Goal, GroupPlan, InstructionGroup, Phase
from tests import factories as f

from .test_services import add_pupil, at_phase, complete_group, next_period, result


def texts(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


# --- Starting a plan -------------------------------------------------------------------------------------------------


def test_the_teacher_starts_a_plan_for_her_group_linked_to_the_previous_period(world, teacher):
    old = world.plans["six"]
    period = next_period(old)
    page = teacher.get(reverse("groupplans:plan_create")).content.decode()
    assert "Groep 6" in page and "Groep 3" not in page and "Werkhouding" in page

    response = teacher.post(
        reverse("groupplans:plan_create"),
        {"group": world.groups["six"].pk, "period": period.pk, "subject": f.subject("spelling").pk},
    )

    plan = GroupPlan.objects.get(group=world.groups["six"], period=period)
    assert response.status_code == 302
    assert response.url == reverse("groupplans:plan_phase", args=[plan.pk, "observe"])
    assert plan.previous == old and plan.updated_by == world.user("teacher")
    assert revisions(plan).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(plan.pk)).exists()


def test_a_duplicate_plan_is_refused_in_dutch(world, teacher):
    old = world.plans["six"]
    response = teacher.post(
        reverse("groupplans:plan_create"),
        {"group": old.group.pk, "period": old.period.pk, "subject": old.subject.pk},
    )
    assert response.status_code == 200
    assert "heeft al een plan voor dit vak in deze periode" in response.content.decode()
    assert GroupPlan.objects.filter(group=old.group).count() == 1


def test_a_group_out_of_scope_is_a_404(world, teacher, login):
    period = world.plans["six"].period
    for group in (world.groups["foreign"], world.groups["three"]):
        response = teacher.post(
            reverse("groupplans:plan_create"),
            {"group": group.pk, "period": period.pk, "subject": f.subject("spelling").pk},
        )
        assert response.status_code == 404
    coordinator = login(world.user("coordinator"), world.school)
    response = coordinator.post(
        reverse("groupplans:plan_create"),
        {"group": world.groups["foreign"].pk, "period": period.pk, "subject": f.subject("spelling").pk},
    )
    assert response.status_code == 404


def test_an_empty_create_shows_dutch_errors(world, teacher):
    response = teacher.post(reverse("groupplans:plan_create"), {})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()


# --- Reading and the phase screens -----------------------------------------------------------------------------------


def test_every_reader_reads_the_whole_plan(world, login):
    plan = world.plans["three"]
    complete_group(world.instruction_groups["three"])
    for role in ("coordinator", "management", "remedial"):
        client = login(world.user(role), world.school)
        page = client.get(reverse("groupplans:plan_detail", args=[plan.pk])).content.decode()
        assert "Basisinstructie" in page and "Werkwoordspelling" in page and "Dirk van Drie" in page


def test_the_phase_text_is_saved_with_history(world, teacher):
    plan = world.plans["six"]
    url = reverse("groupplans:plan_phase", args=[plan.pk, "observe"])
    response = teacher.post(url, {"observe_notes": "Veel leerlingen op IV.", "version": plan.version})
    plan.refresh_from_db()
    assert response.status_code == 302
    assert plan.observe_notes == "Veel leerlingen op IV." and plan.version == 2
    assert revisions(plan).count() == 1


def test_a_stale_version_is_refused_and_nothing_is_lost(world, teacher, login):
    plan = world.plans["six"]
    url = reverse("groupplans:plan_phase", args=[plan.pk, "observe"])
    coordinator = login(world.user("coordinator"), world.school)
    coordinator.post(url, {"observe_notes": "Tekst van de intern begeleider.", "version": 1})

    teacher.force_login(world.user("teacher"))
    response = teacher.post(url, {"observe_notes": "Tekst van de juf.", "version": 1})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert "Tekst van de intern begeleider." in page  # what is stored now
    assert "Tekst van de juf." in page  # what she typed, still in the form
    assert 'name="version" value="2"' in page
    plan.refresh_from_db()
    assert plan.observe_notes == "Tekst van de intern begeleider."
    # Saving again, deliberately, replaces it.
    teacher.post(url, {"observe_notes": "Tekst van de juf.", "version": 2})
    plan.refresh_from_db()
    assert plan.observe_notes == "Tekst van de juf."


def test_the_plan_screen_flags_unplaced_pupils_and_moves_pupils(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    newcomer = add_pupil(plan, first_name="Nieuw", surname="Kind")
    page = teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "plan"])).content.decode()
    assert "1 leerling is nog niet ingedeeld" in page and "Nieuw Kind" in page

    target = world.instruction_groups["six"]
    response = teacher.post(
        reverse("groupplans:placement_move", args=[plan.pk]), {"pupil": newcomer.pk, "instruction_group": target.pk}
    )
    assert response.status_code == 302
    assert target.placements.filter(pupil=newcomer).count() == 1
    page = teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "plan"])).content.decode()
    assert "nog niet ingedeeld" not in page


@pytest.mark.parametrize(
    "data",
    [{}, {"pupil": "x", "instruction_group": "y"}, {"pupil": "0", "instruction_group": "0"}],
)
def test_a_bad_move_answers_with_a_message(world, teacher, data):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    response = teacher.post(reverse("groupplans:placement_move", args=[plan.pk]), data)
    assert response.status_code == 302
    assert "Kies een leerling van deze groep" in texts(response)


def test_a_pupil_of_another_group_cannot_be_moved_in(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    response = teacher.post(
        reverse("groupplans:placement_move", args=[plan.pk]),
        {"pupil": world.pupils["three"].pk, "instruction_group": world.instruction_groups["six"].pk},
    )
    assert response.status_code == 302
    assert not plan.placements.filter(pupil=world.pupils["three"]).exists()


def test_proposing_the_grouping_from_the_screen(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    result(world.pupils["six"], "V")
    page = teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "plan"])).content.decode()
    seen = re.search(r'name="seen" value="(\w+)"', page).group(1)
    response = teacher.post(reverse("groupplans:grouping_propose", args=[plan.pk]), {"seen": seen})
    assert response.status_code == 302 and "1 intensief" in texts(response)
    assert plan.placements.get().instruction_group.kind == InstructionGroup.Kind.INTENSIVE
    entry = AuditEntry.objects.get(event="groupplans.grouping_proposed")
    assert entry.data == {"intensive": 1, "basic": 0, "extended": 0}


# --- Instruction groups and goals ------------------------------------------------------------------------------------


def test_forty_lessons_a_week_is_refused(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    response = teacher.post(
        reverse("groupplans:instruction_group_create", args=[plan.pk]),
        {"name": "Extra", "kind": "intensive", "times_per_week": 40, "minutes": 20, "who": "juf"},
    )
    assert response.status_code == 200
    assert "Hoogstens 10 keer per week" in response.content.decode()
    assert plan.instruction_groups.count() == 1


def test_an_instruction_group_is_saved(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    response = teacher.post(
        reverse("groupplans:instruction_group_create", args=[plan.pk]),
        {"name": "Extra", "kind": "intensive", "times_per_week": 4, "minutes": 20, "who": "juf"},
    )
    assert response.status_code == 302
    group = plan.instruction_groups.get(name="Extra")
    assert group.has_organisation and revisions(group).count() == 1


def test_a_goal_without_measure_or_date_is_refused(world, teacher):
    group = world.instruction_groups["six"]
    at_phase(group.plan, Phase.PLAN)
    response = teacher.post(reverse("groupplans:goal_create", args=[group.pk]), {"what": "Beter spellen"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Een SMART-doel heeft een meetinstrument" in page
    assert "Een SMART-doel heeft een datum" in page
    response = teacher.post(
        reverse("groupplans:goal_create", args=[group.pk]),
        {"what": "Beter spellen", "instrument": f.instrument("lvs-spelling").pk, "date": "2027-01-20"},
    )
    assert "Geef een streefniveau of een streefscore op" in response.content.decode()
    assert not group.goals.exists()


def test_a_goal_with_a_decimal_comma_score_is_saved(world, teacher):
    group = world.instruction_groups["six"]
    at_phase(group.plan, Phase.PLAN)
    response = teacher.post(
        reverse("groupplans:goal_create", args=[group.pk]),
        {
            "what": "Beter spellen",
            "instrument": f.instrument("lvs-spelling").pk,
            "target_score": "152,5",
            "date": "2027-01-20",
        },
    )
    assert response.status_code == 302
    assert str(group.goals.get().target_score) == "152.5"


def test_goals_change_only_in_the_plan_phase(world, teacher):
    group = world.instruction_groups["six"]  # the plan is in observe
    response = teacher.post(
        reverse("groupplans:goal_create", args=[group.pk]),
        {"what": "x", "instrument": f.instrument("lvs-spelling").pk, "target_score": "150", "date": "2027-01-20"},
    )
    assert response.status_code == 302 and "alleen in de fase plannen" in texts(response)
    assert not group.goals.exists()


def test_the_evaluation_proposal_is_confirmed_with_a_remark(world, teacher):
    plan = at_phase(world.plans["six"], Phase.EVALUATE)
    goal = complete_group(world.instruction_groups["six"], date=datetime.date(2026, 1, 10))
    result(world.pupils["six"], "II", date=datetime.date(2026, 1, 20))
    page = teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "evaluate"])).content.decode()
    assert "Volgende periode starten" in page and 'value="achieved" selected' in page

    response = teacher.post(
        reverse("groupplans:goal_evaluate", args=[goal.pk]),
        {"evaluation": "partly", "evaluation_remark": "Eén leerling haalde het net.", "version": goal.version},
    )
    goal.refresh_from_db()
    assert response.status_code == 302
    assert (goal.evaluation, goal.evaluation_proposed) == (Goal.Evaluation.PARTLY, Goal.Evaluation.ACHIEVED)


def test_the_next_period_is_started_from_the_evaluate_screen(world, teacher):
    plan = at_phase(world.plans["six"], Phase.EVALUATE)
    complete_group(world.instruction_groups["six"])
    period = next_period(plan)
    response = teacher.post(reverse("groupplans:plan_next", args=[plan.pk]))
    new = GroupPlan.objects.get(period=period)
    assert response.status_code == 302 and new.previous == plan
    response = teacher.post(reverse("groupplans:plan_next", args=[plan.pk]))
    assert response.status_code == 302 and "Er is al een plan" in texts(response)


# --- Query budget ----------------------------------------------------------------------------------------------------


def fill(plan, count):
    group = plan.instruction_groups.first()
    goal = complete_group(group)
    for index in range(count):
        pupil = add_pupil(plan, first_name=f"Kind{index}")
        result(pupil, ["I", "II", "III", "IV", "V"][index % 5], date=datetime.date(2025, 6, 1))
        result(pupil, "III", date=datetime.date(2026, 1, 20))
        f.NeedFactory(pupil=pupil)
        f.FactorFactory(pupil=pupil)
        if index % 2:
            group.placements.create(plan=plan, pupil=pupil)
    return goal


def phase_queries(client, plan, phase):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("groupplans:plan_phase", args=[plan.pk, phase]))
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("phase", ["observe", "understand", "plan", "realise", "evaluate"])
def test_phase_pages_cost_the_same_with_30_or_60_pupils(world, login, phase):
    small, large = world.plans["six"], world.plans["three"]
    client = login(world.user("coordinator"), world.school)
    counts = []
    for plan, count in ((small, 30), (large, 60)):
        fill(plan, count)
        at_phase(plan, phase)
        counts.append(phase_queries(client, plan, phase))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 30, counts
