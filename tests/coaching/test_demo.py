import pytest
from django.core.management import call_command

from coaching.models import Agreement, Reflection, Relationship, Trajectory
from tests.demo_once import demo_per_module, load_demo

demo_data = demo_per_module(load_demo)


@pytest.fixture
def trajectory(demo_data, db):
    return Trajectory.objects.get()


def test_demo_follows_the_seeds_trajectory(trajectory):
    assert (trajectory.coach.username, trajectory.coachee.username) == ("ib", "leerkracht8")
    assert trajectory.origin == Trajectory.Origin.MANAGEMENT_MANDATE
    assert trajectory.mandate_given_by.username == "directeur"
    assert trajectory.has_circular_mandate
    # Searching, then non-committal when agreements were not kept, then restarted after the letter.
    assert [a.result for a in trajectory.assessments.all()] == [
        Relationship.SEARCHING,
        Relationship.NON_COMMITTAL,
        Relationship.CO_EXPERT,
    ]
    assert trajectory.letters.count() == 1
    assert Agreement.objects.filter(trajectory=trajectory, follow_up=Agreement.FollowUp.NOT_KEPT).count() == 1
    last = trajectory.sessions.last()
    assert last.scaling == 7 and "planning" in last.one_point_higher
    assert trajectory.visits.count() == 2
    assert trajectory.reflections.filter(kind=Reflection.Kind.LEARNED).count() == 9


def test_reset_rebuilds_the_trajectory(trajectory):
    call_command("load_demo", "--reset", stdout=open("/dev/null", "w"))
    assert Trajectory.objects.count() == 1
