"""axe-core over every page, as every role that reaches it, and every form with its errors; reflow at 320 px.

The pages are those of tests/pages.py (the access matrix, beheer, the error pages): a new URL is covered as
soon as it has its matrix row. Each is shown in Chromium with its CSS and JS (tests/a11y/sweep.py) and must
have no WCAG 2.0/2.1 A or AA violation that axe finds, and must not scroll sideways at 320 CSS px.
See docs/accessibility-testing.md.
"""

import pytest
from django.db import transaction
from django.http import HttpResponse

from tests.access.test_matrix import MATRIX
from tests.pages import (
    ADMIN_PAGES,
    ERROR_PAGES,
    ERROR_URLCONF,
    PAGES,
    admin_url,
    error_client_for,
    reaching_roles,
    responses_of,
)

pytestmark = [pytest.mark.a11y, pytest.mark.browser]


def assert_clean(results):
    if all(findings is None for findings in results):
        pytest.skip("no HTML page (a PDF, JSON or fragment)")
    failures = [line for findings in results if findings for line in findings]
    assert not failures, f"{len(failures)} accessibility findings:\n" + "\n".join(failures)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_axe_as_every_role(world, client, sweep, name):
    results = []
    for index, role in enumerate(reaching_roles(MATRIX[name][3])):
        # A savepoint per role, rolled back: the matrix's kwargs create objects. A refused form is checked for
        # the first role only: it differs between roles only in the menu, which each role's visit checks.
        with transaction.atomic():
            for label, url, response in responses_of(world, client, name, role, refused_forms=index == 0):
                results.append(sweep.visit(label, url, response))
                if results == [None]:
                    pytest.skip("not an HTML page (a PDF, JSON or fragment), for any role")
            transaction.set_rollback(True)
    assert_clean(results)


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_every_beheer_page_passes_axe(world, client, sweep, name):
    client.force_login(world.user("admin"))
    url = admin_url(world, name)
    response = client.get(url)
    assert response.status_code == 200, url
    assert_clean([sweep.visit(f"admin GET {url}", url, response)])


@pytest.mark.parametrize("method,url,status", ERROR_PAGES)
def test_every_error_page_passes_axe(world, settings, sweep, method, url, status):
    settings.ROOT_URLCONF = ERROR_URLCONF
    sweep.client = error_client_for(world)
    response = getattr(sweep.client, method)(url)
    assert response.status_code == status
    assert_clean([sweep.visit(f"coordinator {method.upper()} {url} ({status})", url, response)])


def test_the_sweep_finds_what_it_looks_for(sweep):
    # The tests above can only fail if these findings are made.
    page = HttpResponse(
        '<!doctype html><html><head></head><body><main><img src="data:,">'
        '<p style="color:#aaa;background:#fff">Vaag</p><div style="width:600px">Breed</div></main></body></html>'
    )
    findings = "\n".join(sweep.visit("test", "/proef/", page))
    for rule in ("html-has-lang", "document-title", "image-alt", "color-contrast"):
        assert f"test: {rule} (" in findings
    assert "(#aaaaaa on #ffffff: 2.32, needs 4.5:1)" in findings
    assert "reflow: 608 px wide at 320 px, because of div (608 px)" in findings  # with the body's margin
