"""The reports' part of the start page, for management (directie and bouwcoördinator): the progress
report's headline figures over her reach, computed by the report's own sections (end results against the
threshold, plans on schedule, care levels; about 15 queries whatever the size of the school), and what
waits for her: a draft half-year report to finalize, the year's weging and ambitions not yet set.
Registered in ReportsConfig.ready(); see schools/startpage.py."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import datacache
from core.sentences import compose
from schools import access
from schools.models import Role
from schools.startpage import Item, Section, Urgency

from . import sections, services
from .models import HalfYearReport, YearTarget
from .scope import Scope

HEADLINE_SECTIONS = ("end_results", "cycle", "care")


def _reporting_year(visit):
    """services.reporting_year, once per visit: the current year when there is one (already fetched)."""
    return visit.shared("reports.reporting_year", lambda: visit.current_year or services.reporting_year(visit.school))


def headline(visit):
    """A few key figures of the progress report, live, over the user's reach."""
    if visit.role != Role.MANAGEMENT:
        return None
    reach = access.report_reach(visit.user, visit.school)
    year = _reporting_year(visit)
    section = Section(
        "headline",
        _("Voortgangsrapportage in cijfers"),
        empty_text=_("Er zijn nog geen cijfers: de school heeft nog geen schooljaar dat begonnen is."),
        more_url=reverse("reports:dashboard"),
        more_text=_("De hele voortgangsrapportage"),
        order=5,
    )
    scope = Scope.build(visit.school, reach, school_year=year, today=visit.today) if reach and year else None
    if scope is None:
        return section
    url = reverse("reports:dashboard")
    # About 15 queries and half the management start page's time: kept until the next write (core.datacache).
    # The figures are counts and shares over the scope, with no pupil named.
    figures = datacache.get_or_compute(
        "reports.headline",
        (get_language(), scope.school_id, scope.year_id, scope.today, scope.low, scope.high, scope.group_ids),
        lambda: {key: sections.BY_KEY[key].compute(scope) for key in HEADLINE_SECTIONS},
    )
    end = figures["end_results"]
    average = (end.get("average") or {}) if end.get("applies") else {}
    years = average.get("years") or []
    for row in average.get("combined", []) if years else []:
        if row["share"] is None:
            continue
        text = compose(
            "reports/sentences/start_end_result.txt",
            indicator=row["indicator"],
            share=row["share"],
            first=years[0],
            last=years[-1],
            vs=row["vs_threshold"],
            threshold=row["threshold"],
        )
        urgency = Urgency.ATTENTION if row["vs_threshold"] == "below" else Urgency.INFO
        section.items.append(Item(text, url, None, urgency))
    totals = figures["cycle"]["totals"]
    on_schedule = totals["plans"] - totals["behind"]
    percent = round(100 * on_schedule / totals["plans"]) if totals["plans"] else 0
    section.items.append(
        Item(
            compose(
                "reports/sentences/start_on_schedule.txt",
                plans=totals["plans"],
                on_schedule=on_schedule,
                percent=percent,
            ),
            reverse("groupplans:plan_overview"),
            None,
            Urgency.SOON if totals["behind"] else Urgency.INFO,
        )
    )
    care = figures["care"]["totals"]
    levels = " · ".join(
        str(_("niveau %(level)s: %(count)s") % {"level": cell["level"], "count": cell["now"]})
        for cell in care["levels"]
    )
    section.items.append(
        Item(
            compose(
                "reports/sentences/start_care.txt",
                at_plan_level=care["at_plan_level"],
                pupils=care["pupils"],
                plan_level=figures["care"]["plan_level"],
            ),
            url,
            None,
            Urgency.INFO,
            note=levels,
        )
    )
    return section


def waiting(visit):
    """What waits for management: draft half-year reports, the year's targets, the latest final report.
    Three queries."""
    if visit.role != Role.MANAGEMENT:
        return None
    section = Section(
        "waiting",
        _("Wat op jou wacht"),
        empty_text=_("Er wacht niets op je: geen rapportage staat nog als concept klaar."),
        order=8,
    )
    reports = list(
        access.half_year_reports(visit.user, visit.school)
        .select_related("school_year")
        .order_by("-school_year__start_date", "-half", "bouw_low")
    )
    for report in reports:
        if not report.is_final:
            text = compose("reports/sentences/start_draft_report.txt", half=report.half, year=report.school_year.name)
            section.items.append(Item(text, report.get_absolute_url(), None, Urgency.SOON))
    year = _reporting_year(visit)
    if year is not None and access.can_set_targets(visit.user, visit.school):
        if not YearTarget.objects.filter(school_year=year).exists():
            text = compose("reports/sentences/start_targets.txt", year=year.name)
            section.items.append(Item(text, reverse("reports:targets"), None, Urgency.SOON))
    final = next((report for report in reports if report.status == HalfYearReport.Status.FINAL), None)
    if final is not None:
        day = formats.date_format(timezone.localtime(final.finalized_at), "j F Y") if final.finalized_at else ""
        text = compose(
            "reports/sentences/start_final_report.txt", half=final.half, year=final.school_year.name, date=day
        )
        section.items.append(Item(text, final.get_absolute_url(), None, Urgency.INFO))
    return section


PROVIDERS = [headline, waiting]
