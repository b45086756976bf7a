"""Forms of the coach's own records: a coaching session (4SFC, scaling, new agreements and
the follow-up of earlier ones), a classroom visit and Linda Metcalf's letter."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET

from .models import Agreement, ClassroomVisit, GoalOwner, Letter, Session, SolutionSource


def _bootstrap(form):
    """Bootstrap classes for forms laid out by hand in a table row (not through crispy)."""
    for field in form.fields.values():
        if not field.widget.is_hidden:
            is_choice = isinstance(field, forms.ChoiceField)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_choice else "form-control form-control-sm"


class _Today:
    """A new record starts on today's date (the instance's empty date would win over a field initial)."""

    def _start_today(self):
        if self.instance.pk is None and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()


class SessionForm(_Today, forms.ModelForm):
    # Not the model field's own form field: its range errors are Django's generic ones.
    scaling = forms.IntegerField(
        label=_("Schaalvraag (0-10)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1}),
        help_text=_(
            "Op een schaal van 0 tot 10: waar staat de leerkracht nu, volgens hemzelf? Laat leeg als je de vraag "
            "niet stelde."
        ),
    )

    class Meta:
        model = Session
        fields = [
            "date",
            "notes",
            "goal_owner",
            "solution_source",
            "scaling",
            "one_point_higher",
            "compliments",
            "learning_moments",
        ]
        labels = {
            "date": _("Datum"),
            "notes": _("Aantekeningen"),
            "goal_owner": _("Wiens doelen staan centraal?"),
            "solution_source": _("Waar komen de oplossingen vandaan?"),
            "one_point_higher": _("Wat zou één punt hoger zijn?"),
            "compliments": _("Gegeven complimenten"),
            "learning_moments": _("Leermomenten"),
        }
        help_texts = {
            "notes": _("Vrije aantekeningen van het gesprek."),
            "goal_owner": _(
                "Werk je aan wat de leerkracht zelf wil bereiken, of aan een doel van de school (bijvoorbeeld "
                "het mandaat van de directie)?"
            ),
            "solution_source": _(
                "Zoekt de leerkracht de oplossing zelf, met jouw vragen, of komt die van buiten: van jou als "
                "expert, uit theorie of een methode?"
            ),
            "one_point_higher": _("In de woorden van de leerkracht: wat doet hij anders als het één punt hoger is?"),
            "compliments": _("Welke complimenten gaf je, en waarvoor?"),
            "learning_moments": _("Eén leermoment per regel: wat de leerkracht in dit gesprek ontdekte."),
        }
        widgets = {
            "date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 5}),
            "goal_owner": forms.RadioSelect,
            "solution_source": forms.RadioSelect,
            "one_point_higher": forms.Textarea(attrs={"rows": 2}),
            "compliments": forms.Textarea(attrs={"rows": 2}),
            "learning_moments": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._start_today()
        # Radio buttons without Django's blank "---------" choice: both questions need an answer.
        self.fields["goal_owner"].choices = GoalOwner.choices
        self.fields["solution_source"].choices = SolutionSource.choices
        self.helper = FormHelper()
        self.helper.form_tag = False  # one <form> around this form and its agreement formsets

    def clean_scaling(self):
        value = self.cleaned_data.get("scaling")
        if value is not None and not 0 <= value <= 10:
            raise forms.ValidationError(_("Kies een cijfer van 0 tot en met 10."))
        return value


class NewAgreementForm(forms.Form):
    """One new agreement made in this session. An untouched row is skipped."""

    text = forms.CharField(label=_("Afspraak"), max_length=300)
    owner = forms.ChoiceField(label=_("Wie"), choices=Agreement.Owner.choices, initial=Agreement.Owner.COACHEE)
    due_date = forms.DateField(label=_("Uiterlijk"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


NewAgreementFormSet = forms.formset_factory(NewAgreementForm, extra=3, max_num=20, absolute_max=20)


class FollowUpForm(forms.Form):
    """Has an earlier agreement been kept? ``agreement`` only accepts this trajectory's open ones."""

    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Deze afspraak hoort niet bij dit traject of is al eerder besproken."),
            "required": _("Geef aan om welke afspraak het gaat."),
        },
    )
    follow_up = forms.ChoiceField(label=_("Nagekomen?"), choices=Agreement.FollowUp.choices)

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        _bootstrap(self)


class BaseFollowUpFormSet(forms.BaseFormSet):
    def __init__(self, *args, agreements, **kwargs):
        self.agreements = agreements
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "agreements": self.agreements}

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            agreement = form.cleaned_data.get("agreement")
            if agreement is None:
                continue
            if agreement.pk in seen:
                raise forms.ValidationError(_("Dezelfde afspraak staat twee keer in het formulier."))
            seen.add(agreement.pk)


# Every form counts: an untouched row still says "nog open", which is an answer too.
FollowUpFormSet = forms.formset_factory(FollowUpForm, formset=BaseFollowUpFormSet, extra=0, max_num=200)


class VisitForm(_Today, forms.ModelForm):
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
        widgets = {
            "date": DATE_WIDGET,
            "observations": forms.Textarea(attrs={"rows": 5}),
            "feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._start_today()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Opslaan")))


# The five parts of Linda Metcalf's letter, in order: (field, short guide).
LETTER_PARTS = [
    (
        "compliments",
        _(
            "Begin met wat je waardeert. Noem iets concreets dat je zag of hoorde: wat doet de leerkracht goed, "
            "en waaraan merk je dat? Echte complimenten, geen opmaat naar een 'maar'."
        ),
    ),
    (
        "view_of_situation",
        _(
            "Beschrijf eerlijk en zonder oordeel hoe jij de situatie nu ziet. Schrijf vanuit jezelf ('ik merk', "
            "'ik denk') en erken wat het voor de leerkracht lastig maakt."
        ),
    ),
    (
        "perceived_need",
        _(
            "Wat heeft de leerkracht volgens jou nodig om verder te komen? Houd het klein en haalbaar, en laat "
            "ruimte om je te verbeteren: 'klopt dat?'"
        ),
    ),
    (
        "coach_role",
        _(
            "Zeg wie je in dit traject bent en wie niet: je denkt mee en beoordeelt niet. Wat in de coaching "
            "gezegd wordt, blijft tussen jullie."
        ),
    ),
    (
        "offer",
        _(
            "Doe een concreet aanbod met een eerste kleine stap, en laat de keuze bij de leerkracht: wanneer, "
            "hoe en of hij erop ingaat."
        ),
    ),
]


class LetterForm(_Today, forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["date", "compliments", "view_of_situation", "perceived_need", "coach_role", "offer"]
        labels = {
            "date": _("Datum van de brief"),
            "compliments": _("1. Complimenten"),
            "view_of_situation": _("2. Hoe ik de situatie zie"),
            "perceived_need": _("3. Wat ik denk dat je nodig hebt"),
            "coach_role": _("4. Mijn rol"),
            "offer": _("5. Wat ik je aanbied"),
        }
        widgets = {"date": DATE_WIDGET, **{name: forms.Textarea(attrs={"rows": 4}) for name, _guide in LETTER_PARTS}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._start_today()
        for name, guide in LETTER_PARTS:
            self.fields[name].help_text = guide
