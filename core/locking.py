"""Optimistic locking for records two people may edit at once (group plans,
action plans, coaching trajectories): each has a ``version`` field; a save
claims the version the user started from, and a stale save writes nothing."""

import datetime

from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def claim(model, pk, version):
    """Move the record from ``version`` to the next in one conditional UPDATE.
    True when it was still at ``version``; False when someone saved in between."""
    return bool(model._default_manager.filter(pk=pk, version=version).update(version=F("version") + 1))


def stored_value(obj, name):
    """A field of the stored record as the conflict message shows it beside what the user typed."""
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return display()
    if obj._meta.get_field(name).many_to_many:
        return ", ".join(str(item) for item in getattr(obj, name).all()) or "–"
    value = getattr(obj, name)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.date):
        return date_format(value, "d-m-Y")
    return value if value not in (None, "") else "–"


def rebind_after_conflict(form_class, current, data, message, *, stored=None, **form_kwargs):
    """After a refused save: the user's input bound to the stored record's current version
    (so saving once more, after comparing, deliberately replaces the colleague's change),
    with ``message`` as its error, and [(label, stored value)] for every field that differs.

    ``stored`` gives the shown value of fields the model does not hold as such (a date and a time
    typed apart, a list of codes), or overrides one."""
    # Read the stored values first: validating the form writes the user's input into ``current``.
    stored = {**{name: stored_value(current, name) for name in form_class._meta.fields}, **(stored or {})}
    data = data.copy()
    data["version"] = current.version
    form = form_class(data, instance=current, **form_kwargs)
    form.is_valid()
    form.add_error(None, message)
    # The rebound form's initial values are the stored ones: what differs is what to compare.
    changed = [(form[name].label, stored[name]) for name in form.changed_data if name in stored]
    return form, changed
