"""Interim results (reports.figures.interim): the same year group over the years and the same cohort over the years,
computed by hand from a small school built here, for the whole school, the bovenbouw and a teacher."""

import datetime
import json
import re

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
        avi = f.instrument("avi")
        f.AssessmentFactory(
            pupil=self.five[0], instrument=avi, date=jan(2026), moment="M5", score=None, level=f.level("avi", "M5")
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

    def scope(self, reach=None):
        return Scope.build(self.school, reach or ReportReach(), today=TODAY)


@pytest.fixture
def world(db):
    return School()


def subject(data, code):
    return next(s for s in data["subjects"] if s["code"] == code)


def grade(data, code, level):
    return next(g for g in subject(data, code)["year_groups"] if g["grade"] == level)


def cell(data, code, level, year, letter):
    """The year-group figure of ``level`` at M or E of ``year`` (its name)."""
    years = grade(data, code, level)["years"]
    return next(y for y in years if y["year"] == year)["moments"]["ME".index(letter)]


def cohort(data, code, name):
    return next(c for c in subject(data, code)["cohorts"] if c["name"] == name)


def slot(data, code, name, year, letter):
    return cohort(data, code, name)["slots"][2 * data["years"].index(year) + "ME".index(letter)]


# --- the same year group over the years ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_whole_school_year_groups(world):
    data = interim.compute(world.scope())
    assert data["years"] == ["2022-2023", "2023-2024", "2024-2025", "2025-2026"]  # the last four, not 2021-2022
    assert data["year_groups"] is True

    # groep 5 a year ago (the pupils now in groep 6): 2 of 4 at or above the norm, then 3 of 4.
    m5_last = cell(data, "spelling", 5, "2024-2025", "M")
    assert (m5_last["n"], m5_last["at_norm"], m5_last["share_norm"], m5_last["mean_score"]) == (4, 2, 50.0, 130.0)
    assert m5_last["levels"] == [0, 1, 1, 1, 1]  # I II III IV V
    assert m5_last["growth"] is None  # no earlier scores of this group in the four years
    e5_last = cell(data, "spelling", 5, "2024-2025", "E")
    assert (e5_last["share_norm"], e5_last["mean_score"], e5_last["growth"], e5_last["since"]) == (
        75.0,
        140.0,
        10.0,
        "M5",
    )

    # groep 5 now: 4 of 5, mean 140, 20 up from the E4 of last year's groep 4 (the same pupils).
    m5_now = cell(data, "spelling", 5, "2025-2026", "M")
    assert (m5_now["n"], m5_now["at_norm"], m5_now["share_norm"]) == (5, 4, 80.0)
    assert (m5_now["mean_score"], m5_now["growth"], m5_now["since"]) == (140.0, 20.0, "E4")
    assert grade(data, "spelling", 5)["latest"] == {
        "moment": "M5",
        "letter": "M",
        "year": "2025-2026",
        "share": 80.0,
        "at_norm": 4,
        "rated": 5,
        "previous": 50.0,
    }
    assert cell(data, "spelling", 6, "2025-2026", "M")["share_norm"] == 75.0
    assert cell(data, "spelling", 4, "2024-2025", "E")["share_norm"] == 100.0
    three = cell(data, "spelling", 3, "2025-2026", "M")
    assert (three["n"], three["share_norm"]) == (2, 0.0)
    # The 2021-2022 M3 and the other school's M5 results do not count anywhere.
    assert cell(data, "spelling", 3, "2022-2023", "M") is None
    assert sum(c["n"] for y in grade(data, "spelling", 5)["years"] for c in y["moments"] if c) == 4 + 4 + 5

    # A score without a level counts for the mean, not for the share; AVI and method tests do not count.
    sums = cell(data, "rekenen-wiskunde", 5, "2025-2026", "M")
    assert (sums["n"], sums["rated"], sums["share_norm"], sums["mean_score"]) == (1, 0, None, 100.0)
    assert [s["code"] for s in data["subjects"]] == ["spelling", "rekenen-wiskunde"]
    assert [scale["code"] for scale in data["scales"]] == ["i-v"]
    assert data["scales"][0]["norm"] == ["I", "II", "III"] and data["scales"][0]["national"] == 60

    # The spread chart: the latest moment with results (E in 2025-2026? none: M), per year level the last two years.
    spread = subject(data, "spelling")["spread"]
    assert spread["letter"] == "M"
    assert [(bar["grade"], bar["year"], bar["n"]) for bar in spread["bars"]] == [
        (3, "2025-2026", 2),
        (5, "2024-2025", 4),
        (5, "2025-2026", 5),
        (6, "2025-2026", 4),
    ]


@pytest.mark.django_db
def test_bouw_scope_counts_its_year_levels_only(world):
    data = interim.compute(world.scope(ReportReach(low=5, high=8)))
    assert [g["grade"] for g in subject(data, "spelling")["year_groups"]] == [5, 6]
    # Last year's E4 (groep 4) is outside the bovenbouw: no growth for this year's M5 in the year-group view...
    m5_now = cell(data, "spelling", 5, "2025-2026", "M")
    assert (m5_now["share_norm"], m5_now["growth"]) == (80.0, None)
    # ... but the cohort of groep 5 is followed back into groep 4.
    assert [c["name"] for c in subject(data, "spelling")["cohorts"]] == ["Groep 5", "Groep 6"]
    (e4,) = slot(data, "spelling", "Groep 5", "2024-2025", "E")
    assert (e4["moment"], e4["share_norm"]) == ("E4", 100.0)
    (m5,) = slot(data, "spelling", "Groep 5", "2025-2026", "M")
    assert (m5["growth"], m5["since"]) == (20.0, "E4")
    assert [g["name"] for g in data["groups"]] == ["Groep 5", "Groep 6", "Groep 8"]


# --- the same cohort over the years ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cohort_of_a_group_in_time_order(world):
    data = interim.compute(world.scope())
    six = cohort(data, "spelling", "Groep 6")
    moments = [
        (row["moment"], row["share_norm"], row["mean_score"], row["growth"]) for rows in six["slots"] for row in rows
    ]
    assert moments == [("M5", 50.0, 130.0, None), ("E5", 75.0, 140.0, 10.0), ("M6", 75.0, 150.0, 10.0)]
    assert [end["moment"] for end in six["ends"]] == ["M5", "M6"]
    assert six["ends"][-1]["levels"] == [1, 1, 1, 1, 0]


@pytest.mark.django_db
def test_teacher_sees_only_the_cohort_of_her_own_group(world):
    data = interim.compute(world.scope(ReportReach(group_ids=(world.groep5.pk,))))
    assert data["year_groups"] is False
    assert [g["name"] for g in data["groups"]] == ["Groep 5"]
    spelling = subject(data, "spelling")
    assert spelling["year_groups"] is None
    assert [c["name"] for c in spelling["cohorts"]] == ["Groep 5"]
    rows = [row for rows in spelling["cohorts"][0]["slots"] for row in rows]
    assert [(row["moment"], row["n"]) for row in rows] == [("E4", 5), ("M5", 5)]  # none of groep 6's pupils
    assert data["groups"][0]["entrance"] is None


# --- the entrance test ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_entrance_test_of_group_8_as_in_the_seed(world):
    for reach in (ReportReach(), ReportReach(low=5, high=8), ReportReach(group_ids=(world.groep8.pk,))):
        data = interim.compute(world.scope(reach))
        (eight,) = [g for g in data["groups"] if g["name"] == "Groep 8"]
        test = eight["entrance"]
        assert (test["year"], test["tested"], test["as_expected"]) == ("2024-2025", 30, 6)
        below = {domain["code"]: (domain["below"], domain["n"]) for domain in test["domains"]}
        assert below == {
            "spelling": (23, 30),
            "begrijpend-lezen": (18, 30),
            "woordenschat": (11, 30),
            "rekenen-wiskunde": (16, 30),
            "studievaardigheden": (14, 30),
        }
    # The entrance test is no LVS subject of its own.
    assert all(g["entrance"] is None for g in data["groups"] if g["name"] != "Groep 8")


# --- fast, stored, drawn ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_fixed_number_of_queries_whatever_the_size(db):
    small, big = School(), School(extra=12)
    for reach, queries in ((ReportReach(), 7), (ReportReach(low=5, high=8), 7)):
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
        assert len(context.captured_queries) == 6  # no year-group view
    big_data = interim.compute(big.scope())
    assert len(subject(big_data, "woordenschat")["cohorts"]) == 12


@pytest.mark.django_db
def test_json_safe_and_charts_drawn_from_stored_data(world):
    data = interim.compute(world.scope())
    stored = json.loads(json.dumps(data))
    assert stored == data
    charts = interim.charts(stored)
    assert set(charts) == {
        "jaargroep-norm-spelling",
        "jaargroep-spread-spelling",
        "cohort-norm-spelling",
        "jaargroep-norm-rekenen-wiskunde",
        "jaargroep-spread-rekenen-wiskunde",
        "cohort-norm-rekenen-wiskunde",
    }
    assert charts == interim.charts(data)
    assert "landelijk 60 % op of boven de norm" in charts["jaargroep-norm-spelling"]
    teacher = interim.charts(interim.compute(world.scope(ReportReach(group_ids=(world.groep5.pk,)))))
    assert "cohort-spread-spelling" in teacher and "jaargroep-norm-spelling" not in teacher


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
        "Groep 5, midden 2025-2026: 80,0 % op of boven de norm (4 van 5 leerlingen). Een jaar eerder was dat 50,0 %."
        in html
    )
    assert "Groep 6: van 50,0 % op of boven de norm bij M5 (2024-2025) naar 75,0 % bij M6 (2025-2026)." in html
    assert "6 van de 30 leerlingen scoorden op alle onderdelen zoals verwacht" in html
    assert "<svg" in html and "140,0 (+20,0)" in html
    for line in ("Spelling", "Begrijpend lezen", "Woordenschat", "Rekenen-wiskunde", "Studievaardigheden"):
        assert f'<th scope="row" class="fw-normal">{line}</th>' in html
    assert re.search(r"Spelling</th> <td[^>]*>30</td> <td[^>]*>23</td> <td[^>]*>76,7 %</td>", html)


@pytest.mark.django_db
def test_singular_and_empty(world):
    data = interim.compute(world.scope(ReportReach(group_ids=(world.groep3.pk,))))
    data["groups"][0]["entrance"] = {"year": "2024-2025", "tested": 30, "as_expected": 1, "domains": []}
    html = render(data)
    assert "1 van de 30 leerlingen scoorde op alle onderdelen zoals verwacht" in html
    assert "Groep 3: 0,0 % op of boven de norm bij M3 (2025-2026)." in html
    assert "Groep 6" not in html and "Groep 5" not in html
    quiet = f.SchoolFactory()
    year(quiet, 2025)
    empty = interim.compute(Scope.build(quiet, ReportReach(), today=TODAY))
    assert (empty["subjects"], empty["groups"]) == ([], [])
    assert "Er zijn over de laatste vier schooljaren geen resultaten van het leerlingvolgsysteem." in render(empty)


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
    cohorts = subject(whole, "spelling")["cohorts"]
    assert [(c["name"], c["grade"], c["combined"]) for c in cohorts] == [
        ("Groep 4/5", 4, True),
        ("Groep 4/5", 5, True),
        ("Groep 7/8", 7, True),
        ("Groep 7/8", 8, True),
    ]
    eight = [row for rows in cohorts[3]["slots"] for row in rows]
    assert [(row["moment"], row["share_norm"], row["growth"]) for row in eight] == [
        ("E7", 100.0, None),
        ("M8", 0.0, -5.0),
    ]

    bovenbouw = interim.compute(Scope.build(school, ReportReach(low=5, high=8), today=TODAY))
    assert [(c["name"], c["grade"]) for c in subject(bovenbouw, "spelling")["cohorts"]] == [
        ("Groep 4/5", 5),
        ("Groep 7/8", 7),
        ("Groep 7/8", 8),
    ]
    assert [(g["name"], g["pupils"]) for g in bovenbouw["groups"]] == [("Groep 4/5", 1), ("Groep 7/8", 2)]
    assert [g["grade"] for g in subject(bovenbouw, "spelling")["year_groups"]] == [5, 7, 8]
    html = render(bovenbouw)
    assert (
        "Groep 7/8, jaargroep 8: van 100,0 % op of boven de norm bij E7 (2024-2025) naar 0,0 % bij M8 (2025-2026)."
        in html
    )
    assert "Groep 7/8, gr. 8" in interim.charts(bovenbouw)["cohort-norm-spelling"]
