"""The reports app's audit events: a code with data, turned into text when the log is read (core.audit)."""

from django.utils.translation import gettext_lazy as _


def _report(data):
    return {"report": data.get("report", "")}


EVENTS = {
    "reports.dashboard_viewed": _("voortgangsrapportage bekeken"),
    "reports.report_viewed": lambda data: (
        _("halfjaarrapportage %(report)s bekeken") % {"report": data.get("report", "")}
    ),
    "reports.report_started": lambda data: (
        _("halfjaarrapportage %(report)s begonnen") % {"report": data.get("report", "")}
    ),
    "reports.text_saved": lambda data: (
        _("analyse bij %(section)s in halfjaarrapportage %(report)s opgeslagen")
        % {"section": data.get("section", ""), "report": data.get("report", "")}
    ),
    "reports.report_finalized": lambda data: (
        _("halfjaarrapportage %(report)s afgerond") % {"report": data.get("report", "")}
    ),
    "reports.report_pdf": lambda data: (
        _("halfjaarrapportage %(report)s als PDF geëxporteerd") % {"report": data.get("report", "")}
    ),
    "reports.targets_saved": lambda data: (
        _("schoolweging en ambities voor %(year)s opgeslagen") % {"year": data.get("year", "")}
    ),
}
