"""The Bewaartermijnen page of a school, for the coordinator and the admin. Thin: access from
``schools.access``, figures and every write from ``privacy.services.retention``.

- ``overview``: what falls due in the coming month, the school's terms, the running legal holds.
- ``term_edit``: shorten the school's term for one kind of record (edit-guarded).
- ``hold_create``: extend the terms of one pupil until a date, with a reason (a legal hold).
- ``hold_end``: end a hold.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, editguard
from core.forms import posted
from schools import access

from ..forms.retention import EndHoldForm, LegalHoldForm, SchoolTermForm
from ..models import RecordKind, RetentionTerm, SchoolTerm
from ..services import retention

# How far ahead the page looks: what falls due within a month can still be extended in time.
AHEAD_MONTHS = 1


def _school(request):
    if request.school is None or not access.can_manage_retention(request.user, request.school):
        raise Http404
    return request.school


@login_required
def overview(request):
    school = _school(request)
    today = timezone.localdate()
    until = retention.add_months(today, AHEAD_MONTHS)
    items = retention.due(school, on=until)
    holds = (
        access.legal_holds(request.user, school)
        .active(today)
        .select_related("pupil", "created_by")
        .order_by("until", "pupil__surname", "pupil__first_name")
    )
    audit.record(request, audit.AuditAction.VIEW, event="privacy.retention_viewed", school_id=school.pk)
    return render(
        request,
        "privacy/retention_overview.html",
        {
            "items": items,
            "today": today,
            "until": until,
            "terms": retention.terms(school).values(),
            "holds": [(hold, EndHoldForm(initial={"version": hold.version})) for hold in holds],
        },
    )


def _school_term(school, term):
    """The school's own term as stored now, or, when it has none, one at version 0: nothing of the school's
    own yet, so a colleague who saves one first makes the form stale."""
    stored = SchoolTerm.objects.filter(school=school, term=term).first()
    return stored or SchoolTerm(school=school, term=term, months=term.months, version=0)


@login_required
def term_edit(request, kind):
    school = _school(request)
    if kind not in RecordKind.values:
        raise Http404
    term = get_object_or_404(RetentionTerm, kind=kind)
    instance = _school_term(school, term)
    form = SchoolTermForm(posted(request), instance=instance)
    conflict = None
    may_shorten = term.months > term.minimum_months
    if request.method == "POST" and may_shorten and form.is_valid():
        try:
            retention.shorten_term(
                school, term, form.cleaned_data["months"], form.cleaned_data["version"], request.user, request
            )
        except editguard.Stale:
            form, conflict = editguard.refused(SchoolTermForm, _school_term(school, term), request.POST)
        else:
            messages.success(
                request,
                _("De bewaartermijn van %(kind)s is nu %(months)s maanden.")
                % {"kind": term.get_kind_display(), "months": form.cleaned_data["months"]},
            )
            return redirect("privacy:retention")
    return render(
        request,
        "privacy/retention_term.html",
        {"term": term, "form": form, "conflict": conflict, "may_shorten": may_shorten},
    )


@login_required
def hold_create(request, pk):
    school = _school(request)
    pupil = get_object_or_404(access.retention_pupils(request.user, school), pk=pk)
    form = LegalHoldForm(posted(request))
    if request.method == "POST" and form.is_valid():
        hold = retention.place_hold(
            pupil, form.cleaned_data["until"], form.cleaned_data["reason"], request.user, request
        )
        messages.success(
            request,
            _("De gegevens van %(pupil)s blijven bewaard tot en met %(until)s.")
            % {"pupil": pupil.full_name, "until": f"{hold.until:%d-%m-%Y}"},
        )
        return redirect("privacy:retention")
    return render(request, "privacy/retention_hold.html", {"pupil": pupil, "form": form})


@login_required
@require_POST
def hold_end(request, pk):
    school = _school(request)
    hold = get_object_or_404(access.legal_holds(request.user, school).select_related("pupil"), pk=pk)
    form = EndHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Laad de pagina opnieuw en probeer het nog eens."))
        return redirect("privacy:retention")
    try:
        retention.end_hold(hold, form.cleaned_data["version"], request.user, request)
    except editguard.Stale:
        messages.warning(
            request,
            _(
                "Een collega heeft de verlengde termijn van %(pupil)s intussen gewijzigd of beëindigd. "
                "Er is niets veranderd: bekijk hieronder hoe het nu staat."
            )
            % {"pupil": hold.pupil.full_name},
        )
    else:
        messages.success(
            request,
            _("De verlengde termijn van %(pupil)s is beëindigd. Vanaf nu gelden weer de gewone bewaartermijnen.")
            % {"pupil": hold.pupil.full_name},
        )
    return redirect("privacy:retention")
