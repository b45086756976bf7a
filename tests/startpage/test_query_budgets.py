"""The start page runs in a fixed number of queries per role, whatever the number of actions, plans,
pupils, records, agreements and conversations: measured with fifteen of each per role. The figures are
in docs/start-page.md; a section that starts querying per row breaks them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import build_week

# Queries of the whole page (session, user, memberships, the visit, every section, the groups table).
BUDGETS = {
    "teacher": 17,
    "coordinator": 21,
    "management": 31,  # 15 of them compute the report's headline figures (reports.figures)
    "bouw": 30,
    "remedial": 19,
    "admin": 14,
}


def count(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.mark.parametrize("role", list(BUDGETS))
def test_start_page_keeps_its_query_budget_with_many_rows(db, login, role, django_assert_max_num_queries):
    week = build_week(many=15)
    client = login(week.user(role), week.school)
    client.get(reverse("home"))  # the first visit creates the visit row; measure a usual one
    with django_assert_max_num_queries(BUDGETS[role]):
        response = client.get(reverse("home"))
    sections = {section.key: section for section in response.context["sections"]}
    assert sections, "every role has something on its start page"
    if role == "teacher":
        # Fifteen of each really were there, and are cut off at the section's limit.
        assert sections["actions"].hidden == 30 - 8
        assert sections["new_records"].hidden == 30 - 8


@pytest.mark.parametrize("role", ["teacher", "coordinator", "remedial"])
def test_start_page_queries_do_not_grow_with_the_rows(db, login, role):
    small = build_week(many=1)
    client = login(small.user(role), small.school)
    client.get(reverse("home"))
    few, _response = count(client)
    from tests import factories as f

    # Fifteen more of everything the sections list, for the same people.
    for n in range(15):
        group = small.groups[("eight", 0)]
        pupil = f.PupilFactory(school=small.school, first_name=f"Extra{n}")
        f.EnrolmentFactory(pupil=pupil, group=group)
        f.RemedialAssignmentFactory(pupil=pupil, staff=small.user("remedial"))
        f.NeedFactory(pupil=pupil, author=small.user("other_teacher"))
        f.ObservationFactory(pupil=pupil, author=small.user("other_teacher"))
        meeting = f.MeetingFactory(school=small.school, group=group)
        f.ActionFactory(meeting=meeting, owner=small.user(role), due_date=small.year.start_date)
        other = f.GroupFactory(school_year=small.year, name=f"Groep extra {n}", year_level_low=8)
        other.teachers.add(small.user("teacher"))
        f.GroupPlanFactory(group=other, period=small.plans[("behind", 0)].period)
    many, _response = count(client)
    assert many == few
