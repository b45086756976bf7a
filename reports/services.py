"""Every write of the reports app: starting a half-yearly report, writing its texts, finalizing it, and
the school's weging and ambitions. Each runs in one transaction, through the edit guard and the history."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import editguard, history
from schools.access import ReportReach

from . import sections
from .models import HalfYearReport, ReportText
from .scope import Scope


class Finalized(editguard.Stale):
    """The report was finalized (by a colleague, or in another tab): its texts and figures no longer change."""


def scope_of(report, today=None):
    """The scope a report's figures are computed over: its school, its school year and its year levels."""
    reach = ReportReach(low=report.bouw_low, high=report.bouw_high)
    return Scope.build(report.school, reach, school_year=report.school_year, today=today)


def figures_of(report):
    """The scope and the figures a report shows: a finalized report's stored figures, on the day it was
    finalized (never computed again); a draft's computed now."""
    if report.is_final:
        today = datetime.date.fromisoformat(report.figures["scope"]["today"])
        return scope_of(report, today=today), report.figures["sections"]
    scope = scope_of(report, today=timezone.localdate())
    return scope, sections.compute_all(scope)


def reporting_year(school):
    """The school year a new report is about: the current one, or in the summer holiday (between two school
    years) the one that just ended; None before the school's first year has begun."""
    today = timezone.localdate()
    return school.current_year() or school.school_years.filter(start_date__lte=today).order_by("-start_date").first()


@transaction.atomic
def start_report(school, school_year, half, reach, user):
    """A draft report of ``school_year``'s ``half`` for the year levels of ``reach``, with an empty text per
    section. When a colleague started the same report first, hers is returned (nothing is doubled)."""
    existing = HalfYearReport.objects.filter(
        school=school, school_year=school_year, half=half, bouw_low=reach.low, bouw_high=reach.high
    ).first()
    if existing is not None:
        return existing, False
    report = HalfYearReport(
        school=school, school_year=school_year, half=half, bouw_low=reach.low, bouw_high=reach.high, created_by=user
    )
    try:
        with transaction.atomic():
            history.save(report, user)
    except IntegrityError:  # started by a colleague at the same moment
        return HalfYearReport.objects.get(
            school=school, school_year=school_year, half=half, bouw_low=reach.low, bouw_high=reach.high
        ), False
    history.bulk_create([ReportText(report=report, section=section.key) for section in sections.SECTIONS], user)
    return report, True


def _refuse_when_final(report_pk):
    # Read inside the transaction, after the claim: a finalize that committed first is seen here.
    if HalfYearReport.objects.filter(pk=report_pk, status=HalfYearReport.Status.FINAL).exists():
        raise Finalized


@transaction.atomic
def save_text(form, user):
    """Save the analysis and interventions of one section, as of the version the user started from.
    Finalized (a Stale) when the report was finalized in the meantime: its texts are frozen."""
    text = form.instance
    # Claim the report's row too, so a finalize running at the same moment waits for this save or refuses it.
    if not editguard.claim_state(
        HalfYearReport, text.report_id, expected={"status": HalfYearReport.Status.DRAFT}, values={}
    ):
        raise Finalized
    text.updated_by = user
    return history.save_form(form, user, version=form.cleaned_data["version"])


@transaction.atomic
def finalize(report, version, user, today=None):
    """Freeze the report as it is today: its figures are computed once more and stored with the scope they
    cover, the texts can no longer change, and who finalized it and when is kept. Stale when someone
    changed the report (or finalized it) since the user loaded the page."""
    editguard.claim(report, version)
    _refuse_when_final(report.pk)
    scope = scope_of(report, today=today)
    report.figures = {"scope": scope.as_dict(), "sections": sections.compute_all(scope)}
    report.status = HalfYearReport.Status.FINAL
    report.finalized_by = user
    report.finalized_at = timezone.now()
    return history.save(report, user)


def set_targets(form, user):
    """Save a school year's weging and ambitions. The form holds the version the user started from: 0 when
    nothing was entered yet for the year. Stale when a colleague saved (or first created) them in between."""
    form.instance.updated_by = user
    try:
        with transaction.atomic():
            if form.instance.pk is None:
                return history.save_form(form, user)
            return history.save_form(form, user, version=form.cleaned_data["version"])
    except IntegrityError:
        raise editguard.Stale from None
