"""A NUL character anywhere in the input is refused with a Dutch explanation, before any view runs."""

import pytest
from django.urls import reverse

from pupils.models import Pupil


@pytest.mark.parametrize(
    "path",
    ["/leerlingen/?q=%00", "/leerlingen/?q=ab%00cd", "/gesprekken/?q=%00", "/beheer/schools/group/?q=%00"],
)
def test_nul_in_a_query_parameter_is_a_400_with_a_dutch_message(world, client, path):
    client.force_login(world.user("coordinator"))
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL-teken" in response.content.decode()


def test_nul_in_the_login_name_is_refused_without_signing_in(db, client):
    response = client.post(reverse("login"), {"username": "ib\x00", "password": "demo"})
    assert response.status_code == 400
    assert "Er is niets opgeslagen" in response.content.decode()


def test_nul_in_a_posted_field_saves_nothing(world, client):
    pupil = world.pupils["six"]
    client.force_login(world.user("coordinator"))
    before = pupil.observations.count()
    response = client.post(
        reverse("pupils:observation_create", kwargs={"pk": pupil.pk}),
        {"date": "2026-10-01", "kind": "classroom", "text": "Werkt\x00 geconcentreerd"},
    )
    assert response.status_code == 400
    assert Pupil.objects.get(pk=pupil.pk).observations.count() == before


def test_an_ordinary_percent_sign_is_just_text(world, client):
    client.force_login(world.user("coordinator"))
    assert client.get("/leerlingen/", {"q": "%00"}).status_code == 200
