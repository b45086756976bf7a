import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pupils.models import Enrolment
from schools.models import Membership, Period, Role, SchoolYear
from tests import factories as f


@pytest.mark.django_db
def test_school_years_of_one_school_may_not_overlap():
    year = f.SchoolYearFactory()
    clash = SchoolYear(
        school=year.school,
        name="dubbel",
        start_date=year.start_date + datetime.timedelta(days=30),
        end_date=year.end_date + datetime.timedelta(days=30),
    )
    with pytest.raises(ValidationError, match="overlapt"):
        clash.full_clean()


@pytest.mark.django_db
def test_current_year_is_the_one_containing_today():
    year = f.SchoolYearFactory()
    f.SchoolYearFactory(
        school=year.school,
        start_date=year.start_date.replace(year=year.start_date.year - 1),
        end_date=year.end_date.replace(year=year.end_date.year - 1),
    )
    assert year.school.current_year() == year


@pytest.mark.django_db
def test_period_must_fall_inside_its_school_year():
    year = f.SchoolYearFactory()
    period = Period(
        school_year=year, name="te lang", start_date=year.start_date, end_date=year.end_date + datetime.timedelta(1)
    )
    with pytest.raises(ValidationError, match="binnen haar schooljaar"):
        period.full_clean()


@pytest.mark.django_db
def test_combination_group_spans_year_levels():
    group = f.GroupFactory(name="Groep 7/8", year_level_low=7, year_level_high=8)
    assert group.year_levels == [7, 8]
    assert group.is_combination


@pytest.mark.django_db
def test_database_refuses_group_with_reversed_year_levels():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.GroupFactory(year_level_low=8, year_level_high=7)


@pytest.mark.django_db
def test_bouw_only_for_management_and_complete():
    school = f.SchoolFactory()
    user = f.UserFactory()
    with pytest.raises(ValidationError, match="Alleen directie"):
        Membership(user=user, school=school, role=Role.TEACHER, bouw_low=5, bouw_high=8).full_clean()
    with pytest.raises(ValidationError, match="zowel de eerste als de laatste"):
        Membership(user=user, school=school, role=Role.MANAGEMENT, bouw_low=5).full_clean()
    Membership(user=user, school=school, role=Role.MANAGEMENT, bouw_low=5, bouw_high=8).full_clean()


@pytest.mark.django_db
def test_a_user_may_work_at_several_schools_but_once_per_school():
    user = f.UserFactory()
    first, second = f.SchoolFactory(), f.SchoolFactory()
    f.MembershipFactory(user=user, school=first, role=Role.COORDINATOR)
    f.MembershipFactory(user=user, school=second, role=Role.COORDINATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.MembershipFactory(user=user, school=first, role=Role.TEACHER)


@pytest.mark.django_db
def test_pupil_has_one_group_per_school_year_and_a_history():
    pupil = f.PupilFactory(first_name="Noor", name_prefix="van der", surname="Linden")
    assert pupil.full_name == "Noor van der Linden"
    group = f.GroupFactory(school_year=f.SchoolYearFactory(school=pupil.school))
    f.EnrolmentFactory(pupil=pupil, group=group)
    other = f.GroupFactory(school_year=group.school_year)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(pupil=pupil, group=other, year_level=other.year_level_low)


@pytest.mark.django_db
def test_enrolment_year_level_must_belong_to_group():
    group = f.GroupFactory(year_level_low=7, year_level_high=8)
    enrolment = Enrolment(pupil=f.PupilFactory(), group=group, year_level=5)
    with pytest.raises(ValidationError, match="hoort niet bij de gekozen groep"):
        enrolment.full_clean()
