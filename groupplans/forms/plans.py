"""Forms of the group plan: starting a plan, its texts per phase, instruction groups, goals and
their evaluation (each with the version the user started from: core.editguard), and the small
forms behind the plan's buttons (closing a phase, moving a pupil), which name what the user saw."""

from functools import cache

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.forms import modelform_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.editguard import GuardedForm
from pupils.forms import DATE_WIDGET, LevelChoiceField
from pupils.models import Instrument, ScaleLevel, Subject
from schools.models import Period

from ..models import PHASE_ORDER, Goal, GroupPlan, InstructionDefaults, InstructionGroup, Phase


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class ChosenGroupForm(forms.Form):
    """``?groep=<pk>`` on the start page: one of the user's groups, chosen beforehand."""

    groep = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groep"].queryset = groups


def _period_label(period):
    """ "Periode 1 (2026-2027)": the school year in brackets, as the dossier writes a group's year."""
    return f"{period.name} ({period.school_year})"


class PlanForm(forms.ModelForm):
    """A new plan: a group the user may edit, a period of its school year and a subject.

    Chosen beforehand (visible, and the user can change them): the period that contains today, and the
    group when the user has exactly one group this year."""

    class Meta:
        model = GroupPlan
        fields = ["group", "period", "subject"]

    def __init__(self, *args, groups, school_year, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].error_messages["invalid_choice"] = _("Kies een van je groepen.")
        periods = Period.objects.filter(school_year=school_year).order_by("start_date")
        self.fields["period"].queryset = periods
        if not self.is_bound:
            today = today or timezone.localdate()
            self.initial.setdefault("period", periods.filter(start_date__lte=today, end_date__gte=today).first())
            if "group" not in self.initial:
                only = list(groups[:2])
                if len(only) == 1:
                    self.initial["group"] = only[0]
        self.fields["period"].error_messages["invalid_choice"] = _("Kies een periode van dit schooljaar.")
        self.fields["group"].empty_label = _("Kies een groep")
        self.fields["period"].empty_label = _("Kies een periode")
        self.fields["period"].label_from_instance = _period_label
        self.fields["subject"].empty_label = _("Kies een vak")
        # Every subject, also those without tests such as werkhouding.
        self.fields["subject"].queryset = Subject.objects.all()
        self.helper = _helper(_("Plan starten"))

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(None, DUPLICATE_PLAN)


DUPLICATE_PLAN = _("Deze groep heeft al een plan voor dit vak in deze periode.")


class PlanTextBase(GuardedForm):
    """One text of the plan (notes, reflection, ...) with the version the user started from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Opslaan"))
        self.helper.form_tag = False


@cache
def plan_text_form(field):
    """The form class of the plan text ``field`` (one class per text, so the edit guard can
    compare the stored text with the typed one)."""
    return modelform_factory(
        GroupPlan, form=PlanTextBase, fields=[field], widgets={field: forms.Textarea(attrs={"rows": 6})}
    )


class PhaseForm(forms.Form):
    """Closing a phase names the phase the user saw open: a second click closes nothing more."""

    phase = forms.ChoiceField(choices=[(phase.value, phase.label) for phase in PHASE_ORDER[:-1]])


class ReopenForm(forms.Form):
    """Reopening names the phase the plan was in when the user chose, and where to go back to
    (empty: the phase before it)."""

    current = forms.ChoiceField(choices=Phase.choices)
    phase = forms.ChoiceField(choices=[("", "")] + [(p.value, p.label) for p in PHASE_ORDER[:-1]], required=False)


class GroupingForm(forms.Form):
    """Proposing the grouping replaces the placements the user saw (``seen``: their fingerprint)."""

    seen = forms.CharField(max_length=64)


class MoveForm(forms.Form):
    """Move a pupil to an instruction group of the plan, from the one the user saw her in
    (``from_group`` empty: she was not placed yet)."""

    pupil = forms.ModelChoiceField(queryset=None)
    instruction_group = forms.ModelChoiceField(queryset=None)
    from_group = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, pupils, instruction_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        self.fields["instruction_group"].queryset = instruction_groups
        self.fields["from_group"].queryset = instruction_groups


def organisation_errors(fields):
    """The Dutch errors of an organisation's times per week and minutes (instruction group and the
    school's defaults alike)."""
    fields["times_per_week"].error_messages.update(
        {
            "max_value": _("Hoogstens 10 keer per week: zoveel lessen zijn er in een week niet."),
            "min_value": _("Minstens 1 keer per week."),
        }
    )
    fields["minutes"].error_messages.update(
        {"max_value": _("Hoogstens 120 minuten per keer."), "min_value": _("Minstens 5 minuten per keer.")}
    )


class InstructionGroupForm(GuardedForm):
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
        organisation_errors(self.fields)
        self.fields["who"].widget.attrs["placeholder"] = _("bijvoorbeeld: leerkracht, onderwijsassistent")
        self.helper = _helper(_("Opslaan"))


def localize_score(field):
    """Dutch people write a decimal comma: 152,5."""
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    field.widget.is_localized = True


def subject_instruments(subject, keep=None):
    """The tests of ``subject`` (all tests when the subject has none, such as werkhouding), and ``keep``
    (the goal's own test, also when it belongs to another subject)."""
    instruments = Instrument.objects.filter(subject=subject)
    if subject is None or not instruments.exists():
        return Instrument.objects.all()
    return Instrument.objects.filter(Q(subject=subject) | Q(pk=keep)) if keep else instruments


class GoalForm(GuardedForm):
    """A goal of an instruction group: its test and level limited to the plan's subject."""

    target_level = LevelChoiceField(label=_("Streefniveau"))

    class Meta:
        model = Goal
        fields = ["what", "instrument", "target_level", "target_score", "date"]
        widgets = {"date": DATE_WIDGET, "what": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.instance.instruction_group if self.instance.instruction_group_id else None
        instruments = subject_instruments(group.plan.subject if group else None, self.instance.instrument_id)
        self.fields["instrument"].queryset = instruments
        # The levels of the scales of those tests, and the goal's own level.
        levels = ScaleLevel.objects.filter(
            Q(scale__in=instruments.exclude(scale=None).values("scale")) | Q(pk=self.instance.target_level_id)
        )
        self.fields["target_level"].queryset = levels.select_related("scale").order_by("scale__name", "-rank")
        # The model's clean says, in Dutch, why a SMART goal needs these.
        self.fields["instrument"].required = False
        self.fields["date"].required = False
        localize_score(self.fields["target_score"])
        self.fields["what"].widget.attrs["placeholder"] = _(
            "bijvoorbeeld: de leerlingen spellen werkwoorden in de tegenwoordige tijd goed"
        )
        self.helper = _helper(_("Doel opslaan"))


class InstructionDefaultsForm(GuardedForm):
    """The school's organisation of one kind of instruction group."""

    class Meta:
        model = InstructionDefaults
        fields = ["times_per_week", "minutes", "content", "approach", "where"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3}), "approach": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_errors(self.fields)
        self.helper = _helper(_("Opslaan"))


class GoalEvaluationForm(GuardedForm):
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


__all__ = [
    "ChosenGroupForm",
    "GoalEvaluationForm",
    "GoalForm",
    "GroupingForm",
    "InstructionDefaultsForm",
    "InstructionGroupForm",
    "MoveForm",
    "PhaseForm",
    "PlanForm",
    "ReopenForm",
    "plan_text_form",
]
