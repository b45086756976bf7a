import pytest

from .sweep import Sweep


@pytest.fixture(scope="session")
def _sweep_tab(browser):
    tab = Sweep(browser)
    yield tab
    tab.close()


@pytest.fixture
def sweep(_sweep_tab, client, record_property):
    yield _sweep_tab.start(client)
    record_property("a11y_visits", _sweep_tab.visits)


def pytest_terminal_summary(terminalreporter):
    # Counted from the reports, which xdist's workers send to the controller.
    visits = sum(
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "teardown"
        for name, value in getattr(report, "user_properties", ())
        if name == "a11y_visits"
    )
    if visits:
        terminalreporter.write_line(f"axe sweep: page visits in Chromium: {visits}")
