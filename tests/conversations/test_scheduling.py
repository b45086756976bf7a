"""The schedule of a conversation round: slots, capacity, double booking, siblings, moving by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from conversations import scheduling, services
from conversations.models import Conversation, Round
from core.models import Revision
from tests import factories as f

# A day ahead: the pages never plan a slot that has passed.
DAY = timezone.localdate() + datetime.timedelta(days=21)


def at(hour, minute=0, date=DAY):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


def hhmm(moment):
    return timezone.localtime(moment).strftime("%H:%M")


def make_round(
    world,
    *,
    pupils=4,
    staff=("coordinator", "teacher"),
    mode=Round.Mode.TOGETHER,
    days=None,
    group_name="Groep 8",
    **kwargs,
):
    """A round for a new group of this year with ``pupils`` pupils, one day 15:00-17:00 unless ``days``."""
    group = f.GroupFactory(school_year=world.groups["six"].school_year, name=group_name, year_level_low=8)
    for n in range(pupils):
        pupil = f.PupilFactory(school=world.school, first_name=f"Kind{n:02d}", surname=f"Achter{n:02d}")
        f.EnrolmentFactory(pupil=pupil, group=group)
    users = [world.user(key) for key in staff]
    round_ = f.RoundFactory(group=group, mode=mode, leader=users[0] if users else None, **kwargs)
    round_.staff.add(*users)
    for date, start, end, breaks in days or [(DAY, datetime.time(15), datetime.time(17), "")]:
        f.RoundDayFactory(round=round_, date=date, start_time=start, end_time=end, breaks=breaks)
    return round_


def pupil(world, group, first_name, family="", surname="Broer"):
    child = f.PupilFactory(school=world.school, first_name=first_name, surname=surname, family=family)
    f.EnrolmentFactory(pupil=child, group=group)
    return child


# --- Slots --------------------------------------------------------------------------------------------------------


def test_day_slots_skip_breaks_and_end_by_the_end_time(db):
    day = f.RoundDayFactory.build(
        date=DAY, start_time=datetime.time(15), end_time=datetime.time(17, 10), breaks="15:40-16:00"
    )
    slots = scheduling.day_slots(day, 15)
    assert [hhmm(start) for start, _end in slots] == ["15:00", "15:15", "16:00", "16:15", "16:30", "16:45"]
    assert all(timezone.is_aware(start) for start, _end in slots)
    assert all(end - start == datetime.timedelta(minutes=15) for start, end in slots)
    # 16:45-17:00 is the last one: 17:00-17:15 would run past 17:10.
    assert hhmm(slots[-1][1]) == "17:00"


def test_day_slots_of_twenty_minutes_with_two_breaks(db):
    day = f.RoundDayFactory.build(
        date=DAY, start_time=datetime.time(8, 30), end_time=datetime.time(10), breaks="9:10-9:20; 9:40-9:45"
    )
    assert [hhmm(s) for s, _e in scheduling.day_slots(day, 20)] == ["08:30", "08:50", "09:20"]


# --- Generate -----------------------------------------------------------------------------------------------------


def conversations_of(round_):
    return list(Conversation.objects.filter(round=round_).select_related("pupil").order_by("starts_at", "id"))


def test_together_one_table_leader_and_note_taker(world):
    round_ = make_round(world, pupils=4)
    result = services.plan_conversations(round_, world.user("coordinator"))
    assert result.message == "4 gesprekken gepland."
    planned = conversations_of(round_)
    assert [hhmm(c.starts_at) for c in planned] == ["15:00", "15:15", "15:30", "15:45"]
    coordinator, teacher = world.user("coordinator"), world.user("teacher")
    for conversation in planned:
        assert conversation.status == Conversation.Status.PLANNED
        assert conversation.kind == round_.kind and conversation.conversation_model_id == round_.conversation_model_id
        assert conversation.duration_minutes == 15
        assert conversation.ends_at - conversation.starts_at == datetime.timedelta(minutes=15)
        assert conversation.leader == coordinator and conversation.note_taker == teacher
        assert set(conversation.staff.all()) == {coordinator, teacher}
        assert conversation.pupil_present is True
    # Each got its first revision, with the staff in it.
    revision = Revision.objects.get(object_id=str(planned[0].pk), content_type__model="conversation")
    assert revision.user == coordinator and sorted(revision.data["staff"]) == sorted([coordinator.pk, teacher.pk])


def test_the_plan_is_a_proposal_that_writes_nothing(world):
    round_ = make_round(world, pupils=3)
    with CaptureQueriesContext(connection) as queries:
        result = scheduling.plan(round_)
    assert not [q for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert [hhmm(slot.starts_at) for slot in result.placed] == ["15:00", "15:15", "15:30"]
    assert not Conversation.objects.filter(round=round_).exists() and not result.created


def test_capacity_error_saves_nothing(world):
    # 15:00-17:00 with a break of half an hour: 6 slots of 15 minutes for 8 pupils.
    round_ = make_round(world, pupils=8, days=[(DAY, datetime.time(15), datetime.time(17), "16:00-16:30")])
    with pytest.raises(ValidationError) as error:
        services.plan_conversations(round_)
    assert error.value.messages == [
        "Er zijn 8 leerlingen zonder gesprek, maar er zijn nog maar 6 plekken vrij. "
        "Voeg een dag toe of maak de gesprekken korter."
    ]
    assert not Conversation.objects.filter(round=round_).exists()


def test_a_group_without_pupils_is_refused(world):
    round_ = make_round(world, pupils=0)
    with pytest.raises(ValidationError, match="Groep 8 heeft geen leerlingen"):
        services.plan_conversations(round_)


def test_a_round_without_staff_is_refused(world):
    round_ = make_round(world, pupils=2, staff=())
    with pytest.raises(ValidationError, match="wie van school de gesprekken voeren"):
        services.plan_conversations(round_)


def test_staff_busy_in_another_round_get_no_slot_then(world):
    # The world's group-6 round has ib-test and juf-zes at 15:00 on 17 November.
    busy_day = datetime.date(2026, 11, 17)
    round_ = make_round(world, pupils=2, days=[(busy_day, datetime.time(15), datetime.time(16), "")])
    # And juf-zes leads a conversation outside any round at 15:30.
    f.ConversationFactory(pupil=world.pupils["three"], starts_at=at(15, 30, busy_day), leader=world.user("teacher"))
    services.plan_conversations(round_)
    assert [hhmm(c.starts_at) for c in conversations_of(round_)] == ["15:15", "15:45"]


def test_no_double_booking_capacity_counts_busy_slots(world):
    busy_day = datetime.date(2026, 11, 17)
    round_ = make_round(world, pupils=3, days=[(busy_day, datetime.time(15), datetime.time(16), "")])
    f.ConversationFactory(pupil=world.pupils["three"], starts_at=at(15, 30, busy_day), leader=world.user("teacher"))
    # 4 slots, 15:00 (world round) and 15:30 (the teacher leads another) taken: 2 left for 3 pupils.
    with pytest.raises(
        ValidationError, match="Er zijn 3 leerlingen zonder gesprek, maar er zijn nog maar 2 plekken vrij"
    ):
        services.plan_conversations(round_)
    assert not Conversation.objects.filter(round=round_).exists()


def test_cancelled_conversations_hold_no_time(world):
    busy_day = datetime.date(2026, 11, 17)
    world.conversations["six"].status = Conversation.Status.CANCELLED
    world.conversations["six"].save()
    round_ = make_round(world, pupils=4, days=[(busy_day, datetime.time(15), datetime.time(16), "")])
    services.plan_conversations(round_)
    assert [hhmm(c.starts_at) for c in conversations_of(round_)] == ["15:00", "15:15", "15:30", "15:45"]


def test_generate_never_double_books_anyone(world):
    busy_day = datetime.date(2026, 11, 17)
    round_ = make_round(
        world,
        pupils=10,
        staff=("coordinator", "teacher", "remedial"),
        mode=Round.Mode.SPLIT,
        days=[(busy_day, datetime.time(15), datetime.time(17), "")],
    )
    services.plan_conversations(round_)
    for conversation in Conversation.objects.filter(round=round_).prefetch_related("staff"):
        assert not scheduling.staff_conflicts(
            conversation.staff.all(), conversation.starts_at, conversation.ends_at, exclude_ids=[conversation.pk]
        )


def test_split_with_three_staff_uses_three_tables_in_parallel(world):
    staff = ("coordinator", "teacher", "remedial")
    round_ = make_round(world, pupils=6, staff=staff, mode=Round.Mode.SPLIT)
    services.plan_conversations(round_)
    planned = conversations_of(round_)
    assert [hhmm(c.starts_at) for c in planned] == ["15:00"] * 3 + ["15:15"] * 3
    assert {c.leader for c in planned[:3]} == {world.user(key) for key in staff}
    for conversation in planned:
        assert list(conversation.staff.all()) == [conversation.leader]
        assert conversation.note_taker is None
    assert len(scheduling.tables(round_)) == 3


def test_siblings_get_consecutive_slots_at_one_table(world):
    round_ = make_round(world, pupils=5, staff=("coordinator", "teacher", "remedial"), mode=Round.Mode.SPLIT)
    older = pupil(world, round_.group, "Zoë", family="G17")
    younger = pupil(world, round_.group, "Ayoub", family="G17", surname="Anders")
    services.plan_conversations(round_)
    mine = {c.pupil_id: c for c in conversations_of(round_)}
    a, b = sorted((mine[older.pk], mine[younger.pk]), key=lambda c: c.starts_at)
    assert a.leader == b.leader
    assert a.ends_at == b.starts_at


def test_siblings_never_at_the_same_time_even_when_split_over_tables(world):
    # One slot per table: no run of two, so each child on its own, never at the same time.
    round_ = make_round(
        world,
        pupils=1,
        staff=("coordinator", "teacher", "remedial"),
        mode=Round.Mode.SPLIT,
        days=[
            (DAY, datetime.time(15), datetime.time(15, 15), ""),
            (DAY.replace(day=25), datetime.time(15), datetime.time(15, 15), ""),
        ],
    )
    first = pupil(world, round_.group, "Ada", family="F1")
    second = pupil(world, round_.group, "Bo", family="F1")
    services.plan_conversations(round_)
    mine = {c.pupil_id: c for c in conversations_of(round_)}
    assert mine[first.pk].starts_at != mine[second.pk].starts_at


def test_a_sibling_in_another_round_gets_the_slot_beside_it(world):
    round_ = make_round(world, pupils=4)
    child = pupil(world, round_.group, "Mila", family="G42")
    # Her brother in group 3 has a conversation with meester-drie at 16:00 that day.
    brother = f.PupilFactory(school=world.school, first_name="Daan", surname="Broer", family="G42")
    f.EnrolmentFactory(pupil=brother, group=world.groups["three"])
    f.ConversationFactory(pupil=brother, starts_at=at(16), leader=world.user("other_teacher"))
    services.plan_conversations(round_)
    mine = Conversation.objects.get(round=round_, pupil=child)
    assert hhmm(mine.starts_at) in ("15:45", "16:15")


def test_a_sibling_of_another_school_is_no_sibling(world):
    round_ = make_round(world, pupils=1)
    child = pupil(world, round_.group, "Mila", family="G42")
    stranger = f.PupilFactory(school=world.foreign_school, family="G42")
    f.ConversationFactory(pupil=stranger, starts_at=at(16, 30))
    services.plan_conversations(round_)
    times = {c.pupil_id: hhmm(c.starts_at) for c in conversations_of(round_)}
    assert times[child.pk] in ("15:00", "15:15")


def test_rerun_schedules_only_the_unscheduled(world):
    round_ = make_round(world, pupils=3)
    first = services.plan_conversations(round_)
    assert len(first.created) == 3
    cancelled = conversations_of(round_)[1]
    cancelled.status = Conversation.Status.CANCELLED
    cancelled.save()
    newcomer = pupil(world, round_.group, "Nieuw", surname="Later")
    second = services.plan_conversations(round_)
    assert sorted(c.pupil_id for c in second.created) == sorted([newcomer.pk, cancelled.pupil_id])
    assert Conversation.objects.filter(round=round_).count() == 5
    # The freed slot is used again: nobody shares a time at the one table.
    holding = Conversation.objects.filter(round=round_, status=Conversation.Status.PLANNED)
    assert len({c.starts_at for c in holding}) == holding.count() == 4
    third = services.plan_conversations(round_)
    assert third.created == [] and "al een gesprek" in third.message


def test_generate_uses_few_queries(world, django_assert_max_num_queries):
    round_ = make_round(
        world,
        pupils=30,
        staff=("coordinator", "teacher", "remedial"),
        mode=Round.Mode.SPLIT,
        days=[(DAY, datetime.time(15), datetime.time(18), "")],
    )
    with django_assert_max_num_queries(14):
        services.plan_conversations(round_)
    assert Conversation.objects.filter(round=round_).count() == 30


# --- Moving by hand -----------------------------------------------------------------------------------------------


@pytest.fixture
def planned_round(world):
    round_ = make_round(world, pupils=3, days=[(DAY, datetime.time(15), datetime.time(17), "16:00-16:30")])
    services.plan_conversations(round_)
    return round_


def move(conversation, starts_at, staff=None):
    conversation = Conversation.objects.select_related("round").get(pk=conversation.pk)
    return scheduling.check_move(conversation, starts_at, staff or list(conversation.staff.all()))


def test_check_move_accepts_a_free_slot(world, planned_round):
    assert move(conversations_of(planned_round)[0], at(16, 30)) == []


def test_check_move_errors(world, planned_round):
    first, second, _third = conversations_of(planned_round)
    other_day = DAY + datetime.timedelta(days=2)
    assert move(first, at(15, 0, other_day)) == [
        f"Op {date_format(other_day, 'j F Y')} is er geen gespreksdag in deze ronde "
        f"(de dagen zijn: {date_format(DAY, 'j F')})."
    ]
    assert move(first, at(14, 50)) == ["Het gesprek begint vóór 15:00, het begin van deze gespreksdag."]
    assert move(first, at(16, 50)) == [
        "Het gesprek duurt tot 17:05 en loopt zo door na 17:00, het einde van deze gespreksdag."
    ]
    assert move(first, at(15, 55)) == ["Het gesprek valt in de pauze van 16:00 tot 16:30."]
    clash = move(first, second.starts_at)
    assert len(clash) == 2 and all("heeft om" in message and "al een gesprek" in message for message in clash)


def test_check_move_sees_another_round(world, planned_round):
    first = conversations_of(planned_round)[0]
    f.ConversationFactory(pupil=world.pupils["three"], starts_at=at(16, 30), leader=world.user("teacher"))
    errors = move(first, at(16, 35))
    assert len(errors) == 1 and errors[0].startswith(str(world.user("teacher")))


def test_check_move_refuses_a_held_conversation(world, planned_round):
    first = conversations_of(planned_round)[0]
    first.status = Conversation.Status.HELD
    first.save()
    assert move(first, at(16, 30)) == ["Dit gesprek is al gehouden; een gehouden gesprek verplaats je niet."]


def test_check_move_keeps_brothers_and_sisters_apart_in_time(world):
    round_ = make_round(
        world, pupils=0, staff=("coordinator", "teacher"), mode=Round.Mode.SPLIT, group_name="Groep 7/8"
    )
    group = round_.group
    noor, daan = pupil(world, group, "Noor", family="G1"), pupil(world, group, "Daan", family="G1")
    services.plan_conversations(round_)
    by_pupil = {c.pupil_id: c for c in conversations_of(round_)}
    noor_at = by_pupil[noor.pk].starts_at
    daan_conversation = by_pupil[daan.pk]
    other_member = next(u for u in round_.staff.all() if u.pk != by_pupil[noor.pk].leader_id)
    errors = move(daan_conversation, noor_at, [other_member])
    assert errors == [f"Om {hhmm(noor_at)} heeft Noor Broer, uit hetzelfde gezin, al een gesprek."]


def test_planning_again_gives_a_pupil_to_reschedule_a_new_time_and_calls_the_old_one_off(world):
    round_ = make_round(world, pupils=2)
    services.plan_conversations(round_)
    first = conversations_of(round_)[0]
    first.status = Conversation.Status.RESCHEDULE
    first.save()
    services.plan_conversations(round_)
    statuses = sorted(Conversation.objects.filter(round=round_, pupil=first.pupil).values_list("status", flat=True))
    assert statuses == [Conversation.Status.CANCELLED, Conversation.Status.PLANNED]


def test_siblings_that_only_fit_side_by_side_get_a_message_about_families_not_capacity(world):
    round_ = make_round(
        world,
        pupils=0,
        mode=Round.Mode.SPLIT,
        days=[(DAY, datetime.time(15), datetime.time(15, 15), "")],  # one time, two tables: two slots
        group_name="Groep 7/8",
    )
    pupil(world, round_.group, "Noor", family="G2")
    pupil(world, round_.group, "Daan", family="G2")
    with pytest.raises(ValidationError, match="Niet elk gezin past in het rooster"):
        services.plan_conversations(round_)
    assert not Conversation.objects.filter(round=round_).exists()
