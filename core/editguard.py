"""The one edit guard: nothing a user saves is silently lost.

Every record that two people (or two tabs) can change carries a ``version``
(:class:`Versioned`). A form sends back the version the user started from
(:class:`GuardedForm`); the service that saves claims it first, in the same
transaction, with one conditional UPDATE (:func:`claim`). When someone saved in
between, the claim raises :class:`Stale`, the transaction writes nothing, and
the view shows the user's input beside the stored values (:func:`refused`,
template ``includes/conflict.html``).

    # service
    @transaction.atomic
    def update_need(need, form, user):
        editguard.claim(need, form.cleaned_data["version"])
        history.save_form(form, user)

    # view
    try:
        services.update_need(need, form, request.user)
    except editguard.Stale:
        form, conflict = editguard.refused(NeedForm, fresh_need, request.POST)

Some writes set a state rather than replace a form ("done as of what I saw",
"move from the group I saw the pupil in"); they claim with :func:`claim_state`.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .display import EMPTY, plain
from .forms import as_id

# Largest version a form accepts: beyond a 32-bit integer the database would refuse the lookup.
MAX_VERSION = 2**31 - 1

MESSAGE = gettext_lazy(
    "Iemand anders heeft dit intussen gewijzigd. Jouw wijzigingen zijn nog niet opgeslagen: ze staan hieronder. "
    "Vergelijk ze met wat er nu staat en sla opnieuw op om ze te bewaren."
)
HEADING = gettext_lazy("Zo staat het er nu")


class Stale(Exception):
    """The record changed since the user loaded it; nothing was written."""

    def __init__(self, message=None):
        super().__init__(str(message or MESSAGE))
        self.message = message or MESSAGE


class Versioned(models.Model):
    """A record two people may edit at once: its version moves on with every guarded save."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def claim(obj, version):
    """Move ``obj`` from ``version`` to the next in one conditional UPDATE, or raise :class:`Stale`.

    Call it inside the service's transaction, before writing anything else, so a refused claim
    rolls the whole save back. ``obj.version`` follows, so a later ``obj.save()`` keeps the claim.
    """
    _in_transaction()
    if version is None or not claim_state(type(obj), obj.pk, expected={"version": version}, values={}):
        raise Stale
    obj.version = version + 1


def claim_state(model, pk, *, expected, values):
    """Change a record only while it is as the user saw it: one conditional UPDATE.

    ``claim_state(Action, pk, expected={"done": False}, values={"done": True})`` marks an action done
    only if it was still open. The version moves on as well. True when the row matched.
    """
    _in_transaction()
    rows = model._default_manager.filter(pk=pk, **expected)
    return bool(rows.update(**values, version=F("version") + 1))


def _in_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the edit guard claims inside the saving transaction")


class VersionField(forms.IntegerField):
    """The version the user started from, sent back with the form (hidden)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_VERSION)
        kwargs.setdefault("required", True)
        super().__init__(**kwargs)
        message = _("Laad de pagina opnieuw en probeer het nog eens.")
        for code in ("required", "invalid", "min_value", "max_value"):
            self.error_messages[code] = message


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


class GuardedForm(HiddenErrorsShown, forms.ModelForm):
    """A model form for a :class:`Versioned` record: carries the version the user started from."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored version is the field's initial value, also when posted: a row of a formset the user
        # left alone then has no changes, and is neither claimed nor saved.
        self.initial.setdefault("version", self.instance.version)
        if self.instance.pk is None:
            # A new record has nothing to guard yet.
            self.fields["version"].required = False


def stored_value(obj, name):
    """A field of the stored record as the conflict message shows it beside what the user typed."""
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return display()
    try:
        field = obj._meta.get_field(name)
    except Exception:  # a form field the model does not hold
        return getattr(obj, name, "–")
    if field.many_to_many:
        return ", ".join(str(item) for item in getattr(obj, name).all()) or EMPTY
    return plain(getattr(obj, name))


def refused(form_class, current, data, *, message=None, stored=None, **form_kwargs):
    """After a refused save: the user's input bound to the stored record's current version, and
    the conflict to show above it (``includes/conflict.html``).

    Saving once more, after comparing, deliberately replaces the colleague's change. ``stored``
    gives the shown value of fields the model does not hold as such, or overrides one.

    Returns ``(form, conflict)``; ``conflict`` is ``{"heading", "message", "fields": [(label, stored)]}``.
    """
    # Read the stored values first: validating the form writes the user's input into ``current``.
    names = [name for name in form_class.base_fields if name != "version"]
    stored = {**{name: stored_value(current, name) for name in names}, **(stored or {})}
    data = data.copy()
    data["version"] = current.version
    form = form_class(data, instance=current, **form_kwargs)
    form.is_valid()
    form.add_error(None, message or MESSAGE)
    # The rebound form's initial values are the stored ones: what differs is what to compare.
    changed = [(form[name].label, stored[name]) for name in form.changed_data if name in stored]
    return form, conflict(changed, message)


def rows_at_stored_versions(data, prefix, model):
    """After a refused save of a formset of :class:`Versioned` rows: a copy of the posted ``data`` in
    which each row carries its stored version (so saving once more, after comparing, is deliberate),
    and the stored rows a colleague changed since the user loaded them."""
    data = data.copy()
    rows = {}
    for key in list(data):
        if key.startswith(f"{prefix}-") and key.endswith("-id"):
            pk = as_id(data.get(key))
            if pk is not None:
                rows[key[: -len("-id")]] = pk
    stored = model._default_manager.in_bulk(list(rows.values()))
    changed = []
    for row, pk in rows.items():
        obj = stored.get(pk)
        if obj is not None:
            if data.get(f"{row}-version") != str(obj.version):
                changed.append(obj)
            data[f"{row}-version"] = obj.version
    return data, changed


def conflict(fields, message=None):
    """The context of ``includes/conflict.html``: [(label, stored value)] and what to tell the user."""
    return {"heading": HEADING, "message": message or MESSAGE, "fields": list(fields)}
