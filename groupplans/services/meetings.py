"""Meetings and their actions: recording or changing a meeting with its actions in one
transaction, and marking an action done or open again as of the state the user saw."""

from django.db import transaction
from django.utils import timezone

from core import audit, editguard, history
from core.models import AuditAction

from ..models import Action
from .plans import _version


@transaction.atomic
def save_meeting(form, actions, user, *, request=None):
    """The meeting (``MeetingForm``) with its participants and pupils, and its actions
    (``ActionFormSet``), with their history: all or nothing.

    A change made on an old version of the meeting raises ``editguard.Stale``. An action's text,
    owner or date changed here keeps whether it is done: that is set from the Acties page."""
    created = form.instance._state.adding
    # save_form saves the participants and pupils first: the meeting's revision holds them.
    meeting = history.save_form(form, user, version=_version(form))
    audit.record(
        request,
        AuditAction.CREATE if created else AuditAction.CHANGE,
        meeting,
        event="groupplans.meeting_saved",
        user=user,
    )
    actions.instance = meeting
    changed = actions.save(commit=False)
    existing = [action.pk for action in changed if action.pk is not None]
    stored = {action.pk: action for action in Action.objects.select_for_update().filter(pk__in=existing)}
    for action in changed:
        now = stored.get(action.pk)
        if now is not None:
            action.done, action.done_at, action.version = now.done, now.done_at, now.version
        is_new = action.pk is None
        history.save(action, user)
        audit.record(
            request,
            AuditAction.CREATE if is_new else AuditAction.CHANGE,
            action,
            event="groupplans.action_saved",
            user=user,
        )
    for action in actions.deleted_objects:
        audit.record(request, AuditAction.DELETE, action, event="groupplans.action_deleted", user=user)
        history.delete(action, user)
    return meeting


class AlreadySo(Exception):
    """The action already was in the state the user asked for: nothing changed. ``action`` as it is
    stored now; ``by`` (the person's name, or "") and ``at`` (or None) of the change that put it there."""

    def __init__(self, action, by, at):
        super().__init__(f"action {action.pk} is already {'done' if action.done else 'open'}")
        self.action, self.by, self.at = action, by, at


def _set_by(action):
    """Who put the action in its present state, and when, as far as its history knows."""
    for revision, diff in reversed(history.changes(action)):
        if "done" in diff:
            who = str(revision.user) if revision.user_id else revision.user_repr
            return who, action.done_at or revision.at
    return "", action.done_at


def _set_state(action, user, request, *, done):
    """Set ``done`` only when the action is still in the other state: one conditional UPDATE, so
    twenty clicks at once change it once."""
    values = {"done": done, "done_at": timezone.now() if done else None}
    if not editguard.claim_state(Action, action.pk, expected={"done": not done}, values=values):
        action.refresh_from_db()
        raise AlreadySo(action, *_set_by(action))
    action.refresh_from_db()
    history.record([action], user, AuditAction.CHANGE)
    event = "groupplans.action_done" if done else "groupplans.action_reopened"
    audit.record(request, AuditAction.CHANGE, action, event=event, user=user)
    return action


@transaction.atomic
def mark_action_done(action, user, *, request=None):
    """Tick the action off, if it is still open; else :class:`AlreadySo` and nothing changes."""
    return _set_state(action, user, request, done=True)


@transaction.atomic
def reopen_action(action, user, *, request=None):
    """Set the action open again, if it is still done; else :class:`AlreadySo` and nothing changes."""
    return _set_state(action, user, request, done=False)
