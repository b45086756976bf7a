"""Starting or changing a trajectory, with its support needs."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import editguard
from core.forms import DATE_WIDGET, MAX_FORMS, BaseInlineFormSet, DateField, as_id, table_helper
from schools.models import Role

from ..models import SupportNeed, Trajectory

User = get_user_model()


def staff_of(school, role):
    """Users with an active membership of ``role`` at ``school``."""
    return User.objects.filter(
        memberships__school=school, memberships__role=role, memberships__is_active=True
    ).distinct()


class StaffChoiceField(forms.ModelChoiceField):
    """Offers the users of ``queryset`` but reads any user id, so that the form itself
    says in Dutch why a person cannot be chosen. Unknown ids and refused people get the
    same message, so the answer never tells whether an id exists."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return User.objects.get(pk=value)
        except (ValueError, TypeError, ValidationError, User.DoesNotExist):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class TrajectoryForm(editguard.GuardedForm):
    """Start or change a trajectory. Its ``version`` (core.editguard) also guards the support needs,
    which are only ever changed on this page."""

    class Meta:
        model = Trajectory
        fields = [
            "coachee",
            "start_date",
            "end_date",
            "status",
            "origin",
            "mandate_given_by",
            "mandate_given_on",
            "mandate_scope",
            "coachee_agreed_on",
            "goal",
            "can_already",
            "also_need",
        ]
        field_classes = {
            "coachee": StaffChoiceField,
            "mandate_given_by": StaffChoiceField,
            **dict.fromkeys(["start_date", "end_date", "mandate_given_on", "coachee_agreed_on"], DateField),
        }
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "mandate_given_on": DATE_WIDGET,
            "coachee_agreed_on": DATE_WIDGET,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "can_already": forms.Textarea(attrs={"rows": 2}),
            "also_need": forms.Textarea(attrs={"rows": 2}),
        }
        # The teacher finishes three sentences; the trajectory page shows them whole (coaching/sentences.py).
        labels = {
            "goal": _("Als leerkracht wil ik bereiken dat …"),
            "can_already": _("Ik kan al …"),
            "also_need": _("Ik heb ook … nodig"),
        }
        help_texts = {
            "origin": _("Het initiële mandaat: wie vroeg om deze coaching?"),
            "goal": _(
                "Maak de zin af in de woorden van de leerkracht, zo concreet mogelijk, met het werkwoord "
                "achteraan: bijvoorbeeld 'mijn lessen beter gepland zijn'."
            ),
            "can_already": _("Met het werkwoord achteraan: bijvoorbeeld 'een heldere instructie geven'."),
            "also_need": _("Bijvoorbeeld 'hulp bij het plannen' of 'tijd om bij een collega te kijken'."),
        }

    def __init__(self, *args, school, coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.school, self.coach = school, coach
        if self.instance.pk is None and not self.initial.get("start_date"):
            self.initial["start_date"] = timezone.localdate()

        # Who may be coached: the active teachers of this school, never the coach herself.
        # A trajectory keeps its own coachee and mandate giver even after they left the school.
        self.allowed_coachees = staff_of(school, Role.TEACHER).exclude(pk=coach.pk)
        self.allowed_mandate_givers = staff_of(school, Role.MANAGEMENT)
        coachee = self.fields["coachee"]
        coachee.queryset = self._with_current(self.allowed_coachees, "coachee_id")
        coachee.error_messages["invalid_choice"] = _("Kies een leerkracht van deze school.")
        giver = self.fields["mandate_given_by"]
        giver.queryset = self._with_current(self.allowed_mandate_givers, "mandate_given_by_id")
        giver.error_messages["invalid_choice"] = _("Kies iemand van de directie van deze school.")
        giver.help_text = _("Verplicht bij een mandaat van de directie.")

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Wie en wanneer"), "coachee", "start_date", "end_date", "status"),
            Fieldset(
                _("Mandaat"), "origin", "mandate_given_by", "mandate_given_on", "mandate_scope", "coachee_agreed_on"
            ),
            Fieldset(_("Het doel van de leerkracht"), "goal", "can_already", "also_need"),
            Field("version"),
        )

    def _with_current(self, allowed, attname):
        current = getattr(self.instance, attname, None)
        people = Q(pk__in=allowed.values("pk")) | (Q(pk=current) if current is not None else Q(pk__in=[]))
        return User.objects.filter(people).order_by("last_name", "first_name", "username")

    def _is_allowed(self, user, allowed, attname):
        if user is None or user.pk == getattr(self.instance, attname, None):
            return True  # unchanged: a trajectory keeps its people
        return allowed.filter(pk=user.pk).exists()

    def clean_coachee(self):
        coachee = self.cleaned_data["coachee"]
        if coachee is not None and coachee.pk == self.coach.pk:
            return coachee  # Trajectory.clean says it in its own words
        if not self._is_allowed(coachee, self.allowed_coachees, "coachee_id"):
            raise ValidationError(self.fields["coachee"].error_messages["invalid_choice"], code="invalid_choice")
        return coachee

    def clean_mandate_given_by(self):
        giver = self.cleaned_data["mandate_given_by"]
        if not self._is_allowed(giver, self.allowed_mandate_givers, "mandate_given_by_id"):
            raise ValidationError(
                self.fields["mandate_given_by"].error_messages["invalid_choice"], code="invalid_choice"
            )
        return giver


class SupportNeedForm(forms.ModelForm):
    class Meta:
        model = SupportNeed
        fields = ["kind", "text"]
        labels = {"kind": _("Ik heb … nodig"), "text": _("maak de zin af")}
        widgets = {"text": forms.TextInput(attrs={"placeholder": _("bijvoorbeeld: een weekplanning te maken")})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("— kies —")), *SupportNeed.Kind.choices]


class BaseSupportNeedFormSet(BaseInlineFormSet):
    """The support needs as rows of one table inside the trajectory's form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = table_helper(_("Behoefte"))


SupportNeedFormSet = forms.inlineformset_factory(
    Trajectory,
    SupportNeed,
    form=SupportNeedForm,
    formset=BaseSupportNeedFormSet,
    extra=3,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


# --- After a refused save ---------------------------------------------------------------------------------------


def needs_text(needs):
    """Support needs as the conflict message lists them, one a line."""
    return "\n".join(f"{need.get_kind_display()} {need.text}" for need in needs)


def posted_needs_text(needs):
    """The needs a bound formset would keep, as :func:`needs_text` lists them."""
    needs.is_valid()
    rows = []
    for row in needs.forms:
        cleaned = getattr(row, "cleaned_data", {}) or {}
        if cleaned.get("kind") and cleaned.get("text") and not cleaned.get("DELETE"):
            rows.append(SupportNeed(kind=cleaned["kind"], text=cleaned["text"]))
    return needs_text(rows)


def needs_after_conflict(data, stored_needs, prefix):
    """The posted needs again, with the rows of needs a colleague removed meanwhile turned into new rows: the
    user's text stays on the page, and saving again adds it back on purpose."""
    total, initial = (
        as_id(data.get(f"{prefix}-{name}"), 0, MAX_FORMS) or 0 for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    )
    rows = [
        {key[len(f"{prefix}-{index}-") :]: data.getlist(key) for key in data if key.startswith(f"{prefix}-{index}-")}
        for index in range(total)
    ]
    stored = {str(need.pk) for need in stored_needs}
    kept = [row for row in rows[:initial] if row.get("id", [""])[0] in stored]
    # A row the user meant to delete is gone already; any other row of a removed need comes back as a new one.
    gone = [
        {**row, "id": [""]}
        for row in rows[:initial]
        if row.get("id", [""])[0] not in stored and not row.get("DELETE", [""])[0]
    ]
    data = data.copy()
    for key in [key for key in data if key.startswith(f"{prefix}-")]:
        del data[key]
    rows = [*kept, *gone, *rows[initial:]]
    for index, row in enumerate(rows):
        for name, values in row.items():
            data.setlist(f"{prefix}-{index}-{name}", values)
    data[f"{prefix}-TOTAL_FORMS"], data[f"{prefix}-INITIAL_FORMS"] = str(len(rows)), str(len(kept))
    data[f"{prefix}-MIN_NUM_FORMS"], data[f"{prefix}-MAX_NUM_FORMS"] = "0", "1000"
    return data
