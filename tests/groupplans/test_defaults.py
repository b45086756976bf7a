"""Defaults from data: the period and group preselected on a new plan, the school's organisation per kind of
instruction group (set once by the coordinator at /groepsplannen/standaarden/), and who gives the instruction."""

import datetime

import pytest
from django.urls import reverse

from core.history import revisions
from core.models import AuditEntry
from groupplans import services
from groupplans.forms import PlanForm
from groupplans.models import InstructionDefaults, InstructionGroup, Phase
from schools import access
from tests import factories as f

from .test_services import at_phase

Kind = InstructionGroup.Kind


@pytest.fixture
def coordinator(world, login):
    return login(world.user("coordinator"), world.school)


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


# --- A new plan: period and group chosen beforehand ----------------------------------------------------------------


def test_the_period_of_today_is_chosen_beforehand(world):
    year = world.groups["six"].school_year
    first = world.plans["six"].period
    second = f.PeriodFactory(
        school_year=year,
        name="Periode 2",
        start_date=first.end_date + datetime.timedelta(days=1),
        end_date=year.end_date,
    )
    groups = access.editable_groups(world.user("teacher"), world.school)
    in_second = second.start_date + datetime.timedelta(days=3)

    assert PlanForm(groups=groups, school_year=year, today=in_second).initial["period"] == second
    assert PlanForm(groups=groups, school_year=year, today=first.start_date).initial["period"] == first
    # Between school years: nothing is chosen, the teacher chooses.
    assert (
        PlanForm(groups=groups, school_year=year, today=year.end_date + datetime.timedelta(days=9)).initial["period"]
        is None
    )


def test_her_one_group_is_chosen_beforehand_but_not_one_of_many(world):
    year = world.groups["six"].school_year
    teacher_groups = access.editable_groups(world.user("teacher"), world.school)
    assert PlanForm(groups=teacher_groups, school_year=year).initial["group"] == world.groups["six"]
    all_groups = access.editable_groups(world.user("coordinator"), world.school)
    assert all_groups.count() > 1 and "group" not in PlanForm(groups=all_groups, school_year=year).initial


def test_the_new_plan_page_shows_the_choices_made_and_saves_them(world, teacher):
    page = teacher.get(reverse("groupplans:plan_create")).content.decode()
    assert f'<option value="{world.groups["six"].pk}" selected>' in page
    period = world.plans["six"].period
    if period.start_date <= datetime.date.today() <= period.end_date:
        assert f'<option value="{period.pk}" selected>' in page


# --- Who gives it ---------------------------------------------------------------------------------------------------


def test_who_is_the_groups_teacher_or_teachers(world):
    group = world.groups["six"]
    assert services.teachers_text(group) == str(world.user("teacher"))
    second = f.UserFactory(first_name="Ria", last_name="Duo")
    group.teachers.add(second)
    assert " en " in services.teachers_text(group) and "Ria Duo" in services.teachers_text(group)
    assert services.teachers_text(world.groups["second"]) == "leerkracht"


# --- The school's organisation per kind ----------------------------------------------------------------------------


def test_a_school_without_its_own_gets_the_documented_values_stored_once(world):
    unsaved = services.school_defaults(world.school)
    assert all(row.pk is None for row in unsaved.values())
    assert (unsaved[Kind.INTENSIVE].times_per_week, unsaved[Kind.INTENSIVE].minutes) == (4, 20)

    stored = services.ensure_defaults(world.school, world.user("coordinator"))
    again = services.ensure_defaults(world.school)

    assert InstructionDefaults.objects.filter(school=world.school).count() == len(Kind.values)
    assert {row.pk for row in stored.values()} == {row.pk for row in again.values()}
    assert all(revisions(row).count() == 1 for row in stored.values())
    assert not InstructionDefaults.objects.filter(school=world.foreign_school).exists()


def test_new_instruction_groups_take_the_schools_organisation(world):
    InstructionDefaults.objects.create(
        school=world.school, kind=Kind.INTENSIVE, times_per_week=5, minutes=15, approach="Elke ochtend", where="hal"
    )
    plan = at_phase(world.plans["six"], Phase.PLAN)
    plan.instruction_groups.all().delete()

    services.propose_grouping(plan, world.user("teacher"))

    intensive = plan.instruction_groups.get(kind=Kind.INTENSIVE)
    assert (intensive.times_per_week, intensive.minutes, intensive.approach, intensive.where) == (
        5,
        15,
        "Elke ochtend",
        "hal",
    )
    assert intensive.who == str(world.user("teacher"))
    # The kinds the school had not set got the documented values, now stored for the school.
    assert plan.instruction_groups.get(kind=Kind.BASIC).minutes == 30
    assert InstructionDefaults.objects.filter(school=world.school).count() == len(Kind.values)


def test_a_new_own_instruction_group_is_filled_with_who(world, teacher):
    at_phase(world.plans["six"], Phase.PLAN)
    response = teacher.get(reverse("groupplans:instruction_group_create", args=[world.plans["six"].pk]))
    assert response.context["form"]["who"].value() == str(world.user("teacher"))


# --- The page ------------------------------------------------------------------------------------------------------


def test_the_coordinator_reads_and_changes_the_organisation(world, coordinator):
    page = coordinator.get(reverse("groupplans:defaults_list")).content.decode()
    assert "Intensieve instructie" in page and "aan de instructietafel" in page

    url = reverse("groupplans:defaults_edit", args=["intensive"])
    form = coordinator.get(url)
    assert form.status_code == 200 and "aan de instructietafel" in form.content.decode()
    response = coordinator.post(
        url,
        {"times_per_week": "5", "minutes": "25", "content": "Voorlezen", "approach": "Koorlezen", "where": "hal"},
    )

    assert response.status_code == 302
    row = InstructionDefaults.objects.get(school=world.school, kind=Kind.INTENSIVE)
    assert (row.times_per_week, row.minutes, row.where) == (5, 25, "hal")
    assert revisions(row).count() == 1
    assert AuditEntry.objects.filter(event="groupplans.instruction_defaults_saved").exists()

    # A second change goes through the edit guard: from the version she started from.
    response = coordinator.post(
        url, {"times_per_week": "3", "minutes": "25", "content": "", "approach": "", "where": "", "version": "1"}
    )
    row.refresh_from_db()
    assert response.status_code == 302 and row.times_per_week == 3 and row.version == 2
    stale = coordinator.post(
        url, {"times_per_week": "6", "minutes": "25", "content": "", "approach": "", "where": "", "version": "1"}
    )
    row.refresh_from_db()
    assert stale.status_code == 200 and row.times_per_week == 3
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()


def test_wrong_numbers_are_refused_in_dutch_and_nothing_is_saved(world, coordinator):
    url = reverse("groupplans:defaults_edit", args=["basic"])
    response = coordinator.post(url, {"times_per_week": "12", "minutes": "500", "content": "", "approach": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hoogstens 10 keer per week" in page and "Hoogstens 120 minuten per keer" in page
    assert not InstructionDefaults.objects.exists()


def test_an_unknown_kind_and_other_roles_get_404(world, coordinator, client, login):
    assert coordinator.get(reverse("groupplans:defaults_edit", args=["nonsense"])).status_code == 404
    teacher = login(world.user("teacher"), world.school)
    assert teacher.get(reverse("groupplans:defaults_list")).status_code == 404
    assert teacher.post(reverse("groupplans:defaults_edit", args=["basic"]), {"minutes": "20"}).status_code == 404
    assert not InstructionDefaults.objects.exists()


def test_the_page_runs_in_a_fixed_number_of_queries(world, coordinator, django_assert_max_num_queries):
    services.ensure_defaults(world.school)
    for index in range(40):  # other schools' rows do not add queries
        school = f.SchoolFactory(name=f"School {index}")
        services.ensure_defaults(school)
    with django_assert_max_num_queries(12):
        response = coordinator.get(reverse("groupplans:defaults_list"))
    assert response.status_code == 200
