"""The pages of conversation rounds: list, create/edit with days, schedule, move a slot."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conversations import services
from conversations.models import Conversation, Round, RoundDay
from core.models import AuditAction, AuditEntry, Revision
from tests import factories as f

from .test_scheduling import DAY, at, hhmm, make_round


def url(name, obj=None):
    return reverse(f"conversations:{name}", args=[obj.pk] if obj is not None else None)


def text(response):
    return response.content.decode()


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def coordinator(world, login):
    return login(world.user("coordinator"), world.school)


def round_data(world, **overrides):
    data = {
        "group": world.groups["six"].pk,
        "kind": "start",
        "name": "Startgesprekken groep 6",
        "conversation_model": f.conversation_model().pk,
        "slot_minutes": 15,
        "mode": "together",
        "staff": [world.user("coordinator").pk, world.user("teacher").pk],
        "leader": world.user("coordinator").pk,
        "pupil_invited": "on",
        "purpose": "We maken kennis en horen van u en uw kind wat helpt.",
        "dagen-TOTAL_FORMS": 2,
        "dagen-INITIAL_FORMS": 0,
        "dagen-MIN_NUM_FORMS": 0,
        "dagen-MAX_NUM_FORMS": 20,
        "dagen-0-date": "2027-07-06",
        "dagen-0-start_time": "13:00",
        "dagen-0-end_time": "16:00",
        "dagen-0-breaks": "14:30-14:45",
        "dagen-1-date": "2027-07-07",
        "dagen-1-start_time": "08:30",
        "dagen-1-end_time": "12:00",
        "dagen-1-breaks": "",
    }
    data.update(overrides)
    return data


# --- Create and edit ----------------------------------------------------------------------------------------------


def test_create_a_round_with_days(world, coordinator):
    response = coordinator.post(url("round_create"), round_data(world))
    round_ = Round.objects.get(name="Startgesprekken groep 6")
    assert response.status_code == 302 and response.url == url("round_detail", round_)
    assert round_.created_by == world.user("coordinator")
    assert set(round_.staff.all()) == {world.user("coordinator"), world.user("teacher")}
    days = list(round_.days.order_by("date"))
    assert [(d.date, d.start_time, d.breaks) for d in days] == [
        (datetime.date(2027, 7, 6), datetime.time(13), "14:30-14:45"),
        (datetime.date(2027, 7, 7), datetime.time(8, 30), ""),
    ]
    assert Revision.objects.filter(content_type__model="round", object_id=str(round_.pk)).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(round_.pk)).exists()


def test_the_form_offers_the_default_model_and_only_editable_groups(world, login):
    page = text(login(world.user("teacher"), world.school).get(url("round_create")))
    assert "Groep 6" in page and "Groep 3" not in page
    model = f.conversation_model()
    assert f'<option value="{model.pk}" selected>{model.name}</option>' in page


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"leader": "ib-placeholder"}, "De gespreksleider moet een van de gekozen deelnemers zijn."),
        (
            {
                "dagen-0-date": "",
                "dagen-0-start_time": "",
                "dagen-0-end_time": "",
                "dagen-0-breaks": "",
                "dagen-1-date": "",
                "dagen-1-start_time": "",
                "dagen-1-end_time": "",
            },
            "Voeg minstens één gespreksdag toe",
        ),
        ({"dagen-0-end_time": "12:00"}, "De eindtijd moet na de begintijd liggen."),
        ({"dagen-0-breaks": "half drie"}, "Schrijf een pauze als 12:00-12:30"),
        ({"dagen-0-breaks": "17:00-17:30"}, "Een pauze valt buiten de tijden van deze dag."),
        ({"slot_minutes": 2}, "Zorg ervoor dat deze waarde minstens 5 is."),
        ({"group": "three"}, "Kies een groep die je mag plannen."),
        ({"purpose": ""}, "Dit veld is verplicht."),
    ],
)
def test_bad_input_gives_a_dutch_message_and_saves_nothing(world, login, overrides, message):
    client = login(world.user("teacher"), world.school)
    if overrides.get("leader") == "ib-placeholder":
        overrides = {"leader": world.user("coordinator").pk, "staff": [world.user("teacher").pk]}
    if overrides.get("group") == "three":
        overrides = {"group": world.groups["three"].pk}
    before = Round.objects.count(), RoundDay.objects.count()
    response = client.post(url("round_create"), round_data(world, **overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert (Round.objects.count(), RoundDay.objects.count()) == before


def test_edit_keeps_a_day_that_still_has_conversations(world, coordinator):
    round_ = world.rounds["six"]
    day = round_.days.get()
    data = round_data(
        world,
        **{
            "group": round_.group.pk,
            "dagen-TOTAL_FORMS": 2,
            "dagen-INITIAL_FORMS": 1,
            "dagen-0-id": day.pk,
            "dagen-0-round": round_.pk,
            "dagen-0-date": "2026-11-17",
            "dagen-0-start_time": "15:00",
            "dagen-0-end_time": "17:00",
            "dagen-0-breaks": "",
            "dagen-0-DELETE": "on",
        },
    )
    response = coordinator.post(url("round_edit", round_), data)
    assert response.status_code == 200
    assert "Op 17 november 2026 staan nog gesprekken gepland" in text(response)
    assert round_.days.exists()


def test_edit_changes_the_round(world, coordinator):
    round_ = world.rounds["six"]
    day = round_.days.get()
    data = round_data(
        world,
        **{
            "version": round_.version,
            "group": round_.group.pk,
            "mode": "split",
            "dagen-TOTAL_FORMS": 1,
            "dagen-INITIAL_FORMS": 1,
            "dagen-0-id": day.pk,
            "dagen-0-round": round_.pk,
            "dagen-0-date": "2026-11-17",
            "dagen-0-start_time": "14:00",
            "dagen-0-end_time": "17:00",
            "dagen-0-breaks": "",
        },
    )
    response = coordinator.post(url("round_edit", round_), data)
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.mode == Round.Mode.SPLIT and round_.days.get().start_time == datetime.time(14)
    revision = Revision.objects.filter(content_type__model="round", object_id=str(round_.pk)).latest("id")
    assert sorted(revision.data["staff"]) == sorted([world.user("coordinator").pk, world.user("teacher").pk])
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE, object_id=str(round_.pk)).exists()


# --- Schedule and detail ------------------------------------------------------------------------------------------


def test_schedule_post_plans_and_reports(world, coordinator):
    round_ = make_round(world, pupils=5)
    response = coordinator.post(url("round_schedule", round_), follow=True)
    assert "5 gesprekken gepland." in messages_of(response)
    assert Conversation.objects.filter(round=round_).count() == 5
    page = text(response)
    for conversation in Conversation.objects.filter(round=round_):
        assert url("conversation_detail", conversation) in page
        assert url("slot_move", conversation) in page
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, event="conversations.round_planned")
    assert entry.data == {"count": 5} and entry.description == "5 gesprekken gepland"


def test_schedule_post_shows_the_capacity_error(world, coordinator):
    round_ = make_round(world, pupils=10)
    response = coordinator.post(url("round_schedule", round_), follow=True)
    assert messages_of(response) == [
        "Er zijn 10 leerlingen zonder gesprek, maar er zijn nog maar 8 plekken vrij. "
        "Voeg een dag toe of maak de gesprekken korter."
    ]
    assert not Conversation.objects.filter(round=round_).exists()
    assert "10 leerlingen nog zonder gesprek" in text(response)


def test_schedule_post_for_a_group_without_pupils(world, coordinator):
    round_ = make_round(world, pupils=0)
    response = coordinator.post(url("round_schedule", round_), follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["Groep 8 heeft geen leerlingen, dus er valt niets te plannen."]


def test_detail_shows_the_grid_per_table_and_the_unscheduled(world, coordinator):
    round_ = make_round(world, pupils=4, staff=("coordinator", "teacher", "remedial"), mode=Round.Mode.SPLIT)
    services.plan_conversations(round_)
    late = f.PupilFactory(school=world.school, first_name="Laatkomer", surname="Nieuw")
    f.EnrolmentFactory(pupil=late, group=round_.group)
    page = text(coordinator.get(url("round_detail", round_)))
    for key in ("coordinator", "teacher", "remedial"):
        assert f'<th scope="col">{world.user(key)}</th>' in page
    assert "1 leerling nog zonder gesprek" in page and "Laatkomer Nieuw" in page
    assert page.count('class="round-slot"') == 4
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(round_.pk)).exists()


def test_management_reads_the_schedule_without_editing(world, login):
    round_ = world.rounds["three"]
    page = text(login(world.user("management"), world.school).get(url("round_detail", round_)))
    assert "Dirk van Drie" in page
    assert url("slot_move", world.conversations["three"]) not in page
    assert url("round_schedule", round_) not in page


# --- Moving a slot ------------------------------------------------------------------------------------------------


def test_move_a_slot(world, coordinator):
    conversation = world.conversations["six"]
    response = coordinator.get(url("slot_move", conversation))
    assert response.status_code == 200 and 'value="15:00"' in text(response)
    response = coordinator.post(
        url("slot_move", conversation), {"version": 1, "date": "2026-11-17", "time": "16:15"}, follow=True
    )
    conversation.refresh_from_db()
    assert hhmm(conversation.starts_at) == "16:15" and hhmm(conversation.ends_at) == "16:30"
    assert "Het gesprek met Sam Zes staat nu op 17-11-2026 om 16:15." in messages_of(response)
    assert Revision.objects.filter(content_type__model="conversation", object_id=str(conversation.pk)).exists()
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE, event="conversations.slot_moved").exists()


@pytest.mark.parametrize(
    "date,time,message",
    [
        ("2026-11-18", "15:00", "Op 18 november 2026 is er geen gespreksdag in deze ronde"),
        ("2026-11-17", "14:00", "Het gesprek begint vóór 15:00"),
        ("2026-11-17", "16:50", "loopt zo door na 17:00"),
        ("2026-11-17", "", "Dit veld is verplicht."),
        ("17-11", "15:00", "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 25-01-2027."),
    ],
)
def test_move_refuses_bad_input(world, coordinator, date, time, message):
    conversation = world.conversations["six"]
    response = coordinator.post(url("slot_move", conversation), {"version": 1, "date": date, "time": time})
    assert response.status_code == 200
    assert message in text(response)
    conversation.refresh_from_db()
    assert hhmm(conversation.starts_at) == "15:00"


def test_move_refuses_a_double_booking(world, coordinator):
    conversation = world.conversations["six"]
    f.ConversationFactory(
        pupil=world.pupils["three"], starts_at=at(16, 0, datetime.date(2026, 11, 17)), leader=world.user("teacher")
    )
    response = coordinator.post(url("slot_move", conversation), {"version": 1, "date": "2026-11-17", "time": "16:00"})
    assert "heeft om 17 november 16:00 al een gesprek (over Dirk van Drie)" in text(response)
    conversation.refresh_from_db()
    assert hhmm(conversation.starts_at) == "15:00"


def test_move_in_split_mode_to_another_member(world, coordinator):
    round_ = make_round(world, pupils=2, staff=("coordinator", "teacher"), mode=Round.Mode.SPLIT)
    services.plan_conversations(round_)
    conversation = Conversation.objects.get(round=round_, leader=world.user("coordinator"))
    teacher = world.user("teacher")
    response = coordinator.post(
        url("slot_move", conversation), {"version": 1, "date": DAY.isoformat(), "time": "15:00", "member": teacher.pk}
    )
    assert "Juf" not in messages_of(response)
    assert "al een gesprek" in text(response)  # juf-zes has the other pupil at 15:00
    response = coordinator.post(
        url("slot_move", conversation), {"version": 1, "date": DAY.isoformat(), "time": "15:30", "member": teacher.pk}
    )
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.leader == teacher and list(conversation.staff.all()) == [teacher]


def test_moving_a_conversation_to_reschedule_plans_it_again(world, coordinator):
    conversation = world.conversations["six"]
    conversation.status = Conversation.Status.RESCHEDULE
    conversation.save()
    coordinator.post(url("slot_move", conversation), {"version": 1, "date": "2026-11-17", "time": "16:00"})
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.PLANNED


# --- Query budgets ------------------------------------------------------------------------------------------------

# Session, user, memberships, rounds with counts, days, usefulness, may-create; the idle clock saves the session.
LIST_BUDGET = 10


def add_rounds(world, n):
    for i in range(n):
        round_ = f.RoundFactory(group=world.groups["six"], name=f"Ronde {i}", leader=world.user("teacher"))
        round_.staff.add(world.user("teacher"))
        f.RoundDayFactory(round=round_, date=DAY + datetime.timedelta(days=i))
        conversation = f.ConversationFactory(
            pupil=world.pupils["six"], round=round_, starts_at=at(15, 0, DAY + datetime.timedelta(days=i))
        )
        conversation.scale_answers.create(respondent="parent", question="Nuttig?", is_usefulness=True, value=7)


def listed(page):
    return len(re.findall(r'class="round-row"', page))


@pytest.mark.parametrize("role", ["coordinator", "teacher"])
def test_the_round_list_runs_a_fixed_number_of_queries(world, login, role, django_assert_max_num_queries):
    client = login(world.user(role), world.school)
    add_rounds(world, 2)
    client.get(url("round_list"))
    with CaptureQueriesContext(connection) as few:
        first = listed(text(client.get(url("round_list"))))
    add_rounds(world, 10)
    with django_assert_max_num_queries(LIST_BUDGET), CaptureQueriesContext(connection) as many:
        page = text(client.get(url("round_list")))
    assert listed(page) == first + 10
    assert len(many) == len(few)


def test_the_list_shows_progress_and_usefulness_per_round(world, coordinator):
    round_ = world.rounds["six"]
    held = f.ConversationFactory(
        pupil=world.pupils["six"], round=round_, status=Conversation.Status.HELD, starts_at=at(16, 0, DAY)
    )
    held.scale_answers.create(respondent="parent", question="Nuttig?", is_usefulness=True, value=8)
    held.scale_answers.create(respondent="parent", question="Nuttig?", is_usefulness=True, value=7)
    page = text(coordinator.get(url("round_list")))
    row = page[page.index(f'data-round="{round_.pk}"') :].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in row.split("<td")[1:]]
    assert cells[4:8] == ['class="text-end">1', 'class="text-end">1', 'class="text-end">0', 'class="text-end">0']
    assert "7.5" in row or "7,5" in row
    assert "Nieuwe ronde" in page
    assert str(world.rounds["foreign"].name) not in page or f'data-round="{world.rounds["foreign"].pk}"' not in page


def test_management_sees_no_new_round_button(world, login):
    page = text(login(world.user("management"), world.school).get(url("round_list")))
    assert "Nieuwe ronde" not in page and f'data-round="{world.rounds["three"].pk}"' in page


def test_the_detail_runs_the_same_queries_for_more_pupils(world, coordinator, django_assert_max_num_queries):
    round_ = make_round(world, pupils=4, days=[(DAY, datetime.time(13), datetime.time(18), "")])
    services.plan_conversations(round_)
    coordinator.get(url("round_detail", round_))
    with CaptureQueriesContext(connection) as few:
        coordinator.get(url("round_detail", round_))
    for n in range(12):
        child = f.PupilFactory(school=world.school, first_name=f"Extra{n}", surname="Later")
        f.EnrolmentFactory(pupil=child, group=round_.group)
    services.plan_conversations(round_)
    with CaptureQueriesContext(connection) as many:
        response = coordinator.get(url("round_detail", round_))
    assert text(response).count('class="round-slot"') == 16
    assert len(many) == len(few)


def test_times_are_shown_local(world, coordinator):
    page = text(coordinator.get(url("round_detail", world.rounds["six"])))
    assert ">15:00</th>" in page
    assert timezone.get_current_timezone_name() == "Europe/Amsterdam"


def test_schedule_post_never_plans_a_time_that_has_passed(world, coordinator):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    round_ = make_round(world, pupils=2, days=[(yesterday, datetime.time(15), datetime.time(17), "")])
    response = coordinator.post(url("round_schedule", round_), follow=True)
    assert messages_of(response) == [
        "Alle gespreksdagen van deze ronde liggen in het verleden. Voeg eerst een nieuwe dag toe."
    ]
    assert not Conversation.objects.filter(round=round_).exists()
    assert url("round_schedule", round_) not in text(coordinator.get(url("round_detail", round_)))

    # With a day ahead as well, the pupils get slots on that day only.
    f.RoundDayFactory(round=round_, date=DAY, start_time=datetime.time(9), end_time=datetime.time(10))
    coordinator.post(url("round_schedule", round_))
    assert {timezone.localtime(c.starts_at).date() for c in Conversation.objects.filter(round=round_)} == {DAY}


def test_two_people_moving_the_same_slot_do_not_overwrite_each_other(world, coordinator):
    conversation = world.conversations["six"]
    teacher = Client()
    teacher.force_login(world.user("teacher"))
    moved = teacher.post(url("slot_move", conversation), {"version": 1, "date": "2026-11-17", "time": "16:00"})
    assert moved.status_code == 302
    # The coordinator still has the page she opened before: version 1.
    response = coordinator.post(url("slot_move", conversation), {"version": 1, "date": "2026-11-17", "time": "16:30"})
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd." in text(response)
    conversation.refresh_from_db()
    assert hhmm(conversation.starts_at) == "16:00" and conversation.version == 2
