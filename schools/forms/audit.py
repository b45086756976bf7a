"""Filters of the school's audit log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET


class AuditFilterForm(forms.Form):
    # As long as what an entry stores (user_repr 150, object_repr 255): a longer filter finds nothing anyway.
    user = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    object = forms.CharField(
        label=_("Waarover"),
        required=False,
        max_length=255,
        help_text=_("Een deel van de naam, bijvoorbeeld van een leerling, groep of gesprek."),
    )
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("De einddatum ligt vóór de begindatum."))
        return cleaned

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("user"):
            entries = entries.filter(user_repr__icontains=data["user"])
        if data.get("object"):
            entries = entries.filter(object_repr__icontains=data["object"])
        if data.get("date_from"):
            entries = entries.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(at__date__lte=data["date_to"])
        return entries
