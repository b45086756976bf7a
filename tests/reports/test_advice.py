"""School advice against the doorstroomtoets outcome per school year, over the group-8 pupils in scope; the
advice form's new fields (reconsidered advice, exemption) and the dossier showing them.

The seed's cohort: 6 above their advice, 18 as expected, 9 below of whom 3 far below."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.forms import AdviceForm
from pupils.models import SecondaryAdvice
from reports.figures import advice
from reports.scope import Scope
from schools.access import ReportReach
from tests import factories as f

from .helpers import redrawn_chart, render_section

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)  # in 2025-2026; the ended years are 2022-2023 ... 2024-2025


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


def group(year, low, high=None):
    return f.GroupFactory(school_year=year, year_level_low=low, year_level_high=high or low)


def pupil_with(group, year_level=None, **fields):
    """A pupil in ``group`` (at its highest year level unless given) with this year's advice ``fields``;
    no advice row when no fields are given."""
    enrolment = f.EnrolmentFactory(
        group=group, year_level=year_level or group.year_level_high, pupil__school=group.school_year.school
    )
    if fields:
        SecondaryAdvice.objects.create(pupil=enrolment.pupil, school_year=group.school_year, **fields)
    return enrolment.pupil


def seed_cohort(g, extra=0):
    """The seed's cohort in group ``g``, plus three pupils without outcome and one without advice."""
    # 6 above: vmbo-gt advice, havo outcome. Four advices reconsidered: to havo (2), havo/vwo (1), and one
    # reconsidered and kept at vmbo-gt.
    for reconsidered in ["havo", "havo", "havo_vwo", "vmbo_gt", "", ""]:
        pupil_with(g, final="vmbo_gt", test_indication="havo", reconsidered=reconsidered)
    # 18 as expected; the final advice counts over the provisional one, and a provisional advice alone counts.
    for _ in range(16 + extra):
        pupil_with(g, final="havo", test_indication="havo")
    pupil_with(g, provisional="vwo", final="havo", test_indication="havo")
    pupil_with(g, provisional="vmbo_k", test_indication="vmbo_k")
    # 9 below: 6 one or two steps down, 3 at least three steps down (havo -> vmbo kader/gt is exactly 3).
    for outcome in ["vmbo_gt_havo", "vmbo_gt_havo", "vmbo_gt", "vmbo_gt", "vmbo_gt"]:
        pupil_with(g, final="havo", test_indication=outcome)
    pupil_with(g, final="vwo", test_indication="havo")
    for advice_level, outcome in [("havo", "vmbo_kgt"), ("havo", "vmbo_k"), ("vmbo_gt", "pro")]:
        pupil_with(g, final=advice_level, test_indication=outcome)
    # Not compared: two without outcome, one without any advice row, one with an outcome but no advice.
    pupil_with(g, final="havo")
    pupil_with(g, provisional="vmbo_k")
    pupil_with(g)
    pupil_with(g, test_indication="vmbo_gt")


def build(school, extra=0):
    years = school_years(school)
    y1, y2, y3, now = years[2022], years[2023], years[2024], years[2025]
    # 2022-2023, a combination group 7/8: one above and one as expected in group 8; group 7 does not count.
    g1 = group(y1, 7, 8)
    pupil_with(g1, final="vmbo_k", test_indication="vmbo_gt")
    pupil_with(g1, final="havo", test_indication="havo")
    pupil_with(g1, year_level=7, final="havo", test_indication="pro")
    # 2023-2024: the seed's cohort.
    seed_cohort(group(y2, 8), extra)
    # 2024-2025: a group 8 whose outcomes were never entered.
    pupil_with(group(y3, 8), final="havo")
    # This year: advices, no outcomes yet. A group-5 pupil with an (odd) advice does not count.
    pupil_with(group(now, 8), provisional="havo")
    pupil_with(group(now, 5), final="vwo", test_indication="pro")
    return years


@pytest.fixture
def school():
    school = f.SchoolFactory(name="De Wilg")
    build(school)
    # Another school's group 8, all far below: none of it may count.
    other = f.SchoolFactory(name="De Andere School")
    g = group(school_years(other, 2023, 2023)[2023], 8)
    for _ in range(4):
        pupil_with(g, final="vwo", test_indication="pro")
    return school


def scope_for(school, low=1, high=8, today=TODAY):
    return Scope.build(school, ReportReach(low=low, high=high), today=today)


def counts(year):
    keys = ("pupils", "above", "as_expected", "below", "far_below", "no_outcome", "no_advice", "compared")
    return {key: year[key] for key in keys}


# --- The figures ---------------------------------------------------------------------------------------------------


def test_the_seeds_cohort_is_6_above_18_as_expected_9_below_of_whom_3_far_below(school):
    data = advice.compute(scope_for(school))
    year = next(year for year in data["years"] if year["name"] == "2023-2024")
    assert counts(year) == {
        "pupils": 37,
        "above": 6,
        "as_expected": 18,
        "below": 9,
        "far_below": 3,
        "no_outcome": 3,
        "no_advice": 1,
        "compared": 33,
    }


def test_reconsidered_advices_per_new_level_and_how_many_went_up(school):
    year = next(year for year in advice.compute(scope_for(school))["years"] if year["name"] == "2023-2024")
    assert (year["reconsidered"], year["reconsidered_up"]) == (4, 3)
    assert year["reconsidered_to"] == [
        {"level": "vmbo_gt", "count": 1},
        {"level": "havo", "count": 2},
        {"level": "havo_vwo", "count": 1},
    ]


def test_the_three_ended_years_and_not_this_year_without_outcomes(school):
    data = advice.compute(scope_for(school))
    assert [(year["name"], year["current"]) for year in data["years"]] == [
        ("2022-2023", False),
        ("2023-2024", False),
        ("2024-2025", False),
    ]
    first, _seed, last = data["years"]
    assert counts(first) == {
        "pupils": 2,
        "above": 1,
        "as_expected": 1,
        "below": 0,
        "far_below": 0,
        "no_outcome": 0,
        "no_advice": 0,
        "compared": 2,
    }
    assert (last["pupils"], last["compared"], last["no_outcome"]) == (1, 0, 1)


def test_this_year_joins_once_its_doorstroomtoets_was_taken(school):
    pupil = SecondaryAdvice.objects.get(school_year__name="2025-2026", provisional="havo")
    pupil.test_indication = "vwo"
    pupil.save()
    # An outcome on the advice, but no test taken by the report's day yet: the year waits.
    assert [year["name"] for year in advice.compute(scope_for(school))["years"]][-1] != "2025-2026"
    f.AssessmentFactory(
        pupil=pupil.pupil,
        instrument=f.instrument("doorstroomtoets"),
        subject=f.subject("lezen"),
        date=datetime.date(2026, 1, 10),
        moment="",
        score=None,
        level=f.level("referentieniveau", "1F"),
    )
    data = advice.compute(scope_for(school))
    current = data["years"][-1]
    assert (current["name"], current["current"], current["above"], current["pupils"]) == ("2025-2026", True, 1, 1)


def test_a_report_on_an_ended_year_counts_it_as_a_past_year(school):
    year = school.school_years.get(name="2023-2024")
    scope = Scope.build(school, ReportReach(), school_year=year, today=datetime.date(2026, 1, 15))
    data = advice.compute(scope)
    assert [(y["name"], y["current"]) for y in data["years"]] == [("2022-2023", False), ("2023-2024", False)]


def test_a_bouw_5_8_sees_the_same_and_a_bouw_1_4_is_told_group_8_is_outside(school):
    assert advice.compute(scope_for(school, 5, 8)) == advice.compute(scope_for(school))
    assert advice.compute(scope_for(school, 1, 4)) == {"applies": False}
    assert "Groep 8 valt buiten deze bouw" in render({"applies": False})


def test_the_same_number_of_queries_for_a_small_and_a_bigger_school():
    small, big = f.SchoolFactory(), f.SchoolFactory()
    build(small)
    build(big, extra=20)
    counted = []
    for school in (small, big):
        scope = scope_for(school)
        with CaptureQueriesContext(connection) as queries:
            data = advice.compute(scope)
        counted.append(len(queries))
    assert data["years"][1]["as_expected"] == 18 + 20
    # Two, and one more to see whether the unfinished year's doorstroomtoets was taken yet.
    assert counted[0] == counted[1] == 3


# --- JSON, chart and template ---------------------------------------------------------------------------------------


def render(data):
    return render_section("advice", data)


def test_the_figures_are_plain_json_and_the_chart_redraws_from_them(school):
    chart = redrawn_chart("advice", advice.compute(scope_for(school)), "comparison")
    assert "hoger dan advies – 2023-2024: 6" in chart
    assert "waarvan ver lager – 2023-2024: 3" in chart


def test_the_section_reads_plainly_with_the_far_below_rule_as_a_footnote(school):
    page = " ".join(render(advice.compute(scope_for(school))).split())
    assert (
        "van de 33 leerlingen met advies en uitslag scoorden 6 hoger dan het advies, 18 zoals verwacht en 9 lager "
        "(van wie 3 ver onder het advies)." in page
    )
    assert "4 adviezen zijn heroverwogen; 3 daarvan zijn naar boven bijgesteld." in page
    assert "Nieuw advies: vmbo gemengd/theoretisch (1), havo (2), havo/vwo (1)." in page
    assert "Van 3 leerlingen is geen uitslag vastgelegd." in page
    assert "1 leerling heeft een uitslag maar geen advies en is niet vergeleken." in page
    assert "van 1 leerling met advies en uitslag" not in page  # 2022-2023 has 2
    assert "ten minste 3 stappen lager" in page and "bijvoorbeeld een havo-advies en een uitslag vmbo kader" in page
    assert "Er is geen heroverwogen advies vastgelegd." in page  # 2022-2023: one above, none reconsidered
    assert "2024-2025</strong>: geen leerlingen met zowel een advies als een uitslag." in page
    assert page.count("<svg") == 1


# --- The advice form and the dossier -----------------------------------------------------------------------------


def form(**data):
    year = f.SchoolYearFactory()
    pupil = f.PupilFactory(school=year.school)
    return AdviceForm({"version": 0, **data}, instance=SecondaryAdvice(pupil=pupil, school_year=year))


def test_the_form_keeps_a_reconsidered_advice_and_an_exemption():
    valid = form(final="vmbo_gt", test_indication="havo", reconsidered="havo", exemption="under_four_years")
    assert valid.is_valid(), valid.errors
    kept = form(final="vmbo_gt", test_indication="havo", reconsidered="vmbo_gt")
    assert kept.is_valid(), kept.errors


@pytest.mark.parametrize(
    "data, message",
    [
        ({"final": "havo", "reconsidered": "vwo"}, "vul ook de uitslag van de doorstroomtoets in"),
        ({"test_indication": "havo", "reconsidered": "vwo"}, "Vul ook het advies in dat is heroverwogen."),
        ({"final": "havo", "test_indication": "havo", "reconsidered": "vwo"}, "als de uitslag"),
        ({"final": "havo", "test_indication": "vwo", "reconsidered": "vmbo_gt"}, "nooit lager"),
    ],
)
def test_a_reconsidered_advice_needs_a_higher_outcome_and_is_never_lower(data, message):
    refused = form(**data)
    assert not refused.is_valid()
    assert any(message in error for error in refused.errors["reconsidered"])


def test_an_exemption_alone_is_no_advice():
    refused = form(exemption="iq_below_75")
    assert not refused.is_valid()
    assert "minstens één advies" in str(refused.errors)


def test_the_dossier_shows_the_reconsidered_advice_and_the_exemption(world, login):
    pupil = world.pupils["six"]
    SecondaryAdvice.objects.create(
        pupil=pupil,
        school_year=world.school.current_year(),
        final="vmbo_gt",
        test_indication="havo",
        reconsidered="vmbo_gt_havo",
        exemption="under_four_years",
    )
    client = login(world.user("teacher"), world.school)
    page = client.get(reverse("pupils:dossier", args=[pupil.pk])).content.decode()
    assert "Advies na heroverweging" in page and "vmbo-gt/havo" in page
    assert "korter dan vier jaar in het Nederlandse onderwijs" in page
    form_page = client.get(reverse("pupils:advice", args=[pupil.pk])).content.decode()
    assert "advies na heroverweging" in form_page.lower() and "telt niet mee in de eindresultaten" in form_page.lower()
