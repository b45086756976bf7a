"""Twenty people (or tabs) pressing "Gedaan" or "Weer openzetten" on one action at the same moment:
each press sets a state as of what the user saw, so the action changes at most once per state,
and its audit log never shows the same state twice in a row. PostgreSQL only: SQLite takes writers
one at a time anyway."""

import threading

import pytest
from django.db import connection, connections

from core import history
from core.models import AuditEntry
from groupplans import services
from groupplans.models import Action
from tests import factories as f

PRESSES = 20


def _race(action_pk, user, states):
    barrier = threading.Barrier(len(states))
    outcome = {"set": 0, "already": 0, "errors": []}
    lock = threading.Lock()

    def press(done):
        try:
            action = Action.objects.get(pk=action_pk)
            barrier.wait(10)
            try:
                (services.mark_action_done if done else services.reopen_action)(action, user)
                key = "set"
            except services.AlreadySo:
                key = "already"
            with lock:
                outcome[key] += 1
        except Exception as error:  # noqa: BLE001 - reported below
            with lock:
                outcome["errors"].append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(done,)) for done in states]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcome


def _audit_states(action):
    events = AuditEntry.objects.filter(object_id=str(action.pk), event__startswith="groupplans.action_")
    return list(events.order_by("at", "pk").values_list("event", flat=True))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks between two connections")
def test_twenty_simultaneous_dones_mark_the_action_done_once():
    action = f.ActionFactory()
    outcome = _race(action.pk, action.owner, [True] * PRESSES)
    assert outcome == {"set": 1, "already": PRESSES - 1, "errors": []}
    action.refresh_from_db()
    assert action.done and action.version == 2
    assert _audit_states(action) == ["groupplans.action_done"]
    assert [r.data["done"] for r in history.revisions(action)] == [True]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks between two connections")
def test_done_and_open_at_once_never_log_the_same_state_twice_in_a_row():
    action = f.ActionFactory()
    outcome = _race(action.pk, action.owner, [True, False] * (PRESSES // 2))
    assert not outcome["errors"] and outcome["set"] + outcome["already"] == PRESSES
    states = _audit_states(action)
    assert len(states) == outcome["set"] >= 1
    assert all(a != b for a, b in zip(states, states[1:], strict=False)), states
    assert states[0] == "groupplans.action_done"  # it was open: the first change can only be "done"
    action.refresh_from_db()
    assert action.done == (states[-1] == "groupplans.action_done")
    # The history agrees with the record and the audit log.
    assert [r.data["done"] for r in history.revisions(action)] == [s == "groupplans.action_done" for s in states]
