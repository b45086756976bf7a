"""The access policy's querysets, role by role."""

import pytest

from schools import access


@pytest.fixture
def w(world):
    return world


def names(qs):
    return sorted(str(obj) for obj in qs)


def test_coordinator_sees_all_groups_and_pupils_of_her_school_only(w):
    user = w.user("coordinator")
    assert names(access.groups(user, w.school)) == ["Groep 3", "Groep 5", "Groep 6"]
    assert names(access.pupils(user, w.school)) == ["Dirk van Drie", "Sam Zes"]
    # Her second school is seen only when she works in it.
    assert names(access.pupils(user, w.second_school)) == ["Kim Kompas"]
    assert not access.groups(user, w.foreign_school).exists()


def test_teacher_sees_only_the_groups_she_teaches_this_school_year(w):
    user = w.user("teacher")
    assert names(access.groups(user, w.school)) == ["Groep 6"]
    assert names(access.pupils(user, w.school)) == ["Sam Zes"]


def test_management_reads_whole_school_and_bouw_limits_to_overlapping_year_levels(w):
    assert names(access.groups(w.user("management"), w.school)) == ["Groep 3", "Groep 5", "Groep 6"]
    assert names(access.groups(w.user("bouw"), w.school)) == ["Groep 5", "Groep 6"]
    assert names(access.pupils(w.user("bouw"), w.school)) == ["Sam Zes"]


def test_bouw_overlap_includes_combination_group_that_straddles_the_border(w):
    from tests import factories as f

    straddling = f.GroupFactory(
        school_year=w.groups["six"].school_year, name="Groep 4/5", year_level_low=4, year_level_high=5
    )
    assert straddling in access.groups(w.user("bouw"), w.school)


def test_remedial_sees_only_assigned_pupils(w):
    user = w.user("remedial")
    assert names(access.pupils(user, w.school)) == ["Dirk van Drie"]
    assert names(access.groups(user, w.school)) == ["Groep 3"]


def test_admin_sees_groups_but_no_pupils(w):
    user = w.user("admin")
    assert names(access.groups(user, w.school)) == ["Groep 3", "Groep 5", "Groep 6"]
    assert not access.pupils(user, w.school).exists()


def test_no_membership_means_nothing(w):
    user = w.user("outsider")
    assert not access.groups(user, w.school).exists()
    assert not access.pupils(user, w.school).exists()
    assert not access.audit_entries(user, w.school).exists()


def test_inactive_membership_gives_no_access(w):
    user = w.user("teacher")
    user.memberships.update(is_active=False)
    assert not access.groups(user, w.school).exists()
    assert not access.schools(user).exists()


def test_audit_readers_are_coordinator_and_admin(w):
    readers = {role for role in w.ROLES if access.can_read_audit(w.user(role), w.school)}
    assert readers == {"coordinator", "admin"}


def test_the_membership_lookup_answers_for_the_roles_a_rule_allows(w, django_assert_num_queries):
    teacher = w.user("teacher")
    assert access.membership(teacher, w.school).role == access.Role.TEACHER
    assert access.membership(teacher, w.school, access.PLAN_ROLES).role == access.Role.TEACHER
    assert access.membership(teacher, w.school, access.COORDINATOR_ONLY) is None
    assert access.membership(teacher, w.foreign_school, access.CARE_ROLES) is None
    assert access.has_role(w.user("management"), w.school, access.CARE_ROLES)
    assert not access.has_role(w.user("management"), w.school, access.CARE_WRITE_ROLES)
    assert not access.has_role(w.user("admin"), w.school, access.CARE_ROLES)
    # Once the request has loaded the memberships, no rule queries them again.
    access.remember_memberships(teacher, list(access.memberships(teacher)))
    with django_assert_num_queries(0):
        assert access.has_role(teacher, w.school, access.PLAN_ROLES)
