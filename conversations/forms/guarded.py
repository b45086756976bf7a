"""Form helpers of the edit guard (a row that may stay untouched, the conflict of a page of rows)
and bounds for number fields."""

from django.core.validators import MaxValueValidator, MinValueValidator

from core import editguard
from core.editguard import GuardedForm


def bounded(field, low, high):
    """Bound a number field of a model form to what the record allows, before anything computes with
    it (a 23-digit number of minutes is a form error, never an overflow)."""
    field.min_value, field.max_value = low, high
    field.validators += [MinValueValidator(low), MaxValueValidator(high)]
    field.widget.attrs.update(min=low, max=high)


class RowForm(GuardedForm):
    """A :class:`core.editguard.GuardedForm` as a row of a formset: a new row (an empty one under the
    others) has nothing to guard and carries no version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]


def with_current_versions(data, prefix, model):
    """A copy of posted formset ``data`` whose row versions are the stored ones now: the user's input
    bound again after a refused save, so that saving once more (after comparing) is deliberate."""
    if not any(field.name == "version" for field in model._meta.concrete_fields):
        return data.copy()
    return editguard.rows_at_stored_versions(data, prefix, model)[0]


def rows_conflict(parts, message=None):
    """The conflict box (core.editguard.conflict) for a page of several forms and formsets bound again
    to the stored rows: [(row – field, stored value)] for each field where the user's input differs
    from what is stored now. Validates the parts (their errors show on the page)."""
    rows = []
    for part in parts:
        if part is None:
            continue
        forms = part.initial_forms if hasattr(part, "initial_forms") else [part]
        for form in forms:
            label = str(form.instance) if hasattr(part, "initial_forms") else ""
            names = [name for name in form._meta.fields if name in form.fields]
            # Read before validating: validation writes the user's input into the instance.
            rows.append((form, label, {name: editguard.stored_value(form.instance, name) for name in names}))
    for part in parts:
        if part is not None:
            part.is_valid()
    fields = []
    for form, label, stored in rows:
        for name in form.changed_data:
            if name in stored:
                field_label = form[name].label
                fields.append((f"{label} – {field_label}" if label else field_label, stored[name]))
    return editguard.conflict(fields, message)
