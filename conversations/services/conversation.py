"""Planning and changing one conversation, and a listener's own notes per step."""

from django.db import IntegrityError, transaction

from core import audit, editguard, history

from ..models import Note


@transaction.atomic
def plan_conversation(request, form):
    """A new conversation from ``ConversationForm``: its first revision holds its staff."""
    conversation = history.save_form(form, request.user)
    audit.record(request, audit.AuditAction.CREATE, conversation, event="conversations.conversation_planned")
    return conversation


@transaction.atomic
def update_conversation(request, form):
    """Save ``ConversationEditForm`` as of the version the user started from, staff first (so the
    revision holds them); :class:`editguard.Stale` and nothing written when someone saved in between."""
    conversation = history.save_form(form, request.user, version=form.cleaned_data["version"])
    audit.record(request, audit.AuditAction.CHANGE, conversation, event="conversations.conversation_changed")
    return conversation


@transaction.atomic
def save_own_notes(request, conversation, texts):
    """The user's own note per step: ``texts`` is {step: (text, version of her note she started from, 0
    for none)}. A changed note is saved through history, an emptied one deleted (its last text stays in
    the history). A note she changed in another tab meanwhile: :class:`editguard.Stale`, nothing written.
    Returns how many notes changed."""
    user = request.user
    stored = {note.step_id: note for note in Note.objects.filter(conversation=conversation, author=user)}
    writes = []
    for step, (text, seen) in texts.items():
        note = stored.get(step.pk)
        if note is None:
            if seen:  # deleted in another tab since this one was loaded
                raise editguard.Stale
            if text:
                writes.append((Note(conversation=conversation, step=step, author=user, text=text), text))
        elif text != note.text:
            # A note written in another tab (seen 0) or changed there: the claim refuses it.
            editguard.claim(note, seen or None)
            writes.append((note, text))
    for note, text in writes:
        if note.pk is None:
            try:
                with transaction.atomic():
                    history.save(note, user)
            except IntegrityError:  # another tab wrote this step's first note at the same moment
                raise editguard.Stale from None
        elif not text:
            history.delete(note, user)
        else:
            note.text = text
            history.save(note, user)
    if writes:
        audit.record(
            request,
            audit.AuditAction.CHANGE,
            conversation,
            event="conversations.notes_saved",
            data={"count": len(writes)},
        )
    return len(writes)
