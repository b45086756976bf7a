"""The progress report's pages. Thin: the reach comes from the access policy, the figures from
``reports.sections``, every write from ``reports.services``.

- ``dashboard``: the live report of the current school year over everything the user may see.
- ``report_*``: the half-yearly reports: a draft shows live figures, a finalized one its stored figures.
- ``targets``: the school's weging and ambitions per school year.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, editguard, pdf
from core.forms import as_id, posted
from schools import access
from schools.models import SchoolYear

from . import sections, services
from .forms import FinalizeForm, ReportTextForm, StartReportForm, YearTargetForm
from .models import Half, ReportText, YearTarget
from .scope import Scope

YEAR_PARAM = "jaar"


def _reach(request):
    reach = access.report_reach(request.user, request.school) if request.school else None
    if reach is None:
        raise Http404
    return reach


def _chosen_year(request):
    """The school year asked for with ``?jaar=``, else None (the current one). Unknown ids are a 404."""
    raw = request.GET.get(YEAR_PARAM)
    if raw in (None, ""):
        return None
    pk = as_id(raw)
    if pk is None:
        raise Http404
    return get_object_or_404(SchoolYear, pk=pk, school=request.school)


def blocks(scope, figures, texts=None):
    """What the page and the PDF show per section: its title, figures, charts and (for a report) texts."""
    shown = []
    for section in sections.for_scope(scope):
        if section.key not in figures:
            continue
        data = figures[section.key]
        shown.append(
            {
                "section": section,
                "data": data,
                "charts": section.charts(data),
                "text": (texts or {}).get(section.key),
            }
        )
    return shown


@login_required
def dashboard(request):
    reach = _reach(request)
    scope = Scope.build(request.school, reach, school_year=_chosen_year(request), today=timezone.localdate())
    if scope is None:  # a new school: nothing to report on until beheer adds its first school year
        return render(request, "reports/no_years.html")
    figures = sections.compute_all(scope)
    audit.record(request, audit.AuditAction.VIEW, event="reports.dashboard_viewed")
    reports = access.half_year_reports(request.user, request.school).select_related("school_year", "finalized_by")
    context = {
        "scope": scope,
        # Every year of the school to choose from (the scope holds only those up to the chosen one).
        "year_choices": SchoolYear.objects.filter(school=request.school).order_by("-start_date"),
        "year_param": YEAR_PARAM,
        "blocks": blocks(scope, figures),
        "reports": list(reports),
        "start_form": StartReportForm(initial={"half": _half_now()}) if reach.school_wide else None,
        "can_set_targets": access.can_set_targets(request.user, request.school),
    }
    return render(request, "reports/dashboard.html", context)


def _half_now(today=None):
    today = today or timezone.localdate()
    return Half.SECOND if 2 <= today.month <= 7 else Half.FIRST


def _report(request, pk):
    return get_object_or_404(
        access.half_year_reports(request.user, request.school).select_related(
            "school", "school_year", "finalized_by", "created_by"
        ),
        pk=pk,
    )


def _texts(report):
    return {text.section: text for text in report.texts.select_related("updated_by")}


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    scope, figures = services.figures_of(report)
    audit.record(request, audit.AuditAction.VIEW, report, event="reports.report_viewed", data={"report": str(report)})
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "scope": scope,
            "blocks": blocks(scope, figures, _texts(report)),
            "finalize_form": FinalizeForm(initial={"version": report.version}),
        },
    )


@login_required
@require_POST
def report_start(request):
    reach = _reach(request)
    year = services.reporting_year(request.school)
    form = StartReportForm(request.POST)
    if not reach.school_wide or year is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Kies het halfjaar van de rapportage."))
        return redirect("reports:dashboard")
    report, created = services.start_report(request.school, year, form.cleaned_data["half"], reach, request.user)
    if created:
        audit.record(
            request, audit.AuditAction.CREATE, report, event="reports.report_started", data={"report": str(report)}
        )
        messages.success(request, _("De halfjaarrapportage is begonnen. Schrijf bij elk onderdeel jullie analyse."))
    else:
        messages.info(request, _("Deze halfjaarrapportage bestond al; je ziet hem hieronder."))
    return redirect("reports:report_detail", report.pk)


@login_required
def report_text(request, pk, section):
    report = _report(request, pk)
    chosen = sections.BY_KEY.get(section)
    if chosen is None:
        raise Http404
    if report.is_final:
        messages.info(request, _("Deze rapportage is afgerond: de teksten staan vast."))
        return redirect("reports:report_detail", report.pk)
    text = get_object_or_404(ReportText, report=report, section=section)
    form = ReportTextForm(posted(request), instance=text)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_text(form, request.user)
        except services.Finalized:
            messages.warning(
                request,
                _(
                    "Een collega heeft de rapportage intussen afgerond. Je tekst is niet opgeslagen: "
                    "hij staat hieronder."
                ),
            )
            form, conflict = editguard.refused(ReportTextForm, ReportText.objects.get(pk=text.pk), request.POST)
        except editguard.Stale:
            form, conflict = editguard.refused(ReportTextForm, ReportText.objects.get(pk=text.pk), request.POST)
        else:
            audit.record(
                request,
                audit.AuditAction.CHANGE,
                report,
                event="reports.text_saved",
                data={"report": str(report), "section": str(chosen.title)},
            )
            messages.success(request, _("De analyse is opgeslagen."))
            return redirect(f"{report.get_absolute_url()}#{section}")
    scope = services.scope_of(report, today=timezone.localdate())
    data = chosen.compute(scope)
    return render(
        request,
        "reports/report_text.html",
        {
            "report": report,
            "part": {"section": chosen, "data": data, "charts": chosen.charts(data)},
            "scope": scope,
            "form": form,
            "conflict": conflict,
        },
    )


@login_required
@require_POST
def report_finalize(request, pk):
    report = _report(request, pk)
    form = FinalizeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Laad de pagina opnieuw en probeer het nog eens."))
        return redirect("reports:report_detail", report.pk)
    try:
        services.finalize(report, form.cleaned_data["version"], request.user)
    except editguard.Stale:
        messages.warning(
            request,
            _(
                "Een collega heeft de rapportage intussen gewijzigd of afgerond. Lees hem nog eens na en rond "
                "hem dan opnieuw af."
            ),
        )
        return redirect("reports:report_detail", report.pk)
    audit.record(
        request, audit.AuditAction.CHANGE, report, event="reports.report_finalized", data={"report": str(report)}
    )
    messages.success(request, _("De rapportage is afgerond. Cijfers en teksten staan nu vast."))
    return redirect("reports:report_detail", report.pk)


@login_required
def report_pdf(request, pk):
    report = _report(request, pk)
    scope, figures = services.figures_of(report)
    document = pdf.render_pdf(
        "reports/report_pdf.html",
        {"report": report, "scope": scope, "blocks": blocks(scope, figures, _texts(report))},
        request=request,
    )
    audit.record(request, audit.AuditAction.EXPORT, report, event="reports.report_pdf", data={"report": str(report)})
    name = "-".join(slugify(part) for part in ("halfjaarrapportage", report.school.name, report.school_year.name))
    return pdf.pdf_response(document, f"{name}-{report.half}.pdf")


@login_required
def targets(request):
    if not access.can_set_targets(request.user, request.school):
        raise Http404
    year = _chosen_year(request) or request.school.current_year()
    if year is None:
        raise Http404
    instance = YearTarget.objects.filter(school_year=year).first()
    form = YearTargetForm(posted(request), instance=instance or YearTarget(school_year=year))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.set_targets(form, request.user)
        except editguard.Stale:
            form, conflict = editguard.refused(YearTargetForm, YearTarget.objects.get(school_year=year), request.POST)
        else:
            audit.record(
                request, audit.AuditAction.CHANGE, year, event="reports.targets_saved", data={"year": year.name}
            )
            messages.success(request, _("De schoolweging en ambities zijn opgeslagen."))
            return redirect(f"{request.path}?{YEAR_PARAM}={year.pk}")
    years = SchoolYear.objects.filter(school=request.school).select_related("report_target").order_by("-start_date")
    return render(
        request,
        "reports/targets.html",
        {"form": form, "conflict": conflict, "year": year, "years": years, "year_param": YEAR_PARAM},
    )
