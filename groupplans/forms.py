"""Forms of the group plan: starting a plan, its texts per phase (with a version against
silent overwrites), instruction groups, goals and their evaluation."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from pupils.forms import DATE_WIDGET, LevelChoiceField
from pupils.models import Instrument, ScaleLevel, Subject
from schools.models import Period

from .models import Goal, GroupPlan, InstructionGroup


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class PlanForm(forms.ModelForm):
    """A new plan: a group the user may edit, a period of its school year and a subject."""

    class Meta:
        model = GroupPlan
        fields = ["group", "period", "subject"]

    def __init__(self, *args, groups, school_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].error_messages["invalid_choice"] = _("Kies een van je groepen.")
        self.fields["period"].queryset = Period.objects.filter(school_year=school_year).order_by("start_date")
        self.fields["period"].error_messages["invalid_choice"] = _("Kies een periode van dit schooljaar.")
        # Every subject, also those without tests such as werkhouding.
        self.fields["subject"].queryset = Subject.objects.all()
        self.helper = _helper(_("Plan starten"))

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(None, _("Deze groep heeft al een plan voor dit vak in deze periode."))


class PlanTextForm(forms.Form):
    """One text of the plan (notes, reflection, ...) with the version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan, field, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = field
        model_field = GroupPlan._meta.get_field(field)
        self.fields[field] = model_field.formfield(widget=forms.Textarea(attrs={"rows": 6}))
        self.fields[field].required = False
        if not self.is_bound:
            self.initial.update({field: getattr(plan, field), "version": plan.version})
        self.fields["version"].error_messages["required"] = _("Laad de pagina opnieuw en probeer het nog eens.")
        self.helper = _helper(_("Opslaan"))
        self.helper.form_tag = False
        self.helper.layout = None
        self.order_fields([field, "version"])

    @property
    def text(self):
        return self.cleaned_data.get(self.field_name, "")


class InstructionGroupForm(forms.ModelForm):
    class Meta:
        model = InstructionGroup
        fields = ["name", "kind", "content", "approach", "materials", "times_per_week", "minutes", "who", "where"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 3}),
            "materials": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["times_per_week"].error_messages.update(
            {
                "max_value": _("Hoogstens 10 keer per week: zoveel lessen zijn er in een week niet."),
                "min_value": _("Minstens 1 keer per week."),
            }
        )
        self.fields["minutes"].error_messages.update(
            {
                "max_value": _("Hoogstens 120 minuten per keer."),
                "min_value": _("Minstens 5 minuten per keer."),
            }
        )
        self.fields["who"].widget.attrs["placeholder"] = _("bijvoorbeeld: leerkracht, onderwijsassistent")
        self.helper = _helper(_("Opslaan"))


class GoalForm(forms.ModelForm):
    target_level = LevelChoiceField(
        label=_("Streefniveau"),
        queryset=ScaleLevel.objects.select_related("scale").order_by("scale__name", "-rank"),
        required=False,
    )

    class Meta:
        model = Goal
        fields = ["what", "instrument", "target_level", "target_score", "date"]
        widgets = {"date": DATE_WIDGET, "what": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.all()
        # The model's clean says, in Dutch, why a SMART goal needs these.
        self.fields["instrument"].required = False
        self.fields["date"].required = False
        # Dutch people write a decimal comma: 152,5.
        score = self.fields["target_score"]
        score.localize = True
        score.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        score.widget.is_localized = True
        self.fields["what"].widget.attrs["placeholder"] = _(
            "bijvoorbeeld: de leerlingen spellen werkwoorden in de tegenwoordige tijd goed"
        )
        self.helper = _helper(_("Doel opslaan"))


class GoalEvaluationForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["evaluation", "evaluation_remark"]
        widgets = {"evaluation_remark": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].required = True
        self.fields["evaluation"].error_messages["required"] = _("Kies of het doel behaald is.")
        if not self.is_bound and not self.instance.evaluation and self.instance.evaluation_proposed:
            self.initial["evaluation"] = self.instance.evaluation_proposed
        self.helper = _helper(_("Evaluatie vastleggen"))
