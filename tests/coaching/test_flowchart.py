"""Cauffman's flowchart: four questions in order, the first 'nee' decides the working
relationship, and the interventions that fit it show on the trajectory page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coaching.forms import AssessmentForm
from coaching.models import Intervention, Relationship, RelationshipAssessment, flowchart
from core import history
from core.models import AuditAction, AuditEntry, Revision

# (is_problem, asks_for_help, request_workable, own_resources) -> the working relationship.
OUTCOMES = [
    ((False, None, None, None), Relationship.LIMITATION),
    ((True, False, None, None), Relationship.NON_COMMITTAL),
    ((True, True, False, None), Relationship.SEARCHING),
    ((True, True, True, False), Relationship.CONSULTING),
    ((True, True, True, True), Relationship.CO_EXPERT),
]
QUESTIONS = ("is_problem", "asks_for_help", "request_workable", "own_resources")


@pytest.mark.parametrize("answers,expected", OUTCOMES)
def test_the_first_no_decides(answers, expected):
    assert flowchart(*answers) == expected


@pytest.mark.parametrize("later", [True, False])
def test_answers_after_a_no_do_not_change_the_outcome(later):
    assert flowchart(False, later, later, later) == Relationship.LIMITATION
    assert flowchart(True, False, later, later) == Relationship.NON_COMMITTAL
    assert flowchart(True, True, False, later) == Relationship.SEARCHING


def test_the_model_wants_the_next_answer_after_a_yes(world):
    assessment = RelationshipAssessment(
        trajectory=world.trajectories["own"], date=datetime.date(2026, 10, 1), is_problem=True, asks_for_help=True
    )
    with pytest.raises(ValidationError) as refused:
        assessment.full_clean()
    assert refused.value.message_dict == {"request_workable": ["Beantwoord deze vraag."]}


def post_data(answers, **extra):
    data = {"date": timezone.localdate().isoformat(), "note": ""}
    for name, answer in zip(QUESTIONS, answers, strict=True):
        data[name] = "" if answer is None else str(answer)
    data.update(extra)
    return data


@pytest.mark.parametrize("answers,expected", OUTCOMES)
def test_the_form_gives_each_outcome(world, answers, expected):
    form = AssessmentForm(post_data(answers), instance=RelationshipAssessment(trajectory=world.trajectories["own"]))
    assert form.is_valid(), form.errors
    assert history.save(form.save(commit=False), world.user("coordinator")).result == expected


def test_the_form_clears_answers_after_a_no(world):
    form = AssessmentForm(
        post_data((True, False, True, True)), instance=RelationshipAssessment(trajectory=world.trajectories["own"])
    )
    assert form.is_valid(), form.errors
    assessment = form.save()
    assert (assessment.asks_for_help, assessment.request_workable, assessment.own_resources) == (False, None, None)
    assert assessment.result == Relationship.NON_COMMITTAL


# --- Through the page ---------------------------------------------------------------------------------------------


@pytest.fixture
def own(world):
    return world.trajectories["own"]


@pytest.fixture
def coach(world, login):
    return login(world.user("coordinator"), world.school)


def assess_url(trajectory):
    return reverse("coaching:assessment_create", args=[trajectory.pk])


def detail_url(trajectory):
    return reverse("coaching:trajectory_detail", args=[trajectory.pk])


def test_the_page_asks_the_four_questions_in_order_as_ja_nee(coach, own):
    page = coach.get(assess_url(own)).content.decode()
    labels = [RelationshipAssessment._meta.get_field(name).verbose_name for name in QUESTIONS]
    positions = [page.index(str(label)) for label in labels]
    assert positions == sorted(positions)
    for name in QUESTIONS:
        assert f'name="{name}" value="True"' in page and f'name="{name}" value="False"' in page
    assert "Nee: vrijblijvend." in page  # the help text says where a 'nee' leads


@pytest.mark.parametrize("answers,expected", OUTCOMES)
def test_coach_records_each_outcome_and_sees_the_fitting_interventions(world, coach, own, answers, expected):
    response = coach.post(assess_url(own), post_data(answers, note="Na het gesprek van dinsdag."))
    assert response.status_code == 302 and response.url == detail_url(own) + "#werkrelatie"
    assessment = RelationshipAssessment.objects.get(trajectory=own)
    assert assessment.result == expected and assessment.note == "Na het gesprek van dinsdag."
    assert history.revisions(assessment).count() == 1
    [entry] = AuditEntry.objects.filter(action=AuditAction.CREATE)
    assert entry.school_id is None and (entry.event, entry.data) == ("coaching.relationship_assessed", {})
    assert entry.description == "Werkrelatie ingeschat"  # never the relationship itself: that is content

    page = coach.get(detail_url(own)).content.decode()
    section = page[page.index('id="werkrelatie"') :].split("</section>")[0]
    assert str(expected.label) in section
    fitting = list(Intervention.objects.filter(relationship=expected))
    assert fitting  # the data migration holds interventions for every relationship
    for intervention in fitting:
        assert intervention.text in section
    for other in Intervention.objects.exclude(relationship=expected):
        assert other.text not in section


def test_the_latest_assessment_chooses_the_interventions(world, coach, own):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    coach.post(assess_url(own), post_data((True, False, None, None), date=yesterday))
    coach.post(assess_url(own), post_data((True, True, True, True)))
    page = coach.get(detail_url(own)).content.decode()
    section = page[page.index('id="interventies"') :].split("</section>")[0]
    assert "co-expert" in section
    assert "Schrijf een persoonlijke brief" not in section  # non-committal, the earlier one
    history_table = page[page.index('id="werkrelatie"') : page.index('id="interventies"')]
    assert history_table.index("vrijblijvend") < history_table.index("co-expert")


@pytest.mark.parametrize(
    "answers,missing",
    [
        ((None, None, None, None), "is_problem"),
        ((True, None, None, None), "asks_for_help"),
        ((True, True, None, None), "request_workable"),
        ((True, True, True, None), "own_resources"),
    ],
)
def test_a_missing_next_answer_is_refused_in_dutch(coach, own, answers, missing):
    response = coach.post(assess_url(own), post_data(answers))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beantwoord deze vraag." in page
    field = page[page.index(f'id="div_id_{missing}"') :].split('id="div_id_')[1]
    assert "Beantwoord deze vraag." in field
    assert not RelationshipAssessment.objects.exists() and not Revision.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"date": "gisteren", "is_problem": "misschien"},
        {"date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(), "is_problem": "False"},
    ],
)
def test_bad_input_is_refused_without_a_500(coach, own, data):
    response = coach.post(assess_url(own), data)
    assert response.status_code == 200
    assert not RelationshipAssessment.objects.exists()


@pytest.mark.parametrize("role", ["teacher", "management", "other_coordinator", "remedial", "admin"])
def test_only_the_coach_assesses_the_relationship(world, login, own, role):
    client = login(world.user(role), world.school)
    assert client.get(assess_url(own)).status_code == 404
    assert client.post(assess_url(own), post_data((False, None, None, None))).status_code == 404
    assert not RelationshipAssessment.objects.exists()


def test_the_coachee_sees_a_shared_relationship_but_cannot_assess_it(world, login, own):
    history.save(
        RelationshipAssessment(
            trajectory=own, date="2026-10-01", is_problem=True, asks_for_help=False, shared_with_coachee=True
        ),
        world.user("coordinator"),
    )
    page = login(world.user("teacher"), world.school).get(detail_url(own)).content.decode()
    assert "vrijblijvend" in page
    assert assess_url(own) not in page
