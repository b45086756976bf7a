"""Forms of the Bewaartermijnen page: a school's shorter term, a legal hold for one pupil, ending a hold."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import editguard
from core.forms import DATE_WIDGET, DateField

from ..models import LegalHold, SchoolTerm, too_long, too_short
from ..services.retention import add_months

# The longest a hold may run in one go: a hold is for a matter that is still open, not a way to keep for ever.
HOLD_YEARS = 10
REASON_LENGTH = 2000


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class SchoolTermForm(editguard.GuardedForm):
    """The school's own term for one kind of record: between what the law obliges and what it allows."""

    class Meta:
        model = SchoolTerm
        fields = ["months"]
        labels = {"months": _("Bewaartermijn in maanden")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        term = self.instance.term
        self.fields["months"] = forms.IntegerField(
            label=_("Bewaartermijn in maanden"),
            min_value=term.minimum_months,
            max_value=term.months,
            help_text=_("Hoogstens %(months)s maanden, de termijn die de wet of de sector aanhoudt.")
            % {"months": term.months},
            error_messages={
                "required": _("Vul het aantal maanden in."),
                "invalid": _("Vul een heel aantal maanden in, bijvoorbeeld 12."),
                "max_value": too_long(term),
                "min_value": too_short(term),
            },
        )
        self.helper = _helper(_("Termijn opslaan"))


class LegalHoldForm(forms.ModelForm):
    """Keep one pupil's data longer, until a date, for a reason that is written down."""

    until = DateField(label=_("Bewaren tot en met"), widget=DATE_WIDGET)

    class Meta:
        model = LegalHold
        fields = ["until", "reason"]
        labels = {"reason": _("Reden")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 4, "maxlength": REASON_LENGTH})}
        help_texts = {
            "reason": _(
                "Waarom moeten de gegevens langer blijven? Bijvoorbeeld een klacht, bezwaar of onderzoek dat nog "
                "loopt. Noem alleen wat nodig is."
            ),
        }
        error_messages = {"reason": {"required": _("Schrijf op waarom de termijn wordt verlengd.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].error_messages["required"] = _("Vul de datum in tot wanneer de gegevens blijven.")
        self.fields["reason"].max_length = REASON_LENGTH
        self.helper = _helper(_("Termijn verlengen"))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Schrijf op waarom de termijn wordt verlengd."))
        if len(reason) > REASON_LENGTH:
            message = _("Schrijf de reden in hoogstens %(length)s tekens.")
            raise forms.ValidationError(message % {"length": REASON_LENGTH})
        return reason

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(
                _("Kies een datum na vandaag: een verlenging loopt tot een dag in de toekomst.")
            )
        if until > add_months(today, 12 * HOLD_YEARS):
            raise forms.ValidationError(
                _("Kies een datum binnen %(years)s jaar. Loopt de zaak langer, verleng dan later opnieuw.")
                % {"years": HOLD_YEARS}
            )
        return until


class EndHoldForm(forms.Form):
    """The button that ends a hold, with the version of the hold the user saw."""

    version = editguard.VersionField()
