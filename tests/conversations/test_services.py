"""The services of conversations refuse a save made on a stale page: ``editguard.Stale``, nothing
written, the history as it was. And the first revision of a conversation or a round holds its staff."""

import datetime

import pytest
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse

from conversations import services
from conversations.audit_events import EVENTS
from conversations.forms import (
    AgreementFormSet,
    BankQuestionEditForm,
    ConversationEditForm,
    ConversationForm,
    FollowUpFormSet,
    InputNoticedForm,
    NeedFormSet,
    RoundDayFormSet,
    RoundForm,
    SlotMoveForm,
    scale_answer_formset,
)
from conversations.models import Agreement, BankQuestion, Conversation, ConversationNeed, Note, Round, ScaleAnswer
from conversations.services.rows import guarded
from core import editguard
from core.models import AuditEntry, Revision
from pupils.models import EducationalNeed
from tests import factories as f


@pytest.fixture
def conversation(world):
    return world.conversations["six"]  # ib-test leads, juf-zes takes notes


def acting(world, role):
    request = RequestFactory().post("/")
    request.user = world.user(role)
    request.school = world.school
    return request


def as_posted(*parts):
    """The data a browser would send back for unbound forms and formsets, untouched."""
    data = {}
    for part in parts:
        forms = [part.management_form, *part.forms] if hasattr(part, "management_form") else [part]
        for form in forms:
            for field in form:
                value = field.value()
                data[field.html_name] = "" if value is None else value
    return data


def bump(model, pk, **values):
    """A colleague's save lands first: the record changes and its version moves on."""
    model.objects.filter(pk=pk).update(**values, version=F("version") + 1)


def unchanged(before):
    return (Revision.objects.count(), AuditEntry.objects.count()) == before


def counts():
    return Revision.objects.count(), AuditEntry.objects.count()


# --- One conversation -----------------------------------------------------------------------------------------------


def test_a_stale_conversation_is_refused(world, conversation):
    form = ConversationEditForm(instance=conversation, school=world.school)
    data = {**as_posted(form), "summary": "Mijn samenvatting."}
    bump(Conversation, conversation.pk, summary="Die van de collega.")
    form = ConversationEditForm(data, instance=Conversation.objects.get(pk=conversation.pk), school=world.school)
    assert form.is_valid(), form.errors
    before = counts()
    with pytest.raises(editguard.Stale):
        services.update_conversation(acting(world, "coordinator"), form)
    assert Conversation.objects.get(pk=conversation.pk).summary == "Die van de collega."
    assert unchanged(before)


def test_a_planned_conversation_keeps_its_staff_in_its_first_revision(world):
    pupil = world.pupils["six"]
    instance = Conversation(pupil=pupil, leader=world.user("coordinator"))
    form = ConversationForm(instance=instance, school=world.school)
    data = {
        **as_posted(form),
        "kind": "parent",
        "date": "2026-11-18",
        "time": "15:00",
        "note_taker": world.user("teacher").pk,
        "staff": [],
    }
    form = ConversationForm(data, instance=instance, school=world.school)
    assert form.is_valid(), form.errors
    planned = services.plan_conversation(acting(world, "coordinator"), form)
    first = Revision.objects.get(content_type__model="conversation", object_id=str(planned.pk))
    assert sorted(first.data["staff"]) == sorted([world.user("coordinator").pk, world.user("teacher").pk])


def own_notes(world, conversation):
    return {note.step_id: note for note in Note.objects.filter(conversation=conversation, author=world.user("teacher"))}


def test_own_notes_changed_in_another_tab_are_refused(world, conversation):
    step = conversation.steps().first()
    note = f.NoteFactory(conversation=conversation, step=step, author=world.user("teacher"), text="Eerste tabblad.")
    bump(Note, note.pk, text="Tweede tabblad.")
    before = counts()
    with pytest.raises(editguard.Stale):
        services.save_own_notes(acting(world, "teacher"), conversation, {step: ("Weer het eerste.", note.version)})
    assert Note.objects.get(pk=note.pk).text == "Tweede tabblad."
    assert unchanged(before)


def test_a_first_note_written_in_another_tab_meanwhile_is_refused(world, conversation):
    first, second = conversation.steps()[:2]
    f.NoteFactory(conversation=conversation, step=first, author=world.user("teacher"), text="Uit het andere tabblad.")
    before = counts()
    with pytest.raises(editguard.Stale):
        # This tab saw no note yet (version 0) for the first step, and writes the second step too.
        services.save_own_notes(
            acting(world, "teacher"), conversation, {first: ("Van dit tabblad.", 0), second: ("Ook nieuw.", 0)}
        )
    assert {step: note.text for step, note in own_notes(world, conversation).items()} == {
        first.pk: "Uit het andere tabblad."
    }
    assert unchanged(before)


def test_a_note_deleted_in_another_tab_is_not_written_again(world, conversation):
    step = conversation.steps().first()
    note = f.NoteFactory(conversation=conversation, step=step, author=world.user("teacher"), text="Weg.")
    Note.objects.filter(pk=note.pk).delete()
    with pytest.raises(editguard.Stale):
        services.save_own_notes(acting(world, "teacher"), conversation, {step: ("Weg, maar gewijzigd.", note.version)})
    assert not Note.objects.exists()


def test_own_notes_as_loaded_are_saved_with_history(world, conversation):
    step = conversation.steps().first()
    note = f.NoteFactory(conversation=conversation, step=step, author=world.user("teacher"), text="Eerst.")
    assert services.save_own_notes(acting(world, "teacher"), conversation, {step: ("Daarna.", note.version)}) == 1
    note.refresh_from_db()
    assert (note.text, note.version) == ("Daarna.", 2)
    assert Revision.objects.filter(content_type__model="note", object_id=str(note.pk)).exists()


# --- Outcomes -------------------------------------------------------------------------------------------------------


def test_a_stale_scale_answer_is_refused(world, conversation):
    answer = f.ScaleAnswerFactory(conversation=conversation, question="Hoe gaat het met lezen?", value=5)
    formset_class = scale_answer_formset(extra=0)
    data = {**as_posted(formset_class(instance=conversation, prefix="schaal")), "schaal-0-value": "8"}
    bump(ScaleAnswer, answer.pk, value=3)
    formset = formset_class(data, instance=conversation, prefix="schaal")
    assert formset.is_valid(), formset.errors
    before = counts()
    with pytest.raises(editguard.Stale):
        services.record_scale_answers(acting(world, "teacher"), formset)
    assert ScaleAnswer.objects.get(pk=answer.pk).value == 3
    assert unchanged(before)


def outcome_parts(conversation, data=None, earlier=()):
    follow_up = FollowUpFormSet(data, queryset=Agreement.objects.filter(pk__in=earlier), prefix="terugblik")
    noticed = InputNoticedForm(data, instance=conversation)
    needs = NeedFormSet(
        data, queryset=EducationalNeed.objects.filter(conversation_link__conversation=conversation), prefix="behoeften"
    )
    agreements = AgreementFormSet(
        data, instance=conversation, prefix="afspraken", form_kwargs={"conversation": conversation}
    )
    return follow_up, noticed, needs, agreements


def record(world, conversation, parts):
    follow_up, noticed, needs, agreements = parts
    assert all(part.is_valid() for part in parts), [getattr(p, "errors", None) for p in parts]
    return services.record_outcomes(
        acting(world, "teacher"), conversation, follow_up=follow_up, noticed=noticed, needs=needs, agreements=agreements
    )


@pytest.fixture
def earlier_agreement(conversation):
    before = f.ConversationFactory(
        pupil=conversation.pupil, starts_at=conversation.starts_at - datetime.timedelta(days=60), status="held"
    )
    return f.ConversationAgreementFactory(conversation=before, text="Elke avond samen lezen.")


@pytest.mark.parametrize("stale", ["agreement", "follow_up", "noticed"])
def test_a_stale_outcome_is_refused_and_nothing_is_written(world, conversation, earlier_agreement, stale):
    own = f.ConversationAgreementFactory(
        conversation=conversation, text="Elke dag lezen.", due_date=datetime.date(2026, 12, 1)
    )
    loaded = outcome_parts(conversation, earlier=[earlier_agreement.pk])
    data = as_posted(*loaded)
    data.update(
        {
            "afspraken-0-text": "Elke dag twintig minuten lezen.",
            "terugblik-0-status": Agreement.Status.DONE,
            "input_noticed": Conversation.Noticed.YES,
            # A need named in the same save: it must not be written either.
            "behoeften-0-category": "instruction",
            "behoeften-0-text": "kort is en met een voorbeeld begint",
        }
    )
    if stale == "agreement":
        bump(Agreement, own.pk, text="Van de collega.")
    elif stale == "follow_up":
        bump(Agreement, earlier_agreement.pk, status=Agreement.Status.NOT_DONE)
    else:
        bump(Conversation, conversation.pk, input_noticed_notes="Van de collega.")
    fresh = Conversation.objects.get(pk=conversation.pk)
    before = counts()
    with pytest.raises(editguard.Stale):
        record(world, fresh, outcome_parts(fresh, data, earlier=[earlier_agreement.pk]))
    assert unchanged(before)
    assert not EducationalNeed.objects.exists()
    own.refresh_from_db()
    earlier_agreement.refresh_from_db()
    assert own.text == ("Van de collega." if stale == "agreement" else "Elke dag lezen.")
    assert earlier_agreement.checked_in is None
    assert Conversation.objects.get(pk=conversation.pk).input_noticed == ""


@pytest.mark.skipif(not guarded(EducationalNeed), reason="needs keep no version yet (the pupils app adds it)")
def test_a_stale_need_is_refused(world, conversation):
    need = f.NeedFactory(pupil=conversation.pupil, source="conversation", text="rust nodig heeft")
    ConversationNeed.objects.create(conversation=conversation, need=need)
    data = {**as_posted(*outcome_parts(conversation)), "behoeften-0-text": "rust en ruimte nodig heeft"}
    bump(EducationalNeed, need.pk, text="een vaste plek nodig heeft")
    before = counts()
    with pytest.raises(editguard.Stale):
        record(world, conversation, outcome_parts(conversation, data))
    assert EducationalNeed.objects.get(pk=need.pk).text == "een vaste plek nodig heeft"
    assert unchanged(before)


def test_outcomes_as_loaded_are_saved(world, conversation, earlier_agreement):
    own = f.ConversationAgreementFactory(
        conversation=conversation, text="Elke dag lezen.", due_date=datetime.date(2026, 12, 1)
    )
    data = as_posted(*outcome_parts(conversation, earlier=[earlier_agreement.pk]))
    data.update({"afspraken-0-text": "Elke dag twintig minuten lezen.", "terugblik-0-status": Agreement.Status.DONE})
    assert record(world, conversation, outcome_parts(conversation, data, earlier=[earlier_agreement.pk])) == 2
    own.refresh_from_db()
    earlier_agreement.refresh_from_db()
    assert (own.text, own.version) == ("Elke dag twintig minuten lezen.", 2)
    assert (earlier_agreement.status, earlier_agreement.checked_in) == (Agreement.Status.DONE, conversation)


def test_a_page_sent_back_unchanged_writes_nothing(world, conversation):
    f.ConversationAgreementFactory(
        conversation=conversation, text="Elke dag lezen.", due_date=datetime.date(2026, 12, 1)
    )
    data = as_posted(*outcome_parts(conversation))
    before = counts()
    assert record(world, conversation, outcome_parts(conversation, data)) == 0
    assert unchanged(before)


# --- Question bank --------------------------------------------------------------------------------------------------


@pytest.fixture
def own_question(world, conversation):
    return BankQuestion.objects.create(step=conversation.steps().first(), school=world.school, text="Wat ging goed?")


def test_a_stale_bank_question_is_refused(world, own_question):
    data = {**as_posted(BankQuestionEditForm(instance=own_question)), "text": "Wat ging er het best?"}
    bump(BankQuestion, own_question.pk, text="Wat lukte er?")
    form = BankQuestionEditForm(data, instance=BankQuestion.objects.get(pk=own_question.pk))
    assert form.is_valid()
    before = counts()
    with pytest.raises(editguard.Stale):
        services.update_bank_question(acting(world, "coordinator"), form)
    assert BankQuestion.objects.get(pk=own_question.pk).text == "Wat lukte er?"
    assert unchanged(before)


def test_switching_a_question_sets_its_state_and_never_toggles(world, own_question):
    request = acting(world, "coordinator")
    assert services.switch_question(request, own_question, False) is True
    before = counts()
    # A second "uitzetten" from a page loaded before the first: it stays off, nothing is written.
    assert services.switch_question(request, own_question, False) is False
    assert BankQuestion.objects.get(pk=own_question.pk).is_active is False
    assert unchanged(before)
    assert services.switch_question(request, own_question, True) is True
    assert BankQuestion.objects.get(pk=own_question.pk).is_active is True
    entry = AuditEntry.objects.filter(event="conversations.bank_question_switched").latest("id")
    assert (entry.data, entry.description) == ({"active": True}, "Vraag weer in de vragenbank gezet")


# --- Rounds ---------------------------------------------------------------------------------------------------------


def round_parts(world, round_, data=None):
    form = RoundForm(data, instance=round_, school=world.school, user=world.user("coordinator"))
    return form, RoundDayFormSet(data, instance=round_, prefix="dagen")


def test_a_stale_round_is_refused_with_its_days(world):
    round_ = world.rounds["six"]
    data = as_posted(*round_parts(world, round_))
    data.update({"name": "Mijn naam", "dagen-0-end_time": "17:30"})
    bump(Round, round_.pk, name="Naam van de collega")
    fresh = Round.objects.get(pk=round_.pk)
    form, days = round_parts(world, fresh, data)
    assert form.is_valid() and days.is_valid(), (form.errors, days.errors)
    before = counts()
    with pytest.raises(editguard.Stale):
        services.update_round(acting(world, "coordinator"), form, days)
    fresh = Round.objects.get(pk=round_.pk)
    assert (fresh.name, fresh.days.get().end_time) == ("Naam van de collega", datetime.time(17))
    assert unchanged(before)


def test_a_planned_round_keeps_its_staff_in_its_first_revision(world):
    round_ = Round(created_by=world.user("coordinator"))
    data = as_posted(*round_parts(world, round_))
    data.update(
        {
            "group": world.groups["six"].pk,
            "name": "Startgesprekken",
            "purpose": "Kennismaken.",
            "staff": [world.user("coordinator").pk, world.user("teacher").pk],
            "dagen-0-date": "2027-07-06",
            "dagen-0-start_time": "13:00",
            "dagen-0-end_time": "16:00",
        }
    )
    form, days = round_parts(world, round_, data)
    assert form.is_valid() and days.is_valid(), (form.errors, days.errors)
    planned = services.plan_round(acting(world, "coordinator"), form, days)
    first = Revision.objects.get(content_type__model="round", object_id=str(planned.pk))
    assert sorted(first.data["staff"]) == sorted([world.user("coordinator").pk, world.user("teacher").pk])
    assert Revision.objects.filter(content_type__model="roundday").count() == 1


def test_a_stale_slot_move_is_refused(world, conversation):
    data = {**as_posted(SlotMoveForm(conversation=conversation)), "time": "16:00"}
    bump(Conversation, conversation.pk, status=Conversation.Status.RESCHEDULE)
    fresh = Conversation.objects.select_related("round", "pupil").get(pk=conversation.pk)
    form = SlotMoveForm(data, conversation=fresh)
    assert form.is_valid(), form.errors
    before = counts()
    with pytest.raises(editguard.Stale):
        services.move_slot(acting(world, "coordinator"), fresh, form)
    fresh = Conversation.objects.get(pk=conversation.pk)
    assert (fresh.starts_at, fresh.status) == (conversation.starts_at, Conversation.Status.RESCHEDULE)
    assert unchanged(before)


# --- Audit ----------------------------------------------------------------------------------------------------------


def test_every_audit_event_reads_as_text():
    for event in EVENTS:
        entry = AuditEntry(event=event, data={"count": 2, "status": "done", "active": False})
        assert entry.description and "%(" not in entry.description, event
    assert AuditEntry(event="conversations.round_planned", data={"count": 1}).description == "1 gesprek gepland"


def test_the_look_back_form_carries_the_conversations_version(world, login, conversation, earlier_agreement):
    page = login(world.user("teacher"), world.school).get(reverse("conversations:outcomes", args=[conversation.pk]))
    html = page.content.decode()
    assert 'name="version"' in html and 'name="terugblik-0-version"' in html
