"""Audit events of the retention run, of a school's own terms and of legal holds."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import RecordKind


def _kind(code):
    try:
        return RecordKind(code).label
    except ValueError:
        return code


def _date(value):
    try:
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    except (TypeError, ValueError):
        return value or ""


def _run(data):
    count = data.get("count", 0)
    text = ngettext(
        "bewaartermijnen toegepast op %(on)s: %(count)s onderdeel verwijderd",
        "bewaartermijnen toegepast op %(on)s: %(count)s onderdelen verwijderd",
        count,
    ) % {"on": _date(data.get("on")), "count": count}
    kinds = data.get("kinds") or {}
    if kinds:
        text += " (" + ", ".join(f"{_kind(kind)}: {number}" for kind, number in kinds.items()) + ")"
    failed = data.get("failed", 0)
    if failed:
        text += "; " + ngettext("%(failed)s mislukt", "%(failed)s mislukt", failed) % {"failed": failed}
    return text


EVENTS = {
    "privacy.retention_run": _run,
    "privacy.retention_term_set": lambda data: (
        _("bewaartermijn van %(kind)s op %(months)s maanden gezet (wettelijk %(legal)s)")
        % {"kind": _kind(data.get("kind")), "months": data.get("months"), "legal": data.get("legal")}
    ),
    "privacy.legal_hold_placed": lambda data: (
        _("bewaartermijn verlengd tot en met %(until)s") % {"until": _date(data.get("until"))}
    ),
    "privacy.legal_hold_ended": lambda data: (
        _("verlengde bewaartermijn (tot en met %(until)s) beëindigd") % {"until": _date(data.get("until"))}
    ),
    "privacy.retention_viewed": _("bewaartermijnen en wat binnenkort vervalt bekeken"),
}
