"""Edit matrix rows of conversations (see harness.py).

The colleague's save is the same guarded write landing first: the record changes and its version
moves on, so the user's form (loaded before) is stale.
"""

import datetime

from django.db.models import F
from django.urls import reverse

from conversations.models import Agreement, BankQuestion, Conversation, Note, Round, ScaleAnswer
from tests import factories as f

from .harness import Edit


def _colleague(model, **values):
    def save(world, record):
        model.objects.filter(pk=record.pk).update(**values, version=F("version") + 1)

    return save


def _stored(model, name):
    return lambda record: getattr(model.objects.get(pk=record.pk), name)


def _own_note(world):
    conversation = world.conversations["six"]  # juf-zes takes the notes
    step = conversation.steps().first()
    return f.NoteFactory(
        conversation=conversation, step=step, author=world.user("teacher"), text="Mijn eerste aantekening."
    )


def _scale_answer(world):
    return f.ScaleAnswerFactory(conversation=world.conversations["six"], question="Hoe gaat het met lezen?", value=5)


def _agreement(world):
    return f.ConversationAgreementFactory(
        conversation=world.conversations["six"], text="Elke dag lezen.", due_date=datetime.date(2026, 12, 1)
    )


def _bank_question(world):
    conversation = world.conversations["six"]
    return BankQuestion.objects.create(
        step=conversation.steps().first(), school=world.school, text="Wat ging er vandaag goed?"
    )


def _slot_moved_by_colleague(world, conversation):
    starts_at = conversation.starts_at + datetime.timedelta(minutes=30)  # 15:30
    Conversation.objects.filter(pk=conversation.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=conversation.duration_minutes),
        version=F("version") + 1,
    )


ROWS = {
    "conversations:conversation_edit": Edit(
        role="coordinator",
        record=lambda world: world.conversations["six"],
        changes=lambda world, conversation: {"summary": "Mijn samenvatting van het gesprek"},
        colleague=_colleague(Conversation, summary="Samenvatting van de collega"),
        value=_stored(Conversation, "summary"),
        shown=lambda world, conversation: ("Mijn samenvatting van het gesprek", "Samenvatting van de collega"),
    ),
    # A person's own step notes, open in two tabs.
    "conversations:notes_edit": Edit(
        role="teacher",
        record=_own_note,
        url_kwargs=lambda world, note: {"pk": note.conversation_id},
        changes=lambda world, note: {f"stap_{note.step_id}": "Wat ik in dit tabblad schrijf"},
        colleague=_colleague(Note, text="Wat ik in het andere tabblad schreef"),
        value=_stored(Note, "text"),
        shown=lambda world, note: ("Wat ik in dit tabblad schrijf", "Wat ik in het andere tabblad schreef"),
    ),
    "conversations:scale_answers": Edit(
        role="teacher",
        record=_scale_answer,
        url_kwargs=lambda world, answer: {"pk": answer.conversation_id},
        changes=lambda world, answer: {"schaal-0-question": "Hoe gaat het met rekenen?"},
        colleague=_colleague(ScaleAnswer, question="Hoe gaat het met schrijven?"),
        value=_stored(ScaleAnswer, "question"),
        shown=lambda world, answer: ("Hoe gaat het met rekenen?", "Hoe gaat het met schrijven?"),
    ),
    "conversations:outcomes": Edit(
        role="teacher",
        record=_agreement,
        url_kwargs=lambda world, agreement: {"pk": agreement.conversation_id},
        changes=lambda world, agreement: {"afspraken-0-text": "Elke dag twintig minuten lezen."},
        colleague=_colleague(Agreement, text="Elke dag samen lezen met papa."),
        value=_stored(Agreement, "text"),
        shown=lambda world, agreement: ("Elke dag twintig minuten lezen.", "Elke dag samen lezen met papa."),
    ),
    # Rewording one of the school's own questions ("wijzigen" beside it opens its form).
    "conversations:question_bank": Edit(
        role="coordinator",
        record=_bank_question,
        url_kwargs=lambda world, question: {},
        page=lambda world, question: f"{reverse('conversations:question_bank')}?wijzig={question.pk}",
        changes=lambda world, question: {"text": "Wat ging er vandaag het best?"},
        colleague=_colleague(BankQuestion, text="Wat lukte er vandaag?"),
        value=_stored(BankQuestion, "text"),
        shown=lambda world, question: ("Wat ging er vandaag het best?", "Wat lukte er vandaag?"),
    ),
    "conversations:round_edit": Edit(
        role="coordinator",
        record=lambda world: world.rounds["six"],
        changes=lambda world, round_: {"name": "Startgesprekken groep 6, tweede week"},
        colleague=_colleague(Round, name="Startgesprekken van de collega"),
        value=_stored(Round, "name"),
        shown=lambda world, round_: ("Startgesprekken groep 6, tweede week", "Startgesprekken van de collega"),
    ),
    "conversations:slot_move": Edit(
        role="coordinator",
        record=lambda world: world.conversations["six"],
        changes=lambda world, conversation: {"time": "16:00"},
        colleague=_slot_moved_by_colleague,
        value=_stored(Conversation, "starts_at"),
        shown=lambda world, conversation: ('value="16:00"', "15:30"),
    ),
}

NOT_EDITS = {
    "conversations:conversation_list": "leest alleen",
    "conversations:pupil_conversations": "leest alleen",
    "conversations:conversation_create": "plant een nieuw gesprek (eerdere afspraken staan er alleen ter inzage)",
    "conversations:conversation_detail": "leest alleen",
    "conversations:notes_compare": "leest alleen",
    "conversations:conversation_pdf": "leest alleen (pdf)",
    "conversations:questions": "voegt gestelde vragen toe of verwijdert er een; een vraag zelf wordt niet gewijzigd",
    "conversations:round_list": "leest alleen",
    "conversations:round_create": "maakt een nieuwe ronde",
    "conversations:round_detail": "leest alleen",
    "conversations:round_schedule": "plant nieuwe gesprekken; wat al gepland is, blijft staan",
    "conversations:round_letters": "leest alleen (pdf)",
    "conversations:round_summary": "leest alleen",
}
