"""Rounds of conversations: planning a round and its days, changing them, planning every pupil's
conversation in it, and moving one conversation to another time."""

from django.db import transaction
from django.utils import timezone

from core import audit, editguard, history
from core.models import AuditAction

from .. import scheduling
from ..models import Conversation, Round


def _save_days(days, round_, user):
    days.instance = round_
    history.save_formset(days, user)


@transaction.atomic
def plan_round(request, form, days):
    """A new round (``RoundForm``) with its days (``RoundDayFormSet``); its first revision holds its staff."""
    round_ = history.save_form(form, request.user)
    _save_days(days, round_, request.user)
    audit.record(request, audit.AuditAction.CREATE, round_, event="conversations.round_created")
    return round_


@transaction.atomic
def update_round(request, form, days):
    """Change a round and its days as of the round's version the user started from (the days belong
    to the round: a change to them moves the round's version on as well). :class:`editguard.Stale`
    and nothing written when someone saved the round in between."""
    round_ = form.instance
    editguard.claim(round_, form.cleaned_data["version"])
    history.save_form(form, request.user)
    _save_days(days, round_, request.user)
    audit.record(request, audit.AuditAction.CHANGE, round_, event="conversations.round_changed")
    return round_


@transaction.atomic
def plan_conversations(round_, user=None, not_before=None):
    """Plan every pupil of the round's group who has no conversation in it yet, as ``scheduling.plan``
    proposes: the conversations and their staff in a few bulk inserts, then a first revision of each
    (holding its staff) through core.history. A pupil "to reschedule" gets a new appointment and the
    old one is called off. Raises ``ValidationError`` (Dutch) and writes nothing when they do not fit.
    """
    # Locks the round (PostgreSQL): two people pressing "plan" at once do not plan twice.
    round_ = (
        Round.objects.select_for_update(of=("self",))
        .select_related("group")
        .prefetch_related("staff", "days")
        .get(pk=round_.pk)
    )
    result = scheduling.plan(round_, not_before)
    if not result.placed:
        return result
    result.created = _create(round_, result.placed, user)
    # The old appointment is called off, so progress counts the pupil once.
    superseded = Conversation.objects.filter(
        round=round_, status=Conversation.Status.RESCHEDULE, pupil__in=[slot.pupil for slot in result.placed]
    )
    for old in superseded:
        old.status = Conversation.Status.CANCELLED
        history.save(old, user, validate=False)
    return result


def _create(round_, slots, user):
    conversations = [
        Conversation(
            pupil=slot.pupil,
            round=round_,
            kind=round_.kind,
            conversation_model_id=round_.conversation_model_id,
            starts_at=slot.starts_at,
            duration_minutes=round_.slot_minutes,
            ends_at=slot.ends_at,
            status=Conversation.Status.PLANNED,
            leader=slot.table.leader,
            note_taker=slot.table.note_taker,
            pupil_present=round_.pupil_invited,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        for slot in slots
    ]
    Conversation.objects.bulk_create(conversations)
    Through = Conversation.staff.through
    Through.objects.bulk_create(
        Through(conversation_id=conversation.pk, user_id=member.pk)
        for conversation, slot in zip(conversations, slots, strict=True)
        for member in slot.table.staff
    )
    # Read back with their staff (one query more), so that each first revision holds who takes part.
    saved = Conversation.objects.filter(pk__in=[c.pk for c in conversations]).prefetch_related("staff")
    history.record(list(saved), user, AuditAction.CREATE)
    return conversations


@transaction.atomic
def schedule_round(request, round_):
    """ "Plan the conversations" on the round's page: every pupil without a conversation in it gets one,
    from now on (:func:`plan_conversations`)."""
    result = plan_conversations(round_, request.user, not_before=timezone.now())
    if result.created:
        audit.record(
            request,
            audit.AuditAction.CHANGE,
            round_,
            event="conversations.round_planned",
            data={"count": len(result.created)},
        )
    return result


@transaction.atomic
def move_slot(request, conversation, form):
    """Move a conversation of a round to the time (and, in a split round, the person) of ``SlotMoveForm``,
    as of the version the user saw. :class:`editguard.Stale` when it was changed or moved meanwhile."""
    editguard.claim(conversation, form.cleaned_data["version"])
    staff = form.staff()
    conversation.starts_at = form.cleaned_data["starts_at"]
    if form.split:
        conversation.leader = staff[0]
        conversation.note_taker = None
        conversation.staff.set(staff)  # first, so that the revision holds the new staff
    if conversation.status in (Conversation.Status.RESCHEDULE, Conversation.Status.CANCELLED):
        conversation.status = Conversation.Status.PLANNED  # a new time is a new appointment
    history.save(conversation, request.user)
    audit.record(request, audit.AuditAction.CHANGE, conversation, event="conversations.slot_moved")
    return conversation
