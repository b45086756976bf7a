"""The forms of the coaching screens, one module per topic."""

from .letters import LETTER_PARTS, LetterForm
from .reflections import ReflectionForm
from .relationship import QUESTIONS, AssessmentForm, ShareAssessmentForm
from .sessions import (
    FollowUpFormSet,
    NewAgreementFormSet,
    SessionForm,
    check_due_dates,
    follow_ups_at_stored_versions,
    followable_agreements,
)
from .trajectories import SupportNeedFormSet, TrajectoryForm, staff_of
from .visits import VisitForm

__all__ = [
    "LETTER_PARTS",
    "QUESTIONS",
    "AssessmentForm",
    "FollowUpFormSet",
    "LetterForm",
    "NewAgreementFormSet",
    "ReflectionForm",
    "SessionForm",
    "ShareAssessmentForm",
    "SupportNeedFormSet",
    "TrajectoryForm",
    "VisitForm",
    "check_due_dates",
    "followable_agreements",
    "follow_ups_at_stored_versions",
    "staff_of",
]
