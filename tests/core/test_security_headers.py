"""Every page carries the security headers and holds nothing the Content-Security-Policy would refuse.

For every URL pattern of the access matrix (tests/access/test_matrix.py, and the beheer rows of
admin_matrix.py), as every role that may open it: the response has the CSP, ``Cache-Control: no-store`` and
the Permissions-Policy, and an HTML body has no inline ``<script>``, no ``<style>`` element, no ``style=``
attribute, no ``on...=`` handler and no ``javascript:`` link. A page whose form is sent back empty is
checked as well (the form with its errors). A new URL needs a matrix row, so it is covered without more.
The error pages (400, 403, CSRF, 404, 500, refused input) are checked on URLs of tests/pages.py, which
holds the page list this module shares with the axe sweep. See docs/security.md.
"""

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core import charts
from tests.access.test_matrix import MATRIX, ROLES
from tests.pages import (
    ACTIONS,
    ADMIN_PAGES,
    ERROR_PAGES,
    ERROR_URLCONF,
    PAGES,
    admin_url,
    error_client_for,
    reaching_roles,
    responses_of,
)

# Written out, not imported from core.security: a weaker policy must fail here until someone says why.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid")
# <script type="application/json"> (json_script) holds data, which the browser never runs.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """What in a page the policy refuses, as readable findings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        at = f"<{tag}> at line {self.getpos()[0]}"
        if tag == "script" and not values.get("src") and (values.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            self.found.append(f"inline script {at}")
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'style="{value}" on {at}')
            elif name.startswith("on"):
                self.found.append(f"{name}= handler on {at}")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: URL on {at}")

    handle_startendtag = handle_starttag


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def header_problems(response):
    problems = []
    if response.get("Content-Security-Policy") != CSP:
        problems.append(f"CSP is {response.get('Content-Security-Policy')!r}")
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r}")
    policy = response.get("Permissions-Policy", "")
    problems += [f"Permissions-Policy lacks {name}=()" for name in DENIED_FEATURES if f"{name}=()" not in policy]
    for header, value in (
        ("Referrer-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
    ):
        if response.get(header) != value:
            problems.append(f"{header} is {response.get(header)!r}")
    return problems


def problems_of(response):
    """What is wrong with one response: its headers and, for HTML, its body."""
    problems = header_problems(response)
    if response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False):
        problems += inline_code(response.content.decode())
    return problems


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_the_headers_and_no_inline_code(world, client, name):
    statuses = MATRIX[name][3]
    failures = []
    for role in reaching_roles(statuses):
        # Each role in a savepoint rolled back after it: the matrix's kwargs create objects, not always twice.
        with transaction.atomic():
            failures += role_problems(world, client, name, role)
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


def role_problems(world, client, name, role):
    return [
        f"{label}: {problem}"
        for label, _url, response in responses_of(world, client, name, role)
        for problem in problems_of(response)
    ]


@pytest.mark.parametrize("name", ACTIONS)
def test_every_action_answers_with_the_headers(world, client, name):
    # One-click actions answer with a redirect: no page to read, but no-store and the rest all the same.
    method, make_kwargs, make_data, statuses = MATRIX[name]
    role = next(role for role in ROLES if statuses[role][0] in (200, 302))
    if role != "anonymous":
        client.force_login(world.user(role))
    url = reverse(name.split("#")[0], kwargs=make_kwargs(world, role, "in") if make_kwargs else None)
    response = getattr(client, method)(url, make_data(world, role, "in") if make_data else {})
    assert response.status_code in (200, 302), url
    assert not problems_of(response), f"{role} {method.upper()} {url}: {problems_of(response)}"


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_every_beheer_page_has_the_headers_and_no_inline_code(world, client, name):
    client.force_login(world.user("admin"))
    url = admin_url(world, name)
    response = client.get(url)
    assert response.status_code == 200, url
    assert not problems_of(response), f"GET {url}: {problems_of(response)}"


@pytest.fixture
def error_client(world, settings):
    settings.ROOT_URLCONF = ERROR_URLCONF
    return error_client_for(world)


@pytest.mark.parametrize("method,url,status", ERROR_PAGES)
def test_error_pages_have_the_headers_and_no_inline_code(error_client, method, url, status):
    response = getattr(error_client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert not problems_of(response), problems_of(response)


def test_static_files_keep_their_cache_lifetime(settings):
    # WhiteNoise answers before the headers middleware: a script is cached, only what Django renders is not.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/js/app.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_charts_draw_without_style_attributes():
    # Charts are shown on pages whose test data may have no scores: checked here with data.
    line = charts.line_chart([("Sam", [("M3", 120), ("E3", 131)])], bands=[(100, 125, "laag")], title="Groei")
    bars = charts.stacked_bars([("groep 5", {"I": 1, "II": 2})], [("I", "I"), ("II", "II")], title="Niveaus")
    assert "<svg" in line and "<svg" in bars
    assert inline_code(line + bars) == []


def test_the_checks_find_inline_code():
    # The page tests above can only fail if these findings are made.
    html = (
        '<script>alert(1)</script><script src="/s.js"></script><script type="application/json">{}</script>'
        '<style>p{}</style><p style="color:red" onclick="x()"><a href="javascript:x()">a</a>'
        '<svg><rect style="fill:red"/></svg>'
    )
    assert len(inline_code(html)) == 6
