"""Edit matrix rows of reports (see harness.py)."""

from decimal import Decimal

from django.db.models import F
from django.urls import reverse

from reports import services
from reports.models import HalfYearReport, ReportText, YearTarget
from schools.access import ReportReach

from .harness import Edit, text_edit


def _report(world):
    report, _created = services.start_report(
        world.school, world.school.current_year(), 1, ReportReach(), world.user("management")
    )
    return report


def _text(world):
    return ReportText.objects.get(report=_report(world), section="care")


def _target(world):
    return YearTarget.objects.create(school_year=world.school.current_year(), schoolweging=Decimal("33.4"))


def _colleague_writes_a_text(world, report):
    # A colleague saves an analysis in another tab: the report moves on, so finalizing what the
    # user read would freeze a text she has not seen.
    ReportText.objects.filter(report=report, section="care").update(analysis="analyse van de collega")
    HalfYearReport.objects.filter(pk=report.pk).update(version=F("version") + 1)


ROWS = {
    "reports:report_text": text_edit(
        role="management",
        record=_text,
        field="analysis",
        typed="mijn analyse van de zorg",
        stored="analyse van de collega",
        url_kwargs=lambda world, text: {"pk": text.report_id, "section": text.section},
    ),
    "reports:targets": Edit(
        role="management",
        record=_target,
        changes=lambda world, target: {"schoolweging": "35,1"},
        colleague=lambda world, target: YearTarget.objects.filter(pk=target.pk).update(
            schoolweging=Decimal("31.2"), version=F("version") + 1
        ),
        value=lambda target: YearTarget.objects.values_list("schoolweging", flat=True).get(pk=target.pk),
        # The conflict box shows the stored weging as people write it: with a comma.
        shown=lambda world, target: ("35,1", "31,2"),
        url_kwargs=lambda world, target: {},
    ),
    "reports:report_finalize": Edit(
        role="management",
        record=_report,
        changes=lambda world, report: {},
        colleague=_colleague_writes_a_text,
        value=lambda report: HalfYearReport.objects.values_list("status", "figures").get(pk=report.pk),
        shown=lambda world, report: ("Halfjaarrapportage", "Een collega heeft de rapportage intussen gewijzigd"),
        page=lambda world, report: reverse("reports:report_detail", args=[report.pk]),
        status=302,
    ),
}

NOT_EDITS = {
    "reports:dashboard": "leest alleen",
    "reports:report_start": "maakt een nieuw record (een tweede keer geeft het bestaande)",
    "reports:report_detail": "leest alleen",
    "reports:report_pdf": "leest alleen (pdf)",
}
