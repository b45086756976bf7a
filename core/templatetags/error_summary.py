"""The error summary at the top of a page whose form was refused (``{% error_summary %}`` in base.html).

It reads every bound form and formset of the page's context, so every form page has it without asking for
it: a heading that counts the fields to correct, and a list whose items link to those fields (formset rows
by their row, "Actie 2: eigenaar") and hold the errors of the form as a whole. static/js/error-summary.js
gives it the focus when the page loads. docs/accessibility-forms.md
"""

from dataclasses import dataclass

from django import forms, template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .form_labels import lowerfirst

register = template.Library()


@dataclass
class Problem:
    text: str
    target: str = ""  # the id of the field to go to; "" for an error of the form as a whole


def _forms_in(value):
    """The forms and formsets a context value holds (itself, or inside a list or tuple of rows)."""
    if isinstance(value, (forms.BaseForm, forms.BaseFormSet)):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _forms_in(item) if isinstance(item, (list, tuple, forms.BaseForm, forms.BaseFormSet)) else ()


def _form_problems(form, row_label=""):
    problems = [Problem(f"{row_label}: {error}" if row_label else error) for error in form.non_field_errors()]
    fields = 0
    for name in form.errors:
        if name not in form.fields:
            continue
        field = form[name]
        fields += 1
        label = lowerfirst(field.label) if row_label else str(field.label)
        label = f"{row_label}: {label}" if row_label else label
        # A group of radios or checkboxes has no one field to go to: its first option.
        target = "" if field.is_hidden else field.id_for_label or (f"{field.auto_id}_0" if field.use_fieldset else "")
        problems += [Problem(f"{label}: {error}" if label else error, target) for error in field.errors]
    return problems, fields


def _formset_problems(formset):
    problems = [Problem(error) for error in formset.non_form_errors()]
    fields = 0
    # A row is named as its label names it: the formset's row_noun, or its table helper's (core.forms.table_helper).
    helper = getattr(formset, "helper", None)
    noun = getattr(formset, "row_noun", None) or getattr(helper, "row_noun", None) or _("Regel")
    for number, form in enumerate(formset.forms, start=1):
        # Translators: a row of a table of fields, such as "Actie 2".
        row_problems, row_fields = _form_problems(form, _("%(noun)s %(number)s") % {"noun": noun, "number": number})
        problems += row_problems
        fields += row_fields
    return problems, fields


def page_problems(context):
    """The problems of every refused form of the page, and how many fields they are about."""
    problems, fields, seen = [], 0, set()
    request = context.get("request")
    if request is None or request.method != "POST":
        # Only a refused submission: a filter form bound to the query string ignores a bad value instead.
        return problems, fields
    for value in context.flatten().values():
        for form in _forms_in(value):
            if id(form) in seen or not form.is_bound:
                continue
            seen.add(id(form))
            if isinstance(form, forms.BaseFormSet):
                seen.update(id(row) for row in form.forms)
                found, count = _formset_problems(form) if not form.is_valid() else ([], 0)
            else:
                found, count = _form_problems(form) if form.errors else ([], 0)
            problems += found
            fields += count
    return problems, fields


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context):
    problems, fields = page_problems(context)
    if fields:
        count = ngettext("%(count)s veld is niet goed ingevuld", "%(count)s velden zijn niet goed ingevuld", fields) % {
            "count": fields
        }
        heading = _("Controleer dit formulier: %(count)s") % {"count": count}
    else:
        heading = _("Controleer dit formulier")
    return {"problems": problems, "heading": heading}
