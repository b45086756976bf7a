"""The pupils app's forms, one module per topic: care records (``records``), the CSV import
(``imports``) and the filters of the lists (``filters``)."""

from core.forms import DATE_WIDGET

from .filters import PupilFilterForm
from .imports import ImportUploadForm
from .records import (
    AdviceForm,
    AssessmentForm,
    CareLevelForm,
    FactorForm,
    LevelChoiceField,
    NeedForm,
    ObservationForm,
)

__all__ = [
    "DATE_WIDGET",
    "AdviceForm",
    "AssessmentForm",
    "CareLevelForm",
    "FactorForm",
    "ImportUploadForm",
    "LevelChoiceField",
    "NeedForm",
    "ObservationForm",
    "PupilFilterForm",
]
