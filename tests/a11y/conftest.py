import pytest

from tests.browser.conftest import browser  # noqa: F401 (the session's one Chromium, shared with the journeys)

from .sweep import Sweep


@pytest.fixture
def sweep(browser, client):  # noqa: F811
    sweep = Sweep(browser, client)
    yield sweep
    sweep.close()
