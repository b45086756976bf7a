"""The week schedule derived from the instruction groups' organisation, and the behind-schedule rule."""

import datetime
from types import SimpleNamespace

import pytest

from groupplans.models import Phase
from groupplans.progress import PHASE_DEADLINES, current_plans, elapsed_share, is_behind, progress
from groupplans.schedule import spread, week_schedule
from tests import factories as f


@pytest.mark.parametrize(
    ("times", "days"),
    [
        (1, [2]),
        (2, [1, 3]),  # di, do
        (3, [0, 2, 4]),
        (4, [0, 1, 3, 4]),  # ma, di, do, vr
        (5, [0, 1, 2, 3, 4]),
        (7, [0, 1, 1, 2, 3, 3, 4]),  # every day, and di, do twice
        (10, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]),
    ],
)
def test_sessions_are_spread_evenly_over_the_week(times, days):
    assert spread(times) == days


@pytest.mark.parametrize("times", [0, None])
def test_no_times_per_week_means_no_days(times):
    assert spread(times) == []


def test_week_schedule_of_a_plan(world):
    plan = world.plans["six"]
    basic = world.instruction_groups["six"]
    basic.times_per_week, basic.minutes, basic.who, basic.where = 4, 30, "leerkracht", "klas"
    basic.save()
    f.InstructionGroupFactory(plan=plan, name="Verlengde instructie", order=1, times_per_week=5, minutes=15, who="rt")
    f.InstructionGroupFactory(plan=plan, name="Verdiept aanbod", order=2, times_per_week=None)
    f.InstructionGroupFactory(plan=plan, name="Leesgroep", order=3, times_per_week=2)  # minutes and who missing

    schedule = week_schedule(plan)

    assert len(schedule) == 5
    assert [day.short for day in schedule] == ["ma", "di", "wo", "do", "vr"]
    days_of = {
        name: [day.short for day in schedule if any(s.name == name for s in day.sessions)]
        for name in ("Basisinstructie", "Verlengde instructie", "Leesgroep")
    }
    assert days_of["Basisinstructie"] == ["ma", "di", "do", "vr"]  # 4 different days
    assert days_of["Verlengde instructie"] == ["ma", "di", "wo", "do", "vr"]  # every day
    assert days_of["Leesgroep"] == ["di", "do"]
    monday = schedule[0]
    assert [(s.name, s.minutes, s.who, s.where) for s in monday.sessions] == [
        ("Basisinstructie", 30, "leerkracht", "klas"),
        ("Verlengde instructie", 15, "rt", ""),
    ]
    assert monday.minutes == 45
    assert [g.name for g in schedule.unplanned] == ["Verdiept aanbod"]
    assert [s.incomplete for s in schedule[1].sessions] == [False, False, True]
    assert week_schedule(plan) == schedule  # deterministic


def test_a_plan_without_organisation_is_all_unplanned(world):
    schedule = week_schedule(world.plans["three"])
    assert schedule.is_empty
    assert [g.name for g in schedule.unplanned] == ["Basisinstructie"]


# --- The behind-schedule rule (groupplans.progress) ---------------------------------------------------------------

START = datetime.date(2026, 1, 1)
PERIOD = SimpleNamespace(start_date=START, end_date=START + datetime.timedelta(days=100))


def plan_in(phase, period=PERIOD, **kwargs):
    return SimpleNamespace(phase=phase, period=period, **kwargs)


def day(share_percent):
    return START + datetime.timedelta(days=share_percent)


def test_elapsed_share():
    assert elapsed_share(PERIOD, START - datetime.timedelta(days=5)) == 0
    assert elapsed_share(PERIOD, day(35)) == 0.35
    assert elapsed_share(PERIOD, day(100)) == 1
    assert elapsed_share(PERIOD, day(110)) == 1.1


def test_the_deadlines_per_phase():
    assert PHASE_DEADLINES == {
        Phase.OBSERVE: 0.20,
        Phase.UNDERSTAND: 0.35,
        Phase.PLAN: 0.50,
        Phase.REALISE: 0.90,
        Phase.EVALUATE: 1.00,
    }


@pytest.mark.parametrize(
    ("phase", "on_time_until"),
    [(Phase.OBSERVE, 20), (Phase.UNDERSTAND, 35), (Phase.PLAN, 50), (Phase.REALISE, 90), (Phase.EVALUATE, 100)],
)
def test_a_plan_is_behind_once_more_of_the_period_passed_than_its_phase_allows(phase, on_time_until):
    assert not is_behind(plan_in(phase), day(0))
    assert not is_behind(plan_in(phase), day(on_time_until))
    assert is_behind(plan_in(phase), day(on_time_until + 1))


def test_a_finished_plan_is_never_behind():
    assert not is_behind(plan_in(Phase.DONE), day(500))
    assert progress(plan_in(Phase.DONE), day(50)).deadline_percent is None


def test_progress_percentages_for_the_page():
    state = progress(plan_in(Phase.PLAN), day(60))
    assert (state.percent, state.deadline_percent, state.behind) == (60, 50, True)
    assert progress(plan_in(Phase.EVALUATE), day(130)).percent == 100


def test_current_plan_per_group_and_subject_is_the_latest_started_period():
    first = SimpleNamespace(start_date=START, end_date=day(100))
    second = SimpleNamespace(start_date=day(101), end_date=day(200))
    plans = [
        plan_in(Phase.DONE, first, pk=1, group_id=1, subject_id=1),
        plan_in(Phase.OBSERVE, second, pk=2, group_id=1, subject_id=1),
        plan_in(Phase.REALISE, first, pk=3, group_id=1, subject_id=2),
    ]
    assert [p.pk for p in current_plans(plans, day(50))] == [1, 3]  # period 2 has not started
    assert [p.pk for p in current_plans(plans, day(150))] == [2, 3]
    assert [p.pk for p in current_plans(plans, START - datetime.timedelta(days=1))] == [1, 3]
