"""PDF exports of group plans, their week schedule and individual action plans.

All through ``core.pdf`` (the static-files fetcher, the vendored font) with the
small print stylesheets ``css/pdf.css`` and, for group plans, ``css/pdf-landscape.css``.
A plan's PDF and "all plans" come from one template over a list of plans, so a
batch is one render (fonts subset once). Objects come through ``schools.access``:
out of scope is a 404. Every export writes an audit entry.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit, pdf
from schools import access

from ..forms import ChosenGroupForm
from ..models import Goal, InstructionGroup, Placement
from ..progress import current_plans, progress
from ..schedule import week_schedule
from .overview import readable_plans, require_plan_reader

GROUP_PARAM = "groep"


def with_document_data(qs):
    """``qs`` of group plans with everything their PDF shows, in a fixed number of queries."""
    placements = Placement.objects.select_related("pupil").order_by("pupil__surname", "pupil__first_name", "pupil_id")
    goals = Goal.objects.select_related("instrument", "target_level").order_by("date", "id")
    instruction_groups = InstructionGroup.objects.order_by("order", "id").prefetch_related(
        Prefetch("placements", queryset=placements), Prefetch("goals", queryset=goals)
    )
    # The previous plan's evaluations are the input of this one: the PDF shows them under "waarnemen",
    # as the observe page does.
    previous_groups = InstructionGroup.objects.order_by("order", "id").prefetch_related(
        Prefetch("goals", queryset=goals)
    )
    return qs.select_related(
        "group__school_year__school",
        "period",
        "subject",
        "updated_by",
        "previous__group",
        "previous__period",
        "previous__subject",
    ).prefetch_related(
        "group__teachers",
        Prefetch("instruction_groups", queryset=instruction_groups),
        Prefetch("previous__instruction_groups", queryset=previous_groups),
    )


def _cell_text(cell):
    if not isinstance(cell, dict):
        return "–" if cell is None else str(cell)
    return str(cell.get("level") or cell.get("score") or cell.get("label") or "–")


def observe_summary(snapshot):
    """The group overview frozen when observing closed (``services.freeze_overview``), for print:
    ``{"columns": [subject names], "pupils": [(name, [level per column])], "counts": [(subject, [(level, n)],
    below_norm, with_level, without_level)]}``, or None when there is no snapshot yet."""
    if not isinstance(snapshot, dict) or not snapshot.get("rows") and not snapshot.get("summaries"):
        return None
    columns = [str(column.get("name", "")) for column in snapshot.get("columns") or [] if isinstance(column, dict)]
    pupils = [
        (str(row.get("name", "")), [_cell_text(cell) for cell in row.get("cells") or []])
        for row in snapshot.get("rows") or []
        if isinstance(row, dict)
    ]
    counts = [
        (
            str(summary.get("subject", "")),
            [(level.get("code", ""), level.get("count", 0)) for level in summary.get("levels") or []],
            summary.get("below_norm", 0),
            summary.get("with_level", 0),
            summary.get("without_level", 0),
        )
        for summary in snapshot.get("summaries") or []
        if isinstance(summary, dict)
    ]
    return {"columns": columns, "pupils": pupils, "counts": counts}


def plan_document(plan, today):
    """What the PDF shows of one plan (loaded with ``with_document_data``)."""
    return {
        "plan": plan,
        "school": plan.group.school_year.school,
        "teachers": list(plan.group.teachers.all()),
        "instruction_groups": list(plan.instruction_groups.all()),
        "schedule": week_schedule(plan),
        "observe": observe_summary(plan.observe_snapshot),
        "previous_groups": list(plan.previous.instruction_groups.all()) if plan.previous_id else [],
        "progress": progress(plan, today),
    }


def _context(request, documents, title):
    return {"documents": documents, "title": title, "generated_at": timezone.localtime(), "user": request.user}


def _plan(request, pk):
    require_plan_reader(request)
    return get_object_or_404(with_document_data(access.plans(request.user, request.school)), pk=pk)


def _filename(*parts):
    return "-".join(slugify(str(part)) for part in parts if part) + ".pdf"


@login_required
def plan_pdf(request, pk):
    plan = _plan(request, pk)
    today = timezone.localdate()
    # The PDF's title (what a screen reader and the viewer's title bar announce) says what the document is.
    title = _("Groepsplan %(plan)s (%(year)s)") % {"plan": plan, "year": plan.group.school_year.name}
    document = pdf.render_pdf(
        "groupplans/pdf_plans.html", _context(request, [plan_document(plan, today)], title), request=request
    )
    audit.record(request, audit.AuditAction.EXPORT, plan, event="groupplans.plan_pdf")
    return pdf.pdf_response(document, _filename("groepsplan", plan.group.name, plan.subject.name, plan.period.name))


@login_required
def schedule_pdf(request, pk):
    plan = _plan(request, pk)
    context = {
        "plan": plan,
        "school": plan.group.school_year.school,
        "teachers": list(plan.group.teachers.all()),
        "schedule": week_schedule(plan),
        "generated_at": timezone.localtime(),
        "user": request.user,
    }
    document = pdf.render_pdf("groupplans/pdf_schedule.html", context, request=request)
    audit.record(request, audit.AuditAction.EXPORT, plan, event="groupplans.schedule_pdf")
    return pdf.pdf_response(document, _filename("weekrooster", plan.group.name, plan.subject.name, plan.period.name))


@login_required
def plans_pdf(request):
    """All current plans the user may read, or those of one group (``?groep=<pk>``), as ONE document."""
    require_plan_reader(request)
    group = None
    if GROUP_PARAM in request.GET:
        # A group the user may not read, or no group at all, is a 404.
        chosen = ChosenGroupForm(request.GET, groups=access.groups(request.user, request.school))
        if not chosen.is_valid() or chosen.cleaned_data[GROUP_PARAM] is None:
            raise Http404
        group = chosen.cleaned_data[GROUP_PARAM]
    today = timezone.localdate()
    plans = current_plans(list(with_document_data(readable_plans(request, today, group))), today)
    title = _("Groepsplannen %(name)s") % {"name": group.name if group else request.school.name}
    documents = [plan_document(plan, today) for plan in plans]
    document = pdf.render_pdf("groupplans/pdf_plans.html", _context(request, documents, title), request=request)
    audit.record(request, audit.AuditAction.EXPORT, group, event="groupplans.plans_pdf", data={"count": len(plans)})
    return pdf.pdf_response(document, _filename("groepsplannen", group.name if group else request.school.name, today))


@login_required
def individual_plan_pdf(request, pk):
    require_plan_reader(request)
    qs = access.individual_plans(request.user, request.school).select_related(
        "pupil__school", "period__school_year", "subject", "created_by"
    )
    plan = get_object_or_404(
        qs.prefetch_related(Prefetch("goals", queryset=Goal.objects.select_related("instrument", "target_level"))),
        pk=pk,
    )
    context = {
        "individual_plans": [plan],
        "title": str(plan),
        "generated_at": timezone.localtime(),
        "user": request.user,
    }
    document = pdf.render_pdf("groupplans/pdf_individual_plans.html", context, request=request)
    audit.record(request, audit.AuditAction.EXPORT, plan, event="groupplans.individual_plan_pdf")
    return pdf.pdf_response(document, _filename("handelingsplan", plan.pupil.full_name, plan.period.name))
