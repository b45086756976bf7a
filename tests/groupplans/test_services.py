"""The services of the HGW cycle: grouping from levels, placements, evaluation from the next
test, and starting the next period's plan."""

import datetime
from decimal import Decimal

import pytest

from groupplans import services
from groupplans.models import Goal, GroupPlan, InstructionGroup, Phase, Placement
from tests import factories as f

Kind = InstructionGroup.Kind

# --- Helpers (also used by test_phases and test_plan_views) ---------------------------------------------------------


def at_phase(plan, phase):
    plan.phase = phase
    plan.save()
    return plan


def add_pupil(plan, **kwargs):
    pupil = f.PupilFactory(school=plan.group.school_year.school, **kwargs)
    f.EnrolmentFactory(pupil=pupil, group=plan.group)
    return pupil


def result(pupil, code, date=datetime.date(2026, 1, 20), instrument="lvs-spelling", score=150):
    return f.AssessmentFactory(
        pupil=pupil, instrument=f.instrument(instrument), date=date, level=f.level("i-v", code), score=score
    )


def complete_group(group, **goal):
    """Give an instruction group an organisation and one SMART goal."""
    group.times_per_week, group.minutes, group.who = 3, 20, "leerkracht"
    group.save()
    return group.goals.create(
        what=goal.get("what", "Werkwoordspelling"),
        instrument=f.instrument("lvs-spelling"),
        target_level=goal.get("target_level", f.level("i-v", "III")),
        target_score=goal.get("target_score"),
        date=goal.get("date", datetime.date(2026, 1, 10)),
    )


def next_period(plan, name="Periode 2"):
    start = plan.period.end_date + datetime.timedelta(days=1)
    return f.PeriodFactory(
        school_year=plan.period.school_year, name=name, start_date=start, end_date=start + datetime.timedelta(days=150)
    )


def test_grouping_follows_the_latest_level(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    weak = add_pupil(plan, first_name="Zwak")
    middle = add_pupil(plan, first_name="Midden")
    strong = add_pupil(plan, first_name="Sterk")
    none = add_pupil(plan, first_name="Nieuw")
    improved = add_pupil(plan, first_name="Gegroeid")
    result(weak, "V")
    result(middle, "III")
    result(strong, "I")
    result(improved, "V", date=datetime.date(2025, 6, 1))
    result(improved, "II", date=datetime.date(2026, 1, 20))
    result(world.pupils["six"], "IV")  # below the norm

    counts = services.propose_grouping(plan, world.user("teacher"))

    assert counts == {Kind.INTENSIVE: 2, Kind.BASIC: 2, Kind.EXTENDED: 2}
    kind_of = {p.pupil_id: p.instruction_group.kind for p in plan.placements.select_related("instruction_group")}
    assert kind_of == {
        weak.pk: Kind.INTENSIVE,
        world.pupils["six"].pk: Kind.INTENSIVE,
        middle.pk: Kind.BASIC,
        none.pk: Kind.BASIC,
        strong.pk: Kind.EXTENDED,
        improved.pk: Kind.EXTENDED,
    }
    # The existing basic group is reused; the two missing default groups are created once.
    assert sorted(plan.instruction_groups.values_list("kind", flat=True)) == sorted(
        [Kind.BASIC, Kind.INTENSIVE, Kind.EXTENDED]
    )
    assert plan.instruction_groups.get(kind=Kind.BASIC) == world.instruction_groups["six"]
    assert plan.instruction_groups.get(kind=Kind.INTENSIVE).name == "Intensieve instructie"

    # Proposing again replaces, never duplicates.
    services.propose_grouping(plan, world.user("teacher"))
    assert plan.placements.count() == 6
    assert plan.instruction_groups.count() == 3


def test_grouping_uses_only_the_plans_subject(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    result(world.pupils["six"], "V", instrument="lvs-rekenen-wiskunde")
    services.propose_grouping(plan)
    assert plan.placements.get().instruction_group.kind == Kind.BASIC


def test_moving_a_pupil_keeps_exactly_one_placement(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    pupil = world.pupils["six"]
    basic = world.instruction_groups["six"]
    other = InstructionGroup.objects.create(plan=plan, name="Verdiept", kind=Kind.EXTENDED)

    services.move_pupil(plan, pupil, other, world.user("teacher"), from_group=basic)
    services.move_pupil(plan, pupil, other, world.user("teacher"), from_group=other)

    assert list(Placement.objects.filter(plan=plan, pupil=pupil).values_list("instruction_group", flat=True)) == [
        other.pk
    ]


def test_moving_refuses_a_group_of_another_plan_and_a_pupil_of_another_group(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    basic = world.instruction_groups["six"]
    with pytest.raises(services.PlanError):
        services.move_pupil(plan, world.pupils["six"], world.instruction_groups["three"], from_group=basic)
    with pytest.raises(services.PlanError):
        services.move_pupil(plan, world.pupils["three"], basic, from_group=None)


def test_unplaced_pupils_are_found(world):
    plan = world.plans["six"]
    newcomer = add_pupil(plan, first_name="Nieuw")
    assert services.unplaced_pupils(plan) == [newcomer]


# --- Evaluation proposal ---------------------------------------------------------------------------------------------


@pytest.fixture
def goal_with_pupils(world):
    plan = world.plans["six"]
    group = world.instruction_groups["six"]
    second = add_pupil(plan, first_name="Tweede")
    group.placements.create(plan=plan, pupil=second)
    goal = complete_group(group, date=datetime.date(2026, 1, 10))
    return goal, world.pupils["six"], second


def test_no_results_after_the_date_gives_no_proposal(goal_with_pupils):
    goal, first, second = goal_with_pupils
    result(first, "I", date=datetime.date(2025, 12, 1))  # before the goal's date: does not count
    assert services.propose_evaluation(goal) == ""


def test_all_reach_the_target_level(goal_with_pupils):
    goal, first, second = goal_with_pupils
    result(first, "III", date=datetime.date(2026, 1, 20))
    result(second, "II", date=datetime.date(2026, 1, 21))
    assert services.propose_evaluation(goal) == Goal.Evaluation.ACHIEVED


def test_some_reach_the_target_level(goal_with_pupils):
    goal, first, second = goal_with_pupils
    result(first, "III", date=datetime.date(2026, 1, 20))
    result(second, "IV", date=datetime.date(2026, 1, 21))
    assert services.propose_evaluation(goal) == Goal.Evaluation.PARTLY


def test_none_reach_the_target_and_only_the_first_result_after_the_date_counts(goal_with_pupils):
    goal, first, second = goal_with_pupils
    result(first, "I", date=datetime.date(2025, 12, 1))  # earlier, high: ignored
    result(first, "V", date=datetime.date(2026, 1, 20))  # the first after the date
    result(first, "I", date=datetime.date(2026, 6, 10))  # later: ignored
    result(second, "IV", date=datetime.date(2026, 1, 21))
    assert services.propose_evaluation(goal) == Goal.Evaluation.NOT_ACHIEVED


def test_a_target_score(goal_with_pupils):
    goal, first, second = goal_with_pupils
    goal.target_level, goal.target_score = None, Decimal("150.5")
    goal.save()
    result(first, "III", date=datetime.date(2026, 1, 20), score=151)
    result(second, "III", date=datetime.date(2026, 1, 20), score=149)
    assert services.propose_evaluation(goal) == Goal.Evaluation.PARTLY


def test_results_of_another_test_do_not_count(goal_with_pupils):
    goal, first, second = goal_with_pupils
    result(first, "I", date=datetime.date(2026, 1, 20), instrument="lvs-rekenen-wiskunde")
    assert services.propose_evaluation(goal) == ""


# --- The next period -------------------------------------------------------------------------------------------------


def test_the_next_plan_is_filled_from_this_one(world):
    plan = world.plans["six"]
    group = world.instruction_groups["six"]
    group.content, group.approach, group.materials, group.where = (
        "werkwoorden",
        "model-doen",
        "kaartjes",
        "instructietafel",
    )
    complete_group(group)
    period = next_period(plan)
    at_phase(plan, Phase.EVALUATE)

    new = services.start_next_plan(plan, user=world.user("teacher"))

    assert (new.period, new.previous, new.phase, new.group, new.subject) == (
        period,
        plan,
        "observe",
        plan.group,
        plan.subject,
    )
    copied = new.instruction_groups.get()
    assert (copied.name, copied.kind, copied.content, copied.approach, copied.materials) == (
        "Basisinstructie",
        Kind.BASIC,
        "werkwoorden",
        "model-doen",
        "kaartjes",
    )
    assert (copied.times_per_week, copied.minutes, copied.who, copied.where) == (3, 20, "leerkracht", "instructietafel")
    assert list(copied.placements.values_list("pupil", flat=True)) == [world.pupils["six"].pk]
    goal = copied.goals.get()
    # The school has no spelling tests a year before: the goal is dated at the end of the new period.
    assert (goal.what, goal.instrument.code, goal.target_level.code, goal.date) == (
        "Werkwoordspelling",
        "lvs-spelling",
        "III",
        period.end_date,
    )
    from core.history import revisions

    assert revisions(new).count() == 1 and revisions(goal).count() == 1


def test_the_next_plan_is_refused_twice_and_without_a_later_period(world):
    plan = world.plans["six"]
    with pytest.raises(services.PlanError, match="als je dit plan evalueert"):
        services.start_next_plan(plan)
    at_phase(plan, Phase.DONE)
    with pytest.raises(services.PlanError, match="geen volgende periode"):
        services.start_next_plan(plan)
    next_period(plan)
    services.start_next_plan(plan)
    with pytest.raises(services.PlanError, match="al een plan"):
        services.start_next_plan(plan)
    assert GroupPlan.objects.filter(group=plan.group).count() == 2


def test_a_new_plan_links_the_plan_of_the_previous_period(world):
    plan = world.plans["six"]
    period = next_period(plan)
    assert services.previous_plan(plan.group, period, plan.subject) == plan
    assert services.previous_plan(plan.group, period, f.subject("rekenen-wiskunde")) is None
    assert services.previous_plan(plan.group, plan.period, plan.subject) is None
