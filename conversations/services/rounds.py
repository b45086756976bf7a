"""Rounds of conversations: planning a round and its days, changing them, planning every pupil's
conversation in it, and moving one conversation to another time."""

from django.db import transaction
from django.utils import timezone

from core import audit, editguard, history

from .. import scheduling
from ..models import Conversation


def _save_days(days, round_, user):
    days.instance = round_
    for day in days.save(commit=False):
        history.save(day, user)
    for day in days.deleted_objects:
        history.delete(day, user)


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
def schedule_round(request, round_):
    """Plan every pupil of the round's group who has no conversation in it yet, from now on
    (``scheduling.generate``). Raises ``ValidationError`` (Dutch) and writes nothing when they do not fit."""
    result = scheduling.generate(round_, request.user, not_before=timezone.now())
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
