"""Defects of issue 12 on the plans overview, the Acties page and the demo's plans."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groupplans.models import Goal, GroupPlan
from tests import factories as f
from tests.demo_once import demo_per_module, load_demo

OVERVIEW = reverse("groupplans:plan_overview")
ACTIONS = reverse("groupplans:action_list")


def goal(group, evaluation=""):
    return group.goals.create(
        what="x",
        instrument=f.instrument("lvs-spelling"),
        target_level=f.level("i-v", "III"),
        date=datetime.date(2027, 1, 1),
        evaluation=evaluation,
    )


# --- 4. The plans overview -------------------------------------------------------------------------------------------


def test_a_group_without_a_plan_is_shown_with_a_link_to_start_one(world, login):
    GroupPlan.objects.filter(pk=world.plans["six"].pk).delete()
    start = f"{reverse('groupplans:plan_create')}?groep={world.groups['six'].pk}"
    page = login(world.user("teacher"), world.school).get(OVERVIEW)
    html = page.content.decode()
    assert [row["group"].name for row in page.context["rows"]] == ["Groep 6"]
    assert "nog geen plan" in html and start in html
    assert "1 groep zonder plan" in html
    # The coordinator sees it among the school's groups and may start it too; management reads, starts nothing.
    coordinator = login(world.user("coordinator"), world.school).get(OVERVIEW)
    assert [row["group"].name for row in coordinator.context["rows"]] == ["Groep 3", "Groep 6"]
    assert start in coordinator.content.decode()
    management = login(world.user("management"), world.school).get(OVERVIEW).content.decode()
    assert "Groep 6" in management and "nog geen plan" in management and start not in management


def test_last_years_groups_and_other_schools_groups_are_not_rows(world, login):
    GroupPlan.objects.filter(pk=world.plans["six"].pk).delete()
    page = login(world.user("coordinator"), world.school).get(OVERVIEW)
    names = [row["group"].name for row in page.context["rows"]]
    assert "Groep 5" not in names and "Groep 4" not in names and "Groep 7/8" not in names


@pytest.mark.parametrize(
    ("evaluations", "text"),
    [
        ([], "nog geen doelen"),
        ([""], "1 doel, nog niet geëvalueerd"),
        (["", ""], "2 doelen, nog niet geëvalueerd"),
        ([Goal.Evaluation.ACHIEVED], "1 van 1 doel behaald"),
        ([Goal.Evaluation.ACHIEVED, Goal.Evaluation.NOT_ACHIEVED, Goal.Evaluation.PARTLY], "1 van 3 doelen behaald"),
        ([Goal.Evaluation.ACHIEVED, Goal.Evaluation.NOT_ACHIEVED, ""], "1 van 3 doelen behaald (2 geëvalueerd)"),
    ],
)
def test_the_goals_of_a_plan_are_counted_in_proper_dutch(world, login, evaluations, text):
    for evaluation in evaluations:
        goal(world.instruction_groups["six"], evaluation)
    html = login(world.user("teacher"), world.school).get(OVERVIEW).content.decode()
    cell = html.split('class="small goal-count">')[1].split("</div>")[0]
    assert cell.strip() == text
    assert "0 van 0" not in html and "geëvalueerd behaald" not in html


def test_groups_without_plans_cost_no_extra_queries(world, login):
    client = login(world.user("coordinator"), world.school)
    year = world.groups["six"].school_year
    f.GroupFactory(school_year=year, name="Groep 1", year_level_low=1, year_level_high=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(OVERVIEW).status_code == 200
    for level in range(1, 9):
        f.GroupFactory(school_year=year, name=f"Groep {level}b", year_level_low=level, year_level_high=level)
    with CaptureQueriesContext(connection) as many:
        response = client.get(OVERVIEW)
    assert len(response.context["rows"]) == 2 + 1 + 8
    assert len(many) == len(few), [q["sql"] for q in many]


# --- 5. Acties: the status in words, the button in its own column ----------------------------------------------------


def test_the_status_is_text_and_the_button_is_labelled_in_its_own_column(world, login):
    today = timezone.localdate()
    me, meeting = world.user("teacher"), world.meetings["six"]
    late = f.ActionFactory(meeting=meeting, owner=me, due_date=today - datetime.timedelta(days=2), text="Te laat")
    soon = f.ActionFactory(meeting=meeting, owner=me, due_date=today + datetime.timedelta(days=2), text="Straks")
    done = f.ActionFactory(meeting=meeting, owner=me, due_date=today, text="Klaar", done=True, done_at=timezone.now())
    html = login(me, world.school).get(ACTIONS).content.decode()

    def row(action):
        return html.split(f'data-action="{action.pk}"')[1].split("</tr>")[0]

    def cell(action, css):
        return row(action).split(f'class="{css}')[1].split("</td>")[0]

    assert "over tijd" in cell(late, "action-status") and "<button" not in cell(late, "action-status")
    assert "open" in cell(soon, "action-status") and "<button" not in cell(soon, "action-status")
    assert "gedaan" in cell(done, "action-status")
    assert "Markeer als gedaan" in cell(late, "action-change") and "Markeer als gedaan" in cell(soon, "action-change")
    assert "Zet weer open" in cell(done, "action-change")
    assert ">Gedaan</button>" not in html


# --- 6. The demo's plans: texts that fit the subject --------------------------------------------------------------


demo_data = demo_per_module(load_demo)


@pytest.fixture
def demo(demo_data, db):
    pass


def test_the_demo_plans_texts_fit_their_subject(demo):
    for plan in GroupPlan.objects.filter(group__name="Groep 8").select_related("subject"):
        texts = " ".join(f"{group.content} {group.approach}" for group in plan.instruction_groups.all()).lower()
        others = {"spelling": "spelling", "rekenen-wiskunde": "reken", "begrijpend-lezen": "begrijpend lezen"}
        for code, word in others.items():
            if code != plan.subject.code:
                assert word not in texts, (plan, word)
        basic = plan.instruction_groups.get(kind="basic")
        assert basic.content != "Spellingles volgens de methode." or plan.subject.code == "spelling"
        for goal in Goal.objects.filter(instruction_group__plan=plan).select_related("instruction_group"):
            assert goal.instruction_group.name not in goal.what
            assert plan.subject.name.lower() in goal.what


def test_the_demo_plans_past_observing_hold_their_group_overview(demo):
    for plan in GroupPlan.objects.filter(group__name="Groep 8"):
        assert plan.observe_snapshot["rows"], plan
        assert plan.previous.observe_snapshot == {}  # last year's: an older plan without one
