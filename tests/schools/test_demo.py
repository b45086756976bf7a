import pytest
from django.core.management import call_command

from pupils.models import Enrolment, Pupil, RemedialAssignment
from schools import access, demo
from schools.models import Group, Role, School, User
from tests.demo_once import demo_per_module, load_demo

demo_data = demo_per_module(load_demo)


@pytest.fixture
def demo_school(demo_data, db):
    pass
    return School.objects.get(name=demo.MAIN_SCHOOL)


def test_demo_follows_the_seed(demo_school):
    year = demo_school.current_year()
    groups = Group.objects.filter(school_year=year)
    assert Pupil.objects.filter(school=demo_school, enrolments__school_year=year).count() == 170
    assert [g.name for g in groups if g.is_combination] == ["Groep 1/2"]
    assert Enrolment.objects.filter(group__name="Groep 8", school_year=year).count() == 30
    assert RemedialAssignment.objects.filter(staff__username="rt").count() == 13


def test_every_demo_account_has_the_documented_role(demo_school):
    expected = {
        "ib": Role.COORDINATOR,
        "directeur": Role.MANAGEMENT,
        "bouwcoordinator": Role.MANAGEMENT,
        "leerkracht8": Role.TEACHER,
        "leerkracht5": Role.TEACHER,
        "rt": Role.REMEDIAL,
        "beheer": Role.ADMIN,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert user.memberships.get(school=demo_school).role == role
    assert User.objects.get(username="bouwcoordinator").memberships.get().bouw_low == 5


def test_only_ib_works_at_the_second_school(demo_school):
    second = School.objects.get(name=demo.SECOND_SCHOOL)
    members = {m.user.username for m in second.memberships.select_related("user")}
    assert "ib" in members
    assert not members & {"directeur", "bouwcoordinator", "leerkracht8", "leerkracht5", "rt", "beheer"}


def test_teacher_of_group_8_sees_30_pupils(demo_school):
    user = User.objects.get(username="leerkracht8")
    assert access.pupils(user, demo_school).count() == 30


def test_loading_twice_changes_nothing_and_reset_rebuilds(demo_school):
    before = (Pupil.objects.count(), User.objects.count(), Group.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (Pupil.objects.count(), User.objects.count(), Group.objects.count()) == before
    call_command("load_demo", "--reset", stdout=open("/dev/null", "w"))
    assert (Pupil.objects.count(), User.objects.count(), Group.objects.count()) == before
