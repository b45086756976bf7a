"""Query budgets of the report's pages: a fixed number whatever the size of the school. Each section is
computed in a fixed number of queries (their own tests); these budgets hold the pages around them to it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import services
from schools.access import ReportReach
from tests import factories as f

DASHBOARD_BUDGET = 45
REPORT_BUDGET = 45
FINAL_REPORT_BUDGET = 15


def _grow(world, groups):
    """``groups`` more groups of this year with ten pupils each, their results, advice, a plan and a care level:
    everything a report section counts."""
    year = world.school.current_year()
    period = f.PeriodFactory(school_year=year)
    for index in range(groups):
        level = 3 + index % 6
        group = f.GroupFactory(school_year=year, year_level_low=level)
        f.GroupPlanFactory(group=group, period=period)
        for _ in range(10):
            pupil = f.PupilFactory(school=world.school)
            f.EnrolmentFactory(pupil=pupil, group=group)
            f.AssessmentFactory(
                pupil=pupil,
                instrument=f.instrument("lvs-spelling"),
                subject=f.subject("spelling"),
                date=year.start_date + datetime.timedelta(days=150),
                moment=f"M{level}",
                score=120,
                level=f.level("i-v", "III"),
            )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["management", "bouw", "teacher", "coordinator"])
def test_the_live_report_runs_a_fixed_number_of_queries(world, client, role):
    client.force_login(world.user(role))
    url = reverse("reports:dashboard")
    small = _count(client, url)
    _grow(world, 6)
    big = _count(client, url)
    assert small == big <= DASHBOARD_BUDGET


def test_a_report_page_runs_a_fixed_number_of_queries_and_a_finalized_one_fewer(world, client):
    report, _created = services.start_report(
        world.school, world.school.current_year(), 1, ReportReach(), world.user("management")
    )
    client.force_login(world.user("management"))
    url = reverse("reports:report_detail", args=[report.pk])
    small = _count(client, url)
    _grow(world, 6)
    big = _count(client, url)
    assert small == big <= REPORT_BUDGET
    report.refresh_from_db()
    services.finalize(report, report.version, world.user("management"))
    _grow(world, 2)
    assert _count(client, url) <= FINAL_REPORT_BUDGET
