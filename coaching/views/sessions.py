"""The coach's records of a trajectory (sessions with agreements, classroom visits,
Linda Metcalf's letter) and the two PDFs (the letter, the whole trajectory).

Writing is for the coach alone (``access.coached_trajectories``); the PDFs are for
coach and coachee (``access.coaching_content``). Anything else is a 404. Every
save goes through ``core.history``; every audit entry is kept off the school's
audit page (``audit.NO_SCHOOL``): coaching is confidential, even towards the
people who read a school's audit log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit, history, pdf
from core.forms import posted
from schools import access

from ..content import build_content
from ..forms_sessions import (
    LETTER_PARTS,
    FollowUpFormSet,
    LetterForm,
    NewAgreementFormSet,
    SessionForm,
    VisitForm,
)
from ..models import Agreement, ClassroomVisit, Letter, Session

CONFIDENTIAL = {"school_id": audit.NO_SCHOOL}


def _audit(request, action, obj, detail=""):
    audit.record(request, action, obj, detail=detail, **CONFIDENTIAL)


def _coached(request, pk):
    return get_object_or_404(
        access.coached_trajectories(request.user, request.school).select_related("coachee", "school"), pk=pk
    )


def _readable(request):
    return access.coaching_content(request.user, request.school)


def _back(trajectory, anchor=""):
    return reverse("coaching:trajectory_detail", args=[trajectory.pk]) + (f"#{anchor}" if anchor else "")


# --- Sessions -----------------------------------------------------------------------------------------------------


def followable_agreements(trajectory, session):
    """Agreements this session can follow up: the open ones of earlier sessions of the same trajectory, and (when
    editing) those this session already checked. Both the agreement and its session must belong to ``trajectory``."""
    qs = Agreement.objects.filter(trajectory=trajectory, session__trajectory=trajectory).select_related("session")
    if session.pk is None:
        return qs.filter(follow_up=Agreement.FollowUp.OPEN).order_by("session__date", "session_id", "id")
    earlier = Q(session__date__lt=session.date) | Q(session__date=session.date, session_id__lt=session.pk)
    return (
        qs.exclude(session=session)
        .filter(earlier)
        .filter(Q(follow_up=Agreement.FollowUp.OPEN) | Q(checked_in=session))
        .order_by("session__date", "session_id", "id")
    )


def _apply_follow_up(agreement, choice, session):
    """Set the follow-up; True when something changed. Checking it in this session is what 'besproken in' records;
    put back to 'nog open', it is no longer checked here."""
    before = (agreement.follow_up, agreement.checked_in_id)
    agreement.follow_up = choice
    if choice != Agreement.FollowUp.OPEN:
        agreement.checked_in = session
    elif agreement.checked_in_id == session.pk:
        agreement.checked_in = None
    return (agreement.follow_up, agreement.checked_in_id) != before


def _session_page(request, trajectory, session):
    is_new = session.pk is None
    data = posted(request)
    eligible = followable_agreements(trajectory, session)
    eligible_list = list(eligible)
    form = SessionForm(data, instance=session)
    new_agreements = NewAgreementFormSet(data, prefix="afspraken")
    follow_ups = FollowUpFormSet(
        data,
        prefix="opvolging",
        agreements=eligible,
        initial=[{"agreement": a.pk, "follow_up": a.follow_up} for a in eligible_list],
    )
    if data is not None:
        valid = all([form.is_valid(), new_agreements.is_valid(), follow_ups.is_valid()])
        if valid:
            valid = _due_dates_after(form.cleaned_data["date"], new_agreements)
        if valid:
            try:
                counts = _save_session(request, trajectory, form, new_agreements, follow_ups)
            except ValidationError as error:
                if is_new:
                    form.instance.pk = None  # rolled back
                form.add_error(None, ValidationError(error.messages))
            else:
                saved = form.instance
                _audit(
                    request,
                    audit.AuditAction.CREATE if is_new else audit.AuditAction.CHANGE,
                    saved,
                    detail="afspraken: {new} nieuw, {checked} opgevolgd".format(**counts),
                )
                messages.success(
                    request,
                    _("Het gesprek is opgeslagen. Jouw rol in dit gesprek: %(role)s.") % {"role": saved.role.label},
                )
                return redirect(_back(trajectory, f"gesprek-{saved.pk}"))
    by_pk = {a.pk: a for a in eligible_list}
    follow_up_rows = [(f, by_pk.get(_as_int(f["agreement"].value()))) for f in follow_ups]
    return render(
        request,
        "coaching/session_form.html",
        {
            "trajectory": trajectory,
            "session": session,
            "form": form,
            "new_agreements": new_agreements,
            "follow_ups": follow_ups,
            "follow_up_rows": follow_up_rows,
            "own_agreements": [] if is_new else list(session.agreements.order_by("id")),
            "title": _("Coachingsgesprek vastleggen") if is_new else _("Coachingsgesprek wijzigen"),
        },
    )


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _due_dates_after(session_date, new_agreements):
    valid = True
    for agreement_form in new_agreements:
        due = agreement_form.cleaned_data.get("due_date")
        if due and due < session_date:
            agreement_form.add_error("due_date", _("Deze datum ligt vóór het gesprek waarin je de afspraak maakt."))
            valid = False
    return valid


def _save_session(request, trajectory, form, new_agreements, follow_ups):
    """Session, new agreements and follow-ups: all or nothing."""
    user = request.user
    new = checked = 0
    with transaction.atomic():
        session = form.save(commit=False)
        session.trajectory = trajectory
        history.save(session, user)
        for agreement_form in new_agreements:
            if not agreement_form.has_changed() or not agreement_form.cleaned_data:
                continue
            history.save(Agreement(trajectory=trajectory, session=session, **agreement_form.cleaned_data), user)
            new += 1
        for follow_up_form in follow_ups:
            agreement = follow_up_form.cleaned_data["agreement"]
            if _apply_follow_up(agreement, follow_up_form.cleaned_data["follow_up"], session):
                history.save(agreement, user)
                checked += 1
    return {"new": new, "checked": checked}


@login_required
def session_create(request, pk):
    trajectory = _coached(request, pk)
    return _session_page(request, trajectory, Session(trajectory=trajectory))


@login_required
def session_edit(request, pk):
    coached = access.coached_trajectories(request.user, request.school)
    session = get_object_or_404(
        Session.objects.filter(trajectory__in=coached).select_related("trajectory__coachee", "trajectory__school"),
        pk=pk,
    )
    return _session_page(request, session.trajectory, session)


# --- Classroom visits and the letter ------------------------------------------------------------------------------


def _simple_create(request, trajectory, form, anchor, message):
    if form.is_bound and form.is_valid():
        record = form.save(commit=False)
        record.trajectory = trajectory
        history.save(record, request.user)
        _audit(request, audit.AuditAction.CREATE, record)
        messages.success(request, message)
        return redirect(_back(trajectory, f"{anchor}-{record.pk}"))
    return None


@login_required
def visit_create(request, pk):
    trajectory = _coached(request, pk)
    form = VisitForm(posted(request), instance=ClassroomVisit(trajectory=trajectory))
    done = _simple_create(request, trajectory, form, "bezoek", _("Het klassenbezoek is vastgelegd."))
    return done or render(
        request,
        "coaching/visit_form.html",
        {"trajectory": trajectory, "form": form, "title": _("Klassenbezoek vastleggen")},
    )


@login_required
def letter_create(request, pk):
    trajectory = _coached(request, pk)
    form = LetterForm(posted(request), instance=Letter(trajectory=trajectory))
    done = _simple_create(
        request, trajectory, form, "brief", _("De brief is opgeslagen. Je kunt hem nu als PDF downloaden.")
    )
    return done or render(
        request,
        "coaching/letter_form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "parts": [form[name] for name, _guide in LETTER_PARTS],
            "title": _("Persoonlijke brief schrijven"),
        },
    )


# --- PDFs ---------------------------------------------------------------------------------------------------------


def _first_name(user):
    return user.first_name or str(user)


@login_required
def letter_pdf(request, pk):
    letter = get_object_or_404(
        Letter.objects.filter(trajectory__in=_readable(request)).select_related(
            "trajectory__coach", "trajectory__coachee", "trajectory__school"
        ),
        pk=pk,
    )
    trajectory = letter.trajectory
    context = {
        "letter": letter,
        "trajectory": trajectory,
        "paragraphs": [getattr(letter, name) for name, _guide in LETTER_PARTS],
        "first_name": _first_name(trajectory.coachee),
    }
    document = pdf.render_pdf("coaching/letter_pdf.html", context, request=request)
    _audit(request, audit.AuditAction.EXPORT, letter, detail="pdf")
    name = slugify(f"brief {trajectory.coachee} {letter.date.isoformat()}")
    return pdf.pdf_response(document, f"{name}.pdf")


@login_required
def trajectory_pdf(request, pk):
    trajectory = get_object_or_404(
        _readable(request).select_related("coach", "coachee", "school", "mandate_given_by"), pk=pk
    )
    context = {
        "trajectory": trajectory,
        "content": build_content(trajectory),
        "support_needs": list(trajectory.support_needs.all()),
        "reflections": list(trajectory.reflections.select_related("author").order_by("date", "id")),
        "generated_at": timezone.localtime(),
        "user": request.user,
    }
    context["learned"] = [r for r in context["reflections"] if r.kind == r.Kind.LEARNED]
    context["own_reflections"] = [r for r in context["reflections"] if r.kind == r.Kind.REFLECTION]
    document = pdf.render_pdf("coaching/trajectory_pdf.html", context, request=request)
    _audit(request, audit.AuditAction.EXPORT, trajectory, detail="pdf")
    name = slugify(f"coachingstraject {trajectory.coachee} {timezone.localdate().isoformat()}")
    return pdf.pdf_response(document, f"{name}.pdf")
