"""Confirming an erasure: why (for the audit log), and for a whole pupil her name typed out, so that a
pupil is never erased by a click on the wrong row."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

REASON_MAX = 500


def _same_name(typed, name):
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


class ReasonForm(forms.Form):
    submit_label = _("Definitief wissen")
    reason = forms.CharField(
        label=_("Reden"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: op verzoek van de ouders van 12 maart. De reden komt in het auditlog."),
        error_messages={
            "required": _("Schrijf op waarom je wist, bijvoorbeeld: op verzoek van de ouders."),
            "max_length": _("Schrijf de reden in hoogstens %(limit_value)d tekens."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-danger"))


class EraseRecordForm(ReasonForm):
    """The record's id travels with the form: a form left open on one record never erases another."""

    record = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, record, *args, **kwargs):
        self.record = record
        super().__init__(*args, **kwargs)
        self.initial["record"] = record.pk

    def clean_record(self):
        if self.cleaned_data["record"] != self.record.pk:
            raise forms.ValidationError(_("Dit formulier hoort bij een ander gegeven. Laad de pagina opnieuw."))
        return self.record.pk


WRONG_NAME = _("Dat is niet de naam van deze leerling. Typ de volledige naam zoals hij boven aan de pagina staat.")


class ErasePupilForm(ReasonForm):
    submit_label = _("Leerling definitief wissen")
    field_order = ["name", "reason"]
    name = forms.CharField(
        label=_("Typ ter bevestiging de naam van de leerling"),
        max_length=250,
        error_messages={
            "required": _("Typ de naam van de leerling om te bevestigen dat je haar of hem wilt wissen."),
            "max_length": WRONG_NAME,
        },
    )

    def __init__(self, pupil, *args, **kwargs):
        self.pupil = pupil
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_name(self):
        typed = self.cleaned_data["name"]
        if not _same_name(typed, self.pupil.full_name):
            raise forms.ValidationError(WRONG_NAME, code="wrong_name")
        return typed
