"""Coaching in the progress report (reports.figures.coaching): the trajectories that ran this school year by
status and by origin, existence only, for the whole school and a bovenbouw (5-8). Every expected number is
counted by hand from the world built below."""

import datetime
import json

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from coaching.models import Trajectory
from reports.figures import coaching
from reports.scope import Scope
from schools.access import ReportReach
from tests import factories as f

START = datetime.date(2025, 8, 18)
END = datetime.date(2026, 7, 17)
TODAY = datetime.date(2026, 3, 2)
Status, Origin = Trajectory.Status, Trajectory.Origin


def teacher(name, *groups):
    user = f.UserFactory(username=name, first_name=f"Geheimenaam-{name}")
    for group in groups:
        group.teachers.add(user)
    return user


def trajectory(school, coachee, status, origin, start, end=None):
    coach = f.UserFactory(username="ib-coach", first_name="Geheimenaam-coach")
    return f.TrajectoryFactory(
        school=school,
        coach=coach,
        coachee=coachee,
        status=status,
        origin=origin,
        start_date=start,
        end_date=end,
        goal="GEHEIM-DOEL: rust in de klas",
    )


def build_world(extra=0):
    school = f.SchoolFactory(name="De Wilg")
    year = f.SchoolYearFactory(school=school, name="2025-2026", start_date=START, end_date=END)
    last_year = f.SchoolYearFactory(
        school=school, name="2024-2025", start_date=datetime.date(2024, 8, 19), end_date=datetime.date(2025, 7, 18)
    )
    g3 = f.GroupFactory(school_year=year, name="Groep 3", year_level_low=3)
    g45 = f.GroupFactory(school_year=year, name="Groep 4/5", year_level_low=4, year_level_high=5)
    g6 = f.GroupFactory(school_year=year, name="Groep 6", year_level_low=6)
    g7 = f.GroupFactory(school_year=year, name="Groep 7", year_level_low=7)
    old5 = f.GroupFactory(school_year=last_year, name="Groep 5", year_level_low=5)

    t3 = teacher("juf-drie", g3)
    t45 = teacher("juf-vier-vijf", g45)
    t6 = teacher("meester-zes", g6, g7)  # two groups in the bovenbouw: his trajectories count once
    t_old = teacher("juf-vorig-jaar", old5)  # taught group 5 last year only

    trajectory(school, t6, Status.ACTIVE, Origin.TEACHER_REQUEST, datetime.date(2025, 9, 1))
    trajectory(
        school, t6, Status.CLOSED, Origin.MANAGEMENT_MANDATE, datetime.date(2025, 9, 15), datetime.date(2025, 12, 19)
    )
    trajectory(school, t3, Status.PAUSED, Origin.COORDINATOR_CONCERN, datetime.date(2025, 10, 1))
    trajectory(school, t45, Status.PROPOSED, Origin.TEACHER_REQUEST, datetime.date(2026, 2, 20))
    trajectory(school, t_old, Status.ACTIVE, Origin.MANAGEMENT_MANDATE, datetime.date(2025, 11, 3))
    for number in range(extra):
        trajectory(
            school, t6 if number % 2 else t3, Status.CLOSED, Origin.TEACHER_REQUEST, START, START.replace(month=10)
        )

    # Not counted: ended before the year began, starts after the report's day, another school's.
    trajectory(school, t6, Status.CLOSED, Origin.TEACHER_REQUEST, datetime.date(2024, 9, 2), datetime.date(2025, 6, 27))
    trajectory(school, t3, Status.PROPOSED, Origin.TEACHER_REQUEST, datetime.date(2026, 4, 1))
    other = f.SchoolFactory(name="Het Kompas")
    trajectory(other, teacher("elders"), Status.ACTIVE, Origin.TEACHER_REQUEST, datetime.date(2025, 9, 1))
    return school


def scope_of(school, low=1, high=8):
    return Scope.build(school, ReportReach(low=low, high=high), today=TODAY)


def by_status(data):
    return {row["status"]: row["trajectories"] for row in data["statuses"]}


def by_origin(data):
    return {row["origin"]: row["trajectories"] for row in data["origins"]}


@pytest.mark.django_db
def test_whole_school_counts_this_years_trajectories_by_status_and_origin():
    data = coaching.compute(scope_of(build_world()))

    assert data["total"] == 5
    assert by_status(data) == {"proposed": 1, "active": 2, "paused": 1, "closed": 1}
    assert by_origin(data) == {"teacher_request": 2, "management_mandate": 2, "coordinator_concern": 1}
    assert data["bouw"] is None


@pytest.mark.django_db
def test_bovenbouw_counts_the_trajectories_of_its_own_teachers():
    """Meester zes (groups 6 and 7) and juf vier-vijf (group 4/5) teach in the bovenbouw this year; juf drie
    (group 3) does not, nor does last year's teacher of group 5."""
    data = coaching.compute(scope_of(build_world(), low=5, high=8))

    assert data["total"] == 3
    assert by_status(data) == {"proposed": 1, "active": 1, "paused": 0, "closed": 1}
    assert by_origin(data) == {"teacher_request": 2, "management_mandate": 1, "coordinator_concern": 0}
    assert data["bouw"] == {"low": 5, "high": 8}


@pytest.mark.django_db
def test_existence_only_no_names_and_no_content():
    data = coaching.compute(scope_of(build_world()))
    stored = json.dumps(data)
    assert json.loads(stored) == data
    assert "Geheimenaam" not in stored and "GEHEIM" not in stored
    assert coaching.charts(data) == {}

    html = render_to_string("reports/sections/coaching.html", {"data": data, "charts": {}, "scope": None})
    assert "Geheimenaam" not in html and "GEHEIM" not in html
    assert "Dit schooljaar zijn er 5 coachingstrajecten." in html
    assert "Mandaat van de directie" in html and "Gepauzeerd" in html


@pytest.mark.django_db
def test_the_bouw_report_says_which_trajectories_count():
    data = coaching.compute(scope_of(build_world(), low=5, high=8))
    html = render_to_string("reports/sections/coaching.html", {"data": data, "charts": {}, "scope": None})
    assert "Dit schooljaar zijn er 3 coachingstrajecten." in html
    assert "lesgeven in groep 5 tot en met 8 tellen mee" in html


@pytest.mark.django_db
def test_no_trajectories_reads_plainly():
    school = f.SchoolFactory()
    f.SchoolYearFactory(school=school, name="2025-2026", start_date=START, end_date=END)
    data = coaching.compute(scope_of(school))
    assert data["total"] == 0
    html = render_to_string("reports/sections/coaching.html", {"data": data, "charts": {}, "scope": None})
    assert "Dit schooljaar is er geen coachingstraject." in html
    assert "<table" not in html


def count_queries(school, **reach):
    scope = scope_of(school, **reach)
    with CaptureQueriesContext(connection) as captured:
        coaching.compute(scope)
    return len(captured)


@pytest.mark.django_db
def test_one_query_whatever_the_number_of_trajectories():
    assert count_queries(build_world()) == count_queries(build_world(extra=12)) == 1
    assert count_queries(build_world(extra=5), low=5, high=8) == 1
