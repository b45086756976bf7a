"""Interim results (reports.figures.interim): per subject the same year group over the years, the spread over the
levels at the latest test and the same group over the years, computed by hand from a small school built here, for
the whole school, the bovenbouw and a teacher; and the entrance test of group 8."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reports.figures import interim
from reports.scope import Scope
from schools.access import ReportReach
from tests import factories as f

TODAY = datetime.date(2026, 7, 1)  # the end of school year 2025-2026, after the E-toetsen
ENTRANCE_BELOW = {  # the seed's group-7 entrance test of the current group 8: pupils (by number) below the norm
    "spelling": range(7, 30),  # 23
    "begrijpend-lezen": range(6, 24),  # 18
    "woordenschat": range(19, 30),  # 11
    "rekenen-wiskunde": range(14, 30),  # 16
    "studievaardigheden": range(16, 30),  # 14
}
SVG = "{http://www.w3.org/2000/svg}"


def year(school, start):
    return f.SchoolYearFactory(
        school=school,
        start_date=datetime.date(start, 8, 17),
        end_date=datetime.date(start + 1, 7, 16),
        name=f"{start}-{start + 1}",
    )


def enrol(pupil, group, level=None):
    return f.EnrolmentFactory(pupil=pupil, group=group, year_level=level or group.year_level_low)


def result(pupil, moment, level, score=None, day=None, subject="lvs-spelling", scale="i-v"):
    """An LVS result in January (M) or June (E) of the school year that ends in ``day``'s year."""
    f.AssessmentFactory(
        pupil=pupil,
        instrument=f.instrument(subject),
        date=day,
        moment=moment,
        score=score,
        level=f.level(scale, level) if level else None,
    )


def jan(end_year):
    return datetime.date(end_year, 1, 20)


def jun(end_year):
    return datetime.date(end_year, 6, 10)


class School:
    """Five school years (the oldest outside the last four). In 2025-2026: groep 3, 5, 6 and 8.

    - groep 6 now (groep 5 in 2024-2025), 4 pupils: M5 2025 II III IV V (scores 140 150 120 110: mean 130);
      E5 2025 II II III IV (150 160 130 120: 140); M6 2026 I II III IV (160 170 140 130: 150).
      One of them has an M3 in 2021-2022, outside the four years.
    - groep 5 now (groep 4 in 2024-2025), 5 pupils: E4 2025 III x5 (120 each); M5 2026 I II III III V
      (150 150 140 140 120: 140); one also a rekenen score without a level (100).
    - groep 3 now, 2 pupils: M3 2026 IV V.
    - groep 8 now, 30 pupils: only the entrance test of 2024-2025 (ENTRANCE_BELOW).
    - two pupils who left after groep 8 in 2024-2025: E8 2025 II and V.
    - another school's groep 5 with M5 results, an AVI level with a moment, a method test: none of it counts.
    """

    def __init__(self, extra=0):
        self.school = f.SchoolFactory(name="De Wilg")
        self.old = year(self.school, 2021)
        self.y2023, self.y2024, self.last, self.now = (year(self.school, start) for start in (2022, 2023, 2024, 2025))
        group = lambda name, level, yr: f.GroupFactory(school_year=yr, name=name, year_level_low=level)  # noqa: E731
        self.groep3 = group("Groep 3", 3, self.now)
        self.groep5 = group("Groep 5", 5, self.now)
        self.groep6 = group("Groep 6", 6, self.now)
        self.groep8 = group("Groep 8", 8, self.now)
        past5 = group("Groep 5", 5, self.last)
        past4 = group("Groep 4", 4, self.last)

        self.six = [f.PupilFactory(school=self.school) for _ in range(4)]
        for pupil, m5, e5, m6, score in zip(
            self.six,
            ["II", "III", "IV", "V"],
            ["II", "II", "III", "IV"],
            ["I", "II", "III", "IV"],
            [140, 150, 120, 110],
            strict=True,
        ):
            enrol(pupil, past5)
            enrol(pupil, self.groep6)
            result(pupil, "M5", m5, score, jan(2025))
            result(pupil, "E5", e5, score + 10, jun(2025))
            result(pupil, "M6", m6, score + 20, jan(2026))
        enrol(self.six[0], group("Groep 1/2", 1, self.old), level=2)
        result(self.six[0], "M3", "V", 50, jan(2022))

        self.five = [f.PupilFactory(school=self.school) for _ in range(5)]
        for pupil, m5, score in zip(self.five, ["I", "II", "III", "III", "V"], [150, 150, 140, 140, 120], strict=True):
            enrol(pupil, past4)
            enrol(pupil, self.groep5)
            result(pupil, "E4", "III", 120, jun(2025))
            result(pupil, "M5", m5, score, jan(2026))
        result(self.five[0], "M5", None, 100, jan(2026), subject="lvs-rekenen-wiskunde")
        f.AssessmentFactory(
            pupil=self.five[0],
            instrument=f.instrument("avi"),
            date=jan(2026),
            moment="M5",
            score=None,
            level=f.level("avi", "M5"),
        )
        f.AssessmentFactory(
            pupil=self.five[1],
            instrument=f.instrument("methode-spelling"),
            date=jan(2026),
            moment="M5",
            level=None,
            score=30,
        )

        self.three = [f.PupilFactory(school=self.school) for _ in range(2)]
        for pupil, level in zip(self.three, ["IV", "V"], strict=True):
            enrol(pupil, self.groep3)
            result(pupil, "M3", level, 90, jan(2026))

        past8 = group("Groep 8", 8, self.last)
        for level in ("II", "V"):
            leaver = f.PupilFactory(school=self.school)
            enrol(leaver, past8)
            result(leaver, "E8", level, 200, jun(2025))

        self.eight = [f.PupilFactory(school=self.school) for _ in range(30)]
        entrance = f.instrument("entreetoets")
        for number, pupil in enumerate(self.eight):
            enrol(pupil, self.groep8)
            for code, below in ENTRANCE_BELOW.items():
                f.AssessmentFactory(
                    pupil=pupil,
                    instrument=entrance,
                    subject=f.subject(code),
                    date=datetime.date(2025, 4, 15),
                    moment="",
                    score=None,
                    level=f.level("referentieniveau", "<1F" if number in below else "1F"),
                )

        other = f.SchoolFactory(name="De Verre School")
        other_group = f.GroupFactory(school_year=year(other, 2025), name="Groep 5", year_level_low=5)
        for _ in range(3):
            pupil = f.PupilFactory(school=other)
            enrol(pupil, other_group)
            result(pupil, "M5", "I", 200, jan(2026))

        # A bigger world: more pupils in more groups and more school years, the same queries.
        for number in range(extra):
            pupil = f.PupilFactory(school=self.school)
            enrol(pupil, group(f"Groep 7{chr(65 + number)}", 7, self.now))
            enrol(pupil, group(f"Groep 6{chr(65 + number)}", 6, self.last))
            enrol(pupil, group(f"Groep 5{chr(65 + number)}", 5, self.y2024))
            for moment, day, lvl in (("M5", jan(2024), "I"), ("E6", jun(2025), "II"), ("M7", jan(2026), "IV")):
                result(pupil, moment, lvl, 150, day)
                result(pupil, moment, lvl, 150, day, subject="lvs-woordenschat")
            gone = f.PupilFactory(school=self.school)
            enrol(gone, group(f"Groep 8{chr(65 + number)}", 8, self.last))
            result(gone, "E8", "I", 210, jun(2025), subject="lvs-woordenschat")

    def scope(self, reach=None):
        return Scope.build(self.school, reach or ReportReach(), today=TODAY)


@pytest.fixture
def world(db):
    return School()


def subject(data, code):
    return next(s for s in data["subjects"] if s["code"] == code)


def grades(data, code):
    """Year group -> its cells (per shown school year [share at M, share at E]) and growth."""
    return {row["grade"]: (row["cells"], row["growth"]) for row in subject(data, code)["grades"]}


def cohorts(data, code):
    """(group, year level) -> its cells."""
    return {(row["group"], row["grade"]): row["cells"] for row in subject(data, code)["cohorts"]}


def spread(data, code):
    """Row label (the group, or the year group) -> the counts per level."""
    found = subject(data, code)["spread"]
    return {row["group"] or row["grade"]: row["counts"] for row in found["rows"]}


# --- the same year group over the years ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_whole_school_year_groups(world):
    data = interim.compute(world.scope())
    # The last four school years are 2022-2023 to 2025-2026; only the two with results get a column (the M3 of
    # 2021-2022 is older than that).
    assert data["years"] == ["2024-2025", "2025-2026"]
    assert data["year_groups"] is True
    # Only spelling: the rekenen result has a score but no level (no share at the norm), AVI and the method test
    # are no LVS tests with a norm, and the other school's results are not ours.
    assert [s["code"] for s in data["subjects"]] == ["spelling"]
    assert data["scales"] == [
        {"code": "i-v", "name": "I–V", "norm": ["I", "II", "III"], "below": ["IV", "V"], "national": 60}
    ]

    spelling = subject(data, "spelling")
    assert spelling["latest"] == {"year": "2025-2026", "letter": "M"}
    assert grades(data, "spelling") == {
        # groep 3: M3 IV V, none at the norm.
        3: ([[None, None], [0, None]], None),
        # groep 4 a year ago (the pupils now in groep 5): E4 five times III.
        4: ([[None, 100], [None, None]], None),
        # groep 5: M5 2 of 4 and E5 3 of 4 a year ago; now M5 4 of 5, mean 140, 20 above the E4 (120).
        5: ([[50, 75], [80, None]], 20.0),
        # groep 6: M6 3 of 4, mean 150, 10 above the E5 of a year ago (140).
        6: ([[None, None], [75, None]], 10.0),
        # groep 8 a year ago: the two leavers, E8 II and V.
        8: ([[None, 50], [None, None]], None),
    }
    # The year group that changed most since the same test a year earlier: groep 5, from 50 to 80 %.
    assert spelling["headlines"] == [
        {
            "group": None,
            "grade": 5,
            "combined": False,
            "before": {"year": "2024-2025", "letter": "M", "share": 50},
            "after": {"year": "2025-2026", "letter": "M", "share": 80},
        }
    ]
    # The spread at the latest test (M 2025-2026), per year group that took it; levels I II III IV V.
    assert spelling["spread"]["levels"] == ["I", "II", "III", "IV", "V"]
    assert spelling["spread"]["below"] == ["IV", "V"]
    assert (spelling["spread"]["year"], spelling["spread"]["letter"]) == ("2025-2026", "M")
    assert spread(data, "spelling") == {3: [0, 0, 0, 1, 1], 5: [1, 1, 2, 0, 1], 6: [1, 1, 1, 1, 0]}


@pytest.mark.django_db
def test_bouw_scope_counts_its_year_levels_only(world):
    data = interim.compute(world.scope(ReportReach(low=5, high=8)))
    assert data["years"] == ["2024-2025", "2025-2026"]
    # No groep 3 and 4: last year's E4 is outside the bovenbouw, so this year's M5 has no growth here...
    assert grades(data, "spelling") == {
        5: ([[50, 75], [80, None]], None),
        6: ([[None, None], [75, None]], 10.0),
        8: ([[None, 50], [None, None]], None),
    }
    assert spread(data, "spelling") == {5: [1, 1, 2, 0, 1], 6: [1, 1, 1, 1, 0]}
    # ... but the pupils now in groep 5 are followed back into groep 4; groep 3 is not in the bovenbouw.
    assert cohorts(data, "spelling") == {
        ("Groep 5", 5): [[None, 100], [80, None]],
        ("Groep 6", 6): [[50, 75], [75, None]],
    }
    assert [line["grade"] for line in subject(data, "spelling")["headlines"]] == [5]


# --- the same group over the years -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_current_groups_followed_back_in_group_order(world):
    data = interim.compute(world.scope())
    # The leavers of last year's groep 8 and groep 8 now (no LVS results) have no row; the 2021-2022 M3 of one of
    # groep 6's pupils is older than the four years.
    assert list(cohorts(data, "spelling").items()) == [
        (("Groep 3", 3), [[None, None], [0, None]]),
        (("Groep 5", 5), [[None, 100], [80, None]]),
        (("Groep 6", 6), [[50, 75], [75, None]]),
    ]


@pytest.mark.django_db
def test_teacher_sees_only_her_own_group_as_a_cohort(world):
    data = interim.compute(world.scope(ReportReach(group_ids=(world.groep5.pk,))))
    assert data["year_groups"] is False
    spelling = subject(data, "spelling")
    assert spelling["grades"] is None  # no year-group view: last year's groep 5 is not hers
    assert cohorts(data, "spelling") == {("Groep 5", 5): [[None, 100], [80, None]]}  # none of groep 6's pupils
    # The spread of her own group at its latest test, and her group's last two tests in words.
    assert spread(data, "spelling") == {"Groep 5": [1, 1, 2, 0, 1]}
    assert spelling["headlines"] == [
        {
            "group": "Groep 5",
            "grade": 5,
            "combined": False,
            "before": {"year": "2024-2025", "letter": "E", "share": 100},
            "after": {"year": "2025-2026", "letter": "M", "share": 80},
        }
    ]
    assert data["entrance"] == []


@pytest.mark.django_db
def test_a_combination_group_is_followed_per_year_level_and_a_bouw_keeps_its_own_levels():
    school = f.SchoolFactory(name="Het Kompas")
    last, now = year(school, 2024), year(school, 2025)
    seven_eight = f.GroupFactory(school_year=now, name="Groep 7/8", year_level_low=7, year_level_high=8)
    four_five = f.GroupFactory(school_year=now, name="Groep 4/5", year_level_low=4, year_level_high=5)
    earlier = f.GroupFactory(school_year=last, name="Groep 6/7", year_level_low=6, year_level_high=7)
    seventh, eighth, fourth, fifth = (f.PupilFactory(school=school) for _ in range(4))
    enrol(seventh, seven_eight, 7)
    enrol(eighth, seven_eight, 8)
    enrol(eighth, earlier, 7)
    enrol(fourth, four_five, 4)
    enrol(fifth, four_five, 5)
    result(seventh, "M7", "I", 180, jan(2026))
    result(eighth, "E7", "II", 190, jun(2025))
    result(eighth, "M8", "V", 185, jan(2026))
    result(fourth, "M4", "IV", 110, jan(2026))
    result(fifth, "M5", "II", 140, jan(2026))

    whole = interim.compute(Scope.build(school, ReportReach(), today=TODAY))
    assert [(c["group"], c["grade"], c["combined"]) for c in subject(whole, "spelling")["cohorts"]] == [
        ("Groep 4/5", 4, True),
        ("Groep 4/5", 5, True),
        ("Groep 7/8", 7, True),
        ("Groep 7/8", 8, True),
    ]
    assert cohorts(whole, "spelling")[("Groep 7/8", 8)] == [[None, 100], [0, None]]

    bovenbouw = interim.compute(Scope.build(school, ReportReach(low=5, high=8), today=TODAY))
    assert list(cohorts(bovenbouw, "spelling")) == [("Groep 4/5", 5), ("Groep 7/8", 7), ("Groep 7/8", 8)]
    assert list(grades(bovenbouw, "spelling")) == [5, 7, 8]
    # The year group of E7 2024-2025 is the one pupil then in groep 6/7 at year level 7.
    assert grades(bovenbouw, "spelling")[7] == ([[None, 100], [100, None]], None)
    html = render(bovenbouw)
    assert "Groep 7/8, jaargroep 8" in html


# --- the entrance test ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_entrance_test_of_group_8_as_in_the_seed(world):
    for reach in (ReportReach(), ReportReach(low=5, high=8), ReportReach(group_ids=(world.groep8.pk,))):
        data = interim.compute(world.scope(reach))
        (test,) = data["entrance"]
        assert (test["group"], test["year"], test["tested"], test["as_expected"]) == ("Groep 8", "2024-2025", 30, 6)
        below = {domain["code"]: (domain["below"], domain["n"]) for domain in test["domains"]}
        assert below == {
            "spelling": (23, 30),
            "begrijpend-lezen": (18, 30),
            "woordenschat": (11, 30),
            "rekenen-wiskunde": (16, 30),
            "studievaardigheden": (14, 30),
        }
    # The entrance test is no LVS subject of its own.
    assert [s["code"] for s in data["subjects"]] == []


# --- fast, stored, drawn ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_fixed_number_of_queries_whatever_the_size(db):
    small, big = School(), School(extra=12)
    for reach, queries in ((ReportReach(), 6), (ReportReach(low=5, high=8), 6)):
        counts = []
        for world in (small, big):
            scope = world.scope(reach)
            with CaptureQueriesContext(connection) as context:
                interim.compute(scope)
            counts.append(len(context.captured_queries))
        assert counts == [queries, queries]
    for world in (small, big):
        scope = world.scope(ReportReach(group_ids=(world.groep5.pk,)))
        with CaptureQueriesContext(connection) as context:
            interim.compute(scope)
        assert len(context.captured_queries) == 5  # no year-group view: no former pupils
    big_data = interim.compute(big.scope())
    assert big_data["years"] == ["2023-2024", "2024-2025", "2025-2026"]
    assert len(subject(big_data, "woordenschat")["cohorts"]) == 12
    # The twelve leavers of the groep 8s of 2024-2025, all at level I, next to nobody else at E8 that year.
    assert grades(big_data, "woordenschat")[8] == ([[None, None], [None, 100], [None, None]], None)


@pytest.mark.django_db
def test_results_are_read_per_pupil_in_scope_through_the_index(world):
    """On SQLite (which keeps no statistics here) both result queries start from the enrolments in scope and read
    each pupil's results through an index on the pupil: never the whole results table of every school."""
    if connection.vendor != "sqlite":
        pytest.skip("the query plan is SQLite's")
    with CaptureQueriesContext(connection) as context:
        interim.compute(world.scope())
    plans = []
    for query in context.captured_queries:
        if '"pupils_assessment"' in query["sql"] and "entreetoets" not in query["sql"]:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
                plans.append([row[-1] for row in cursor.fetchall()])
    assert len(plans) == 2
    for plan in plans:
        results = [step for step in plan if " pupils_assessment " in f"{step} "]
        assert results and all(step.startswith("SEARCH") and "(pupil_id=?" in step for step in results), plan


@pytest.mark.django_db
def test_json_compact_and_charts_drawn_from_stored_data(world):
    data = interim.compute(world.scope())
    stored = json.loads(json.dumps(data))
    assert stored == data
    charts = interim.charts(stored)
    assert set(charts) == {"spelling"}
    assert charts == interim.charts(data)
    root = ET.fromstring(str(charts["spelling"]))
    # Light for the PDF: one title and description, no tooltip per segment, few texts; the numbers are in the
    # table under it.
    assert [element.tag for element in root.iter() if element.tag in (f"{SVG}title", f"{SVG}desc")] == [
        f"{SVG}title",
        f"{SVG}desc",
    ]
    assert root.find(f"{SVG}title").text == "Spelling: spreiding over de niveaus bij de M-toets van 2025-2026"
    texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
    assert texts == ["0 %", "50 %", "100 %", "I", "II", "III", "IV", "V", "groep 3", "groep 5", "groep 6"]
    assert len(str(charts["spelling"])) < 8 * 1024
    teacher = interim.charts(interim.compute(world.scope(ReportReach(group_ids=(world.groep5.pk,)))))
    assert "Groep 5" in teacher["spelling"]


@pytest.mark.django_db
def test_json_holds_only_what_the_section_shows(world):
    """A finalized report stores this: shares as whole percents, counts, names; nothing per pupil or per level of
    every cell."""
    data = interim.compute(world.scope())
    assert set(data) == {"years", "year_groups", "scales", "subjects", "entrance"}
    spelling = subject(data, "spelling")
    assert set(spelling) == {"code", "name", "latest", "headlines", "grades", "spread", "cohorts"}
    assert set(spelling["grades"][0]) == {"grade", "cells", "growth"}
    assert set(spelling["cohorts"][0]) == {"group", "grade", "combined", "cells"}
    assert set(spelling["spread"]) == {"year", "letter", "levels", "below", "rows"}
    assert set(spelling["spread"]["rows"][0]) == {"group", "grade", "counts"}
    assert len(json.dumps(data)) < 3000


def render(data):
    with translation.override("nl"):
        html = render_to_string(
            "reports/sections/interim.html", {"data": data, "charts": interim.charts(data), "section": None}
        )
    return re.sub(r"\s+", " ", html)


@pytest.mark.django_db
def test_page_reads_in_words(world):
    html = render(interim.compute(world.scope()))
    assert (
        "Het grootste verschil met een jaar eerder zit in groep 5: bij de M-toets van 2024-2025 scoorde 50 % op of "
        "boven de norm, bij die van 2025-2026 80 %." in html
    )
    # groep 5's row: M and E per school year, then the growth.
    assert re.search(r'<th scope="row">groep 5</th><td>M 50 · E 75</td><td>M 80 · E –</td><td[^>]*>\+20,0</td>', html)
    assert re.search(r'<th scope="row">Groep 6</th><td>M 50 · E 75</td><td>M 75 · E –</td></tr>', html)
    assert "Het aantal leerlingen per niveau bij de M-toets van 2025-2026." in html
    assert 'IV<span class="visually-hidden"> (onder de norm)</span>' in html
    assert "<svg" in html
    # The entrance test of groep 8, as the seed has it.
    assert "Entreetoets van de leerlingen van Groep 8 (schooljaar 2024-2025)" in html
    assert "6 van de 30 leerlingen scoorden op alle onderdelen zoals verwacht" in html
    for line in ("Spelling", "Begrijpend lezen", "Woordenschat", "Rekenen-wiskunde", "Studievaardigheden"):
        assert f'<th scope="row" class="fw-normal">{line}</th>' in html
    assert re.search(r"Spelling</th> <td[^>]*>30</td> <td[^>]*>23</td> <td[^>]*>76,7 %</td>", html)


@pytest.mark.django_db
def test_teacher_page_singular_and_empty(world):
    data = interim.compute(world.scope(ReportReach(group_ids=(world.groep5.pk,))))
    data["entrance"] = [{"group": "Groep 5", "year": "2024-2025", "tested": 30, "as_expected": 1, "domains": []}]
    html = render(data)
    assert (
        "Groep 5: bij de E-toets van 2024-2025 scoorde 100 % op of boven de norm, bij de M-toets van 2025-2026 80 %."
        in html
    )
    assert "1 van de 30 leerlingen scoorde op alle onderdelen zoals verwacht" in html
    assert "Dezelfde jaargroep over de jaren" not in html
    assert "Groep 6" not in html and "groep 6" not in html
    quiet = f.SchoolFactory()
    year(quiet, 2025)
    empty = interim.compute(Scope.build(quiet, ReportReach(), today=TODAY))
    assert (empty["subjects"], empty["entrance"]) == ([], [])
    assert "Er zijn over de laatste vier schooljaren geen resultaten van het leerlingvolgsysteem." in render(empty)
