"""What a goal proposes from the school's data (groupplans/services/proposals.py): the instrument the pupils
were grouped by, one level above the instruction group's median, the test moment that closes the period,
a composed text; and the grouping proposal creating those goals at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.history import revisions
from core.sentences import compose
from groupplans import services
from groupplans.models import Goal, InstructionGroup, Phase
from groupplans.sentences import SAMPLES
from groupplans.services import proposals
from tests import factories as f

from .test_services import add_pupil, at_phase, result

Kind = InstructionGroup.Kind


def levels(*codes):
    return [f.level("i-v", code) for code in codes]


# --- Median and target --------------------------------------------------------------------------------------------


def test_the_median_of_an_odd_number_is_the_middle_level(db):
    assert proposals.median_level(levels("V", "I", "III", "IV", "II")).code == "III"


def test_the_median_of_an_even_number_is_the_lower_middle_level(db):
    # IV and III in the middle: the lower one, so the target (one above) stays within reach.
    assert proposals.median_level(levels("I", "IV", "III", "V")).code == "IV"
    assert proposals.median_level(levels("II", "II")).code == "II"


def test_no_levels_give_no_median(db):
    assert proposals.median_level([]) is None


def test_the_target_is_one_level_up_and_the_top_stays_the_top(db):
    assert proposals.level_above(f.level("i-v", "IV")).code == "III"
    assert proposals.level_above(f.level("i-v", "I")).code == "I"
    assert proposals.level_above(f.level("avi", "E4")).code == "M5"
    assert proposals.level_above(None) is None


# --- The test date ---------------------------------------------------------------------------------------------------


def test_the_date_is_last_years_test_moment_in_the_period_shifted_a_year(world):
    plan = world.plans["six"]
    period = plan.period
    pupil = world.pupils["six"]
    inside = period.end_date.replace(year=period.end_date.year - 1) - datetime.timedelta(days=5)
    earlier = period.start_date.replace(year=period.start_date.year - 1) + datetime.timedelta(days=10)
    result(pupil, "III", date=earlier)
    result(pupil, "III", date=inside)
    # Another school's later test on the same day-of-year does not count.
    other = f.PupilFactory(school=world.foreign_school)
    result(other, "III", date=inside + datetime.timedelta(days=2))

    date = proposals.test_date(f.instrument("lvs-spelling"), period, plan.group.school_year.school_id)

    assert date == inside.replace(year=inside.year + 1)


def test_without_last_years_tests_the_date_is_the_end_of_the_period(world):
    plan = world.plans["six"]
    date = proposals.test_date(f.instrument("dmt"), plan.period, plan.group.school_year.school_id)
    assert date == plan.period.end_date


def test_a_test_on_29_february_moves_to_28_february(world):
    plan = world.plans["six"]
    period = f.PeriodFactory(
        school_year=plan.period.school_year,
        name="Periode 2",
        start_date=datetime.date(2025, 2, 1),
        end_date=datetime.date(2025, 7, 1),
    )
    result(world.pupils["six"], "III", date=datetime.date(2024, 2, 29))
    assert proposals.test_date(f.instrument("lvs-spelling"), period, plan.group.school_year.school_id) == (
        datetime.date(2025, 2, 28)
    )


# --- The instrument the pupils were grouped by ----------------------------------------------------------------------


def test_grouping_goes_by_dmt_for_technical_reading_but_not_by_avi(world):
    plan = world.plans["six"]
    plan.subject = f.subject("technisch-lezen")
    plan.save()
    pupil = world.pupils["six"]
    result(pupil, "IV", instrument="dmt", date=datetime.date(2026, 1, 20))
    f.AssessmentFactory(
        pupil=pupil, instrument=f.instrument("avi"), date=datetime.date(2026, 3, 1), level=f.level("avi", "E5")
    )

    latest = services.latest_levels(plan, [pupil.pk])

    assert latest[pupil.pk].instrument.code == "dmt"
    assert proposals.grouping_instrument(latest).code == "dmt"
    assert services.kind_for(latest[pupil.pk]) == Kind.INTENSIVE


def test_the_grouping_instrument_is_the_one_most_latest_results_come_from(world):
    plan = world.plans["six"]
    pupils = [world.pupils["six"]] + [add_pupil(plan) for _ in range(2)]
    result(pupils[0], "III", instrument="lvs-spelling")
    result(pupils[1], "III", instrument="lvs-spelling")
    # A method test does not group; no results at all gives no instrument.
    f.AssessmentFactory(pupil=pupils[2], instrument=f.instrument("methode-spelling"), level=None, score=20)

    latest = services.latest_levels(plan, [p.pk for p in pupils])

    assert proposals.grouping_instrument(latest).code == "lvs-spelling"
    assert proposals.grouping_instrument({}) is None


# --- A goal's proposal -----------------------------------------------------------------------------------------------


def test_a_goal_proposes_one_level_above_the_groups_median_and_leaves_out_pupils_without_a_result(world):
    plan = world.plans["six"]
    group = world.instruction_groups["six"]
    weak, middle, missing = add_pupil(plan), add_pupil(plan), add_pupil(plan)
    for pupil in (weak, middle, missing):
        group.placements.create(plan=plan, pupil=pupil)
    result(world.pupils["six"], "II")
    result(weak, "V")
    result(weak, "IV", date=datetime.date(2026, 6, 1))  # her latest
    result(middle, "III")

    with translation.override("nl"):
        proposal = proposals.propose_goal(group)

    # Levels IV, III, II of three pupils with a result: median III, target II; four pupils placed.
    assert (proposal.instrument.code, proposal.median.code, proposal.target_level.code) == ("lvs-spelling", "III", "II")
    assert proposal.measured == 3 and proposal.complete
    assert proposal.date == plan.period.end_date
    assert proposal.what.startswith("De 4 leerlingen halen bij de LVS Spelling van ")
    assert proposal.what.endswith(" minstens niveau II.")


def test_without_results_a_goal_proposes_no_target(world):
    proposal = proposals.propose_goal(world.instruction_groups["six"])
    assert proposal.instrument is None and proposal.target_level is None and not proposal.complete
    assert proposal.date == world.plans["six"].period.end_date


def test_goal_sentences_read_as_dutch_in_every_number():
    with translation.override("nl"):
        sentences = [compose(name, **context) for name, contexts in SAMPLES.items() for context in contexts]
    assert sentences[0] == "De leerling haalt bij de DMT van 22 januari 2027 minstens niveau III."
    assert sentences[1] == "De 11 leerlingen halen bij de DMT van 22 januari 2027 minstens niveau III."
    assert sentences[3] == "De 9 leerlingen halen bij de LVS Spelling van 10 juni 2027 minstens een score van 152,5."
    assert sentences[4].endswith("minstens niveau II (een score van 210).")
    for sentence in sentences:
        assert "  " not in sentence and sentence.endswith(".") and "None" not in sentence
        assert not any(word in sentence for word in ("January", "June", " the ", " at least"))


# --- The grouping proposal creates the goals ------------------------------------------------------------------------


def test_proposing_the_grouping_creates_each_new_groups_goal_and_organisation(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    plan.instruction_groups.all().delete()
    weak, strong = add_pupil(plan), add_pupil(plan)
    result(world.pupils["six"], "III")
    result(weak, "V")
    result(strong, "I")
    teacher = world.user("teacher")

    with translation.override("nl"):
        services.propose_grouping(plan, teacher)

    groups = {group.kind: group for group in plan.instruction_groups.prefetch_related("goals")}
    assert set(groups) == {Kind.INTENSIVE, Kind.BASIC, Kind.EXTENDED}
    goals = {kind: group.goals.get() for kind, group in groups.items()}
    assert (goals[Kind.INTENSIVE].target_level.code, goals[Kind.BASIC].target_level.code) == ("IV", "II")
    assert goals[Kind.EXTENDED].target_level.code == "I"  # already at the top
    assert goals[Kind.BASIC].what.startswith("De leerling haalt bij de LVS Spelling van ")
    assert all(revisions(goal).count() == 1 for goal in goals.values())
    intensive = groups[Kind.INTENSIVE]
    assert (intensive.times_per_week, intensive.minutes, intensive.where) == (4, 20, "aan de instructietafel")
    assert intensive.who == str(teacher) and intensive.has_organisation
    assert services.missing_parts(plan) == []

    # A second proposal keeps the goals the teacher may have changed.
    Goal.objects.filter(pk=goals[Kind.BASIC].pk).update(what="Mijn eigen doel")
    services.propose_grouping(plan, teacher, seen=services.current_placements_token(plan))
    assert Goal.objects.filter(instruction_group__plan=plan).count() == 3
    assert Goal.objects.get(pk=goals[Kind.BASIC].pk).what == "Mijn eigen doel"


def test_an_instruction_group_without_pupils_or_results_gets_no_goal(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    plan.instruction_groups.all().delete()
    services.propose_grouping(plan, world.user("teacher"))
    # Sam has no result: placed in basic instruction, no target to propose; the others are empty.
    assert not Goal.objects.filter(instruction_group__plan=plan).exists()


def test_the_next_plans_goals_get_the_new_test_moment_in_text_and_date(world):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    plan.instruction_groups.all().delete()
    later = f.PeriodFactory(
        school_year=plan.period.school_year,
        name="Periode 2",
        start_date=plan.period.end_date + datetime.timedelta(days=1),
        end_date=plan.period.end_date + datetime.timedelta(days=160),
    )
    # The school's test a year before, in the later period: that is the new goal's test moment.
    tested = later.start_date.replace(year=later.start_date.year - 1) + datetime.timedelta(days=30)
    result(world.pupils["six"], "III", date=tested)
    with translation.override("nl"):
        services.propose_grouping(plan, world.user("teacher"))
    old = Goal.objects.get(instruction_group__plan=plan)
    assert old.date == plan.period.end_date
    at_phase(plan, Phase.EVALUATE)

    with translation.override("nl"):
        new_plan = services.start_next_plan(plan, user=world.user("teacher"))
        new = Goal.objects.get(instruction_group__plan=new_plan)
        from django.utils.formats import date_format

        moment = tested.replace(year=tested.year + 1)
        assert new.date == moment
        assert date_format(moment, "j F Y") in new.what
        assert date_format(old.date, "j F Y") not in new.what
    assert (new.instrument_id, new.target_level_id) == (old.instrument_id, old.target_level_id)


# --- The goal form -------------------------------------------------------------------------------------------------


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


def test_the_goal_form_shows_the_proposal_and_only_the_subjects_tests(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    result(world.pupils["six"], "IV")

    response = teacher.get(reverse("groupplans:goal_create", args=[world.instruction_groups["six"].pk]))

    form = response.context["form"]
    assert set(form.fields["instrument"].queryset.values_list("code", flat=True)) == {
        "lvs-spelling",
        "methode-spelling",
    }
    assert set(form.fields["target_level"].queryset.values_list("scale__code", flat=True)) == {"i-v"}
    assert form.initial["instrument"].code == "lvs-spelling" and form.initial["target_level"].code == "III"
    assert form.initial["date"] == plan.period.end_date
    page = response.content.decode()
    assert "Voorgesteld uit de toetsgegevens" in page
    assert "De leerling haalt bij de LVS Spelling van" in page


def test_a_goal_with_another_subjects_test_keeps_it_on_the_form(world, teacher):
    at_phase(world.plans["six"], Phase.PLAN)
    goal = world.instruction_groups["six"].goals.create(
        what="Vlot lezen", instrument=f.instrument("dmt"), target_level=f.level("i-v", "III"), date="2027-01-20"
    )
    response = teacher.get(reverse("groupplans:goal_edit", args=[goal.pk]))
    codes = set(response.context["form"].fields["instrument"].queryset.values_list("code", flat=True))
    assert codes == {"lvs-spelling", "methode-spelling", "dmt"}


def test_a_subject_without_tests_offers_every_test(world, teacher):
    plan = at_phase(world.plans["six"], Phase.PLAN)
    plan.subject = f.subject("werkhouding")
    plan.save()
    response = teacher.get(reverse("groupplans:goal_create", args=[world.instruction_groups["six"].pk]))
    assert response.context["form"].fields["instrument"].queryset.count() > 5
