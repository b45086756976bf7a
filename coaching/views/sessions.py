"""The coach's records of a trajectory (sessions with agreements, classroom visits,
Linda Metcalf's letter) and the two PDFs (the letter, the whole trajectory).

Writing is for the coach alone (``access.coached_trajectories``); the PDFs are for
coach and coachee (``access.coaching_content``). Anything else is a 404. Every
save goes through ``coaching.services`` (history, edit guard, audit in one
transaction); every audit entry is kept off the school's audit page
(``audit.NO_SCHOOL``): coaching is confidential, even towards the people who
read a school's audit log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit, editguard, pdf
from core.forms import posted
from schools import access

from .. import services
from ..content import build_content
from ..forms import (
    LETTER_PARTS,
    FollowUpFormSet,
    LetterForm,
    NewAgreementFormSet,
    SessionForm,
    VisitForm,
    check_due_dates,
    follow_ups_at_stored_versions,
)
from ..models import ClassroomVisit, Letter, Session

AGREEMENTS_PREFIX, FOLLOW_UP_PREFIX = "afspraken", "opvolging"


def _coached(request, pk):
    return get_object_or_404(
        access.coached_trajectories(request.user, request.school).select_related("coachee", "school"), pk=pk
    )


def _readable(request):
    return access.coaching_content(request.user, request.school)


def _back(trajectory, anchor=""):
    return reverse("coaching:trajectory_detail", args=[trajectory.pk]) + (f"#{anchor}" if anchor else "")


# --- Sessions -----------------------------------------------------------------------------------------------------


def _forms(data, trajectory, session):
    form = SessionForm(data, instance=session)
    new_agreements = NewAgreementFormSet(data, prefix=AGREEMENTS_PREFIX)
    follow_ups = FollowUpFormSet(data, prefix=FOLLOW_UP_PREFIX, trajectory=trajectory, session=session)
    return form, new_agreements, follow_ups


def _session_page(request, trajectory, session):
    is_new = session.pk is None
    data = posted(request)
    form, new_agreements, follow_ups = _forms(data, trajectory, session)
    conflict = None
    if data is not None:
        valid = all([form.is_valid(), new_agreements.is_valid(), follow_ups.is_valid()])
        if valid:
            valid = check_due_dates(form.cleaned_data["date"], new_agreements)
        if valid:
            try:
                if is_new:
                    saved, _counts = services.record_session(request, trajectory, form, new_agreements, follow_ups)
                else:
                    saved, _counts = services.update_session(request, session, form, new_agreements, follow_ups)
            except editguard.Stale:
                session = session if is_new else Session.objects.select_related("trajectory").get(pk=session.pk)
                form, new_agreements, follow_ups, conflict = _refused(request, trajectory, session)
            except ValidationError as error:
                if is_new:
                    form.instance.pk = None  # rolled back
                form.add_error(None, ValidationError(error.messages))
            else:
                messages.success(
                    request,
                    _("Het gesprek is opgeslagen. Jouw rol in dit gesprek: %(role)s.") % {"role": saved.role.label},
                )
                return redirect(_back(trajectory, f"gesprek-{saved.pk}"))
    return render(
        request,
        "coaching/session_form.html",
        {
            "trajectory": trajectory,
            "session": session,
            "form": form,
            "new_agreements": new_agreements,
            "follow_ups": follow_ups,
            "follow_up_rows": follow_ups.rows(),
            "own_agreements": [] if is_new else list(session.agreements.order_by("id")),
            "title": _("Coachingsgesprek vastleggen") if is_new else _("Coachingsgesprek wijzigen"),
            "conflict": conflict,
        },
    )


def _refused(request, trajectory, session):
    """After a stale save: the user's input again, bound to what is stored now, and what changed meanwhile.

    The session (when editing) is compared field by field; the follow-up rows as
    ``follow_ups_at_stored_versions`` says."""
    data, rows = follow_ups_at_stored_versions(request.POST, trajectory, FOLLOW_UP_PREFIX)
    # The formsets first: validating the session form writes the user's input (her date) into ``session``.
    _form, new_agreements, follow_ups = _forms(data, trajectory, session)
    new_agreements.is_valid()
    follow_ups.is_valid()
    if session.pk is not None and data.get("version") != str(session.version):
        form, conflict = editguard.refused(SessionForm, session, data)
    else:
        data["version"] = str(session.version)
        form, conflict = SessionForm(data, instance=session), editguard.conflict([])
        form.is_valid()
        form.add_error(None, conflict["message"])
    conflict["fields"] += rows
    return form, new_agreements, follow_ups, conflict


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


@login_required
def visit_create(request, pk):
    trajectory = _coached(request, pk)
    form = VisitForm(posted(request), instance=ClassroomVisit(trajectory=trajectory))
    if form.is_bound and form.is_valid():
        visit = services.record_visit(request, trajectory, form)
        messages.success(request, _("Het klassenbezoek is vastgelegd."))
        return redirect(_back(trajectory, f"bezoek-{visit.pk}"))
    return render(
        request,
        "coaching/visit_form.html",
        {"trajectory": trajectory, "form": form, "title": _("Klassenbezoek vastleggen")},
    )


@login_required
def letter_create(request, pk):
    trajectory = _coached(request, pk)
    form = LetterForm(posted(request), instance=Letter(trajectory=trajectory))
    if form.is_bound and form.is_valid():
        letter = services.write_letter(request, trajectory, form)
        messages.success(request, _("De brief is opgeslagen. Je kunt hem nu als PDF downloaden."))
        return redirect(_back(trajectory, f"brief-{letter.pk}"))
    return render(
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
    services.record_audit(request, audit.AuditAction.EXPORT, letter, "coaching.letter_pdf")
    name = slugify(f"brief {trajectory.coachee} {letter.date.isoformat()}")
    return pdf.pdf_response(document, f"{name}.pdf")


@login_required
def trajectory_pdf(request, pk):
    trajectory = get_object_or_404(
        _readable(request).select_related("coach", "coachee", "school", "mandate_given_by"), pk=pk
    )
    context = {
        "trajectory": trajectory,
        "content": build_content(trajectory, is_coach=trajectory.coach_id == request.user.pk),
        "is_coach": trajectory.coach_id == request.user.pk,
        "support_needs": list(trajectory.support_needs.all()),
        "reflections": list(trajectory.reflections.select_related("author").order_by("date", "id")),
        "generated_at": timezone.localtime(),
        "user": request.user,
    }
    context["learned"] = [r for r in context["reflections"] if r.kind == r.Kind.LEARNED]
    context["own_reflections"] = [r for r in context["reflections"] if r.kind == r.Kind.REFLECTION]
    document = pdf.render_pdf("coaching/trajectory_pdf.html", context, request=request)
    services.record_audit(request, audit.AuditAction.EXPORT, trajectory, "coaching.trajectory_pdf")
    name = slugify(f"coachingstraject {trajectory.coachee} {timezone.localdate().isoformat()}")
    return pdf.pdf_response(document, f"{name}.pdf")
