import os

import pytest

from .world import World

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# then refuses to run unless told this is fine (it is: one thread, no async code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # Hashing with the production hasher costs ~0.3 s a login; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def reference_data(transactional_db):
    """Tests in a transactional database (live server, two connections) run after a flush,
    which also removes the rows the data migrations created: put them back."""
    from importlib import import_module

    from django.apps import apps

    for migration in (
        "pupils.migrations.0004_instruments",
        "coaching.migrations.0002_interventions",
        "conversations.migrations.0002_models_and_questions",
        "reports.migrations.0002_thresholds",
    ):
        import_module(migration).forwards(apps, None)


@pytest.fixture
def world(db):
    """Two schools with every role, groups and pupils in and out of each role's scope."""
    return World.build()


@pytest.fixture
def login(client):
    """Log ``client`` in as a user (bypassing the login form) and return the client."""

    def _login(user, school=None):
        client.force_login(user)
        if school is not None:
            session = client.session
            session["school_id"] = school.pk
            session.save()
        return client

    return _login


# Chromium for the browser journeys (tests/browser) and the accessibility sweep (tests/a11y): one per test
# process, defined here once, because a second definition of the same session fixture would start a second
# Playwright in the same process, which Playwright refuses.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags for a closed network: no background calls home (they would be refused).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
