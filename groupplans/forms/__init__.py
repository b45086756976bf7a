"""Forms of the group plans app, one module per topic: the plan and its phases (``plans``),
individual action plans (``individual``), meetings (``meetings``) and their actions (``actions``)."""

from .actions import DONE, OPEN, ActionStateForm
from .individual import IndividualGoalForm, IndividualPlanForm, PeriodChoiceField
from .meetings import ActionForm, ActionFormSet, MeetingForm, PupilChoiceField
from .plans import (
    DUPLICATE_PLAN,
    ChosenGroupForm,
    GoalEvaluationForm,
    GoalForm,
    GroupingForm,
    InstructionDefaultsForm,
    InstructionGroupForm,
    MoveForm,
    PhaseForm,
    PlanForm,
    ReopenForm,
    localize_score,
    plan_text_form,
)

__all__ = [
    "DONE",
    "DUPLICATE_PLAN",
    "OPEN",
    "ActionForm",
    "ActionFormSet",
    "ActionStateForm",
    "ChosenGroupForm",
    "GoalEvaluationForm",
    "GoalForm",
    "GroupingForm",
    "IndividualGoalForm",
    "IndividualPlanForm",
    "InstructionDefaultsForm",
    "InstructionGroupForm",
    "MeetingForm",
    "MoveForm",
    "PeriodChoiceField",
    "PhaseForm",
    "PlanForm",
    "PupilChoiceField",
    "ReopenForm",
    "localize_score",
    "plan_text_form",
]
