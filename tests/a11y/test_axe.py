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

from .sweep import FORM_FIELD_RULES

pytestmark = [pytest.mark.a11y, pytest.mark.browser]

# Pages whose form fields still lack a label or name; the forms helper fixes those in the form templates at
# the same time. THE LEAD EMPTIES THIS AT MERGE (issue 15): only the rules in FORM_FIELD_RULES are let through.
FORM_FIELDS_PENDING = {
    "coaching:trajectory_create",  # support needs formset: kind, delete
    "coaching:trajectory_edit",
    "conversations:outcomes",  # needs (category, subject) and agreements (text, owner, delete) formsets
    "conversations:round_create",  # days formset: breaks, delete
    "conversations:round_edit",
    "conversations:scale_answers",  # scale formset: respondent, usefulness, value, delete
    "groupplans:meeting_create",  # the pupil picker (#id_pupils) and the actions formset: text, owner, delete
    "groupplans:meeting_edit",
}

# Pages that still scroll sideways at 320 px; the visual helper fixes reflow in app.css at the same time.
# THE LEAD EMPTIES THIS AT MERGE (issue 15).
REFLOW_PENDING = {
    "audit_log",
    "coaching:session_create",
    "coaching:session_edit",
    "conversations:outcomes",
    "conversations:round_create",
    "conversations:round_edit",
    "conversations:round_summary",
    "conversations:scale_answers",
    "group_list",
    "groupplans:action_list",
    "groupplans:defaults_list",
    "groupplans:individual_plan_detail",
    "groupplans:meeting_create",
    "groupplans:meeting_detail",
    "groupplans:meeting_edit",
    "groupplans:meeting_list",
    "groupplans:plan_phase#vorige",
    "home",
    "privacy:retention",
    "pupils:dossier",
    "reports:dashboard",
    "reports:report_detail",
    "reports:report_text",
    "reports:targets",
}


def visit(sweep, key, label, url, response):
    return sweep.visit(
        label,
        url,
        response,
        ignore_rules=FORM_FIELD_RULES if key in FORM_FIELDS_PENDING else (),
        ignore_reflow=key in REFLOW_PENDING,
    )


def assert_clean(results):
    if all(findings is None for findings in results):
        pytest.skip("no HTML page (a PDF, JSON or fragment)")
    failures = [line for findings in results if findings for line in findings]
    assert not failures, f"{len(failures)} accessibility findings:\n" + "\n".join(failures)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_axe_as_every_role(world, client, sweep, name):
    results = []
    for role in reaching_roles(MATRIX[name][3]):
        # A savepoint per role, rolled back: the matrix's kwargs create objects.
        with transaction.atomic():
            for label, url, response in responses_of(world, client, name, role):
                results.append(visit(sweep, name, label, url, response))
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
    assert_clean([visit(sweep, f"admin:{name}", f"admin GET {url}", url, response)])


@pytest.mark.parametrize("method,url,status", ERROR_PAGES)
def test_every_error_page_passes_axe(world, settings, sweep, method, url, status):
    settings.ROOT_URLCONF = ERROR_URLCONF
    sweep.client = error_client_for(world)
    response = getattr(sweep.client, method)(url)
    assert response.status_code == status
    assert_clean([visit(sweep, url, f"coordinator {method.upper()} {url} ({status})", url, response)])


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
