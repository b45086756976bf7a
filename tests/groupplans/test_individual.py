"""Individual action plans (handelingsplannen): the care-level rule, saving with history
and audit, SMART goals (measure, date, decimal comma), concurrent edits and the
plan in the pupil's dossier timeline."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core import history
from core.models import AuditAction, AuditEntry, Revision
from groupplans import timeline_providers
from groupplans.models import Goal, IndividualPlan
from pupils import timeline
from pupils.services import set_care_level
from schools import access
from tests import factories as f


def url(name, obj):
    return reverse(f"groupplans:{name}", args=[obj.pk])


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def pupil(world):
    return world.pupils["six"]


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


@pytest.fixture
def period(world):
    return world.plans["six"].period


def plan_data(period, **changes):
    return {
        "period": period.pk,
        "subject": f.subject("spelling").pk,
        "approach": "Vier keer per week tien minuten verlengde instructie werkwoordspelling.",
        "who": "juf Zes",
        **changes,
    }


# --- The care-level rule --------------------------------------------------------------------------------------------


def test_the_form_shows_the_rule_for_a_pupil_below_level_3(world, teacher, pupil, period):
    page = text(teacher.get(url("individual_plan_create", pupil)))
    assert 'id="zorgniveau-regel"' in page
    assert "zorgniveau 3 of hoger" in page
    assert f'<option value="{period.pk}"' in page


def test_a_plan_below_level_3_is_refused_in_dutch_and_nothing_is_saved(world, teacher, pupil, period):
    before = IndividualPlan.objects.count(), Revision.objects.count(), AuditEntry.objects.count()
    page = text(teacher.post(url("individual_plan_create", pupil), plan_data(period)))
    assert "Een handelingsplan is voor leerlingen met zorgniveau 3 of hoger." in page
    assert (IndividualPlan.objects.count(), Revision.objects.count(), AuditEntry.objects.count()) == before


def test_a_plan_at_level_3_is_saved_with_history_and_audit(world, teacher, pupil, period):
    set_care_level(pupil, 3, "Uit de leerlingbespreking", world.user("coordinator"))
    response = teacher.post(url("individual_plan_create", pupil), plan_data(period, subject=""))
    plan = IndividualPlan.objects.exclude(pk=world.individual_plans["six"].pk).get(pupil=pupil)
    assert response.status_code == 302 and response.url == url("individual_plan_detail", plan)
    assert plan.created_by == world.user("teacher") and plan.subject is None and plan.version == 1
    [(revision, _changes)] = history.changes(plan)
    assert revision.action == AuditAction.CREATE and revision.user == world.user("teacher")
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_id=str(plan.pk), school_id=world.school.pk
    ).exists()


def test_only_periods_of_the_school_can_be_chosen(world, teacher, pupil):
    set_care_level(pupil, 3, "reden", world.user("coordinator"))
    foreign_period = world.plans["foreign"].period
    page = text(teacher.post(url("individual_plan_create", pupil), plan_data(foreign_period)))
    period_select = page[page.index('name="period"') :].split("</select>")[0]
    assert "is-invalid" in period_select and f'value="{foreign_period.pk}"' not in period_select
    assert IndividualPlan.objects.filter(pupil=pupil).count() == 1  # the world's own


def test_detail_shows_the_plan_its_goals_and_the_pdf_link(world, teacher, pupil):
    plan = world.individual_plans["six"]
    plan.goals.create(
        what="Werkwoorden goed schrijven",
        instrument=f.instrument("lvs-spelling"),
        target_level=f.level("i-v", "III"),
        date=datetime.date(2027, 1, 20),
    )
    page = text(teacher.get(url("individual_plan_detail", plan)))
    assert plan.approach in page and "Werkwoorden goed schrijven" in page
    assert "III" in page and "20-01-2027" in page
    assert url("individual_plan_pdf", plan) in page
    assert url("individual_plan_edit", plan) in page and url("individual_goal_create", plan) in page
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(plan.pk)).exists()


def test_management_reads_the_plan_without_edit_links(world, login):
    plan = world.individual_plans["six"]
    page = text(login(world.user("management"), world.school).get(url("individual_plan_detail", plan)))
    assert plan.approach in page
    assert url("individual_plan_edit", plan) not in page and url("individual_goal_create", plan) not in page


# --- Goals ----------------------------------------------------------------------------------------------------------


def test_a_goal_without_measure_or_date_is_refused_in_dutch(world, teacher):
    plan = world.individual_plans["six"]
    page = text(teacher.post(url("individual_goal_create", plan), {"what": "Beter spellen", "target_score": "150"}))
    assert "Een SMART-doel heeft een meetinstrument" in page
    assert "Een SMART-doel heeft een datum" in page
    assert not Goal.objects.filter(individual_plan=plan).exists()


def test_a_goal_needs_a_target(world, teacher):
    plan = world.individual_plans["six"]
    data = {"what": "Beter spellen", "instrument": f.instrument("lvs-spelling").pk, "date": "2027-01-20"}
    page = text(teacher.post(url("individual_goal_create", plan), data))
    assert "Geef een streefniveau of een streefscore op." in page
    assert not Goal.objects.filter(individual_plan=plan).exists()


def test_a_goal_with_a_decimal_comma_is_saved_with_history(world, teacher):
    plan = world.individual_plans["six"]
    data = {
        "what": "Werkwoordspelling",
        "instrument": f.instrument("lvs-spelling").pk,
        "target_score": "152,5",
        "date": "2027-01-20",
    }
    response = teacher.post(url("individual_goal_create", plan), data)
    assert response.status_code == 302 and response.url == url("individual_plan_detail", plan)
    goal = Goal.objects.get(individual_plan=plan)
    assert goal.target_score == Decimal("152.5") and goal.instruction_group is None
    assert history.revisions(goal).count() == 1
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_id=str(goal.pk), school_id=world.school.pk
    ).exists()


def test_the_goal_form_labels_levels_with_their_scale(world, teacher):
    page = text(teacher.get(url("individual_goal_create", world.individual_plans["six"])))
    assert re.search(r">[^<]+: III</option>", page)


def test_editing_a_goal_records_the_evaluation(world, teacher):
    plan = world.individual_plans["six"]
    goal = plan.goals.create(
        what="Spelling", instrument=f.instrument("lvs-spelling"), target_score=150, date=datetime.date(2027, 1, 20)
    )
    page = text(teacher.get(url("individual_goal_edit", goal)))
    assert 'name="evaluation"' in page and 'name="evaluation_remark"' in page
    data = {
        "what": "Spelling",
        "instrument": goal.instrument_id,
        "target_score": "150",
        "date": "2027-01-20",
        "evaluation": Goal.Evaluation.PARTLY,
        "evaluation_remark": "Score 148, bijna.",
        "version": goal.version,
    }
    assert teacher.post(url("individual_goal_edit", goal), data).status_code == 302
    goal.refresh_from_db()
    assert goal.evaluation == Goal.Evaluation.PARTLY and goal.evaluation_remark == "Score 148, bijna."
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE, object_id=str(goal.pk)).exists()


def test_a_goal_of_a_group_plan_is_not_reached_here(world, teacher):
    group_goal = world.instruction_groups["six"].goals.create(
        what="Groepsdoel", instrument=f.instrument("lvs-spelling"), target_score=150, date=datetime.date(2027, 1, 20)
    )
    assert teacher.get(url("individual_goal_edit", group_goal)).status_code == 404


# --- Concurrent edits -----------------------------------------------------------------------------------------------


def test_a_save_on_an_old_version_is_refused_and_nothing_is_lost(world, login, pupil, period):
    set_care_level(pupil, 3, "reden", world.user("coordinator"))
    plan = world.individual_plans["six"]
    teacher = login(world.user("teacher"), world.school)
    assert 'name="version" value="1"' in text(teacher.get(url("individual_plan_edit", plan)))
    first = plan_data(period, version=1, evaluation="EERSTE evaluatie")
    assert teacher.post(url("individual_plan_edit", plan), first).status_code == 302
    plan.refresh_from_db()
    assert plan.evaluation == "EERSTE evaluatie" and plan.version == 2

    stale = plan_data(period, version=1, evaluation="TWEEDE evaluatie van een collega")
    page = text(teacher.post(url("individual_plan_edit", plan), stale))
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert "TWEEDE evaluatie van een collega" in page  # what the user typed is still there
    conflict = page[page.index('id="conflict"') :].split("</div>")[0]
    assert "EERSTE evaluatie" in conflict  # next to what is stored now
    assert 'name="version" value="2"' in page
    plan.refresh_from_db()
    assert plan.evaluation == "EERSTE evaluatie" and plan.version == 2

    again = teacher.post(url("individual_plan_edit", plan), {**stale, "version": 2})
    assert again.status_code == 302
    plan.refresh_from_db()
    assert plan.evaluation == "TWEEDE evaluatie van een collega" and plan.version == 3
    assert history.revisions(plan).count() == 2


# --- Timeline -------------------------------------------------------------------------------------------------------


def test_the_provider_is_registered():
    assert timeline_providers.individual_plans in timeline._providers


def test_the_dossier_timeline_shows_the_plan_to_a_reader(world, login, pupil):
    plan = world.individual_plans["six"]
    page = text(login(world.user("teacher"), world.school).get(reverse("pupils:dossier", args=[pupil.pk])))
    assert "handelingsplan" in page
    assert f'href="{url("individual_plan_detail", plan)}"' in page


@pytest.mark.parametrize("role", ["other_teacher", "remedial", "admin", "outsider"])
def test_no_plan_for_someone_out_of_scope(world, login, pupil, role):
    user = world.user(role)
    assert login(user, world.school).get(reverse("pupils:dossier", args=[pupil.pk])).status_code == 404
    assert list(timeline_providers.individual_plans(pupil, user, world.school)) == []


def test_the_provider_runs_one_query_whatever_the_number_of_plans(world, pupil, period, django_assert_num_queries):
    user = world.user("coordinator")
    access.remember_memberships(user, list(access.memberships(user)))  # as the middleware does
    with django_assert_num_queries(1):
        assert len(list(timeline_providers.individual_plans(pupil, user, world.school))) == 1
    for _n in range(5):
        f.IndividualPlanFactory(pupil=pupil, period=period, created_by=world.user("teacher"))
    with django_assert_num_queries(1):
        items = list(timeline_providers.individual_plans(pupil, user, world.school))
    assert len(items) == 6 and {item.kind for item in items} == {"handelingsplan"}
