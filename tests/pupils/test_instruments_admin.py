"""Test instruments are data: a superuser adds a new scale and test without code; a school's admin cannot."""

import pytest
from django.urls import reverse

from pupils.models import Assessment, Instrument, Scale
from tests import factories as f


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="functioneel-beheer", is_superuser=True, is_staff=True)


def test_superuser_adds_a_scale_and_an_instrument_that_results_can_use(client, superuser, world):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:pupils_scale_add"),
        {
            "code": "1-5",
            "name": "1 tot 5",
            "levels-TOTAL_FORMS": "2",
            "levels-INITIAL_FORMS": "0",
            "levels-MIN_NUM_FORMS": "0",
            "levels-MAX_NUM_FORMS": "1000",
            "levels-0-code": "5",
            "levels-0-rank": "5",
            "levels-1-code": "1",
            "levels-1-rank": "1",
            "levels-1-below_norm": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    scale = Scale.objects.get(code="1-5")
    assert list(scale.levels.values_list("code", "below_norm")) == [("5", False), ("1", True)]
    response = client.post(
        reverse("admin:pupils_instrument_add"),
        {
            "code": "nieuwe-leestoets",
            "name": "Nieuwe leestoets",
            "kind": "reading_level",
            "subject": f.subject("technisch-lezen").pk,
            "scale": scale.pk,
        },
    )
    assert response.status_code == 302
    result = Assessment(
        pupil=world.pupils["six"],
        instrument=Instrument.objects.get(code="nieuwe-leestoets"),
        subject=f.subject("technisch-lezen"),
        date="2026-01-10",
        level=scale.levels.get(code="1"),
    )
    result.full_clean()


def test_a_schools_admin_cannot_change_shared_instruments(world, login):
    client = login(world.user("admin"), world.school)
    assert client.get(reverse("admin:pupils_instrument_changelist")).status_code == 404
    assert client.post(reverse("admin:pupils_subject_add"), {"code": "x", "name": "x", "order": 1}).status_code == 404
