"""The question bank: every conversation model with its steps and active questions (shared and the
school's own); the coordinator adds her school's questions and switches them off or on; others read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.models import BankQuestion, Step
from core.models import AuditAction, AuditEntry

URL = reverse("conversations:question_bank")


@pytest.fixture
def step():
    return Step.objects.get(model__code="cauffman", order=4)


@pytest.fixture
def coordinator(world, login):
    return login(world.user("coordinator"), world.school)


def test_everyone_reads_shared_and_own_questions(world, login, step):
    own = BankQuestion.objects.create(step=step, school=world.school, text="Wie in de klas helpt jou het meest?")
    foreign = BankQuestion.objects.create(step=step, school=world.foreign_school, text="Wat doe je op het plein?")
    off = BankQuestion.objects.create(step=step, school=world.school, text="Welke juf mis je?", is_active=False)
    page = login(world.user("teacher"), world.school).get(URL).content.decode()
    assert "Zeven stappen (Cauffman)" in page and "Vijf fasen (Delfos)" in page
    assert "Wanneer lukt het al een beetje?" in page  # seeded
    assert own.text in page
    assert foreign.text not in page and off.text not in page
    assert 'name="action"' not in page  # reads only


def test_the_coordinator_adds_a_question(world, coordinator, step):
    response = coordinator.post(URL, {"action": "add", "step": step.pk, "text": "Wat lukte er vandaag wel?"})
    assert response.status_code == 302
    question = BankQuestion.objects.get(text="Wat lukte er vandaag wel?")
    assert (question.school, question.created_by, question.is_active) == (world.school, world.user("coordinator"), True)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, content_type__model="bankquestion").exists()


def test_adding_without_a_text_gives_an_error(coordinator, step):
    response = coordinator.post(URL, {"action": "add", "step": step.pk, "text": ""})
    assert response.status_code == 200
    assert "Er is niets opgeslagen" in response.content.decode()
    assert not BankQuestion.objects.filter(school__isnull=False).exists()


def test_the_coordinator_switches_her_own_question_off_and_on(world, coordinator, step):
    own = BankQuestion.objects.create(step=step, school=world.school, text="Wie in de klas helpt jou het meest?")
    assert coordinator.post(URL, {"action": "switch", "question": own.pk, "active": "0"}).status_code == 302
    own.refresh_from_db()
    assert own.is_active is False
    page = coordinator.get(URL).content.decode()
    assert own.text in page and "weer gebruiken" in page  # she still sees it, to switch it on again
    coordinator.post(URL, {"action": "switch", "question": own.pk, "active": "1"})
    own.refresh_from_db()
    assert own.is_active is True


def test_switching_off_from_a_page_loaded_before_a_colleague_did_says_how_it_stands(world, coordinator, step):
    own = BankQuestion.objects.create(step=step, school=world.school, text="Wie helpt jou?")
    coordinator.post(URL, {"action": "switch", "question": own.pk, "active": "0"})
    # The same button on a page opened before: it stays off, and she is told so.
    response = coordinator.post(URL, {"action": "switch", "question": own.pk, "active": "0"}, follow=True)
    assert "Deze vraag stond al uit: iemand anders heeft haar intussen uitgezet." in response.content.decode()
    own.refresh_from_db()
    assert (own.is_active, own.version) == (False, 2)


def test_the_coordinator_rewords_her_own_question(world, coordinator, step):
    own = BankQuestion.objects.create(step=step, school=world.school, text="Wie helpt jou?")
    page = coordinator.get(URL, {"wijzig": own.pk}).content.decode()
    assert 'value="edit"' in page and "Wie helpt jou?" in page
    data = {"action": "edit", "question": own.pk, "version": own.version, "text": "Wie in de klas helpt jou?"}
    response = coordinator.post(URL, data, follow=True)
    assert "De vraag is gewijzigd." in response.content.decode()
    own.refresh_from_db()
    assert (own.text, own.version) == ("Wie in de klas helpt jou?", 2)
    assert AuditEntry.objects.filter(event="conversations.bank_question_changed").exists()


def test_shared_and_other_schools_questions_cannot_be_switched_off(world, coordinator, step):
    shared = BankQuestion.objects.filter(school__isnull=True).first()
    foreign = BankQuestion.objects.create(step=step, school=world.foreign_school, text="Wat doe je op het plein?")
    assert coordinator.post(URL, {"action": "switch", "question": shared.pk, "active": "0"}).status_code == 404
    assert coordinator.post(URL, {"action": "switch", "question": foreign.pk, "active": "0"}).status_code == 404
    edit = {"action": "edit", "question": shared.pk, "version": 1, "text": "Anders?"}
    assert coordinator.post(URL, edit).status_code == 404
    assert BankQuestion.objects.filter(is_active=False).count() == 0


@pytest.mark.parametrize("role", ["teacher", "management", "remedial"])
def test_a_post_by_anyone_else_is_a_404(world, login, step, role):
    client = login(world.user(role), world.school)
    assert client.post(URL, {"action": "add", "step": step.pk, "text": "Wat nu?"}).status_code == 404
    assert not BankQuestion.objects.filter(text="Wat nu?").exists()


# Session, user, memberships, models, steps, questions, the step choices of the form; the idle clock.
BUDGET = 10


def test_the_page_runs_a_fixed_number_of_queries(world, coordinator, step, django_assert_max_num_queries):
    coordinator.get(URL)
    with CaptureQueriesContext(connection) as few:
        coordinator.get(URL)
    for index, other in enumerate(Step.objects.all()):
        BankQuestion.objects.create(step=other, school=world.school, text=f"Wat merk je bij stap {index}?")
    with django_assert_max_num_queries(BUDGET), CaptureQueriesContext(connection) as many:
        assert "Wat merk je bij stap 11?" in coordinator.get(URL).content.decode()
    assert len(many) == len(few)
