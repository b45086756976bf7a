"""The Bewaartermijnen page: what falls due in the coming month, extending a term for one pupil (a legal
hold, audit-logged), ending it; and its query budget."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from privacy.models import LegalHold
from privacy.services.retention import add_months
from tests import factories as f


@pytest.fixture
def coordinator(world, client):
    client.force_login(world.user("coordinator"))
    return client


def left_ago(world, months, days=0, name="Vertrokken"):
    left = add_months(timezone.localdate(), -months) - datetime.timedelta(days=days)
    return f.PupilFactory(school=world.school, first_name="Lotte", surname=name, date_out=left)


def test_the_page_shows_what_falls_due_in_the_coming_month_and_not_later(world, coordinator):
    soon = left_ago(world, 24, days=-10, name="Binnenkort")  # due in ten days
    overdue = left_ago(world, 25, name="Verlopen")
    later = left_ago(world, 22, name="Later")
    page = coordinator.get(reverse("privacy:retention")).content.decode()
    assert soon.full_name in page and overdue.full_name in page
    assert later.full_name not in page
    assert "Leerlingdossier: zorg en begeleiding" in page
    assert AuditEntry.objects.filter(event="privacy.retention_viewed", school_id=world.school.pk).exists()


def test_the_menu_shows_the_page_to_the_coordinator_and_the_admin_only(world, client):
    for role, shown in (("coordinator", True), ("admin", True), ("teacher", False), ("management", False)):
        client.force_login(world.user(role))
        page = client.get(reverse("home"), follow=True).content.decode()
        assert (reverse("privacy:retention") in page) is shown, role


def test_extending_a_term_places_a_hold_that_is_logged_without_its_reason(world, coordinator):
    pupil = left_ago(world, 24, days=-5)
    url = reverse("privacy:retention_hold", args=[pupil.pk])
    until = add_months(timezone.localdate(), 6)
    response = coordinator.post(url, {"until": f"{until:%d-%m-%Y}", "reason": "Klacht van de ouders loopt nog."})
    assert response.status_code == 302
    hold = LegalHold.objects.get(pupil=pupil)
    assert (hold.until, hold.reason, hold.created_by) == (
        until,
        "Klacht van de ouders loopt nog.",
        world.user("coordinator"),
    )
    entry = AuditEntry.objects.get(event="privacy.legal_hold_placed")
    assert entry.object_id == str(pupil.pk)
    assert "verlengd tot en met" in entry.description
    assert "Klacht" not in str(entry.data)
    page = coordinator.get(reverse("privacy:retention")).content.decode()
    assert "Klacht van de ouders loopt nog." in page
    assert "verlengd tot en met" in page


@pytest.mark.parametrize(
    "data,error",
    [
        ({"until": "", "reason": "klacht"}, "Vul de datum in"),
        ({"until": "01-01-2020", "reason": "klacht"}, "Kies een datum na vandaag"),
        ({"until": "31-12-2199", "reason": "klacht"}, "Kies een datum binnen 10 jaar"),
        ({"until": "31-02-2027", "reason": "klacht"}, "dd-mm-jjjj"),
        ({"until": "NEXT", "reason": "   "}, "Schrijf op waarom"),
    ],
)
def test_a_hold_without_a_good_date_or_reason_is_refused_in_dutch(world, coordinator, data, error):
    pupil = left_ago(world, 24)
    if data["until"] == "NEXT":
        data = {**data, "until": f"{add_months(timezone.localdate(), 1):%d-%m-%Y}"}
    response = coordinator.post(reverse("privacy:retention_hold", args=[pupil.pk]), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not LegalHold.objects.exists()


def test_ending_a_hold(world, coordinator):
    pupil = left_ago(world, 25)
    hold = LegalHold.objects.create(pupil=pupil, until=add_months(timezone.localdate(), 3), reason="bezwaar")
    response = coordinator.post(reverse("privacy:retention_hold_end", args=[hold.pk]), {"version": hold.version})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.ended_at is not None and hold.ended_by == world.user("coordinator")
    assert AuditEntry.objects.filter(event="privacy.legal_hold_ended", object_id=str(pupil.pk)).exists()
    page = coordinator.get(reverse("privacy:retention")).content.decode()
    assert "Er zijn geen verlengde termijnen." in page
    assert "Termijn verlengen" in page  # the pupil is due again, and can be held again


def test_the_page_answers_in_a_fixed_number_of_queries(world, coordinator, django_assert_max_num_queries):
    for index in range(3):
        LegalHold.objects.create(
            pupil=left_ago(world, 24, name=f"Vast{index}"), until=add_months(timezone.localdate(), 2), reason="r"
        )
    url = reverse("privacy:retention")
    with django_assert_max_num_queries(20) as few:
        coordinator.get(url)
    for index in range(25):
        pupil = left_ago(world, 30, name=f"Veel{index}")
        f.ConversationFactory(pupil=pupil)
        f.AssessmentFactory(pupil=pupil, date=datetime.date(2020, 1, 20), moment="M8")
        LegalHold.objects.create(pupil=pupil, until=add_months(timezone.localdate(), 2), reason="r")
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = coordinator.get(url)
    assert response.content.decode().count("Veel") >= 50  # in the due list and among the holds
    assert len(many.captured_queries) == len(few.captured_queries)
