"""Odd values that answered 500 before (issue 10): each is a Dutch form error or a 404 now, and changes nothing."""

import pytest
from django.urls import reverse

from conversations.models import AskedQuestion, BankQuestion, Conversation, Round
from core.models import Revision
from tests import factories as f

from .test_rounds import round_data

HUGE = "1" * 23


@pytest.fixture
def coordinator(world, login):
    return login(world.user("coordinator"), world.school)


def conversation_data(world, **overrides):
    return {
        "kind": "parent",
        "conversation_model": f.conversation_model().pk,
        "date": "2026-11-18",
        "time": "15:00",
        "duration_minutes": "15",
        "leader": world.user("coordinator").pk,
        "note_taker": world.user("teacher").pk,
        "staff": [],
        "purpose": "",
        **overrides,
    }


@pytest.mark.parametrize("value", ["abc", HUGE, "²", ""])
def test_a_question_that_is_no_id_is_a_404_on_the_questions_page(world, coordinator, value):
    conversation = world.conversations["six"]
    f.AskedQuestionFactory(conversation=conversation)
    url = reverse("conversations:questions", args=[conversation.pk])
    assert coordinator.post(url, {"action": "delete", "question": value}).status_code == 404
    assert AskedQuestion.objects.count() == 1


@pytest.mark.parametrize("action", ["switch", "edit"])
@pytest.mark.parametrize("value", ["abc", HUGE, "²"])
def test_a_question_that_is_no_id_is_a_404_on_the_question_bank(world, coordinator, action, value):
    before = Revision.objects.count()
    data = {"action": action, "question": value, "active": "0", "text": "Wat nu?", "version": "1"}
    assert coordinator.post(reverse("conversations:question_bank"), data).status_code == 404
    assert Revision.objects.count() == before and not BankQuestion.objects.filter(text="Wat nu?").exists()


@pytest.mark.parametrize("value", ["abc", HUGE, "²"])
def test_a_question_to_change_that_is_no_id_just_shows_the_bank(coordinator, value):
    response = coordinator.get(reverse("conversations:question_bank"), {"wijzig": value})
    assert response.status_code == 200 and 'value="edit"' not in response.content.decode()


@pytest.mark.parametrize("duration", [HUGE, "-1", "²", "241"])
def test_a_duration_out_of_bounds_is_a_form_error(world, coordinator, duration):
    url = reverse("conversations:conversation_create", args=[world.pupils["six"].pk])
    response = coordinator.post(url, conversation_data(world, duration_minutes=duration))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Conversation.objects.filter(pupil=world.pupils["six"], kind="parent").exists()


def test_a_23_digit_participant_is_an_invalid_choice(world, coordinator):
    url = reverse("conversations:conversation_create", args=[world.pupils["six"].pk])
    response = coordinator.post(url, conversation_data(world, staff=[HUGE]))
    assert response.status_code == 200
    assert "Kies deelnemers van deze school." in response.content.decode()
    assert not Conversation.objects.filter(pupil=world.pupils["six"], kind="parent").exists()


def test_a_23_digit_staff_member_of_a_round_is_an_invalid_choice(world, coordinator):
    before = Round.objects.count()
    response = coordinator.post(reverse("conversations:round_create"), round_data(world, staff=[HUGE]))
    assert response.status_code == 200
    assert "Kies mensen van deze school." in response.content.decode()
    assert Round.objects.count() == before


@pytest.mark.parametrize("initial", ["-1", HUGE, "²"])
def test_a_broken_management_form_of_the_outcomes_saves_nothing(world, coordinator, initial):
    conversation = world.conversations["six"]
    data = {
        "afspraken-TOTAL_FORMS": "1",
        "afspraken-INITIAL_FORMS": initial,
        "afspraken-0-text": "Elke dag lezen.",
        "afspraken-0-owner": "pupil",
        "afspraken-0-due_date": "2026-12-01",
        "behoeften-TOTAL_FORMS": "0",
        "behoeften-INITIAL_FORMS": "0",
    }
    response = coordinator.post(reverse("conversations:outcomes", args=[conversation.pk]), data)
    assert response.status_code == 200
    assert not conversation.agreements.exists()
