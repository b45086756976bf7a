"""The demo's conversations follow the seed: the July start round and the November progress round of group 8."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from conversations.models import Agreement, AskedQuestion, Conversation, ConversationNeed, Note, Round, ScaleAnswer
from schools import demo as school_demo
from tests.demo_once import demo_per_module

# A fixed day, so that the November round has been held whatever the date the suite runs on.
demo_data = demo_per_module(lambda: school_demo.build(today=datetime.date(2026, 11, 25)))


@pytest.fixture
def demo(demo_data, db):
    pass


def test_july_start_round_29_pupils_two_days_15_minutes_led_by_ib(demo):
    july = Round.objects.get(name="Startgesprekken groep 8")
    assert july.group.name == "Groep 8" and july.slot_minutes == 15
    assert july.leader.username == "ib"
    conversations = july.conversations.all()
    days = {timezone.localtime(c.starts_at).date() for c in conversations}
    assert len(days) == 2 and all(day.month == 7 for day in days)
    statuses = Counter(conversations.values_list("status", flat=True))
    assert statuses == {Conversation.Status.HELD: 29, Conversation.Status.CANCELLED: 1}
    held = conversations.filter(status=Conversation.Status.HELD)
    assert set(held.values_list("leader__username", flat=True)) == {"ib"}
    assert set(held.values_list("note_taker__username", flat=True)) == {"leerkracht8"}
    assert all(c.duration_minutes == 15 for c in held)


def test_both_listeners_keep_their_own_notes_and_they_differ(demo):
    held = Conversation.objects.filter(round__name="Startgesprekken groep 8", status=Conversation.Status.HELD)
    authors = Counter(Note.objects.filter(conversation__in=held).values_list("author__username", flat=True))
    assert authors["ib"] > 0 and authors["leerkracht8"] > 0
    assert set(authors) == {"ib", "leerkracht8"}
    # In some steps only one of them wrote something: the side-by-side view has differences to show.
    assert authors["ib"] > authors["leerkracht8"]


def test_child_and_parents_answer_the_usefulness_question_in_every_held_conversation(demo):
    held = Conversation.objects.filter(status=Conversation.Status.HELD)
    answers = ScaleAnswer.objects.filter(conversation__in=held, is_usefulness=True)
    assert answers.values("conversation").distinct().count() == held.count() == 60  # 29 + the make-up in September + 30
    assert set(answers.values_list("respondent", flat=True)) == {"pupil", "parent"}
    assert all(0 <= value <= 10 for value in answers.values_list("value", flat=True))


def test_needs_named_in_july_are_pupil_needs_and_november_checks_them(demo):
    links = ConversationNeed.objects.select_related("need")
    assert links.count() > 0 and all(link.need.source == "conversation" for link in links)
    november = Conversation.objects.filter(round__name="Voortgangsgesprekken groep 8")
    asked_back = november.exclude(input_noticed="")
    assert asked_back.count() == links.count()
    assert Agreement.objects.filter(checked_in__in=november).exclude(status=Agreement.Status.OPEN).exists()


def test_november_first_evening_mostly_closed_questions_second_mostly_open(demo):
    november = Round.objects.get(name="Voortgangsgesprekken groep 8")
    assert november.leader.username == "leerkracht8"
    assert all(c.pupil_present for c in november.conversations.all())
    per_day = Counter(
        (timezone.localtime(q.conversation.starts_at).date(), q.technique)
        for q in AskedQuestion.objects.filter(conversation__round=november).select_related("conversation")
    )
    first, second = sorted({day for day, _technique in per_day})
    assert per_day[(first, "closed")] > 3 * per_day[(first, "open")]
    assert per_day[(second, "open")] > 3 * per_day[(second, "closed")]


def test_the_family_away_in_july_had_its_start_conversation_in_the_first_school_week(demo):
    cancelled = Conversation.objects.get(round__name="Startgesprekken groep 8", status=Conversation.Status.CANCELLED)
    make_up = Conversation.objects.get(pupil=cancelled.pupil, kind=cancelled.kind, round=None)
    assert make_up.status == Conversation.Status.HELD
    first_day = make_up.pupil.enrolments.get(group__name="Groep 8").school_year.start_date
    assert 0 <= (timezone.localtime(make_up.starts_at).date() - first_day).days < 7


def test_the_twins_in_group_8_sit_side_by_side_in_both_rounds(demo):
    for round_ in Round.objects.filter(group__name="Groep 8"):
        twins = [c for c in round_.conversations.select_related("pupil") if c.pupil.family]
        in_group = [c for c in twins if sum(1 for o in twins if o.pupil.family == c.pupil.family) == 2]
        assert len(in_group) == 2
        first, second = sorted(in_group, key=lambda c: c.starts_at)
        assert first.ends_at == second.starts_at
