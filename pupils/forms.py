from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET
from schools.models import Period

from .models import (
    CARE_LEVELS,
    Assessment,
    EducationalNeed,
    Factor,
    Instrument,
    Observation,
    ScaleLevel,
    SecondaryAdvice,
    Subject,
)


class RecordForm(forms.ModelForm):
    """A care-record form: crispy layout with one Dutch submit button."""

    submit_label = _("Opslaan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class ObservationForm(RecordForm):
    class Meta:
        model = Observation
        fields = ["date", "kind", "text"]
        widgets = {"date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The instance's empty date would win over a field initial: set the form's initial.
        if not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Een observatie kan niet in de toekomst liggen."))
        return date


class FactorForm(RecordForm):
    class Meta:
        model = Factor
        fields = ["kind", "text", "is_current"]


class NeedForm(RecordForm):
    class Meta:
        model = EducationalNeed
        fields = ["category", "text", "goal", "subject", "source", "period", "is_open"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.all()
        self.fields["period"].queryset = Period.objects.filter(school_year__school=school).select_related("school_year")
        self.fields["text"].widget.attrs["placeholder"] = _("bijvoorbeeld: kort is en met een voorbeeld begint")
        self.fields["goal"].widget.attrs["placeholder"] = _("bijvoorbeeld: zelfstandig een opdracht kunnen starten")


class CareLevelForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Nieuw zorgniveau"), choices=CARE_LEVELS, coerce=int)
    reason = forms.CharField(
        label=_("Waarom"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld de uitkomst van een bespreking."),
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["level"].initial = current
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Zorgniveau vastleggen")))

    def clean_level(self):
        level = self.cleaned_data["level"]
        if level == self.current:
            raise forms.ValidationError(_("De leerling heeft dit zorgniveau al."))
        return level


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.scale.name}: {obj.code}"


class AssessmentForm(RecordForm):
    level = LevelChoiceField(
        label=_("Niveau"),
        queryset=ScaleLevel.objects.select_related("scale").order_by("scale__name", "-rank"),
        required=False,
    )

    class Meta:
        model = Assessment
        fields = ["instrument", "subject", "date", "moment", "score", "percentage", "level", "meets_norm"]
        widgets = {"date": DATE_WIDGET, "meets_norm": forms.NullBooleanSelect()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Dutch spreadsheets and people write a decimal comma: 152,5.
        self.fields["score"].localize = True
        self.fields["score"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["score"].widget.is_localized = True
        self.fields["instrument"].queryset = Instrument.objects.all()
        self.fields["subject"].queryset = Subject.objects.filter(is_tested=True)
        self.fields["subject"].required = False
        self.fields["subject"].help_text = _("Leeg laten: het vak van de toets. Bij een doorstroomtoets: het domein.")

    def clean(self):
        cleaned = super().clean()
        instrument = cleaned.get("instrument")
        if instrument and not cleaned.get("subject"):
            if instrument.subject_id is None:
                self.add_error("subject", _("Kies het domein van deze toets."))
            else:
                cleaned["subject"] = instrument.subject
                self.instance.subject = instrument.subject
        if cleaned.get("date") and cleaned["date"] > timezone.localdate():
            self.add_error("date", _("Een toetsdatum kan niet in de toekomst liggen."))
        return cleaned

    def validate_unique(self):
        try:
            self.instance.validate_unique()
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(None, _("Deze leerling heeft al een resultaat voor deze toets en dit vak op deze datum."))


class AdviceForm(RecordForm):
    class Meta:
        model = SecondaryAdvice
        fields = ["provisional", "final", "test_indication"]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self._meta.fields):
            raise forms.ValidationError(_("Vul minstens één advies of de uitslag van de doorstroomtoets in."))
        return cleaned
