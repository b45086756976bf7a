"""The HGW cycle (reports.figures.cycle): plans present or missing per group, subject and period, their phase and
schedule, goals evaluated and achieved, group meetings and actions; for the whole school, a bovenbouw (5-8)
and a teacher's own group. Every expected number is counted by hand from the world built below."""

import datetime
import json

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from groupplans.models import Goal, Meeting, Phase
from reports.figures import cycle
from reports.scope import Scope
from schools.access import ReportReach
from tests import factories as f

START = datetime.date(2025, 8, 18)
END = datetime.date(2026, 7, 17)
# In period 2 (1 December - 27 March), 91 of its 116 days have passed: 78 %.
TODAY = datetime.date(2026, 3, 2)


def plan(group, period, code, phase):
    return f.GroupPlanFactory(group=group, period=period, subject=f.subject(code), phase=phase)


def goals(plan, *evaluations, date=datetime.date(2025, 11, 20)):
    """Goals in a new instruction group of ``plan``, one per evaluation ("" = not evaluated yet)."""
    instruction_group = f.InstructionGroupFactory(plan=plan)
    for evaluation in evaluations:
        Goal.objects.create(instruction_group=instruction_group, what="AVI E4 halen.", date=date, evaluation=evaluation)


def meeting(school, group, day, kind=Meeting.Kind.GROUP):
    return f.MeetingFactory(school=school, group=group, date=day, kind=kind)


def action(meeting, due, done=False):
    return f.ActionFactory(meeting=meeting, due_date=due, done=done)


ACHIEVED, PARTLY, NOT_ACHIEVED = Goal.Evaluation.ACHIEVED, Goal.Evaluation.PARTLY, Goal.Evaluation.NOT_ACHIEVED


def build_world(extra_groups=0):
    school = f.SchoolFactory(name="De Wilg")
    year = f.SchoolYearFactory(school=school, name="2025-2026", start_date=START, end_date=END)
    last_year = f.SchoolYearFactory(
        school=school, name="2024-2025", start_date=datetime.date(2024, 8, 19), end_date=datetime.date(2025, 7, 18)
    )
    p1 = f.PeriodFactory(school_year=year, name="Periode 1", start_date=START, end_date=datetime.date(2025, 11, 28))
    p2 = f.PeriodFactory(
        school_year=year, name="Periode 2", start_date=datetime.date(2025, 12, 1), end_date=datetime.date(2026, 3, 27)
    )
    f.PeriodFactory(school_year=year, name="Periode 3", start_date=datetime.date(2026, 3, 30), end_date=END)
    p3 = year.periods.get(name="Periode 3")
    teacher = f.UserFactory(username="juf-zes")

    g3 = f.GroupFactory(school_year=year, name="Groep 3", year_level_low=3)
    g5 = f.GroupFactory(school_year=year, name="Groep 5", year_level_low=5)
    g6 = f.GroupFactory(school_year=year, name="Groep 6", year_level_low=6)
    g78 = f.GroupFactory(school_year=year, name="Groep 7/8", year_level_low=7, year_level_high=8)
    g6.teachers.add(teacher)

    goals(plan(g3, p1, "spelling", Phase.DONE), ACHIEVED)
    plan(g3, p2, "spelling", Phase.REALISE)
    plan(g3, p2, "technisch-lezen", Phase.REALISE)  # only group 3 has a technisch-lezen plan

    goals(plan(g5, p1, "spelling", Phase.DONE), ACHIEVED, ACHIEVED, NOT_ACHIEVED)
    plan(g5, p2, "spelling", Phase.PLAN)  # behind: 78 % of the period gone, plannen ends at 50 %
    goals(plan(g5, p1, "rekenen-wiskunde", Phase.DONE), PARTLY, "")  # the open goal is past its date
    plan(g5, p2, "rekenen-wiskunde", Phase.REALISE)

    goals(plan(g6, p1, "spelling", Phase.REALISE), "")  # behind: its period is over; the goal is past its date
    goals(plan(g6, p1, "rekenen-wiskunde", Phase.DONE), ACHIEVED)
    goals(g6.plans.get(period=p1, subject__code="rekenen-wiskunde"), "", date=datetime.date(2026, 3, 20))  # not due
    plan(g6, p2, "rekenen-wiskunde", Phase.EVALUATE)
    plan(g6, p3, "rekenen-wiskunde", Phase.OBSERVE)  # written ahead: a plan, not behind

    spelling78 = plan(g78, p1, "spelling", Phase.DONE)
    goals(spelling78, ACHIEVED)
    goals(spelling78, NOT_ACHIEVED)
    plan(g78, p2, "spelling", Phase.UNDERSTAND)  # behind: begrijpen ends at 35 %

    for number in range(extra_groups):
        extra = f.GroupFactory(school_year=year, name=f"Groep 8{chr(65 + number)}", year_level_low=8)
        for period in (p1, p2):
            goals(plan(extra, period, "spelling", Phase.DONE), ACHIEVED, "")
            plan(extra, period, "rekenen-wiskunde", Phase.DONE)
        action(meeting(school, extra, datetime.date(2025, 10, 1)), datetime.date(2025, 11, 1))

    # Meetings: group 3 one, group 5 two held and one still to come, group 6 one; a pupil meeting about group 6
    # is no group meeting but its action counts; a care-team meeting is about no group.
    action(meeting(school, g3, datetime.date(2025, 10, 13)), datetime.date(2025, 12, 1))
    meeting(school, g5, datetime.date(2025, 9, 29))
    january = meeting(school, g5, datetime.date(2026, 1, 19))
    action(january, datetime.date(2026, 2, 15))
    action(january, datetime.date(2026, 3, 15))
    action(january, datetime.date(2026, 1, 20), done=True)
    meeting(school, g5, datetime.date(2026, 3, 20))
    meeting(school, g6, datetime.date(2025, 10, 6))
    action(meeting(school, g6, datetime.date(2026, 2, 9), kind=Meeting.Kind.PUPIL), TODAY)
    action(meeting(school, None, datetime.date(2026, 2, 9), kind=Meeting.Kind.CARE_TEAM), datetime.date(2026, 2, 20))

    # Last year's plans and meetings and another school's: never counted, and no subject they have is expected.
    old = f.GroupFactory(school_year=last_year, name="Groep 5", year_level_low=5)
    old_period = f.PeriodFactory(school_year=last_year, start_date=last_year.start_date)
    plan(old, old_period, "begrijpend-lezen", Phase.REALISE)
    action(meeting(school, old, datetime.date(2024, 10, 7)), datetime.date(2024, 11, 1))
    other = f.SchoolFactory(name="Het Kompas")
    other_year = f.SchoolYearFactory(school=other, name="2025-2026", start_date=START, end_date=END)
    other_group = f.GroupFactory(school_year=other_year, name="Groep 6", year_level_low=6)
    goals(plan(other_group, f.PeriodFactory(school_year=other_year), "woordenschat", Phase.PLAN), "")
    action(meeting(other, other_group, datetime.date(2025, 10, 6)), datetime.date(2025, 11, 1))
    return school, teacher, g6


def scope_of(school, low=1, high=8, group_ids=None):
    return Scope.build(school, ReportReach(low=low, high=high, group_ids=group_ids), today=TODAY)


def by_name(data):
    return {group["name"]: group for group in data["groups"]}


def grid(group):
    """subject -> the cells of its periods as short words: a phase (with '!' when behind), 'ontbreekt', '-'."""
    words = {"missing": "ontbreekt", "not_started": "-"}
    return {
        subject["name"]: [
            cell["phase"] + ("!" if cell["behind"] else "") if cell["state"] == "plan" else words[cell["state"]]
            for cell in subject["cells"]
        ]
        for subject in group["subjects"]
    }


def summary(group):
    goals = group["goals"]
    return (
        group["plans"],
        group["missing"],
        group["behind"],
        (goals["total"], goals["evaluated"], goals["achieved"], goals["overdue"]),
        (goals["evaluated_share"], goals["achieved_share"]),
        (group["meetings_held"], group["actions_open"], group["actions_overdue"]),
    )


@pytest.mark.django_db
def test_whole_school_shows_missing_plans_phases_and_schedule():
    school, _teacher, _g6 = build_world()
    data = cycle.compute(scope_of(school))

    assert data["subjects"] == ["Spelling", "Rekenen-wiskunde", "Technisch lezen"]
    assert [period["name"] for period in data["periods"]] == ["Periode 1", "Periode 2", "Periode 3"]
    assert [period["started"] for period in data["periods"]] == [True, True, False]
    groups = by_name(data)
    assert list(groups) == ["Groep 3", "Groep 5", "Groep 6", "Groep 7/8"]
    assert grid(groups["Groep 3"]) == {
        "Spelling": ["done", "realise", "-"],
        "Rekenen-wiskunde": ["ontbreekt", "ontbreekt", "-"],
        "Technisch lezen": ["ontbreekt", "realise", "-"],
    }
    assert grid(groups["Groep 5"]) == {
        "Spelling": ["done", "plan!", "-"],
        "Rekenen-wiskunde": ["done", "realise", "-"],
        "Technisch lezen": ["ontbreekt", "ontbreekt", "-"],
    }
    assert grid(groups["Groep 6"]) == {
        "Spelling": ["realise!", "ontbreekt", "-"],
        "Rekenen-wiskunde": ["done", "evaluate", "observe"],
        "Technisch lezen": ["ontbreekt", "ontbreekt", "-"],
    }
    assert grid(groups["Groep 7/8"]) == {
        "Spelling": ["done", "understand!", "-"],
        "Rekenen-wiskunde": ["ontbreekt", "ontbreekt", "-"],
        "Technisch lezen": ["ontbreekt", "ontbreekt", "-"],
    }


@pytest.mark.django_db
def test_whole_school_counts_per_group_and_in_total():
    school, _teacher, _g6 = build_world()
    data = cycle.compute(scope_of(school))

    groups = by_name(data)
    assert summary(groups["Groep 3"]) == (3, 3, 0, (1, 1, 1, 0), (100.0, 100.0), (1, 1, 1))
    assert summary(groups["Groep 5"]) == (4, 2, 1, (5, 4, 2, 1), (80.0, 50.0), (2, 2, 1))
    assert summary(groups["Groep 6"]) == (4, 3, 1, (3, 1, 1, 1), (33.3, 100.0), (1, 1, 0))
    assert summary(groups["Groep 7/8"]) == (2, 4, 1, (2, 2, 1, 0), (100.0, 50.0), (0, 0, 0))
    totals = data["totals"]
    assert (totals["plans"], totals["missing"], totals["behind"]) == (13, 12, 3)
    assert totals["goals"] == {
        "total": 11,
        "evaluated": 8,
        "achieved": 5,
        "overdue": 2,
        "evaluated_share": 72.7,
        "achieved_share": 62.5,
    }
    assert (totals["meetings_held"], totals["actions_open"], totals["actions_overdue"]) == (4, 4, 2)


@pytest.mark.django_db
def test_bovenbouw_expects_only_the_subjects_of_its_own_groups():
    school, _teacher, _g6 = build_world()
    data = cycle.compute(scope_of(school, low=5, high=8))

    assert data["subjects"] == ["Spelling", "Rekenen-wiskunde"]
    groups = by_name(data)
    assert list(groups) == ["Groep 5", "Groep 6", "Groep 7/8"]
    assert grid(groups["Groep 7/8"]) == {
        "Spelling": ["done", "understand!", "-"],
        "Rekenen-wiskunde": ["ontbreekt", "ontbreekt", "-"],
    }
    assert summary(groups["Groep 5"]) == (4, 0, 1, (5, 4, 2, 1), (80.0, 50.0), (2, 2, 1))
    assert summary(groups["Groep 6"]) == (4, 1, 1, (3, 1, 1, 1), (33.3, 100.0), (1, 1, 0))
    totals = data["totals"]
    assert (totals["plans"], totals["missing"], totals["behind"]) == (10, 3, 3)
    assert (totals["goals"]["total"], totals["goals"]["evaluated"], totals["goals"]["achieved"]) == (10, 7, 4)
    assert (totals["goals"]["evaluated_share"], totals["goals"]["achieved_share"]) == (70.0, 57.1)
    assert (totals["meetings_held"], totals["actions_open"], totals["actions_overdue"]) == (3, 3, 1)
    assert data["signals"] == [
        {"kind": "behind", "group": "Groep 5", "period": "periode 2", "subjects": ["spelling"]},
        {"kind": "behind", "group": "Groep 6", "period": "periode 1", "subjects": ["spelling"]},
        {"kind": "missing", "group": "Groep 6", "period": "periode 2", "subjects": ["spelling"]},
        {"kind": "missing", "group": "Groep 7/8", "period": "periode 1", "subjects": ["rekenen-wiskunde"]},
        {"kind": "missing", "group": "Groep 7/8", "period": "periode 2", "subjects": ["rekenen-wiskunde"]},
        {"kind": "behind", "group": "Groep 7/8", "period": "periode 2", "subjects": ["spelling"]},
    ]


@pytest.mark.django_db
def test_a_teacher_sees_her_own_group_only():
    school, _teacher, g6 = build_world()
    data = cycle.compute(scope_of(school, group_ids=(g6.pk,)))

    # Within her scope only spelling and rekenen-wiskunde have plans: technisch lezen of group 3 is not hers.
    assert data["subjects"] == ["Spelling", "Rekenen-wiskunde"]
    assert [group["name"] for group in data["groups"]] == ["Groep 6"]
    assert summary(data["groups"][0]) == (4, 1, 1, (3, 1, 1, 1), (33.3, 100.0), (1, 1, 0))
    totals = data["totals"]
    assert (totals["plans"], totals["missing"], totals["behind"]) == (4, 1, 1)
    assert data["signals"] == [
        {"kind": "behind", "group": "Groep 6", "period": "periode 1", "subjects": ["spelling"]},
        {"kind": "missing", "group": "Groep 6", "period": "periode 2", "subjects": ["spelling"]},
    ]
    assert "Groep 5" not in json.dumps(data) and "Groep 7/8" not in json.dumps(data)


@pytest.mark.django_db
def test_the_template_says_in_plain_words_what_is_missing_and_behind():
    school, _teacher, _g6 = build_world()
    data = cycle.compute(scope_of(school, low=5, high=8))
    assert json.loads(json.dumps(data)) == data
    assert cycle.charts(data) == {}

    html = render_to_string("reports/sections/cycle.html", {"data": data, "charts": {}, "scope": None})
    assert "Stand van 02-03-2026: dit schooljaar zijn er 10 groepsplannen." in html
    assert "Er ontbreken 3 groepsplannen in periodes die al begonnen zijn." in html
    assert "3 groepsplannen staan achter op schema." in html
    assert "Groep 7/8: geen plan voor rekenen-wiskunde in periode 1." in html
    assert "Groep 5: het plan voor spelling in periode 2 staat achter op schema." in html
    assert "7 van de 10 doelen in de groepsplannen zijn geëvalueerd (70,0 %)." in html
    assert "Daarvan zijn er 4 behaald (57,1 % van de geëvalueerde doelen)." in html
    assert "2 doelen zijn na de datum nog niet geëvalueerd." in html
    assert "Dit schooljaar zijn er 3 groepsbesprekingen gehouden." in html
    assert "Uit de besprekingen over deze groepen staan 3 acties nog open." in html
    assert "Daarvan is er 1 over de datum." in html
    assert html.count("ontbreekt</strong>") == 3
    # Each subject heads its columns in the grid (one column per period).
    for name in data["subjects"]:
        assert f'colspan="{len(data["periods"])}">{name}</th>' in html
    assert html.count("achter op schema</strong>") == 3
    assert "begrijpen" in html and "de periode is nog niet begonnen" in html


@pytest.mark.django_db
def test_the_whole_school_names_the_missing_subjects_of_a_group_in_one_sentence():
    school, _teacher, _g6 = build_world()
    data = cycle.compute(scope_of(school))
    assert data["signals"][:2] == [
        {
            "kind": "missing",
            "group": "Groep 3",
            "period": "periode 1",
            "subjects": ["rekenen-wiskunde", "technisch lezen"],
        },
        {"kind": "missing", "group": "Groep 3", "period": "periode 2", "subjects": ["rekenen-wiskunde"]},
    ]
    html = render_to_string("reports/sections/cycle.html", {"data": data, "charts": {}, "scope": None})
    assert "Groep 3: geen plan voor rekenen-wiskunde en technisch lezen in periode 1." in html
    assert "Groep 7/8: geen plan voor rekenen-wiskunde en technisch lezen in periode 2." in html
    assert "Groep 6: geen plan voor spelling en technisch lezen in periode 2." in html
    assert "Er ontbreken 12 groepsplannen in periodes die al begonnen zijn." in html


@pytest.mark.django_db
def test_a_year_without_plans_reads_plainly():
    school = f.SchoolFactory()
    year = f.SchoolYearFactory(school=school, name="2025-2026", start_date=START, end_date=END)
    f.GroupFactory(school_year=year, name="Groep 4", year_level_low=4)
    data = cycle.compute(scope_of(school))
    assert data["subjects"] == [] and data["totals"]["plans"] == 0 and data["signals"] == []

    html = render_to_string("reports/sections/cycle.html", {"data": data, "charts": {}, "scope": None})
    assert "Stand van 02-03-2026: dit schooljaar is er nog geen groepsplan." in html
    assert "Dit schooljaar is er nog geen groepsbespreking gehouden." in html


def count_queries(scope):
    with CaptureQueriesContext(connection) as captured:
        cycle.compute(scope)
    return len(captured)


@pytest.mark.django_db
def test_a_fixed_number_of_queries_whatever_the_number_of_groups_and_plans():
    small, _teacher, _g6 = build_world()
    big, _teacher, g6 = build_world(extra_groups=4)
    assert count_queries(scope_of(small)) == count_queries(scope_of(big)) == 5
    assert count_queries(scope_of(big, low=5, high=8)) == count_queries(scope_of(big, group_ids=(g6.pk,))) == 5
