"""The overview of current group plans (/groepsplannen/)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groupplans.models import Goal, Phase
from tests import factories as f

URL = reverse("groupplans:plan_overview")


def overview(login, world, role, query=""):
    return login(world.user(role), world.school).get(URL + query)


def make_behind(plan):
    """Move the plan's period so that 60 % of it has passed while the plan is still in 'plannen'."""
    today = timezone.localdate()
    plan.period.start_date = today - datetime.timedelta(days=60)
    plan.period.end_date = today + datetime.timedelta(days=40)
    plan.period.save()
    plan.phase = Phase.PLAN
    plan.save()


def test_the_coordinator_sees_every_current_plan_of_the_school(world, login):
    plan = world.plans["six"]
    plan.updated_by = world.user("teacher")
    plan.save()
    goals = world.instruction_groups["six"].goals
    for evaluation in (Goal.Evaluation.ACHIEVED, Goal.Evaluation.NOT_ACHIEVED, ""):
        goals.create(
            what="x",
            instrument=f.instrument("lvs-spelling"),
            target_level=f.level("i-v", "III"),
            date=datetime.date(2027, 1, 1),
            evaluation=evaluation,
        )
    response = overview(login, world, "coordinator")
    assert response.status_code == 200
    html = response.content.decode()
    assert [row["group"].name for row in response.context["rows"]] == ["Groep 3", "Groep 6"]
    assert [s.code for s in response.context["subjects"]] == ["spelling"]
    assert reverse("groupplans:plan_detail", args=[plan.pk]) in html
    assert reverse("groupplans:plan_create") in html
    assert reverse("groupplans:plans_pdf") in html
    assert f"{reverse('groupplans:plans_pdf')}?groep={world.groups['six'].pk}" in html
    assert "1 van 3 doelen behaald (2 geëvalueerd)" in html
    assert f"door {world.user('teacher')}" in html
    assert "Groep 4" not in html  # the foreign school
    assert "Wanneer staat een plan achter op schema?" in html


def test_behind_schedule_is_highlighted_and_can_be_filtered(world, login):
    make_behind(world.plans["three"])
    world.plans["six"].phase = Phase.DONE  # never behind
    world.plans["six"].save()
    response = overview(login, world, "coordinator")
    assert response.context["behind_count"] == 1
    assert "achter op schema" in response.content.decode()
    assert "60% van de periode is voorbij; deze fase had bij 50% af moeten zijn" in response.content.decode()
    filtered = overview(login, world, "coordinator", "?achterstand=1")
    assert [row["group"].name for row in filtered.context["rows"]] == ["Groep 3"]


@pytest.mark.parametrize(
    ("role", "groups", "can_create"),
    [
        ("teacher", ["Groep 6"], True),
        ("management", ["Groep 3", "Groep 6"], False),
        ("bouw", ["Groep 6"], False),
        ("remedial", ["Groep 3"], False),
    ],
)
def test_other_readers_see_what_access_gives_them(world, login, role, groups, can_create):
    response = overview(login, world, role)
    assert response.status_code == 200
    assert [row["group"].name for row in response.context["rows"]] == groups
    assert (reverse("groupplans:plan_create") in response.content.decode()) is can_create


def test_last_years_plans_are_not_current(world, login):
    f.GroupPlanFactory(group=world.groups["last_year_five"])
    response = overview(login, world, "coordinator")
    assert "Groep 5" not in response.content.decode()


def test_admin_gets_a_404(world, login):
    assert overview(login, world, "admin").status_code == 404


def add_plans(world, count):
    subjects = ["spelling", "rekenen-wiskunde", "begrijpend-lezen", "technisch-lezen"]
    period = world.plans["six"].period
    for i in range(count // len(subjects)):
        group = f.GroupFactory(school_year=world.groups["six"].school_year, year_level_low=1 + i % 8)
        for code in subjects:
            plan = f.GroupPlanFactory(
                group=group, period=period, subject=f.subject(code), updated_by=world.user("teacher")
            )
            ig = f.InstructionGroupFactory(plan=plan)
            ig.goals.create(
                what="x",
                instrument=f.instrument("lvs-spelling"),
                target_level=f.level("i-v", "III"),
                date=datetime.date(2027, 1, 1),
                evaluation=Goal.Evaluation.ACHIEVED,
            )


def test_a_fixed_number_of_queries_whatever_the_number_of_plans(world, login):
    client = login(world.user("coordinator"), world.school)
    add_plans(world, 4)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    add_plans(world, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.context["plan_count"] == 2 + 16
    assert len(many) == len(few), [q["sql"] for q in many]
    assert len(few) <= 10
