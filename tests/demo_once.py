"""The demo school, built once for a whole test module instead of once per test.

Building the demo costs about 9 s of CPU; modules that only read it used to build it for every test
(about 30 builds per suite run, twice in CI). Here it is built once per module (per xdist worker)
inside an outer transaction that is rolled back when the module is done, so no other module ever
sees it. Each test still runs in its own savepoint (pytest-django's ``db``), so a test that changes
the demo changes it for itself only.
"""

import pytest
from django.db import transaction
from django.test import override_settings


def demo_per_module(build):
    """A module-scoped fixture that runs ``build()`` once and undoes it after the module."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                # The suite's fast hasher (tests/conftest.py) is a per-test fixture; the demo's
                # passwords must be hashed with it too, or logins in the tests fail.
                with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                    build()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return fixture


def load_demo():
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))
