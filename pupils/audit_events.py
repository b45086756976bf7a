"""The pupils app's audit events: a code with data, turned into text when the log is read (core.audit)."""

from django.utils.translation import gettext_lazy as _

from .models import ImportBatch

KIND_LABELS = dict(ImportBatch.Kind.choices)


def _kind(data):
    return KIND_LABELS.get(data.get("kind"), data.get("kind", ""))


def _counts(data):
    return _("%(rows)s regels: %(new)s nieuw, %(changed)s gewijzigd, %(unchanged)s ongewijzigd") % {
        key: data.get(key, 0) for key in ("rows", "new", "changed", "unchanged")
    }


EVENTS = {
    "pupils.pupil_list_viewed": _("leerlingenlijst bekeken"),
    "pupils.picker_searched": _("leerlingen gezocht om te kiezen (%(count)s gevonden)"),
    "pupils.group_overview_viewed": _("groepsoverzicht bekeken"),
    "pupils.history_viewed": _("wijzigingen in het dossier bekeken"),
    "pupils.dossier_pdf": _("dossier als PDF geëxporteerd"),
    "pupils.dossier_json": _("dossier als JSON geëxporteerd"),
    "pupils.import_uploaded": lambda data: (
        _("%(kind)s geüpload: %(file)s, %(rows)s regels")
        % {"kind": _kind(data), "file": data.get("file", ""), "rows": data.get("rows", 0)}
    ),
    "pupils.import_applied": lambda data: (
        _("%(kind)s ingelezen: %(file)s, %(counts)s")
        % {"kind": _kind(data), "file": data.get("file", ""), "counts": _counts(data)}
    ),
    "pupils.import_cancelled": lambda data: (
        _("import van %(kind)s geannuleerd: %(file)s") % {"kind": _kind(data), "file": data.get("file", "")}
    ),
}
