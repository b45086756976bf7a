"""The summary of a round: coverage, statuses, usefulness per respondent, needs per subject, technique per day."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.models import AskedQuestion, Conversation, ConversationNeed
from pupils.models import NeedSource
from tests import factories as f

from .test_scheduling import at, make_round

FIRST, SECOND = datetime.date(2026, 11, 24), datetime.date(2026, 11, 26)
Status = Conversation.Status


def summary_url(round_):
    return reverse("conversations:round_summary", args=[round_.pk])


def section(page, name):
    start = page.index(f'id="{name}"')
    return " ".join(re.sub(r"<[^>]+>", " ", page[start : page.index("</section>", start)]).split())


@pytest.fixture
def coordinator(world, login):
    return login(world.user("coordinator"), world.school)


def held_round(world, pupils=4, group_name="Groep 8"):
    """A round over two evenings: all pupils held except one cancelled and one to reschedule."""
    round_ = make_round(
        world,
        pupils=pupils,
        group_name=group_name,
        days=[(FIRST, datetime.time(18), datetime.time(21), ""), (SECOND, datetime.time(18), datetime.time(21), "")],
    )
    children = list(round_.group.enrolments.select_related("pupil").order_by("pupil__surname"))
    conversations = []
    for n, enrolment in enumerate(children):
        day = FIRST if n % 2 == 0 else SECOND
        minutes = 15 * (n // 2)
        starts_at = at(18 + minutes // 60, minutes % 60, day)
        conversations.append(
            f.ConversationFactory(
                pupil=enrolment.pupil,
                round=round_,
                status=Status.HELD,
                starts_at=starts_at,
            )
        )
    return round_, conversations


def add_questions(conversation, texts):
    for text in texts:
        AskedQuestion.objects.create(conversation=conversation, text=text)


def add_need(conversation, subject=None):
    need = f.NeedFactory(pupil=conversation.pupil, source=NeedSource.CONVERSATION, subject=subject)
    ConversationNeed.objects.create(conversation=conversation, need=need)


def test_coverage_and_statuses(world, coordinator):
    round_, conversations = held_round(world, pupils=4)
    conversations[2].status = Status.CANCELLED
    conversations[2].save()
    conversations[3].status = Status.RESCHEDULE
    conversations[3].save()
    page = coordinator.get(summary_url(round_)).content.decode()
    assert "2 van de 4 leerlingen gesproken (50%)" in section(page, "bereik")
    statuses = section(page, "bereik")
    assert "gepland 0" in statuses and "gehouden 2" in statuses
    assert "afgezegd 1" in statuses and "opnieuw te plannen 1" in statuses


def test_usefulness_by_respondent(world, coordinator):
    round_, conversations = held_round(world)
    for conversation, (child, parent) in zip(conversations, [(6, 8), (8, 9), (7, 7), (9, 8)], strict=True):
        conversation.scale_answers.create(respondent="pupil", question="Nuttig?", is_usefulness=True, value=child)
        conversation.scale_answers.create(respondent="parent", question="Nuttig?", is_usefulness=True, value=parent)
        conversation.scale_answers.create(respondent="parent", question="Lezen?", is_usefulness=False, value=2)
    text = section(coordinator.get(summary_url(round_)).content.decode(), "nuttigheid")
    assert re.search(r"Kind 7[.,]5 4", text), text
    assert re.search(r"Ouder 8[.,]0 4", text), text
    assert "Leerkracht – 0" in text


def test_needs_per_subject(world, coordinator):
    round_, conversations = held_round(world)
    spelling, reading = f.subject("spelling"), f.subject("begrijpend-lezen")
    add_need(conversations[0], spelling)
    add_need(conversations[1], spelling)
    add_need(conversations[2], reading)
    add_need(conversations[3])
    text = section(coordinator.get(summary_url(round_)).content.decode(), "behoeften")
    assert f"{spelling.name} 2" in text and f"{reading.name} 1" in text and "zonder vak 1" in text


def test_question_technique_per_day_shows_the_change(world, coordinator):
    round_, conversations = held_round(world)
    first_evening = [c for c in conversations if c.starts_at.date() == FIRST]
    second_evening = [c for c in conversations if c.starts_at.date() == SECOND]
    for conversation in first_evening:
        add_questions(conversation, ["Heb je gemerkt dat het beter ging?", "Vind je rekenen leuk?"])
    for conversation in second_evening:
        add_questions(conversation, ["Wat heb je gemerkt?", "Hoe gaat het met lezen?", "Is het druk in de klas?"])
    page = coordinator.get(summary_url(round_)).content.decode()
    text = section(page, "vraagtechniek")
    assert "Dinsdag 24 november 0 4 0 0%" in text
    assert "Donderdag 26 november 4 2 0 67%" in text


def test_an_empty_round_has_a_summary(world, coordinator):
    round_ = make_round(world, pupils=0)
    page = coordinator.get(summary_url(round_)).content.decode()
    assert "De groep heeft geen leerlingen." in page
    assert "nog geen gestelde vragen" in page


def test_management_reads_the_summary(world, login):
    response = login(world.user("management"), world.school).get(summary_url(world.rounds["three"]))
    assert response.status_code == 200


# Session, user, memberships, round, statuses, pupils, held, usefulness, needs, questions; session save.
SUMMARY_BUDGET = 13


def test_the_summary_runs_a_fixed_number_of_queries(world, coordinator, django_assert_max_num_queries):
    round_, conversations = held_round(world, pupils=2)
    for conversation in conversations:
        add_questions(conversation, ["Wat ging goed?"])
        add_need(conversation, f.subject("spelling"))
    coordinator.get(summary_url(round_))
    with CaptureQueriesContext(connection) as few:
        coordinator.get(summary_url(round_))
    more, more_conversations = held_round(world, pupils=12, group_name="Groep 7")
    for conversation in more_conversations:
        add_questions(conversation, ["Wat ging goed?", "Ben je blij?"])
        add_need(conversation, f.subject("rekenen-wiskunde"))
        conversation.scale_answers.create(respondent="parent", question="Nuttig?", is_usefulness=True, value=8)
    with django_assert_max_num_queries(SUMMARY_BUDGET), CaptureQueriesContext(connection) as many:
        coordinator.get(summary_url(more))
    assert len(many) == len(few)
