"""The proxy's health endpoint: "ok" while the database answers, 503 when it does not, and nothing more."""

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections

from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_ok_with_one_trivial_query_and_nothing_else(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert not Session.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_signed_in_user_sees_the_same_two_letters(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get("/health/")
    assert response.content == b"ok"
    assert not AuditEntry.objects.filter(user=world.user("coordinator")).exists()


def test_unavailable_when_the_database_does_not_answer(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(type(connections["default"]), "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"unavailable"
    assert "refused" not in response.content.decode()


def test_head_is_answered_and_writes_are_refused(client):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_plain_http_probe_is_not_redirected_to_https(client, settings):
    # Production settings send every plain-HTTP request to https://, except the health probe.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/inloggen/").status_code == 301
    assert client.get("/health/").status_code == 200
