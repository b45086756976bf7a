"""The pages of one conversation: the list (order, filters, query budget), the pupil's conversations
(trend, open agreements), planning one (staff, double booking, earlier agreements and needs), changing
one (optimistic locking) and its page (outcomes for every reader, step notes only for the people
in the room and the coordinator)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conversations.models import AskedQuestion, Conversation, ConversationNeed, Kind
from core.models import AuditAction, AuditEntry, Revision
from pupils.models import NeedSource
from tests import factories as f

LIST = reverse("conversations:conversation_list")


def url(name, obj):
    return reverse(f"conversations:{name}", args=[obj.pk])


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def at(days, hour=15, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def listed(page):
    return [int(pk) for pk in re.findall(r'data-conversation="(\d+)"', page)]


def form_data(world, **changes):
    day = timezone.localdate() + datetime.timedelta(days=7)
    data = {
        "kind": Kind.START,
        "conversation_model": f.conversation_model("cauffman").pk,
        "date": day.isoformat(),
        "time": "15:30",
        "duration_minutes": "15",
        "leader": world.user("coordinator").pk,
        "note_taker": world.user("teacher").pk,
        "staff": [],
        "pupil_present": "on",
        "guardians": ["mother", "father"],
        "purpose": "Kennismaken en samen kijken naar het lezen.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(conversation, **changes):
    local = timezone.localtime(conversation.starts_at)
    data = {
        "kind": conversation.kind,
        "conversation_model": conversation.conversation_model_id,
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "duration_minutes": str(conversation.duration_minutes),
        "leader": conversation.leader_id,
        "note_taker": conversation.note_taker_id or "",
        "staff": list(conversation.staff.values_list("pk", flat=True)),
        "guardians": conversation.guardians,
        "purpose": conversation.purpose,
        "status": conversation.status,
        "summary": conversation.summary,
        "version": conversation.version,
    }
    if conversation.pupil_present:
        data["pupil_present"] = "on"
    data.update(changes)
    return data


# --- The list -------------------------------------------------------------------------------------------------------


def test_the_list_shows_upcoming_conversations_first_then_earlier_ones(world, login):
    six = world.pupils["six"]
    soon = f.ConversationFactory(pupil=six, starts_at=at(2), leader=world.user("teacher"))
    later = f.ConversationFactory(pupil=six, starts_at=at(9))
    long_ago = f.ConversationFactory(pupil=six, starts_at=at(-60))
    recent = world.conversations["six"]  # 17-11-2026, before the others' "earlier"
    recent.starts_at = at(-3)
    recent.save()
    page = text(login(world.user("coordinator"), world.school).get(LIST))
    order = listed(page)
    three = world.conversations["three"].pk
    assert [pk for pk in order if pk != three] == [soon.pk, later.pk, recent.pk, long_ago.pk]
    assert "Komende gesprekken" in page and "Eerdere gesprekken" in page
    assert "Sam Zes" in page and "Groep 6" in page


def test_a_teacher_lists_only_the_conversations_of_her_groups(world, login):
    page = text(login(world.user("teacher"), world.school).get(LIST))
    assert listed(page) == [world.conversations["six"].pk]
    assert "Dirk van Drie" not in page


def test_the_list_filters_on_kind_status_and_pupil_name(world, login):
    client = login(world.user("coordinator"), world.school)
    six, three = world.conversations["six"], world.conversations["three"]
    cancelled = f.ConversationFactory(
        pupil=world.pupils["three"], kind=Kind.CHILD, status=Conversation.Status.CANCELLED
    )
    assert listed(text(client.get(LIST, {"soort": Kind.CHILD}))) == [cancelled.pk]
    assert listed(text(client.get(LIST, {"status": "cancelled"}))) == [cancelled.pk]
    assert set(listed(text(client.get(LIST, {"q": "drie"})))) == {three.pk, cancelled.pk}
    assert listed(text(client.get(LIST, {"q": "sam zes"}))) == [six.pk]
    page = text(client.get(LIST, {"q": "niemand", "soort": "onzin", "status": "<script>"}))
    assert listed(page) == []
    assert "Geen gesprekken gevonden die hierbij passen." in page


def test_the_list_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.user("coordinator"), world.school)
    rounds = [world.rounds["six"], world.rounds["three"]]

    def add(n):
        for i in range(n):
            key = "six" if i % 2 else "three"
            conversation = f.ConversationFactory(
                pupil=world.pupils[key],
                starts_at=at(i - n // 2),
                leader=world.user("coordinator"),
                round=rounds[i % 2] if i % 3 else None,
            )
            conversation.staff.add(world.user("coordinator"))

    add(4)
    with CaptureQueriesContext(connection) as few:
        assert len(listed(text(client.get(LIST)))) == 6
    add(20)
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as many:
        assert len(listed(text(client.get(LIST)))) == 26
    assert len(many) == len(few)


# --- The pupil's conversations --------------------------------------------------------------------------------------


def test_the_pupils_conversations_show_the_trend_and_open_agreements(world, login):
    pupil = world.pupils["six"]
    conversation = world.conversations["six"]
    f.ScaleAnswerFactory(conversation=conversation, value=8)
    f.ConversationAgreementFactory(conversation=conversation, text="Elke week de leesmap mee naar huis.")
    f.ConversationAgreementFactory(conversation=conversation, text="Al gedaan en afgesloten.", status="done")
    page = text(login(world.user("teacher"), world.school).get(url("pupil_conversations", pupil)))
    assert listed(page) == [conversation.pk]
    assert "<svg" in page and "Nuttigheid van de gesprekken" in page
    # The point's tooltip names the series once: "kind – 06-07-2026: 8", not "kind – 06-07-2026: kind: 8".
    assert re.search(r"<title>\w+ – \d\d-\d\d-\d{4}: 8</title>", page)
    assert "Elke week de leesmap mee naar huis." in page
    assert "Al gedaan en afgesloten." not in page
    assert reverse("conversations:conversation_create", args=[pupil.pk]) in page
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert (entry.object_id, entry.event) == (str(pupil.pk), "conversations.pupil_conversations_viewed")
    assert entry.description == "Gesprekken van de leerling bekeken"


def test_the_usefulness_chart_keeps_its_answers_as_a_table(world, login):
    pupil = world.pupils["six"]
    conversation = world.conversations["six"]
    f.ScaleAnswerFactory(conversation=conversation, value=8)
    page = text(login(world.user("teacher"), world.school).get(url("pupil_conversations", pupil)))
    table = page[page.index("De antwoorden als tabel") :].split("</table>")[0]
    assert "<summary>De antwoorden als tabel</summary>" in page  # behind a <details> a keyboard opens
    assert re.search(r"<tr><td>\d\d-\d\d-\d{4}</td><td>\w+</td><td class=\"text-end\">8</td></tr>", table)


def test_no_answers_no_empty_table(world, login):
    page = text(login(world.user("teacher"), world.school).get(url("pupil_conversations", world.pupils["six"])))
    assert "Nog geen antwoorden op de nuttigheidsvraag." in page
    assert "De antwoorden als tabel" not in page


def test_management_reads_a_pupils_conversations_but_cannot_plan_one(world, login):
    pupil = world.pupils["six"]
    page = text(login(world.user("management"), world.school).get(url("pupil_conversations", pupil)))
    assert listed(page) == [world.conversations["six"].pk]
    assert "Nieuw gesprek" not in page
    assert "Er staan geen afspraken open." in page


# --- Planning a conversation ----------------------------------------------------------------------------------------


def test_planning_a_conversation_saves_it_with_its_people(world, login):
    pupil = world.pupils["six"]
    client = login(world.user("teacher"), world.school)
    page = text(client.get(url("conversation_create", pupil)))
    assert "Zeven stappen (Cauffman)" in page
    data = form_data(world, staff=[world.user("remedial").pk])
    response = client.post(url("conversation_create", pupil), data)
    conversation = Conversation.objects.exclude(pk__in=[c.pk for c in world.conversations.values()]).get()
    assert response.status_code == 302
    assert response["Location"] == url("conversation_detail", conversation)
    assert conversation.pupil == pupil
    assert conversation.kind == Kind.START
    assert conversation.conversation_model.code == "cauffman"
    local = timezone.localtime(conversation.starts_at)
    assert (local.date().isoformat(), local.strftime("%H:%M")) == (data["date"], "15:30")
    assert conversation.ends_at - conversation.starts_at == datetime.timedelta(minutes=15)
    assert conversation.status == Conversation.Status.PLANNED
    assert conversation.guardians == ["mother", "father"]
    assert conversation.pupil_present is True
    assert conversation.created_by == world.user("teacher")
    assert set(conversation.staff.all()) == {world.user("coordinator"), world.user("teacher"), world.user("remedial")}
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(conversation.pk)).exists()
    assert Revision.objects.filter(object_id=str(conversation.pk), action=AuditAction.CREATE).exists()


def test_the_new_conversation_form_proposes_the_default_model(world, login):
    page = text(login(world.user("coordinator"), world.school).get(url("conversation_create", world.pupils["six"])))
    default = f.conversation_model("cauffman")
    select = re.search(r'<select name="conversation_model".*?</select>', page, re.S).group(0)
    assert re.search(rf'<option value="{default.pk}"[^>]*selected', select)


def test_the_note_taker_must_differ_from_the_leader(world, login):
    client = login(world.user("coordinator"), world.school)
    before = Conversation.objects.count()
    data = form_data(world, note_taker=world.user("coordinator").pk)
    page = text(client.post(url("conversation_create", world.pupils["six"]), data))
    assert "De notulist moet iemand anders zijn dan de gespreksleider." in page
    assert Conversation.objects.count() == before


def test_double_booking_is_refused_with_a_dutch_message(world, login):
    teacher = world.user("teacher")
    teacher.first_name, teacher.last_name = "Jeroen", "de Vries"
    teacher.save()
    busy = f.ConversationFactory(pupil=world.pupils["three"], starts_at=at(7, 15, 20), duration_minutes=30)
    busy.staff.add(teacher)
    client = login(world.user("coordinator"), world.school)
    before = Conversation.objects.count()
    page = text(client.post(url("conversation_create", world.pupils["six"]), form_data(world)))
    assert "Jeroen de Vries heeft om" in page and "al een gesprek (over Dirk van Drie)." in page
    assert Conversation.objects.count() == before
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE).exists()
    # Once the other conversation is cancelled, the time is free.
    busy.status = Conversation.Status.CANCELLED
    busy.save()
    assert client.post(url("conversation_create", world.pupils["six"]), form_data(world)).status_code == 302


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"date": "31-02-2026"}, "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 25-01-2027."),
        ({"time": "kwart over drie"}, "Vul een tijd in als uu:mm, bijvoorbeeld 13:30."),
        ({"date": ""}, "Vul de datum in."),
        ({"leader": ""}, "Kies wie het gesprek leidt."),
        ({"leader": "999999"}, "Kies iemand van deze school."),
        ({"staff": ["abc"]}, "Kies deelnemers van deze school."),
        ({"guardians": ["buurman"]}, "Kies ouders of verzorgers uit de lijst."),
        ({"duration_minutes": "500"}, "240"),
    ],
)
def test_bad_input_gives_a_dutch_error_and_saves_nothing(world, login, changes, message):
    client = login(world.user("coordinator"), world.school)
    before = Conversation.objects.count()
    page = text(client.post(url("conversation_create", world.pupils["six"]), form_data(world, **changes)))
    assert message in page
    assert Conversation.objects.count() == before


def test_someone_of_another_school_cannot_take_part(world, login):
    client = login(world.user("coordinator"), world.school)
    page = text(
        client.post(
            url("conversation_create", world.pupils["six"]), form_data(world, note_taker=world.user("outsider").pk)
        )
    )
    assert "Kies iemand van deze school." in page
    page = text(
        client.post(url("conversation_create", world.pupils["six"]), form_data(world, staff=[world.user("admin").pk]))
    )
    assert "Kies deelnemers van deze school." in page


def test_the_new_conversation_opens_with_earlier_agreements_and_needs(world, login):
    earlier = world.conversations["six"]
    f.ConversationAgreementFactory(conversation=earlier, text="Samen een leesboek uitkiezen in de bibliotheek.")
    f.ConversationAgreementFactory(conversation=earlier, text="Een afspraak die al is nagekomen.", status="done")
    need = f.NeedFactory(pupil=world.pupils["six"], text="kort en visueel is", source=NeedSource.CONVERSATION)
    ConversationNeed.objects.create(conversation=earlier, need=need)
    page = text(login(world.user("teacher"), world.school).get(url("conversation_create", world.pupils["six"])))
    assert "Begin met wat er de vorige keer is afgesproken" in page
    assert "vraag het kind of het heeft gemerkt wat er met zijn inbreng is gedaan" in page
    assert "Samen een leesboek uitkiezen in de bibliotheek." in page
    assert "Een afspraak die al is nagekomen." not in page
    assert "Sam heeft instructie nodig die kort en visueel is" in page


# --- Changing a conversation ----------------------------------------------------------------------------------------


def test_changing_a_conversation_saves_status_and_summary(world, login):
    conversation = world.conversations["six"]
    client = login(world.user("teacher"), world.school)
    page = text(client.get(url("conversation_edit", conversation)))
    assert 'name="summary"' in page and 'name="input_noticed"' not in page
    data = edit_data(conversation, status="held", summary="Sam leest thuis meer dan we dachten.")
    response = client.post(url("conversation_edit", conversation), data)
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert (conversation.status, conversation.summary, conversation.version) == (
        "held",
        "Sam leest thuis meer dan we dachten.",
        2,
    )
    assert set(conversation.staff.all()) == {world.user("coordinator"), world.user("teacher")}
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE, object_id=str(conversation.pk)).exists()


def test_a_stale_version_is_refused_and_nothing_is_overwritten(world, login):
    conversation = world.conversations["six"]
    stale = edit_data(conversation, summary="Mijn samenvatting.")
    # A colleague saves first.
    coordinator = login(world.user("coordinator"), world.school)
    assert (
        coordinator.post(
            url("conversation_edit", conversation), edit_data(conversation, summary="Die van de ib.")
        ).status_code
        == 302
    )
    teacher = login(world.user("teacher"), world.school)
    page = text(teacher.post(url("conversation_edit", conversation), stale))
    assert "Iemand anders heeft dit intussen gewijzigd." in page
    assert "Zo staat het er nu" in page and "Die van de ib." in page
    conversation.refresh_from_db()
    assert (conversation.summary, conversation.version) == ("Die van de ib.", 2)
    # Saving once more, after comparing, replaces it deliberately.
    again = edit_data(conversation, summary="Mijn samenvatting.")
    assert teacher.post(url("conversation_edit", conversation), again).status_code == 302
    conversation.refresh_from_db()
    assert (conversation.summary, conversation.version) == ("Mijn samenvatting.", 3)


def test_changing_the_time_checks_double_booking_but_not_for_a_cancelled_conversation(world, login):
    conversation = world.conversations["six"]
    other = f.ConversationFactory(pupil=world.pupils["three"], starts_at=at(3), leader=world.user("coordinator"))
    client = login(world.user("coordinator"), world.school)
    local = timezone.localtime(other.starts_at)
    moved = edit_data(conversation, date=local.date().isoformat(), time=local.strftime("%H:%M"))
    page = text(client.post(url("conversation_edit", conversation), moved))
    assert "al een gesprek (over Dirk van Drie)" in page
    conversation.refresh_from_db()
    assert conversation.version == 1
    # Saving it unchanged does not clash with itself.
    assert client.post(url("conversation_edit", conversation), edit_data(conversation)).status_code == 302
    conversation.refresh_from_db()
    cancelled = edit_data(conversation, date=moved["date"], time=moved["time"], status="cancelled")
    assert client.post(url("conversation_edit", conversation), cancelled).status_code == 302


def test_the_model_cannot_change_once_notes_were_written(world, login):
    conversation = world.conversations["six"]
    f.NoteFactory(conversation=conversation, author=world.user("teacher"))
    client = login(world.user("coordinator"), world.school)
    data = edit_data(conversation, conversation_model=f.conversation_model("delfos").pk)
    page = text(client.post(url("conversation_edit", conversation), data))
    assert "het gespreksmodel niet meer veranderen" in page
    conversation.refresh_from_db()
    assert conversation.conversation_model.code == "cauffman"


# --- The page of one conversation -----------------------------------------------------------------------------------


@pytest.fixture
def held(world):
    conversation = world.conversations["six"]
    conversation.status = Conversation.Status.HELD
    conversation.summary = "Een fijn gesprek over lezen."
    conversation.guardians = ["mother"]
    conversation.pupil_present = True
    conversation.save()
    f.NoteFactory(conversation=conversation, author=world.user("coordinator"), text="GEHEIM-IB: lezen gaat beter.")
    f.NoteFactory(conversation=conversation, author=world.user("teacher"), text="GEHEIM-JUF: moeder las mee.")
    f.ScaleAnswerFactory(conversation=conversation, value=8, respondent="parent")
    for question in [
        "Wat ging er goed deze week?",
        "Hoe merk je dat?",
        "Wie helpt je daarbij?",
        "Heb je dat gemerkt?",
        "Vind je lezen leuk?",
        "Ben je moe?",
        "Kun je dat laten zien?",
    ]:
        AskedQuestion.objects.create(conversation=conversation, text=question)
    f.ConversationAgreementFactory(conversation=conversation, text="Elke avond tien minuten samen lezen.")
    earlier = f.ConversationFactory(pupil=world.pupils["six"], starts_at=at(-90))
    f.ConversationAgreementFactory(
        conversation=earlier, text="Een leesboek kiezen.", status="done", checked_in=conversation
    )
    need = f.NeedFactory(pupil=world.pupils["six"], text="kort en visueel is", source=NeedSource.CONVERSATION)
    ConversationNeed.objects.create(conversation=conversation, need=need)
    return conversation


def test_the_conversation_page_shows_everything_to_the_people_in_the_room(world, login, held):
    page = text(login(world.user("teacher"), world.school).get(url("conversation_detail", held)))
    for expected in [
        "Sam Zes",
        "voortgangs- of rapportgesprek",
        "gehouden",
        "moeder",
        "was erbij",
        "Een fijn gesprek over lezen.",
        "Contact leggen",
        "GEHEIM-IB: lezen gaat beter.",
        "GEHEIM-JUF: moeder las mee.",
        "3 open, 4 gesloten",
        "Elke avond tien minuten samen lezen.",
        "Een leesboek kiezen.",
        "Sam heeft instructie nodig die kort en visueel is",
        url("notes_edit", held),
        url("notes_compare", held),
        url("conversation_edit", held),
        url("scale_answers", held),
        url("questions", held),
        url("outcomes", held),
        url("conversation_pdf", held),
        reverse("pupils:dossier", args=[held.pupil_id]),
        reverse("conversations:round_detail", args=[held.round_id]),
    ]:
        assert expected in page, expected
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.object_id == str(held.pk)


def test_management_sees_the_outcomes_but_not_the_notes(world, login, held):
    page = text(login(world.user("management"), world.school).get(url("conversation_detail", held)))
    assert "GEHEIM" not in page
    assert "alleen te lezen voor wie bij het gesprek was en voor de intern begeleider" in page
    assert "3 open, 4 gesloten" in page
    assert "Elke avond tien minuten samen lezen." in page
    assert "Contact leggen" in page  # the steps and their guide
    for name in ("notes_edit", "notes_compare", "conversation_edit", "outcomes"):
        assert url(name, held) not in page
    assert url("conversation_pdf", held) in page


def test_a_coordinator_who_was_not_there_reads_the_notes(world, login, held):
    held.leader = world.user("other_coordinator")
    held.save()
    held.staff.remove(world.user("coordinator"))
    page = text(login(world.user("coordinator"), world.school).get(url("conversation_detail", held)))
    assert "GEHEIM-JUF: moeder las mee." in page


def test_the_detail_page_shows_whether_the_child_noticed_what_was_done_with_its_input(world, login):
    conversation = world.conversations["six"]
    conversation.input_noticed = conversation.Noticed.PARTLY
    conversation.input_noticed_notes = "Merkte de extra instructie wel, de kaartjes niet."
    conversation.save()
    page = login(world.user("management"), world.school).get(
        reverse("conversations:conversation_detail", args=[conversation.pk])
    )
    text = page.content.decode()
    assert "een beetje – Merkte de extra instructie wel, de kaartjes niet." in text


def test_the_conflict_box_names_stored_people_yes_no_and_time(world):
    from conversations.forms import conflict_displays
    from core.editguard import stored_value

    conversation = world.conversations["six"]  # ib-test leads, juf-zes takes notes, 17-11-2026 15:00
    people = stored_value(conversation, "staff").split(", ")
    assert sorted(people) == sorted(str(u) for u in (world.user("coordinator"), world.user("teacher")))
    assert stored_value(conversation, "pupil_present") == "nee"
    assert conflict_displays(conversation) == {"date": "17-11-2026", "time": "15:00", "guardians": "–"}
