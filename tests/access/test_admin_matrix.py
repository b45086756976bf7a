"""The beheer (Django admin) part of the access matrix: every admin URL pattern
x every role x in/out of scope -> the status of a GET. Rows: admin_matrix.py."""

import pytest
from django.test import Client
from django.urls import reverse

from .admin_matrix import ROLES, SCOPES, admin_expectations, admin_pattern_names, admin_url_kwargs

NAMES = sorted(admin_expectations())


def test_every_admin_pattern_has_an_expectation(world):
    missing = sorted(set(admin_pattern_names()) - set(admin_expectations(world)))
    assert not missing, f"Beheer URL patterns without a row in tests/access/admin_matrix.py: {missing}"


def test_every_expectation_is_an_admin_pattern(world):
    stale = sorted(set(admin_expectations(world)) - set(admin_pattern_names()))
    assert not stale, f"Rows in tests/access/admin_matrix.py for beheer URLs that no longer exist: {stale}"


def test_every_row_has_every_role(world):
    for name, row in admin_expectations(world).items():
        assert set(row) == set(ROLES), f"{name} lacks roles {set(ROLES) - set(row)}"


@pytest.mark.parametrize("name", NAMES)
def test_admin_matrix(world, name):
    expectations = admin_expectations(world)[name]
    login_url = reverse("login")
    wrong = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.user(role))
        for scope in SCOPES:
            url = reverse(f"admin:{name}", kwargs=admin_url_kwargs(world, name, scope))
            response = client.get(url)
            expected = expectations[role][0 if scope == "in" else 1]
            if response.status_code != expected:
                wrong.append(f"GET {url} as {role} ({scope} scope): {response.status_code}, expected {expected}")
            elif role == "anonymous" and not response.url.startswith(login_url):
                wrong.append(f"GET {url} as anonymous goes to {response.url}, not to the login page")
    assert not wrong, "\n".join(wrong)
