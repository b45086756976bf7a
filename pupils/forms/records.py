from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import editguard
from core.forms import DATE_WIDGET, DateField
from schools.forms.periods import this_years_periods

from ..models import (
    ADVICE_ORDER,
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

# A long note (an observation, the reason of a care level): longer is an essay, not a note.
LONG_TEXT = 10_000
# The largest score a result may hold (Assessment.score: seven digits, one after the comma).
MAX_SCORE = 999_999.9


class RecordForm(forms.ModelForm):
    """A care-record form: crispy layout with one Dutch submit button."""

    submit_label = _("Opslaan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class GuardedRecordForm(editguard.GuardedForm, RecordForm):
    """A care record two people may edit: the form carries the version the user started from."""


class ObservationForm(RecordForm):
    class Meta:
        model = Observation
        fields = ["date", "kind", "text"]
        field_classes = {"date": DateField}
        widgets = {"date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = LONG_TEXT
        self.fields["text"].validators.append(MaxLengthValidator(LONG_TEXT))
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


def need_labels(fields):
    """Labels and help that lead to one good sentence about the pupil (pupils/sentences/need.txt):
    'Sanne heeft een leeromgeving nodig die rustig is, om de weektaak af te maken.'"""
    fields["category"].label = _("De leerling heeft … nodig")
    fields["text"].label = _("Onderwijsbehoefte: die / dat …")
    fields["text"].help_text = _(
        "Maak de zin af over de leerling (hij of zij). Wat de leerling zelf zei (ik, mij) wordt als citaat getoond."
    )
    fields["text"].widget.attrs["placeholder"] = _("bijvoorbeeld: kort is en met een voorbeeld begint")
    fields["goal"].label = _("om … te")
    fields["goal"].help_text = _(
        "Het doel, met 'te' voor het werkwoord: bijvoorbeeld 'de weektaak af te maken'. "
        "Zonder 'te' komt het doel als aparte zin onder de onderwijsbehoefte."
    )
    fields["goal"].widget.attrs["placeholder"] = _("bijvoorbeeld: zelfstandig aan een opdracht te beginnen")


class NeedForm(GuardedRecordForm):
    class Meta:
        model = EducationalNeed
        fields = ["category", "text", "goal", "subject", "source", "period", "is_open"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.all()
        # A need is about now: this school year's periods (an older need keeps its own period).
        this_years_periods(self, school)
        need_labels(self.fields)


class CareLevelForm(editguard.HiddenErrorsShown, forms.Form):
    """A new care level for ``instance`` (the pupil), with the pupil's version the user started from:
    a level set by a colleague in between is not silently replaced (pupils.services.set_care_level)."""

    level = forms.TypedChoiceField(label=_("Nieuw zorgniveau"), choices=CARE_LEVELS, coerce=int)
    reason = forms.CharField(
        label=_("Waarom"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld de uitkomst van een bespreking."),
    )
    version = editguard.VersionField()

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["level"].initial = instance.care_level
        self.fields["version"].initial = instance.version
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Zorgniveau vastleggen")))

    def clean(self):
        cleaned = super().clean()
        # Only against the level the user saw: a level a colleague set meanwhile is the edit guard's to tell.
        if cleaned.get("version") == self.instance.version and cleaned.get("level") == self.instance.care_level:
            self.add_error("level", _("De leerling heeft dit zorgniveau al."))
        return cleaned


class LevelChoiceField(forms.ModelChoiceField):
    """A level of any scale, named with its scale ("I-V: III"); optional, as results and goals may use
    a score instead."""

    def __init__(self, *, label, **kwargs):
        queryset = ScaleLevel.objects.select_related("scale").order_by("scale__name", "-rank")
        super().__init__(queryset=queryset, label=label, required=False, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.scale.name}: {obj.code}"


class AssessmentForm(RecordForm):
    level = LevelChoiceField(label=_("Niveau"))

    class Meta:
        model = Assessment
        fields = ["instrument", "subject", "date", "moment", "score", "percentage", "level", "meets_norm"]
        field_classes = {"date": DateField}
        widgets = {"date": DATE_WIDGET, "meets_norm": forms.NullBooleanSelect()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Dutch spreadsheets and people write a decimal comma: 152,5.
        self.fields["score"].localize = True
        self.fields["score"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["score"].widget.is_localized = True
        self.fields["score"].min_value = 0
        self.fields["score"].max_value = MAX_SCORE
        self.fields["score"].validators += [MinValueValidator(0), MaxValueValidator(MAX_SCORE)]
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


class AdviceForm(GuardedRecordForm):
    """The advice of one school year. A page loaded while there was no advice yet carries version 0,
    so an advice a colleague saved first is not silently replaced.

    The advice after heroverweging belongs with a test outcome above the advice: only then must the school
    reconsider, and it may then keep the advice or raise it, never lower it."""

    ADVICE_FIELDS = ("provisional", "final", "test_indication")

    class Meta:
        model = SecondaryAdvice
        fields = ["provisional", "final", "test_indication", "reconsidered", "exemption"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True
        if self.instance.pk is None and not self.is_bound:
            self.initial["version"] = 0

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.ADVICE_FIELDS):
            raise forms.ValidationError(_("Vul minstens één advies of de uitslag van de doorstroomtoets in."))
        if cleaned.get("reconsidered"):
            error = self._reconsidered_error(cleaned)
            if error:
                self.add_error("reconsidered", error)
        return cleaned

    @staticmethod
    def _reconsidered_error(cleaned):
        advice = cleaned.get("final") or cleaned.get("provisional")
        outcome, reconsidered = cleaned.get("test_indication"), cleaned["reconsidered"]
        if not outcome:
            return _("Een advies na heroverweging hoort bij een uitslag: vul ook de uitslag van de doorstroomtoets in.")
        if not advice:
            return _("Vul ook het advies in dat is heroverwogen.")
        if ADVICE_ORDER[outcome] <= ADVICE_ORDER[advice]:
            return _(
                "Het advies wordt alleen heroverwogen als de uitslag van de doorstroomtoets hoger is dan het advies."
            )
        if ADVICE_ORDER[reconsidered] < ADVICE_ORDER[advice]:
            return _("Na een heroverweging blijft het advies gelijk of wordt het hoger, nooit lager.")
        return None
