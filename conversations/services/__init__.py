"""Every write of conversations, named for what the user does; each in one transaction.

Views parse the request, call one of these and render. ``request`` is who acts (and where from, for
the audit log). A save from a stale page raises :class:`core.editguard.Stale` and writes nothing.

- one conversation (``conversation``): plan_conversation, update_conversation, save_own_notes;
- what came out of it and the question bank (``outcomes``): record_scale_answers, add_asked_questions,
  remove_asked_question, record_outcomes, add_bank_question, update_bank_question, switch_question;
- rounds (``rounds``): plan_round, update_round, plan_conversations (and schedule_round, the page's
  button), move_slot.
"""

from .conversation import plan_conversation, save_own_notes, update_conversation
from .outcomes import (
    add_asked_questions,
    add_bank_question,
    record_outcomes,
    record_scale_answers,
    remove_asked_question,
    switch_question,
    update_bank_question,
)
from .rounds import move_slot, plan_conversations, plan_round, schedule_round, update_round

__all__ = [
    "add_asked_questions",
    "add_bank_question",
    "move_slot",
    "plan_conversation",
    "plan_conversations",
    "plan_round",
    "record_outcomes",
    "record_scale_answers",
    "remove_asked_question",
    "save_own_notes",
    "schedule_round",
    "switch_question",
    "update_bank_question",
    "update_conversation",
    "update_round",
]
