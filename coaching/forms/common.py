"""What the coaching forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def not_in_the_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("Deze datum ligt in de toekomst."))


def bootstrap(form):
    """Bootstrap classes for forms laid out by hand in a table row (not through crispy)."""
    for field in form.fields.values():
        if not field.widget.is_hidden:
            is_choice = isinstance(field, forms.ChoiceField)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_choice else "form-control form-control-sm"


class StartsToday:
    """A new record starts on today's date (the instance's empty date would win over a field initial)."""

    def start_today(self):
        if self.instance.pk is None and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()
