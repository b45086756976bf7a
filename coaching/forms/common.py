"""What the coaching forms share."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


def as_id(value, minimum=1, maximum=10**18):
    """A posted number read by a form field (never ``isdigit()``), or None when it is not one."""
    try:
        return forms.IntegerField(min_value=minimum, max_value=maximum).clean(value)
    except ValidationError:
        return None


class HiddenErrorsShown:
    """Errors of hidden fields (the version a page was loaded at) also shown above the form: crispy shows a
    field's errors next to the field, and a hidden field has no place to show them."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name, field in self.fields.items():
            if field.widget.is_hidden and name in self._errors:
                shown = self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
                shown.extend(error for error in self._errors[name] if error not in shown)
