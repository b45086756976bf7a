"""Widgets that look and behave the same whatever the browser's language, and a search picker.

Dates and times are plain text fields written the Dutch way (``25-01-2027``, ``13:30``): the browser's own
``<input type=date>`` follows the browser's locale (``01/25/2027``, ``01:30 PM``), which a Dutch school
laptop set to English would show. The fields accept the usual ways of writing a date (``25-1-2027``,
``25/01/2027``, ``25.01.2027``, ``25012027``) and ISO (``2027-01-25``), and show a value as ``dd-mm-jjjj``.

The picker (:class:`SearchSelectMultiple`) is an ordinary ``<select multiple>`` with one ``<optgroup>`` per
group of choices, which works without JavaScript; ``static/js/picker.js`` turns it into a search box
(tom-select) that asks the URL given to the widget for matches as the user types.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

# How a date is shown in a field, and the ways of writing it that are accepted (first match wins).
DATE_FORMAT = "%d-%m-%Y"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d%m%Y"]
TIME_FORMAT = "%H:%M"
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%H%M"]

DATE_ERROR = _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 25-01-2027.")
TIME_ERROR = _("Vul een tijd in als uu:mm, bijvoorbeeld 13:30.")


def parse(text, input_formats, kind):
    """``text`` read with the first of ``input_formats`` that fits, as a date or time; None when none fits."""
    text = (text or "").strip()
    for input_format in input_formats:
        try:
            parsed = datetime.datetime.strptime(text, input_format)
        except ValueError:
            continue
        return parsed.date() if kind == "date" else parsed.time()
    return None


class DateInput(forms.DateInput):
    """A date as text, ``dd-mm-jjjj``. What is posted is passed on as ISO when it can be read, so any date
    field behind this widget accepts the Dutch ways of writing a date, whatever the active language."""

    input_type = "text"
    kind = "date"
    input_formats = DATE_INPUT_FORMATS
    iso_format = "%Y-%m-%d"
    default_attrs = {
        "placeholder": _("dd-mm-jjjj"),
        "inputmode": "numeric",
        "autocomplete": "off",
        "maxlength": "10",
    }

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs={**self.default_attrs, **(attrs or {})}, format=format or DATE_FORMAT)

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if not isinstance(value, str):
            return value
        parsed = parse(value, self.input_formats, self.kind)
        return parsed.strftime(self.iso_format) if parsed is not None else value.strip()

    def format_value(self, value):
        # A posted value comes back as ISO (value_from_datadict): shown again the way the user writes it.
        if isinstance(value, str):
            parsed = parse(value, [self.iso_format, *self.input_formats], self.kind)
            if parsed is not None:
                return parsed.strftime(self.format)
        return super().format_value(value)


class TimeInput(DateInput):
    """A time as text on the 24-hour clock, ``uu:mm``."""

    kind = "time"
    input_formats = TIME_INPUT_FORMATS
    iso_format = "%H:%M:%S"
    format_key = "TIME_INPUT_FORMATS"
    default_attrs = {
        "placeholder": _("uu:mm"),
        "inputmode": "numeric",
        "autocomplete": "off",
        "maxlength": "8",
    }

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or TIME_FORMAT)


class DateField(forms.DateField):
    """A date written the Dutch way, with a Dutch explanation when it cannot be read."""

    widget = DateInput
    input_formats = ["%Y-%m-%d", *DATE_INPUT_FORMATS]
    default_error_messages = {"invalid": DATE_ERROR}


class TimeField(forms.TimeField):
    """A time on the 24-hour clock, with a Dutch explanation when it cannot be read."""

    widget = TimeInput
    input_formats = ["%H:%M:%S", *TIME_INPUT_FORMATS]
    default_error_messages = {"invalid": TIME_ERROR}


class SearchSelectMultiple(forms.SelectMultiple):
    """Choose several records by searching, each shown with what tells them apart (a group, a team).

    Without JavaScript it is the select itself, its options in optgroups. ``search_url`` answers
    ``?q=`` with JSON ``{"results": [{"value", "text", "optgroup"}]}``; ``texts`` holds the picker's
    own words (placeholder, no results) in the page's language."""

    def __init__(self, attrs=None, search_url="", texts=None):
        super().__init__(attrs)
        self.search_url = search_url
        self.texts = texts or {}

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-picker"] = "search"
        attrs["data-picker-url"] = str(self.search_url)
        attrs.setdefault("size", 10)
        texts = {
            "placeholder": _("Typ een naam om te zoeken"),
            "empty": _("Niets gevonden"),
            "remove": _("Weghalen"),
            **self.texts,
        }
        for key, text in texts.items():
            attrs[f"data-picker-{key}"] = str(text)
        return attrs


class GroupedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model field's choices in optgroups: ``field.group_of(obj)`` names each object's group."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for obj in self.queryset:
            groups.setdefault(self.field.group_of(obj), []).append(self.choice(obj))
        yield from groups.items()

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)
