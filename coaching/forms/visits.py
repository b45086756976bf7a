"""A classroom visit."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, DateField

from ..models import ClassroomVisit
from .common import StartsToday


class VisitForm(StartsToday, forms.ModelForm):
    class Meta:
        model = ClassroomVisit
        fields = ["date", "focus", "observations", "feedback"]
        labels = {
            "date": _("Datum"),
            "focus": _("Focus"),
            "observations": _("Observaties"),
            "feedback": _("Gegeven feedback"),
        }
        help_texts = {
            "focus": _("Waar je op lette, zoals afgesproken met de leerkracht."),
            "observations": _("Wat je zag en hoorde, zo feitelijk mogelijk."),
            "feedback": _("Wat je na afloop teruggaf aan de leerkracht."),
        }
        field_classes = {"date": DateField}
        widgets = {
            "date": DATE_WIDGET,
            "observations": forms.Textarea(attrs={"rows": 5}),
            "feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_today()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Opslaan")))
