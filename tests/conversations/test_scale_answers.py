"""Scaling answers: a conversation without answers starts with the usefulness question for the child
and a parent; a value outside 0-10 gives a Dutch error and saves nothing; changes keep history."""

import pytest
from django.urls import reverse

from conversations.models import Respondent, ScaleAnswer
from core.models import AuditAction, AuditEntry, Revision
from tests import factories as f

PREFIX = "schaal"


def url(conversation):
    return reverse("conversations:scale_answers", args=[conversation.pk])


def management_form(total, initial=0):
    return {
        f"{PREFIX}-TOTAL_FORMS": str(total),
        f"{PREFIX}-INITIAL_FORMS": str(initial),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }


def rows_data(rows, initial=0):
    data = management_form(len(rows), initial)
    for index, row in enumerate(rows):
        data.update({f"{PREFIX}-{index}-{key}": value for key, value in row.items()})
    return data


@pytest.fixture
def conversation(world):
    conversation = world.conversations["six"]
    conversation.pupil_present = True
    conversation.guardians = ["mother"]
    conversation.save()
    return conversation


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


def test_a_new_conversation_starts_with_the_usefulness_question(conversation, teacher):
    page = teacher.get(url(conversation)).content.decode()
    question = conversation.conversation_model.closing_question
    assert page.count(f'value="{question}"') == 2
    assert f'name="{PREFIX}-0-respondent"' in page
    assert 'value="pupil" selected' in page and 'value="parent" selected' in page
    assert reverse("conversations:conversation_detail", args=[conversation.pk]) in page


def test_no_child_no_parents_no_prefill(world, teacher):
    conversation = world.conversations["six"]  # pupil_present False, no guardians
    page = teacher.get(url(conversation)).content.decode()
    assert conversation.conversation_model.closing_question not in page


def test_answers_are_saved_with_history_and_audit(conversation, teacher, world):
    question = conversation.conversation_model.closing_question
    data = rows_data(
        [
            {"respondent": "pupil", "question": question, "is_usefulness": "on", "value": "8"},
            {"respondent": "parent", "question": question, "is_usefulness": "on", "value": "9"},
            {"respondent": "teacher", "question": "Hoe gaat het nu met lezen?", "value": "6"},
            {"respondent": "", "question": "", "value": ""},
        ]
    )
    response = teacher.post(url(conversation), data)
    assert response.status_code == 302
    answers = list(conversation.scale_answers.order_by("id").values_list("respondent", "is_usefulness", "value"))
    assert answers == [("pupil", True, 8), ("parent", True, 9), ("teacher", False, 6)]
    assert Revision.objects.filter(content_type__model="scaleanswer").count() == 3
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, content_type__model="scaleanswer").count() == 3


def test_an_eleven_gives_a_dutch_error_and_saves_nothing(conversation, teacher):
    question = conversation.conversation_model.closing_question
    data = rows_data(
        [
            {"respondent": "pupil", "question": question, "is_usefulness": "on", "value": "8"},
            {"respondent": "parent", "question": question, "is_usefulness": "on", "value": "11"},
        ]
    )
    response = teacher.post(url(conversation), data)
    assert response.status_code == 200
    assert "Een antwoord op een schaalvraag ligt tussen 0 en 10." in response.content.decode()
    assert not ScaleAnswer.objects.exists()


@pytest.mark.parametrize("value", ["-1", "acht", "7.5"])
def test_other_bad_values_are_refused_too(conversation, teacher, value):
    data = rows_data([{"respondent": "pupil", "question": "Hoe gaat het met rekenen?", "value": value}])
    response = teacher.post(url(conversation), data)
    assert response.status_code == 200
    assert "Een antwoord op een schaalvraag ligt tussen 0 en 10." in response.content.decode()
    assert not ScaleAnswer.objects.exists()


def test_changing_and_deleting_answers(conversation, teacher):
    kept = f.ScaleAnswerFactory(conversation=conversation, respondent=Respondent.PUPIL, value=5)
    gone = f.ScaleAnswerFactory(conversation=conversation, respondent=Respondent.PARENT, value=6)
    page = teacher.get(url(conversation)).content.decode()
    assert page.count(conversation.conversation_model.closing_question) == 0  # answers exist: no prefill
    data = rows_data(
        [
            {
                "id": kept.pk,
                "version": 1,
                "respondent": "pupil",
                "question": kept.question,
                "is_usefulness": "on",
                "value": "7",
            },
            {
                "id": gone.pk,
                "version": 1,
                "respondent": "parent",
                "question": gone.question,
                "value": "6",
                "DELETE": "on",
            },
        ],
        initial=2,
    )
    assert teacher.post(url(conversation), data).status_code == 302
    assert list(conversation.scale_answers.values_list("pk", "value")) == [(kept.pk, 7)]
    assert Revision.objects.filter(object_id=str(gone.pk), action=AuditAction.DELETE).exists()


def test_management_cannot_post(world, login, conversation):
    client = login(world.user("management"), world.school)
    data = rows_data([{"respondent": "pupil", "question": "x", "value": "5"}])
    assert client.post(url(conversation), data).status_code == 404
    assert not ScaleAnswer.objects.exists()
