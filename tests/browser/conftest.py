"""Playwright driving Debian's Chromium against pytest-django's live_server.

Every journey fails when the page breaks the Content-Security-Policy (core/security.py): each browser
context a test opens reports what the policy refused, and the test fails at its end if anything was.
That a journey passes thus also says that htmx, the picker, the charts and the forms work under the policy.
"""

import os

import pytest

# Journeys about accessibility (issue 15), which `pytest -m a11y` runs with the sweep of tests/a11y.
A11Y_FILES = ("test_keyboard_", "test_reflow.py", "test_screen_reader.py", "test_error_summary_journey.py")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if os.path.basename(str(item.fspath)).startswith(A11Y_FILES):
                item.add_marker(pytest.mark.a11y)


# Reports every refusal to the console, where the listener below collects it. An init script is not itself
# subject to the page's policy.
REPORT_VIOLATIONS = """
window.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " refused " + (event.blockedURI || "inline code")
    + " at " + event.sourceFile + ":" + event.lineNumber + " " + (event.sample || ""));
}, true);
"""


def watch_policy(context, violations):
    """Collect into ``violations`` what the Content-Security-Policy refuses on any page of ``context``."""
    context.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        # Chromium's own report ("Refused to apply inline style ..."), the listener's, and a header it cannot read.
        text = message.text
        if "Content Security Policy" in text or text.startswith(("CSP violation", "Error with Permissions-Policy")):
            violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    context.on("console", on_console)
    return context


@pytest.fixture(autouse=True)
def _no_policy_violations(request):
    """Every context a browser test opens is watched; the test fails if the policy refused anything."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        return watch_policy(new_context(*args, **kwargs), violations)

    browser.new_context = watched_context
    try:
        yield violations
    finally:
        del browser.new_context
    found = "\n".join(dict.fromkeys(violations))
    assert not violations, f"The browser refused (Content-Security-Policy) or could not read:\n{found}"


@pytest.fixture
def page(browser, live_server, settings, reference_data):
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def second_page(browser, live_server):
    """A second browser beside ``page``: a colleague on the same record (no cookies shared)."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
