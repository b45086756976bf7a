"""What the phase pages and the plan PDF tell (issue 12): the frozen group overview in one wording on
page and PDF, the previous plan's evaluations on both, each goal once on the evaluate page with one
sentence when there are no results yet, and the previous plan at the handover."""

import datetime

import pytest
from django.urls import reverse

from groupplans.models import Goal, Phase
from tests import factories as f

from .test_exports import pdf_text
from .test_phases import close
from .test_services import add_pupil, at_phase, complete_group, result

WILL_BE_FROZEN = "Het groepsoverzicht wordt in het plan vastgelegd als de fase waarnemen wordt afgesloten."
NONE_FROZEN = (
    "Bij dit plan is geen groepsoverzicht vastgelegd: de fase waarnemen is afgesloten voordat het "
    "groepsoverzicht daarbij werd bewaard (oudere plannen hebben er geen)."
)
FROZEN_ONE = "Het groepsoverzicht is vastgelegd bij het afsluiten van waarnemen, met 1 leerling."


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


def observe_page(client, plan):
    return client.get(reverse("groupplans:plan_phase", args=[plan.pk, "observe"])).content.decode()


def plan_pdf(client, plan):
    response = client.get(reverse("groupplans:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    return pdf_text(response.content)


def handover(world, placed=True):
    """Last year's group 5 plan (taught by nobody now) as the previous plan of this year's group 6 plan;
    ``placed``: Sam Zes, who moved up to group 6, sat in it."""
    previous = f.GroupPlanFactory(
        group=world.groups["last_year_five"],
        phase=Phase.DONE,
        evaluation_notes="Te weinig groei bij de werkwoorden.",
    )
    group = f.InstructionGroupFactory(plan=previous, name="Verlengde instructie werkwoorden")
    if placed:
        group.placements.create(plan=previous, pupil=world.pupils["six"])
    group.goals.create(
        what="De leerlingen schrijven de verleden tijd foutloos.",
        instrument=f.instrument("lvs-spelling"),
        target_level=f.level("i-v", "III"),
        date=datetime.date(2026, 6, 1),
        evaluation=Goal.Evaluation.PARTLY,
        evaluation_remark="Twee leerlingen nog niet.",
    )
    plan = world.plans["six"]
    plan.previous = previous
    plan.save()
    return previous


# --- 1. The group overview: one true story on page and PDF -----------------------------------------------------------


def test_an_open_observe_phase_says_the_overview_is_frozen_when_it_closes_on_page_and_pdf(world, teacher):
    plan = world.plans["six"]
    assert WILL_BE_FROZEN in observe_page(teacher, plan)
    assert WILL_BE_FROZEN in plan_pdf(teacher, plan)


def test_a_closed_observe_phase_without_a_snapshot_says_the_same_on_page_and_pdf(world, teacher):
    plan = at_phase(world.plans["six"], Phase.UNDERSTAND)  # an older plan: closed before the overview was kept
    page, pdf = observe_page(teacher, plan), plan_pdf(teacher, plan)
    detail = teacher.get(reverse("groupplans:plan_detail", args=[plan.pk])).content.decode()
    for text in (page, pdf, detail):
        assert NONE_FROZEN in text
        assert "{#" not in text and "comment" not in text
        assert "Er is geen groepsoverzicht vastgelegd" not in text
        assert WILL_BE_FROZEN not in text


def test_after_closing_observe_page_and_pdf_show_the_frozen_overview(world, teacher):
    plan = world.plans["six"]
    result(world.pupils["six"], "IV")
    close(teacher, plan)
    plan.refresh_from_db()
    page, pdf = observe_page(teacher, plan), plan_pdf(teacher, plan)
    for text in (page, pdf):
        assert FROZEN_ONE in text
        assert NONE_FROZEN not in text and WILL_BE_FROZEN not in text
    assert "Sam Zes" in page and "Sam Zes" in pdf


# --- 2. The previous plan's evaluations: on the observe page and in the PDF ------------------------------------------


def test_the_previous_plans_evaluations_are_on_the_observe_page_and_in_the_pdf(world, teacher):
    handover(world)
    plan = world.plans["six"]
    page, pdf = observe_page(teacher, plan), plan_pdf(teacher, plan)
    for text in (page, pdf):
        assert "Evaluatie van het vorige plan" in text
        assert "Verlengde instructie werkwoorden" in text
        assert "De leerlingen schrijven de verleden tijd foutloos." in text
        assert "deels behaald" in text
        assert "Twee leerlingen nog niet." in text
        assert "Te weinig groei bij de werkwoorden." in text


def test_without_a_previous_plan_page_and_pdf_say_so(world, teacher):
    plan = world.plans["six"]
    for text in (observe_page(teacher, plan), plan_pdf(teacher, plan)):
        assert "Er is geen plan van de vorige periode." in text


def test_the_pdf_of_all_plans_loads_the_previous_evaluations_in_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries
):
    handover(world)
    client = login(world.user("coordinator"), world.school)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("groupplans:plans_pdf"))
    assert "De leerlingen schrijven de verleden tijd foutloos." in pdf_text(response.content)


# --- 3. The evaluate phase: each goal once, one sentence without results ----------------------------------------------


def evaluate_page(client, plan):
    return client.get(reverse("groupplans:plan_phase", args=[plan.pk, "evaluate"])).content.decode()


def test_the_evaluate_page_shows_each_goal_once_and_one_sentence_without_results(world, teacher):
    plan = at_phase(world.plans["six"], Phase.EVALUATE)
    group = world.instruction_groups["six"]
    group.name = "Verlengde instructie werkwoordspelling"
    group.save()
    for _ in range(12):
        group.placements.create(plan=plan, pupil=add_pupil(plan))
    complete_group(group, what="De leerlingen schrijven de verleden tijd foutloos.", date=datetime.date(2027, 1, 25))
    page = evaluate_page(teacher, plan).split('id="afsluiten-kop"')[0]  # the goals, not what closing needs
    assert page.count("De leerlingen schrijven de verleden tijd foutloos.") == 1
    assert page.count("Verlengde instructie werkwoordspelling") == 1
    assert "Verlengde instructie werkwoordspelling: Verlengde instructie werkwoordspelling" not in page
    assert ": –" not in page  # no list of names with a dash
    assert "Nog geen resultaten van LVS Spelling op of na 25-01-2027 voor de 13 leerlingen van deze groep." in page


def test_with_some_results_the_evaluate_page_lists_them_and_names_who_has_none_yet(world, teacher):
    plan = at_phase(world.plans["six"], Phase.EVALUATE)
    group = world.instruction_groups["six"]
    waiting = add_pupil(plan, first_name="Noor", surname="Bakker")
    group.placements.create(plan=plan, pupil=waiting)
    complete_group(group, date=datetime.date(2026, 1, 10))
    result(world.pupils["six"], "II", date=datetime.date(2026, 1, 20))
    page = evaluate_page(teacher, plan)
    assert "Sam Zes: " in page
    assert "Nog zonder resultaat: Noor Bakker" in page
    assert "Noor Bakker: " not in page
    assert "Nog geen resultaten van" not in page


CONFIRM = "Bevestig of verbeter het."
NEXT_DATES = "De doelen krijgen vanzelf de datum van het toetsmoment in de nieuwe periode"


def test_the_evaluate_page_asks_to_confirm_only_while_the_goals_can_be_evaluated(world, teacher):
    plan = at_phase(world.plans["six"], Phase.EVALUATE)
    complete_group(world.instruction_groups["six"], date=datetime.date(2026, 1, 10))
    assert CONFIRM in evaluate_page(teacher, plan)
    page = evaluate_page(teacher, at_phase(plan, Phase.DONE))
    assert "Het voorstel komt uit de eerste toets" in page and CONFIRM not in page
    # Starting the next period: the copied goals get their dates, the teacher does not set them all again.
    assert NEXT_DATES in page and "jij zet de nieuwe data" not in page


# --- 7. The previous plan at the handover --------------------------------------------------------------------------


def test_the_teacher_reads_last_years_plan_of_the_pupils_who_moved_up_with_her_group(world, teacher):
    previous = handover(world)
    detail = teacher.get(reverse("groupplans:plan_detail", args=[world.plans["six"].pk])).content.decode()
    link = reverse("groupplans:plan_detail", args=[previous.pk])
    assert link in detail
    assert teacher.get(link).status_code == 200
    for phase in ("observe", "understand", "plan", "realise", "evaluate"):
        assert teacher.get(reverse("groupplans:plan_phase", args=[previous.pk, phase])).status_code == 200
    assert teacher.get(reverse("groupplans:plan_pdf", args=[previous.pk])).status_code == 200


def test_the_previous_plan_stays_read_only_for_the_teacher(world, teacher):
    previous = handover(world)
    page = teacher.get(reverse("groupplans:plan_detail", args=[previous.pk])).content.decode()
    assert "Volgende periode starten" not in page
    goal = Goal.objects.get(instruction_group__plan=previous)
    assert teacher.get(reverse("groupplans:goal_edit", args=[goal.pk])).status_code == 404
    assert teacher.post(reverse("groupplans:goal_evaluate", args=[goal.pk]), {}).status_code == 404
    url = reverse("groupplans:plan_phase", args=[previous.pk, "evaluate"])
    assert teacher.post(url, {"evaluation_notes": "overschreven"}).status_code == 404
    previous.refresh_from_db()
    assert previous.evaluation_notes == "Te weinig groei bij de werkwoorden."


def test_a_previous_plan_without_her_pupils_stays_closed_and_is_not_linked(world, teacher, login):
    previous = handover(world, placed=False)
    plan = world.plans["six"]
    link = reverse("groupplans:plan_detail", args=[previous.pk])
    assert teacher.get(link).status_code == 404
    detail = teacher.get(reverse("groupplans:plan_detail", args=[plan.pk])).content.decode()
    observe = observe_page(teacher, plan)
    assert link not in detail and link not in observe
    # What matters of it, its evaluation, is on the observe page all the same.
    assert "Te weinig groei bij de werkwoorden." in observe and "deels behaald" in observe


def test_another_teacher_does_not_read_the_previous_plan(world, login):
    previous = handover(world)
    other = login(world.user("other_teacher"), world.school)
    assert other.get(reverse("groupplans:plan_detail", args=[previous.pk])).status_code == 404
