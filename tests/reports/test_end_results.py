"""End results: the doorstroomtoets per domain and combined, against the thresholds and ambitions, over the
group-8 pupils of the last three ended school years. Every number below is counted by hand from the pupils
the test creates."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pupils.models import Assessment, Exemption, SecondaryAdvice
from reports.figures import end_results
from reports.models import YearTarget
from reports.scope import Scope
from schools.access import ReportReach
from tests import factories as f

from .helpers import redrawn_chart, render_section

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)  # in school year 2025-2026; the three ended years are 2022-2025
DOMAINS = ("lezen", "taalverzorging", "rekenen-wiskunde")


# --- A small school with four years -----------------------------------------------------------------------------


def school_years(school, first=2022, last=2025):
    return {
        start: f.SchoolYearFactory(
            school=school,
            name=f"{start}-{start + 1}",
            start_date=datetime.date(start, 8, 17),
            end_date=datetime.date(start + 1, 7, 16),
        )
        for start in range(first, last + 1)
    }


def group(year, low, high=None, name=None):
    return f.GroupFactory(
        school_year=year, year_level_low=low, year_level_high=high or low, name=name or f"Groep {low} {year.name}"
    )


def enrol(group, year_level=None, **pupil):
    names = {f"pupil__{key}": value for key, value in pupil.items()}
    enrolment = f.EnrolmentFactory(
        group=group, year_level=year_level or group.year_level_high, pupil__school=group.school_year.school, **names
    )
    return enrolment.pupil


def results(pupil, year, levels):
    """Doorstroomtoets results in April of ``year``: one level per domain (lezen, taal, rekenen)."""
    for domain, code in zip(DOMAINS, levels, strict=True):
        Assessment.objects.create(
            pupil=pupil,
            instrument=f.instrument("doorstroomtoets"),
            subject=f.subject(domain),
            date=datetime.date(year.end_date.year, 4, 20),
            level=f.level("referentieniveau", code),
        )


def cohort(group, splits):
    """Pupils in ``group`` with results; ``splits`` per domain as (at 2F/1S, at 1F only, below 1F). The
    first pupils get the highest levels, domain by domain."""
    size = sum(splits[0])
    pupils = [enrol(group) for _ in range(size)]
    per_domain = [["2F/1S"] * high + ["1F"] * middle + ["<1F"] * low for high, middle, low in splits]
    for index, pupil in enumerate(pupils):
        results(pupil, group.school_year, [levels[index] for levels in per_domain])
    return pupils


def exempt(pupil, year, ground):
    SecondaryAdvice.objects.create(pupil=pupil, school_year=year, provisional="pro", exemption=ground)


def build(school, extra=0):
    """The school of these tests. ``extra`` adds that many pupils to every cohort (each reaching 2F/1S in
    every domain), for the query-count test."""
    years = school_years(school)
    y1, y2, y3, now = years[2022], years[2023], years[2024], years[2025]
    # 2022-2023: 10 pupils. Lezen 9 of 10 at 1F (6 at 2F), taal 8 (5), rekenen 10 (4).
    g1 = group(y1, 8, name="Groep 8 (2022)")
    cohort(g1, [(6 + extra, 3, 1), (5 + extra, 3, 2), (4 + extra, 6, 0)])
    # ... and one pupil with an IQ below 75 and no level reached, who does not count.
    low_iq = enrol(g1, first_name="Sanne", surname="Smit")
    results(low_iq, y1, ["<1F", "<1F", "<1F"])
    exempt(low_iq, y1, Exemption.IQ_BELOW_75)
    # 2023-2024: 20 pupils in a combination group 7/8. Lezen 17 (12), taal 16 (10), rekenen 15 (8).
    g2 = group(y2, 7, 8, name="Groep 7/8 (2023)")
    cohort(g2, [(12 + extra, 5, 3), (10 + extra, 6, 4), (8 + extra, 7, 5)])
    # Group-7 pupils of the combination group do not count, even with results.
    results(enrol(g2, year_level=7), y2, ["<1F", "<1F", "<1F"])
    newcomer = enrol(g2, first_name="Ahmed", name_prefix="el", surname="Amrani")
    exempt(newcomer, y2, Exemption.UNDER_FOUR_YEARS)
    # 2024-2025: 5 pupils. Lezen 5 (5), taal 5 (4), rekenen 5 (3).
    g3 = group(y3, 8, name="Groep 8 (2024)")
    cohort(g3, [(5 + extra, 0, 0), (4 + extra, 1, 0), (3 + extra, 2, 0)])
    # A result of a group-5 pupil and one from this (not yet ended) school year do not count.
    results(enrol(group(y3, 5)), y3, ["<1F", "<1F", "<1F"])
    results(enrol(group(now, 8, name="Groep 8 (2025)")), now, ["<1F", "<1F", "<1F"])
    # The entreetoets is no end result.
    Assessment.objects.create(
        pupil=enrol(g3),
        instrument=f.instrument("entreetoets"),
        subject=f.subject("lezen"),
        date=datetime.date(2025, 4, 20),
        level=f.level("referentieniveau", "<1F"),
    )
    YearTarget.objects.create(school_year=y1, schoolweging=Decimal("33.0"))
    YearTarget.objects.create(school_year=y3, schoolweging=Decimal("34.0"))
    YearTarget.objects.create(school_year=now, ambition_1f=Decimal("90.0"), ambition_1s2f=Decimal("50.0"))
    return years


def other_school():
    """A second school whose group 8 reached nothing and had an exemption: none of it may count."""
    school = f.SchoolFactory(name="De Andere School")
    y = school_years(school, 2023, 2023)[2023]
    pupils = cohort(group(y, 8), [(0, 0, 4)] * 3)
    exempt(pupils[0], y, Exemption.EXEMPT_FROM_TEST)
    return school


@pytest.fixture
def school():
    school = f.SchoolFactory(name="De Wilg")
    build(school)
    other_school()
    return school


def scope_for(school, low=1, high=8):
    return Scope.build(school, ReportReach(low=low, high=high), today=TODAY)


def combined(figures):
    return {item["indicator"]: (item["share"], item["vs_threshold"], item["vs_ambition"]) for item in figures}


# --- The figures ---------------------------------------------------------------------------------------------------


def test_shares_per_domain_and_year_counted_by_hand(school):
    data = end_results.compute(scope_for(school))
    assert data["applies"]
    assert [year["name"] for year in data["years"]] == ["2022-2023", "2023-2024", "2024-2025"]
    assert [year["pupils"] for year in data["years"]] == [10, 20, 5]
    first = {
        d["code"]: (d["counted"], d["reached_1f"], d["share_1f"], d["share_1s2f"]) for d in data["years"][0]["domains"]
    }
    assert first == {
        "lezen": (10, 9, 90.0, 60.0),
        "taalverzorging": (10, 8, 80.0, 50.0),
        "rekenen-wiskunde": (10, 10, 100.0, 40.0),
    }
    second = {d["code"]: (d["share_1f"], d["share_1s2f"]) for d in data["years"][1]["domains"]}
    assert second == {"lezen": (85.0, 60.0), "taalverzorging": (80.0, 50.0), "rekenen-wiskunde": (75.0, 40.0)}


def test_combined_as_the_mean_of_the_domains_against_threshold_and_ambition(school):
    data = end_results.compute(scope_for(school))
    # Signaleringswaarden: 1F 85; weging (33.0 + 34.0) / 2 = 33.5 -> the row from 33.4: 1S/2F 42.4.
    # Ambitions of 2025-2026: 1F 90, 1S/2F 50.
    assert combined(data["years"][0]["combined"]) == {"1F": (90.0, "above", "above"), "1S/2F": (50.0, "above", "above")}
    assert combined(data["years"][1]["combined"]) == {"1F": (80.0, "below", "below"), "1S/2F": (50.0, "above", "above")}
    assert combined(data["years"][2]["combined"]) == {
        "1F": (100.0, "above", "above"),
        "1S/2F": (80.0, "above", "above"),
    }


def test_three_year_average_pools_the_pupils_of_the_three_years(school):
    average = end_results.compute(scope_for(school))["average"]
    assert average["pupils"] == 35
    # 1F: lezen 31, taal 29, rekenen 30 of 35 each: 90 / 105 = 85.71 %; 1S/2F: 23 + 19 + 15 = 57 / 105 = 54.29 %.
    assert [(d["counted"], d["reached_1f"], d["reached_1s2f"]) for d in average["domains"]] == [
        (35, 31, 23),
        (35, 29, 19),
        (35, 30, 15),
    ]
    assert combined(average["combined"]) == {"1F": (85.7, "above", "below"), "1S/2F": (54.3, "above", "above")}


def test_thresholds_from_the_mean_weging_naming_the_year_without_one(school):
    data = end_results.compute(scope_for(school))
    assert data["weging"] == {"mean": 33.5, "years_with": ["2022-2023", "2024-2025"], "years_without": ["2023-2024"]}
    assert data["thresholds"] == {"weging_from": 33.4, "share_1f": 85.0, "share_1s2f": 42.4}
    assert data["ambitions"] == {"share_1f": 90.0, "share_1s2f": 50.0, "year": "2025-2026", "own_year": True}


def test_without_any_weging_the_1s2f_threshold_is_unknown_and_ambitions_fall_back(school):
    YearTarget.objects.filter(school_year__school=school).delete()
    YearTarget.objects.create(school_year=school.school_years.get(name="2023-2024"), ambition_1f=Decimal("88.0"))
    data = end_results.compute(scope_for(school))
    assert data["weging"]["mean"] is None
    assert data["thresholds"] == {"weging_from": None, "share_1f": 85.0, "share_1s2f": None}
    assert data["ambitions"] == {"share_1f": 88.0, "share_1s2f": None, "year": "2023-2024", "own_year": False}
    assert combined(data["average"]["combined"])["1S/2F"] == (54.3, None, None)


def test_exempted_pupils_are_listed_with_group_and_ground_and_left_out(school):
    data = end_results.compute(scope_for(school))
    assert data["exempted"] == [
        {"year_id": data["years"][0]["id"], "year": "2022-2023", "name": "Sanne Smit", "group": "Groep 8 (2022)",
         "ground": "iq_below_75"},
        {"year_id": data["years"][1]["id"], "year": "2023-2024", "name": "Ahmed el Amrani",
         "group": "Groep 7/8 (2023)", "ground": "under_four_years"},
    ]  # fmt: skip
    assert [year["exempted"] for year in data["years"]] == [1, 1, 0]


def test_a_bouw_5_8_sees_the_same_and_a_bouw_1_4_is_told_group_8_is_outside(school):
    whole = end_results.compute(scope_for(school))
    assert end_results.compute(scope_for(school, 5, 8)) == whole
    assert end_results.compute(scope_for(school, 1, 4)) == {"applies": False}


def test_a_bouw_without_group_8_costs_no_query(school):
    scope = scope_for(school, 1, 4)
    with CaptureQueriesContext(connection) as queries:
        end_results.compute(scope)
    assert len(queries) == 0


def test_the_same_number_of_queries_for_a_small_and_a_bigger_school():
    small, big = f.SchoolFactory(), f.SchoolFactory()
    build(small)
    build(big, extra=15)
    counts = []
    for school in (small, big):
        scope = scope_for(school)
        with CaptureQueriesContext(connection) as queries:
            data = end_results.compute(scope)
        counts.append(len(queries))
    assert data["average"]["pupils"] == 35 + 3 * 15
    assert counts[0] == counts[1] == 4


def test_no_ended_year_yet():
    school = f.SchoolFactory()
    school_years(school, 2025, 2025)
    data = end_results.compute(scope_for(school))
    assert data["years"] == [] and data["exempted"] == []
    assert "nog geen afgesloten schooljaar" in render(data)


# --- JSON, chart and template ---------------------------------------------------------------------------------------


def render(data):
    return render_section("end_results", data)


def test_the_figures_are_plain_json_and_the_chart_redraws_from_them(school):
    chart = redrawn_chart("end_results", end_results.compute(scope_for(school)), "combined")
    assert "<svg" in chart
    assert "signaleringswaarde 1F: 85,0 %" in chart and "ambitie 1S/2F: 50,0 %" in chart
    assert "1F, drie domeinen samen – 2023-2024: 80" in chart


def test_the_section_reads_plainly(school):
    page = render(end_results.compute(scope_for(school)))
    assert "<strong>85,7&nbsp;%</strong> van de leerlingen haalde 1F of hoger." in page
    assert "Dat is op of boven de signaleringswaarde van 85,0&nbsp;%." in page
    assert "Het is onder de ambitie van de school (90,0&nbsp;%)." in page
    assert "De gemiddelde schoolweging is 33,5 (over 2022-2023 en 2024-2025)." in " ".join(page.split())
    assert "Voor 2023-2024 is geen schoolweging ingevuld" in " ".join(page.split())
    assert "onder de signaleringswaarde" in page  # 2023-2024: 80,0 % 1F
    assert "Geteld: 35 leerlingen over de drie jaar." in page
    assert "Elk jaar weegt mee naar verhouding van het aantal leerlingen" in page
    assert "Deze 2 leerlingen voldoen aan een ontheffingsgrond" in page
    assert "Ahmed el Amrani" in page and "korter dan vier jaar in het Nederlandse onderwijs" in page
    assert "Onderwijsresultatenmodel po" in page
    assert page.count("<svg") == 1


def test_a_bouw_1_4_reads_that_the_end_results_belong_to_group_8(school):
    page = render(end_results.compute(scope_for(school, 1, 4)))
    assert "Groep 8 valt buiten deze bouw" in page
    assert end_results.charts({"applies": False}) == {}
