import pytest

from .sweep import Sweep


@pytest.fixture
def sweep(browser, client, record_property):
    sweep = Sweep(browser, client)
    yield sweep
    sweep.close()
    record_property("a11y_visits", sweep.visits)


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
