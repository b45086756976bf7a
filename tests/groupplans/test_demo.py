import pytest

from groupplans.models import Action, Goal, GroupPlan, Phase
from pupils.models import RemedialAssignment
from tests.demo_once import demo_per_module, load_demo

demo_data = demo_per_module(load_demo)


@pytest.fixture
def demo(demo_data, db):
    pass


def test_group_8_plans_follow_the_seed(demo):
    plans = GroupPlan.objects.filter(group__name="Groep 8")
    assert sorted(p.subject.code for p in plans) == ["begrijpend-lezen", "rekenen-wiskunde", "spelling"]
    for plan in plans:
        assert plan.placements.count() == 30  # every pupil sits in exactly one instruction group
        assert plan.previous is not None and plan.previous.phase == Phase.DONE
    names = set(plans.values_list("instruction_groups__name", flat=True))
    assert {"Verlengde instructie werkwoordspelling", "Verlengde instructie procenten en breuken"} <= names
    reading = plans.get(subject__code="begrijpend-lezen")
    rt_group = reading.instruction_groups.get(name="RT-groep begrijpend lezen")
    assert (rt_group.times_per_week, rt_group.placements.count()) == (1, 13)
    assert set(rt_group.placements.values_list("pupil", flat=True)) == set(
        RemedialAssignment.objects.values_list("pupil", flat=True)
    )


def test_last_periods_plans_are_evaluated_and_others_stand_in_other_phases(demo):
    evaluated = Goal.objects.filter(instruction_group__plan__phase=Phase.DONE)
    assert evaluated.exists() and not evaluated.filter(evaluation="").exists()
    phases = set(GroupPlan.objects.exclude(group__name="Groep 8").values_list("phase", flat=True))
    assert {Phase.OBSERVE, Phase.UNDERSTAND} <= phases


def test_one_meeting_with_actions(demo):
    assert Action.objects.count() == 3
    assert Action.objects.filter(done=False, owner__username="leerkracht8").count() == 2


def test_action_plan_stays_editable_after_the_care_level_went_down(world):
    from core import history
    from pupils.services import set_care_level

    pupil = world.pupils["six"]
    set_care_level(pupil, 3, "Na intern onderzoek.", world.user("coordinator"))
    plan = world.individual_plans["six"]
    set_care_level(pupil, 2, "Doelen gehaald.", world.user("coordinator"))
    plan.refresh_from_db()
    plan.evaluation = "Doelen behaald; terug naar zorgniveau 2."
    history.save(plan, world.user("coordinator"))  # no ValidationError
