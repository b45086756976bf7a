"""The demo's progress report data, checked with plain queries written here (not with the report's code):
three past cohorts of group 8 with the seed's advice split among them, end results that read as a weak
school improving, the current group 8's entrance test, weging and ambitions, one finalized report and a draft."""

import pytest
from django.db.models import Count, Q

from pupils.models import AdviceLevel, Assessment, Enrolment, Exemption, Pupil, SecondaryAdvice
from reports.models import HalfYearReport, YearTarget
from reports.sections import SECTIONS
from schools import demo
from schools.models import Group, School
from tests.demo_once import demo_per_module, load_demo

STEPS = list(AdviceLevel.values)  # AdviceLevel's order, lowest first


demo_school = demo_per_module(load_demo)


@pytest.fixture
def school(demo_school, db):
    return School.objects.get(name=demo.MAIN_SCHOOL)


def years_of(school):
    return list(school.school_years.order_by("start_date"))


def test_three_past_cohorts_left_after_group_8_and_sit_in_no_current_group(school):
    years = years_of(school)
    leavers = Pupil.objects.filter(school=school, date_out__isnull=False)
    sizes = dict(leavers.values_list("date_out").annotate(n=Count("pk")))
    assert sizes == {years[0].end_date: 31, years[1].end_date: 32, years[2].end_date: 33}
    assert not Enrolment.objects.filter(pupil__in=leavers, school_year=years[-1]).exists()
    assert Pupil.objects.filter(school=school, enrolments__school_year=years[-1]).count() == 170
    for index, year in enumerate(years[:-1]):
        cohort = leavers.filter(date_out=year.end_date)
        # Their group 8 in their last year, and a group lower for every year before within the demo.
        for back in range(index + 1):
            enrolled = Enrolment.objects.filter(pupil__in=cohort, school_year=years[index - back])
            assert set(enrolled.values_list("group__name", "year_level")) == {(f"Groep {8 - back}", 8 - back)}
            assert enrolled.count() == cohort.count()
    # Past pupils share the groups of the current pupils' past: one group per school year and name.
    groups = Group.objects.filter(school_year__school=school)
    assert groups.count() == groups.values("school_year", "name").distinct().count()
    assert groups.get(school_year=years[2], name="Groep 7").enrolments.count() == 30  # today's group 8


def test_leavers_have_lvs_results_from_group_3_on_within_the_demo_years(school):
    years = years_of(school)
    seed_cohort = Pupil.objects.filter(school=school, date_out=years[2].end_date)
    moments = set(
        Assessment.objects.filter(pupil__in=seed_cohort, instrument__kind="monitoring").values_list("moment", flat=True)
    )
    assert moments == {"M6", "E6", "M7", "E7", "M8", "E8"}


def split(advice):
    higher = expected = lower = far = 0
    for final, indication in advice.exclude(test_indication="").values_list("final", "test_indication"):
        steps = STEPS.index(indication) - STEPS.index(final)
        higher += steps > 0
        expected += steps == 0
        lower += steps < 0
        far += steps <= -3
    return higher, expected, lower, far


def test_the_seeds_cohort_6_above_18_as_expected_9_below_of_whom_3_far_below(school):
    years = years_of(school)
    advice = SecondaryAdvice.objects.filter(pupil__school=school, school_year=years[2])
    assert advice.count() == 33
    assert split(advice) == (6, 18, 9, 3)
    reconsidered = advice.exclude(reconsidered="")
    assert reconsidered.count() == 4
    for row in reconsidered:
        assert STEPS.index(row.test_indication) > STEPS.index(row.final)  # after a higher outcome
        assert STEPS.index(row.reconsidered) > STEPS.index(row.final)  # to a higher advice
    # The other cohorts split differently.
    assert split(SecondaryAdvice.objects.filter(school_year=years[0])) == (4, 17, 10, 4)
    assert split(SecondaryAdvice.objects.filter(school_year=years[1])) == (5, 18, 8, 2)


def test_exempted_pupils_are_flagged_with_their_ground(school):
    years = years_of(school)
    exempted = SecondaryAdvice.objects.filter(pupil__school=school).exclude(exemption="")
    assert sorted(exempted.values_list("school_year__name", "exemption")) == [
        (years[0].name, Exemption.IQ_BELOW_75),
        (years[1].name, Exemption.EXEMPT_FROM_TEST),
        (years[1].name, Exemption.UNDER_FOUR_YEARS),
    ]
    tests = dict(
        exempted.values_list("exemption").annotate(
            n=Count("pupil__assessments", filter=Q(pupil__assessments__instrument__code="doorstroomtoets"))
        )
    )
    assert tests == {Exemption.IQ_BELOW_75: 3, Exemption.UNDER_FOUR_YEARS: 3, Exemption.EXEMPT_FROM_TEST: 0}


def shares(school, years):
    """1F and 1S/2F as the inspectorate combines the three domains: every result of every pupil who counts."""
    results = Assessment.objects.filter(
        pupil__school=school, instrument__code="doorstroomtoets", pupil__advice__school_year__in=years
    ).exclude(pupil__advice__exemption__gt="")
    totals = results.aggregate(
        n=Count("pk"), at_1f=Count("pk", filter=~Q(level__code="<1F")), at_2f=Count("pk", filter=Q(level__code="2F/1S"))
    )
    assert set(results.values_list("subject__code", flat=True)) == {"lezen", "taalverzorging", "rekenen-wiskunde"}
    return totals["n"], round(100 * totals["at_1f"] / totals["n"], 1), round(100 * totals["at_2f"] / totals["n"], 1)


def test_end_results_read_as_a_weak_school_improving(school):
    first, second, third, _current = years_of(school)
    assert shares(school, [first]) == (90, 80.0, 33.3)
    assert shares(school, [second]) == (90, 84.4, 37.8)
    assert shares(school, [third]) == (99, 87.9, 45.5)
    # Over three years: just under the 85 % for 1F; 1S/2F under the 42.4 % that goes with a weging of 33.4.
    assert shares(school, [first, second, third]) == (279, 84.2, 39.1)
    tested = Assessment.objects.filter(instrument__code="doorstroomtoets").values_list("date", flat=True)
    assert {(date.month, date.year) for date in tested} == {(4, y.end_date.year) for y in (first, second, third)}


def test_current_group_8_still_shows_the_seeds_entrance_test(school):
    group_8 = Group.objects.get(school_year=years_of(school)[-1], name="Groep 8")
    entrance = Assessment.objects.filter(pupil__enrolments__group=group_8, instrument__code="entreetoets")
    assert entrance.values("pupil").distinct().count() == 30
    below = dict(entrance.filter(level__below_norm=True).values_list("subject__code").annotate(n=Count("pupil")))
    assert below == {
        "spelling": 23,
        "begrijpend-lezen": 18,
        "woordenschat": 11,
        "rekenen-wiskunde": 16,
        "studievaardigheden": 14,
    }
    nowhere_below = entrance.exclude(pupil__in=entrance.filter(level__below_norm=True).values("pupil"))
    assert nowhere_below.values("pupil").distinct().count() == 6
    assert not Assessment.objects.filter(pupil__enrolments__group=group_8, instrument__code="doorstroomtoets").exists()


def test_weging_every_year_and_ambitions_from_last_year_on(school):
    targets = list(YearTarget.objects.filter(school_year__school=school).order_by("school_year__start_date"))
    assert len(targets) == 4
    assert all(33 <= target.schoolweging <= 34 for target in targets)
    assert [(t.ambition_1f, t.ambition_1s2f) for t in targets[:2]] == [(None, None)] * 2
    assert [(float(t.ambition_1f), float(t.ambition_1s2f)) for t in targets[2:]] == [(88.0, 45.0)] * 2


def test_one_report_finalized_by_the_director_in_february_and_one_draft(school):
    years = years_of(school)
    final = HalfYearReport.objects.get(status=HalfYearReport.Status.FINAL)
    assert (final.school, final.school_year, final.half, final.bouw_low, final.bouw_high) == (
        school,
        years[-2],
        1,
        1,
        8,
    )
    assert final.finalized_by.username == "directeur"
    assert (final.finalized_at.year, final.finalized_at.month) == (years[-2].end_date.year, 2)
    assert set(final.figures["sections"]) == {section.key for section in SECTIONS}
    assert final.figures["scope"]["today"].startswith(f"{years[-2].end_date.year}-02-")
    assert final.texts.exclude(analysis="").exclude(interventions="").count() == len(SECTIONS)
    assert "80,0 %" in final.texts.get(section="end_results").analysis  # the demo's own figures

    draft = HalfYearReport.objects.get(status=HalfYearReport.Status.DRAFT)
    assert (draft.school_year, draft.half, draft.figures) == (years[-1], 1, {})
    written = draft.texts.exclude(analysis="")
    assert sorted(written.values_list("section", "updated_by__username")) == [
        ("end_results", "directeur"),
        ("interim", "ib"),
    ]
    assert "23 onvoldoende op spelling" in written.get(section="interim").analysis


def test_the_report_shows_the_numbers_computed_here(school):
    """The report's own code, run on the demo, agrees with the plain queries above."""
    import datetime

    from reports.figures import advice, end_results
    from reports.scope import Scope
    from schools.access import ReportReach

    first, second, third, current = years_of(school)
    scope = Scope.build(school, ReportReach(), today=current.start_date + datetime.timedelta(days=100))
    figures = end_results.compute(scope)
    combined = {year["name"]: tuple(item["share"] for item in year["combined"]) for year in figures["years"]}
    expected = {y.name: shares(school, [y])[1:] for y in (first, second, third)}
    assert combined == expected
    assert tuple(item["share"] for item in figures["average"]["combined"]) == shares(school, [first, second, third])[1:]
    assert [item["vs_threshold"] for item in figures["average"]["combined"]] == ["below", "below"]

    by_year = {year["name"]: year for year in advice.compute(scope)["years"]}
    for year in (first, second, third):
        counted = by_year[year.name]
        here = split(SecondaryAdvice.objects.filter(pupil__school=school, school_year=year))
        assert (counted["above"], counted["as_expected"], counted["below"], counted["far_below"]) == here
