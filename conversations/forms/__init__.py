"""The forms of conversations, one module per topic: one conversation and its notes
(``conversation``), what came out of it and the question bank (``outcomes``), and rounds
(``rounds``). What other modules import is re-exported here."""

from .conversation import ConversationEditForm, ConversationForm, NotesForm, conflict_displays
from .outcomes import (
    AgreementFormSet,
    AskedQuestionsForm,
    BankQuestionEditForm,
    BankQuestionForm,
    ChosenQuestionForm,
    FollowUpFormSet,
    InputNoticedForm,
    NeedFormSet,
    SwitchQuestionForm,
    scale_answer_formset,
    usefulness_initial,
)
from .rounds import RoundDayFormSet, RoundForm, SlotMoveForm

__all__ = [
    "AgreementFormSet",
    "AskedQuestionsForm",
    "BankQuestionEditForm",
    "BankQuestionForm",
    "ChosenQuestionForm",
    "ConversationEditForm",
    "ConversationForm",
    "FollowUpFormSet",
    "InputNoticedForm",
    "NeedFormSet",
    "NotesForm",
    "RoundDayFormSet",
    "RoundForm",
    "SlotMoveForm",
    "SwitchQuestionForm",
    "conflict_displays",
    "scale_answer_formset",
    "usefulness_initial",
]
