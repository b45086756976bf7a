"""Forms of the individual action plan (handelingsplan) and its SMART goals.

The rules live in the models: ``IndividualPlan.clean`` refuses a pupil below care
level 3 and ``Goal.clean`` refuses a goal without a measure or a date. The forms
leave those fields optional so that the model's Dutch explanation is what the user
reads, not a bare "this field is required"."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.editguard import GuardedForm
from core.forms import DATE_WIDGET, DateField
from pupils.forms import LevelChoiceField
from pupils.models import Instrument, Subject
from schools.forms.periods import this_years_periods

from ..models import Goal, IndividualPlan
from .plans import localize_score


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.school_year.name} – {obj.name}"


class IndividualPlanForm(GuardedForm):
    """Write or change a handelingsplan, with the version the user started from (core.editguard)."""

    class Meta:
        model = IndividualPlan
        fields = ["period", "subject", "approach", "who", "evaluation"]
        field_classes = {"period": PeriodChoiceField}
        widgets = {
            "approach": forms.Textarea(attrs={"rows": 5}),
            "evaluation": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "subject": _("Leeg laten als het plan niet over één vak gaat (bijvoorbeeld gedrag of werkhouding)."),
            "approach": _("Wat gebeurt er, hoe vaak, met welke materialen?"),
            "who": _("Bijvoorbeeld: de leerkracht, de remedial teacher, de ouders thuis."),
        }

    def __init__(self, *args, school, with_evaluation=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A plan is written for now: this school year's periods (an older plan keeps its own period).
        this_years_periods(self, school)
        self.fields["subject"].queryset = Subject.objects.all()
        self.fields["subject"].required = False
        if not with_evaluation:
            del self.fields["evaluation"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*[Field(name) for name in self.fields])


class IndividualGoalForm(GuardedForm):
    target_level = LevelChoiceField(label=_("Streefniveau"))

    class Meta:
        model = Goal
        fields = ["what", "instrument", "target_level", "target_score", "date", "evaluation", "evaluation_remark"]
        field_classes = {"date": DateField}
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3}),
            "date": DATE_WIDGET,
            "evaluation_remark": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "what": _("Zo concreet mogelijk: wat kan de leerling als het doel bereikt is?"),
            "target_score": _("Een vaardigheidsscore, bijvoorbeeld 152,5. Of kies hierboven een streefniveau."),
        }

    def __init__(self, *args, with_evaluation=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Goal.clean says in Dutch why a SMART goal needs a measure and a date.
        self.fields["instrument"].required = False
        self.fields["instrument"].queryset = Instrument.objects.all()
        self.fields["date"].required = False
        localize_score(self.fields["target_score"])
        if not with_evaluation:
            del self.fields["evaluation"]
            del self.fields["evaluation_remark"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Opslaan")))
