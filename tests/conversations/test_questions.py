"""Question technique on the conversation: adding questions (one per line), their open/closed badge,
the count line, open suggestions for closed questions, deleting one; a query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.models import AskedQuestion, BankQuestion, Technique
from core.models import AuditAction, AuditEntry, Revision
from tests import factories as f


def url(conversation):
    return reverse("conversations:questions", args=[conversation.pk])


@pytest.fixture
def conversation(world):
    return world.conversations["six"]


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


def test_adding_several_questions_one_per_line(conversation, teacher, world):
    step = conversation.conversation_model.steps.get(order=4)
    text = "Hoi Sam, hoe was je weekend?\n\n  Vind je rekenen leuk?  \nHeb je gemerkt dat de juf je vaker hielp?\n"
    response = teacher.post(url(conversation), {"action": "add", "text": text, "step": step.pk})
    assert response.status_code == 302
    rows = list(conversation.asked_questions.order_by("id").values_list("text", "technique", "step", "asked_by"))
    me = world.user("teacher").pk
    assert rows == [
        ("Hoi Sam, hoe was je weekend?", Technique.OPEN, step.pk, me),
        ("Vind je rekenen leuk?", Technique.CLOSED, step.pk, me),
        ("Heb je gemerkt dat de juf je vaker hielp?", Technique.CLOSED, step.pk, me),
    ]
    assert Revision.objects.filter(content_type__model="askedquestion").count() == 3
    assert AuditEntry.objects.filter(content_type__model="askedquestion", action=AuditAction.CREATE).count() == 3


def test_the_page_shows_badges_the_count_and_suggestions(conversation, teacher, world):
    for text in ("Hoe gaat het met lezen?", "Wat vond je van de toets?", "Waarom deed je dat?"):
        f.AskedQuestionFactory(conversation=conversation, text=text)
    for text in ("Vind je rekenen leuk?", "Is het gelukt?", "Ben je klaar?", "Heb je nog vragen?"):
        f.AskedQuestionFactory(conversation=conversation, text=text)
    f.AskedQuestionFactory(conversation=conversation, text="Leuk dat je er bent.")
    page = teacher.get(url(conversation)).content.decode()
    assert "3 open, 4 gesloten, 1 niet te bepalen" in page
    assert page.count('class="badge text-bg-success"') == 3
    assert page.count('class="badge text-bg-warning"') == 4
    assert "Wat vind je van rekenen?" in page  # the rewrite
    assert "Hoe is het gegaan?" in page
    assert "verwijt" in page  # the caution with the why-question


def test_suggestions_come_from_the_active_bank_of_the_conversation_model(conversation, teacher, world):
    step = conversation.conversation_model.steps.get(order=6)
    own = BankQuestion.objects.create(step=step, school=world.school, text="Hoe helpt de rekenmuur je bij het rekenen?")
    off = BankQuestion.objects.create(
        step=step, school=world.school, text="Wat vind je lastig aan rekenen met breuken?", is_active=False
    )
    other_school = BankQuestion.objects.create(
        step=step, school=world.foreign_school, text="Welke rekensommen maak je het liefst met rekenen?"
    )
    f.AskedQuestionFactory(conversation=conversation, text="Ga je vooruit met rekenen?", step=step)
    page = teacher.get(url(conversation)).content.decode()
    assert own.text in page
    assert off.text not in page and other_school.text not in page


def test_an_empty_submission_gives_a_dutch_error(conversation, teacher):
    response = teacher.post(url(conversation), {"action": "add", "text": "  \n "})
    assert response.status_code == 200
    assert "Schrijf minstens één vraag op." in response.content.decode()
    assert not AskedQuestion.objects.exists()


def test_a_too_long_line_saves_nothing(conversation, teacher):
    text = "Hoe gaat het?\n" + "Wat " * 100
    response = teacher.post(url(conversation), {"action": "add", "text": text})
    assert response.status_code == 200
    assert "300 tekens" in response.content.decode()
    assert not AskedQuestion.objects.exists()


def test_deleting_a_question(conversation, teacher, world):
    question = f.AskedQuestionFactory(conversation=conversation)
    elsewhere = f.AskedQuestionFactory(conversation=world.conversations["three"])
    assert teacher.post(url(conversation), {"action": "delete", "question": elsewhere.pk}).status_code == 404
    assert teacher.post(url(conversation), {"action": "delete", "question": question.pk}).status_code == 302
    assert list(AskedQuestion.objects.all()) == [elsewhere]
    assert Revision.objects.filter(object_id=str(question.pk), action=AuditAction.DELETE).exists()


# Session, user, memberships, conversation, exists/questions, bank, the step choices; the idle clock saves the session.
BUDGET = 10


def test_the_page_runs_a_fixed_number_of_queries(conversation, teacher, django_assert_max_num_queries):
    def add(n):
        for index in range(n):
            f.AskedQuestionFactory(conversation=conversation, text=f"Vind je les {index} leuk?")
            f.AskedQuestionFactory(conversation=conversation, text=f"Hoe ging les {index}?")

    add(2)
    teacher.get(url(conversation))
    with CaptureQueriesContext(connection) as few:
        teacher.get(url(conversation))
    add(15)
    with django_assert_max_num_queries(BUDGET), CaptureQueriesContext(connection) as many:
        assert "17 open, 17 gesloten" in teacher.get(url(conversation)).content.decode()
    assert len(many) == len(few)
