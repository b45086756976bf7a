"""'New since your last visit': the previous visit is kept per user and school; a reload within the hour is
the same visit, so the list does not empty itself; a first visit looks back a week."""

import datetime

from django.urls import reverse
from django.utils import timezone

from schools import startpage
from schools.models import StartPageVisit
from tests import factories as f


def test_first_visit_looks_back_a_week(db):
    member = f.MembershipFactory()
    now = timezone.now()
    since, first = startpage.record_visit(member.user, member.school, now)
    assert first and since == now - datetime.timedelta(days=7)


def test_a_reload_within_the_hour_keeps_the_previous_visit(db):
    member = f.MembershipFactory()
    monday = timezone.now() - datetime.timedelta(days=3)
    startpage.record_visit(member.user, member.school, monday)
    thursday = monday + datetime.timedelta(days=3)
    assert startpage.record_visit(member.user, member.school, thursday) == (monday, False)
    # Reloading twenty minutes later: still new since Monday.
    assert startpage.record_visit(member.user, member.school, thursday + datetime.timedelta(minutes=20)) == (
        monday,
        False,
    )
    # Two hours later it is a new visit: new since Thursday.
    later = thursday + datetime.timedelta(hours=2)
    assert startpage.record_visit(member.user, member.school, later) == (thursday, False)


def test_the_visit_is_kept_per_school(db):
    member = f.MembershipFactory()
    other = f.MembershipFactory(user=member.user)
    startpage.record_visit(member.user, member.school, timezone.now() - datetime.timedelta(days=2))
    since, first = startpage.record_visit(member.user, other.school)
    assert first
    assert StartPageVisit.objects.filter(user=member.user).count() == 2


def test_the_page_says_since_when_things_are_new(db, login):
    member = f.MembershipFactory()
    f.SchoolYearFactory(school=member.school)
    client = login(member.user, member.school)
    page = client.get(reverse("home")).content.decode()
    assert "Dit is je eerste bezoek aan deze pagina" in page
    visit = StartPageVisit.objects.get(user=member.user)
    visit.last_seen_at = timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 5))
    visit.save()
    page = client.get(reverse("home")).content.decode()
    assert "Nieuw is wat sinds je vorige bezoek op 3 december om 14:05 is vastgelegd." in page


def test_a_record_before_the_last_visit_is_no_longer_new(db, login):
    member = f.MembershipFactory()
    year = f.SchoolYearFactory(school=member.school)
    group = f.GroupFactory(school_year=year)
    group.teachers.add(member.user)
    pupil = f.PupilFactory(school=member.school, first_name="Noor")
    f.EnrolmentFactory(pupil=pupil, group=group)
    need = f.NeedFactory(pupil=pupil)
    type(need).objects.filter(pk=need.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3))
    client = login(member.user, member.school)
    assert "Noor Leerling: nieuwe onderwijsbehoefte" in client.get(reverse("home")).content.decode()
    StartPageVisit.objects.filter(user=member.user).update(last_seen_at=timezone.now() - datetime.timedelta(hours=2))
    page = client.get(reverse("home")).content.decode()  # a new visit: the need came before the last one
    assert "Noor Leerling: nieuwe onderwijsbehoefte" not in page
    assert "niets nieuws over je leerlingen" in page
