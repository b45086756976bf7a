"""On a shared school computer, the next person at the keyboard cannot page back into a dossier after logout.

Every page Django renders is ``Cache-Control: no-store`` (core/security.py): the browser keeps no copy, so
going back after logging out asks the server again, which answers with the login page. Checked in a Chromium
with its back/forward cache on, as in an ordinary browser: without no-store it shows the dossier as it was
left. (Playwright turns that cache off; then Chromium's HTTP cache does not show the page after logout
either, because Django's ``Vary: Cookie`` no longer matches, so that case cannot tell.)

Also here: the check every journey makes (tests/browser/conftest.py) sees an inline style the policy refuses.
"""

import re

import pytest
from playwright.sync_api import expect

from pupils.models import Pupil
from schools import demo
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

from .conftest import watch_policy
from .test_foundation_journey import log_in


@pytest.fixture
def bfcache_page(browser, live_server, reference_data, settings, _no_policy_violations):
    """A page of a Chromium with its back/forward cache on (Playwright turns it off by default)."""
    settings.ALLOWED_HOSTS = ["*"]
    other = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    context = watch_policy(other.new_context(base_url=live_server.url, locale="en-US"), _no_policy_violations)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    other.close()


def test_back_after_logout_shows_no_dossier(bfcache_page, transactional_db):
    page = bfcache_page
    demo.build()
    log_in(page, "leerkracht8")
    page.get_by_role("link", name="Groepsoverzicht").first.click()
    page.locator("table a[href*='/leerlingen/']").first.click()
    pupil = Pupil.objects.get(pk=re.search(r"/leerlingen/(\d+)/", page.url).group(1))
    expect(page.get_by_role("heading", level=1)).to_contain_text(pupil.surname)

    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/"))

    # A page from the back/forward cache fires no load event: wait only for the navigation itself.
    page.go_back(wait_until="commit")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
    assert pupil.surname not in page.content()


def test_the_journeys_see_what_the_policy_refuses(page, _no_policy_violations):
    # Every journey passes only if nothing was refused; that can fail only if a refusal is seen.
    page.goto("/inloggen/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.evaluate("() => new Promise((done) => setTimeout(done, 100))")
    assert any("style-src" in violation for violation in _no_policy_violations), _no_policy_violations
    _no_policy_violations.clear()
