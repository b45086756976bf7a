"""The zorgoverzicht (reports.figures.care): pupils per care level per group now and at the start of the year,
the moves between levels, the action plans and remedial teaching, for the whole school and for a bovenbouw
(5-8). Every expected number is counted by hand from the world built below."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pupils.models import CareLevelChange
from reports.figures import care
from reports.scope import Scope
from schools.access import ReportReach
from tests import factories as f

START = datetime.date(2025, 8, 18)
END = datetime.date(2026, 7, 17)
TODAY = datetime.date(2026, 3, 2)


def moment(day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def change(pupil, level, when):
    """A care level recorded at ``when`` (created_at is set on insert, so it is moved afterwards)."""
    record = CareLevelChange.objects.create(pupil=pupil, level=level, reason="Besproken in de groepsbespreking.")
    CareLevelChange.objects.filter(pk=record.pk).update(created_at=when)
    return record


def enrol(school, group, year_level=None, **pupil_fields):
    pupil = f.PupilFactory(school=school, **pupil_fields)
    f.EnrolmentFactory(pupil=pupil, group=group, year_level=year_level or group.year_level_low)
    return pupil


def build_world(extra_pupils=0):
    school = f.SchoolFactory(name="De Wilg")
    year = f.SchoolYearFactory(school=school, name="2025-2026", start_date=START, end_date=END)
    last_year = f.SchoolYearFactory(
        school=school, name="2024-2025", start_date=datetime.date(2024, 8, 19), end_date=datetime.date(2025, 7, 18)
    )
    period = f.PeriodFactory(school_year=year, start_date=START, end_date=datetime.date(2026, 1, 30))
    last_period = f.PeriodFactory(
        school_year=last_year, start_date=datetime.date(2024, 8, 19), end_date=datetime.date(2025, 1, 31)
    )
    g3 = f.GroupFactory(school_year=year, name="Groep 3", year_level_low=3)
    g45 = f.GroupFactory(school_year=year, name="Groep 4/5", year_level_low=4, year_level_high=5)
    g6 = f.GroupFactory(school_year=year, name="Groep 6", year_level_low=6)
    g8 = f.GroupFactory(school_year=year, name="Groep 8", year_level_low=8)
    old5 = f.GroupFactory(school_year=last_year, name="Groep 5", year_level_low=5)

    p = {}
    p[1] = enrol(school, g3)  # 1 -> 1
    p[2] = enrol(school, g3)  # 2 -> 2, set on the first day of the year: counts at the start
    change(p[2], 2, moment(START, 8, 30))
    p[3] = enrol(school, g45, year_level=4)  # 1 -> 3
    change(p[3], 3, moment(datetime.date(2025, 10, 6)))
    p[4] = enrol(school, g45, year_level=5)  # 2 -> 3
    change(p[4], 2, moment(datetime.date(2025, 3, 1)))
    change(p[4], 3, moment(datetime.date(2025, 11, 12)))
    p[5] = enrol(school, g6)  # 1 -> 1
    p[6] = enrol(school, g6)  # 3 -> 2
    change(p[6], 3, moment(datetime.date(2024, 9, 1)))
    change(p[6], 2, moment(datetime.date(2026, 2, 2)))
    p[7] = enrol(school, g6)  # 1 -> 1: the change comes after the report's day
    change(p[7], 3, moment(TODAY + datetime.timedelta(days=1), 9))
    p[8] = enrol(school, g6, date_out=datetime.date(2026, 1, 9))  # left the school: not counted
    change(p[8], 4, moment(datetime.date(2024, 9, 1)))
    p[9] = enrol(school, g8)  # 4 -> 4
    change(p[9], 4, moment(datetime.date(2023, 5, 1)))
    p[10] = enrol(school, g8)  # 1 -> 2, late on the report's day itself
    change(p[10], 2, moment(TODAY, 23, 30))
    for _number in range(extra_pupils):
        extra = enrol(school, g8)
        change(extra, 2, moment(datetime.date(2025, 9, 1)))
        change(extra, 3, moment(datetime.date(2025, 12, 1)))
        f.IndividualPlanFactory(pupil=extra, period=period)
        f.RemedialAssignmentFactory(pupil=extra, staff=f.UserFactory(), subject="spelling", start_date=START)

    # Last year's pupil only, and a pupil of another school: never counted.
    gone = enrol(school, old5)
    change(gone, 4, moment(datetime.date(2024, 10, 1)))
    other_school = f.SchoolFactory(name="Het Kompas")
    other_year = f.SchoolYearFactory(school=other_school, name="2025-2026", start_date=START, end_date=END)
    stranger = enrol(other_school, f.GroupFactory(school_year=other_year, name="Groep 6", year_level_low=6))
    change(stranger, 3, moment(datetime.date(2025, 10, 1)))

    # Action plans: p3 evaluated; p6 open (written when p6 was at level 3); p9 one open and one evaluated this
    # year and an open one of last year; p4 (level 3) has none.
    f.IndividualPlanFactory(pupil=p[3], period=period, evaluation="Doel behaald.")
    f.IndividualPlanFactory(pupil=p[6], period=period)
    f.IndividualPlanFactory(pupil=p[9], period=period)
    f.IndividualPlanFactory(pupil=p[9], period=period, evaluation="Deels behaald.")
    f.IndividualPlanFactory(pupil=p[9], period=last_period)
    f.IndividualPlanFactory(pupil=stranger, period=f.PeriodFactory(school_year=other_year))

    rita = f.UserFactory(username="rita", first_name="Rita", last_name="Remedial")
    bert = f.UserFactory(username="bert", first_name="Bert", last_name="Bakker")
    for pupil in (p[3], p[4], p[9], stranger, gone):
        f.RemedialAssignmentFactory(pupil=pupil, staff=rita, subject="begrijpend lezen", start_date=START)
    f.RemedialAssignmentFactory(
        pupil=p[5], staff=rita, subject="begrijpend lezen", start_date=START, end_date=datetime.date(2026, 1, 30)
    )
    f.RemedialAssignmentFactory(pupil=p[7], staff=rita, subject="begrijpend lezen", start_date=TODAY.replace(day=9))
    f.RemedialAssignmentFactory(pupil=p[9], staff=bert, subject="rekenen", start_date=START, end_date=TODAY)
    f.RemedialAssignmentFactory(pupil=p[1], staff=bert, subject="rekenen", start_date=START)
    return school


def scope_of(school, low=1, high=8):
    return Scope.build(school, ReportReach(low=low, high=high), today=TODAY)


def by_name(data):
    return {group["name"]: group for group in data["groups"]}


def level_counts(cells, key):
    return {cell["level"]: cell[key] for cell in cells if cell[key]}


@pytest.mark.django_db
def test_whole_school_levels_now_and_at_the_start():
    data = care.compute(scope_of(build_world()))

    groups = by_name(data)
    assert list(groups) == ["Groep 3", "Groep 4/5", "Groep 6", "Groep 8"]
    assert {name: group["pupils"] for name, group in groups.items()} == {
        "Groep 3": 2,
        "Groep 4/5": 2,
        "Groep 6": 3,
        "Groep 8": 2,
    }
    assert level_counts(groups["Groep 3"]["levels"], "start") == {1: 1, 2: 1}
    assert level_counts(groups["Groep 3"]["levels"], "now") == {1: 1, 2: 1}
    assert level_counts(groups["Groep 4/5"]["levels"], "start") == {1: 1, 2: 1}
    assert level_counts(groups["Groep 4/5"]["levels"], "now") == {3: 2}
    assert level_counts(groups["Groep 6"]["levels"], "start") == {1: 2, 3: 1}
    assert level_counts(groups["Groep 6"]["levels"], "now") == {1: 2, 2: 1}
    assert level_counts(groups["Groep 8"]["levels"], "start") == {1: 1, 4: 1}
    assert level_counts(groups["Groep 8"]["levels"], "now") == {2: 1, 4: 1}

    assert data["totals"]["pupils"] == 9
    assert level_counts(data["totals"]["levels"], "start") == {1: 5, 2: 2, 3: 1, 4: 1}
    assert level_counts(data["totals"]["levels"], "now") == {1: 3, 2: 3, 3: 2, 4: 1}
    assert data["start_date"] == "2025-08-18"
    assert data["today"] == "2026-03-02"


@pytest.mark.django_db
def test_whole_school_moves_plans_and_remedial_teaching():
    data = care.compute(scope_of(build_world()))

    assert data["moves"] == [
        {"from": 1, "to": 2, "pupils": 1},
        {"from": 1, "to": 3, "pupils": 1},
        {"from": 2, "to": 3, "pupils": 1},
        {"from": 3, "to": 2, "pupils": 1},
    ]
    assert (data["moves_up"], data["moves_down"]) == (3, 1)

    plans = {group["name"]: (group["plans"], group["open_plans"], group["without_plan"]) for group in data["groups"]}
    assert plans == {"Groep 3": (0, 0, 0), "Groep 4/5": (1, 0, 1), "Groep 6": (1, 1, 0), "Groep 8": (2, 1, 0)}
    totals = data["totals"]
    assert (totals["plans"], totals["open_plans"], totals["without_plan"], totals["at_plan_level"]) == (4, 2, 1, 3)

    assert data["remedial"] == [
        {"staff": "Bert Bakker", "subject": "rekenen", "pupils": 2},
        {"staff": "Rita Remedial", "subject": "begrijpend lezen", "pupils": 3},
    ]
    assert data["remedial_pupils"] == 4


@pytest.mark.django_db
def test_bovenbouw_counts_only_its_own_pupils():
    """Groups 1-4 do not count; of the combination group 4/5 only the year-5 pupil does."""
    data = care.compute(scope_of(build_world(), low=5, high=8))

    groups = by_name(data)
    assert list(groups) == ["Groep 4/5", "Groep 6", "Groep 8"]
    assert groups["Groep 4/5"]["pupils"] == 1
    assert level_counts(groups["Groep 4/5"]["levels"], "start") == {2: 1}
    assert level_counts(groups["Groep 4/5"]["levels"], "now") == {3: 1}
    assert data["totals"]["pupils"] == 6
    assert level_counts(data["totals"]["levels"], "start") == {1: 3, 2: 1, 3: 1, 4: 1}
    assert level_counts(data["totals"]["levels"], "now") == {1: 2, 2: 2, 3: 1, 4: 1}

    assert data["moves"] == [
        {"from": 1, "to": 2, "pupils": 1},
        {"from": 2, "to": 3, "pupils": 1},
        {"from": 3, "to": 2, "pupils": 1},
    ]
    assert (data["moves_up"], data["moves_down"]) == (2, 1)

    assert (groups["Groep 4/5"]["plans"], groups["Groep 4/5"]["open_plans"], groups["Groep 4/5"]["without_plan"]) == (
        0,
        0,
        1,
    )
    totals = data["totals"]
    assert (totals["plans"], totals["open_plans"], totals["without_plan"], totals["at_plan_level"]) == (3, 2, 1, 2)

    assert data["remedial"] == [
        {"staff": "Bert Bakker", "subject": "rekenen", "pupils": 1},
        {"staff": "Rita Remedial", "subject": "begrijpend lezen", "pupils": 2},
    ]
    assert data["remedial_pupils"] == 2


@pytest.mark.django_db
def test_a_past_year_shows_the_levels_as_they_were_then():
    school = build_world()
    last_year = school.school_years.get(name="2024-2025")
    scope = Scope.build(school, ReportReach(), school_year=last_year, today=TODAY)
    data = care.compute(scope)

    assert [group["name"] for group in data["groups"]] == ["Groep 5"]
    # Last year's pupil was set to level 4 in October 2024: 1 at the start, 4 at the end of that year.
    assert level_counts(data["totals"]["levels"], "start") == {1: 1}
    assert level_counts(data["totals"]["levels"], "now") == {4: 1}
    assert data["today"] == "2025-07-18"


@pytest.mark.django_db
def test_the_figures_are_json_and_the_template_reads_plainly():
    import json

    data = care.compute(scope_of(build_world()))
    assert json.loads(json.dumps(data)) == data
    assert care.charts(data) == {}

    html = render_to_string("reports/sections/care.html", {"data": data, "charts": {}, "scope": None})
    assert "Het zorgoverzicht telt 9 leerlingen." in html
    assert "02-03-2026" in html and "18-08-2025" in html
    assert "Sinds het begin van het schooljaar gingen 3 leerlingen naar een hoger zorgniveau." in html
    assert "Sinds het begin van het schooljaar ging 1 leerling naar een lager zorgniveau." in html
    assert "Dit schooljaar zijn er 4 handelingsplannen geschreven." in html
    assert "Daarvan zijn er 2 nog niet geëvalueerd." in html
    assert "1 leerling met zorgniveau 3 of hoger heeft nog geen handelingsplan voor dit schooljaar." in html
    assert "Op 02-03-2026 gaan 4 leerlingen buiten de klas naar remedial teaching." in html
    assert "Rita Remedial" in html


@pytest.mark.django_db
def test_an_empty_school_reads_plainly():
    school = f.SchoolFactory()
    f.SchoolYearFactory(school=school, name="2025-2026", start_date=START, end_date=END)
    data = care.compute(scope_of(school))
    assert data["groups"] == [] and data["totals"]["pupils"] == 0 and data["moves"] == []

    html = render_to_string("reports/sections/care.html", {"data": data, "charts": {}, "scope": None})
    assert "Het zorgoverzicht telt 0 leerlingen." in html
    assert "is het zorgniveau van geen enkele leerling veranderd" in html
    assert "Op 02-03-2026 gaat geen enkele leerling buiten de klas naar remedial teaching." in html


def count_queries(school, **reach):
    scope = scope_of(school, **reach)
    with CaptureQueriesContext(connection) as captured:
        care.compute(scope)
    return len(captured)


@pytest.mark.django_db
def test_a_fixed_number_of_queries_whatever_the_number_of_pupils():
    small = count_queries(build_world())
    big = count_queries(build_world(extra_pupils=12))
    assert small == big == 5
    assert count_queries(build_world(extra_pupils=3), low=5, high=8) == 5
