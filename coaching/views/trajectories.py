"""Coaching trajectories: the list, starting and changing one, the page of one trajectory,
the working relationship along Cauffman's flowchart and the teacher's own reflections.

Confidential: the content is for the coach and the coachee only
(``access.coaching_content``); management sees that a trajectory exists
(``access.trajectories``); anyone else gets a 404. Every audit entry is written with
``audit.NO_SCHOOL`` so that no school's audit page shows it: another coordinator
reading the log must not learn that a colleague is being coached.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, editguard
from core.forms import posted
from schools import access
from schools.models import Role

from .. import services
from ..content import build_content, visible_assessments
from ..forms import AssessmentForm, ReflectionForm, ShareAssessmentForm, SupportNeedFormSet, TrajectoryForm
from ..forms.trajectories import needs_after_conflict, needs_text, posted_needs_text
from ..models import Intervention, Reflection, RelationshipAssessment, Trajectory

PEOPLE = ("coach", "coachee", "mandate_given_by")
NEEDS_PREFIX = "behoeften"


def _detail_url(trajectory):
    return reverse("coaching:trajectory_detail", args=[trajectory.pk])


def _coached(request, pk):
    """A trajectory the user runs as coach, else a 404."""
    return get_object_or_404(access.coached_trajectories(request.user, request.school).select_related(*PEOPLE), pk=pk)


@login_required
def trajectory_list(request):
    """Coach: hers; coachee: his; management: every trajectory of the school, as existence only."""
    member = access.membership(request.user, request.school, access.CARE_ROLES)
    if member is None:
        raise Http404
    trajectories = access.trajectories(request.user, request.school).select_related(*PEOPLE)
    return render(
        request,
        "coaching/trajectory_list.html",
        {
            "trajectories": trajectories,
            "role": member.role,
            "existence_only": member.role == Role.MANAGEMENT,
            "can_start": access.can_start_coaching(request.user, request.school),
        },
    )


def _form_page(request, form, needs, title, trajectory=None, conflict=None):
    return render(
        request,
        "coaching/trajectory_form.html",
        {"form": form, "needs": needs, "title": title, "trajectory": trajectory, "conflict": conflict},
    )


@login_required
def trajectory_create(request):
    if not access.can_start_coaching(request.user, request.school):
        raise Http404
    trajectory = Trajectory(school=request.school, coach=request.user)
    data = posted(request)
    form = TrajectoryForm(data, instance=trajectory, school=request.school, coach=request.user)
    needs = SupportNeedFormSet(data, instance=trajectory, prefix=NEEDS_PREFIX)
    if data is not None and all([form.is_valid(), needs.is_valid()]):
        trajectory = services.start_trajectory(request, form, needs)
        messages.success(request, _("Het coachingstraject is aangemaakt."))
        return redirect("coaching:trajectory_detail", pk=trajectory.pk)
    return _form_page(request, form, needs, _("Coachingstraject starten"))


@login_required
def trajectory_edit(request, pk):
    trajectory = _coached(request, pk)
    data = posted(request)
    form = TrajectoryForm(data, instance=trajectory, school=request.school, coach=request.user)
    needs = SupportNeedFormSet(data, instance=trajectory, prefix=NEEDS_PREFIX)
    title = _("Coachingstraject wijzigen")
    if data is None:
        return _form_page(request, form, needs, title, trajectory)
    form_valid, needs_valid = form.is_valid(), needs.is_valid()
    if form_valid and not needs_valid and form.cleaned_data["version"] != trajectory.version:
        # Rows of a page loaded before a colleague's save may name needs she removed: say what happened.
        return _conflict(request, pk, title)
    if not (form_valid and needs_valid):
        return _form_page(request, form, needs, title, trajectory)
    try:
        services.update_trajectory(request, trajectory, form, needs)
    except editguard.Stale:
        return _conflict(request, pk, title)
    messages.success(request, _("Het coachingstraject is bijgewerkt."))
    return redirect("coaching:trajectory_detail", pk=pk)


def _conflict(request, pk, title):
    """Refuse a save made on an old version: keep what the user typed and show what is stored now, support needs
    included. Saving once more (after comparing) deliberately replaces the colleague's change."""
    current = _coached(request, pk)
    stored_needs = list(current.support_needs.all())
    form, conflict = editguard.refused(TrajectoryForm, current, request.POST, school=request.school, coach=request.user)
    data = needs_after_conflict(request.POST, stored_needs, NEEDS_PREFIX)
    needs = SupportNeedFormSet(data, instance=current, prefix=NEEDS_PREFIX)
    if needs_text(stored_needs) != posted_needs_text(needs):
        conflict["fields"].append((_("Ondersteuningsbehoeften"), needs_text(stored_needs) or "–"))
    return _form_page(request, form, needs, title, current, conflict)


def _interventions(assessments):
    latest = assessments[-1] if assessments else None
    if latest is None:
        return None, []
    return latest, list(Intervention.objects.filter(relationship=latest.result))


@login_required
def trajectory_detail(request, pk):
    user, school = request.user, request.school
    trajectory = access.coaching_content(user, school).select_related(*PEOPLE).filter(pk=pk).first()
    if trajectory is None:
        # Management: that it exists, who asked for it and its status; never a word of content.
        trajectory = get_object_or_404(access.trajectories(user, school).select_related(*PEOPLE), pk=pk)
        services.record_audit(request, audit.AuditAction.VIEW, trajectory, "coaching.trajectory_existence_read")
        return render(request, "coaching/trajectory_existence.html", {"trajectory": trajectory})

    is_coach = trajectory.coach_id == user.pk
    # The assessments are the coach's working notes: the coachee sees those she shared, and no interventions.
    assessments = visible_assessments(trajectory.assessments.all(), is_coach=is_coach)
    latest, interventions = _interventions(assessments) if is_coach else (assessments[-1] if assessments else None, [])
    reflections = list(trajectory.reflections.all())
    services.record_audit(request, audit.AuditAction.VIEW, trajectory, "coaching.trajectory_read")
    return render(
        request,
        "coaching/trajectory_detail.html",
        {
            "trajectory": trajectory,
            "support_needs": list(trajectory.support_needs.all()),
            "assessments": assessments,
            "latest_assessment": latest,
            "interventions": interventions,
            "reflections": [r for r in reflections if r.kind == Reflection.Kind.REFLECTION],
            "learned": [r for r in reflections if r.kind == Reflection.Kind.LEARNED],
            "content": build_content(trajectory, is_coach=is_coach),
            "is_coach": is_coach,
            "is_coachee": trajectory.coachee_id == user.pk,
        },
    )


@login_required
def assessment_create(request, pk):
    trajectory = _coached(request, pk)
    form = AssessmentForm(posted(request), instance=RelationshipAssessment(trajectory=trajectory))
    if request.method == "POST" and form.is_valid():
        assessment = services.assess_relationship(request, trajectory, form)
        messages.success(
            request,
            _("De werkrelatie is vastgelegd: %(result)s.") % {"result": assessment.get_result_display()},
        )
        return redirect(f"{_detail_url(trajectory)}#werkrelatie")
    return render(request, "coaching/assessment_form.html", {"trajectory": trajectory, "form": form})


@login_required
@require_POST
def assessment_share(request, pk):
    """The coach shares an assessment with the coachee, or stops sharing it; as of the version she saw."""
    assessment = get_object_or_404(
        RelationshipAssessment.objects.filter(
            trajectory__in=access.coached_trajectories(request.user, request.school)
        ).select_related("trajectory"),
        pk=pk,
    )
    url = f"{_detail_url(assessment.trajectory)}#werkrelatie"
    form = ShareAssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Er is niets veranderd. Laad de pagina opnieuw en probeer het nog eens."))
        return redirect(url)
    shared = form.cleaned_data["shared"]
    date = date_format(assessment.date, "d-m-Y")
    try:
        services.share_assessment(request, assessment, shared, form.cleaned_data["version"])
    except editguard.Stale:
        current = RelationshipAssessment.objects.get(pk=assessment.pk)
        if current.shared_with_coachee:
            now = _("Ze is nu gedeeld met de leerkracht.")
        else:
            now = _("Ze is nu niet gedeeld met de leerkracht.")
        messages.warning(
            request,
            _("Iemand anders heeft de inschatting van %(date)s intussen gewijzigd; er is niets veranderd. %(now)s")
            % {"date": date, "now": now},
        )
        return redirect(url)
    if shared:
        messages.success(request, _("De inschatting van %(date)s is gedeeld met de leerkracht.") % {"date": date})
    else:
        messages.success(
            request, _("De inschatting van %(date)s is niet meer gedeeld met de leerkracht.") % {"date": date}
        )
    return redirect(url)


REFLECTION_KINDS = {"reflection": Reflection.Kind.REFLECTION, "learned": Reflection.Kind.LEARNED}


@login_required
def reflection_create(request, pk):
    """The teacher writes in his own trajectory: a reflection or a point he learned."""
    trajectory = get_object_or_404(
        access.coaching_content(request.user, request.school).filter(coachee=request.user).select_related(*PEOPLE),
        pk=pk,
    )
    kind = REFLECTION_KINDS.get(request.GET.get("soort"), Reflection.Kind.REFLECTION)
    form = ReflectionForm(posted(request), instance=Reflection(trajectory=trajectory, author=request.user, kind=kind))
    if request.method == "POST" and form.is_valid():
        services.add_reflection(request, trajectory, form)
        if kind == Reflection.Kind.LEARNED:
            messages.success(request, _("Je leerpunt is toegevoegd."))
        else:
            messages.success(request, _("Je reflectie is vastgelegd."))
        anchor = "geleerd" if kind == Reflection.Kind.LEARNED else "reflecties"
        return redirect(f"{_detail_url(trajectory)}#{anchor}")
    title = _("Wat ik geleerd heb") if kind == Reflection.Kind.LEARNED else _("Reflectie schrijven")
    return render(request, "coaching/reflection_form.html", {"trajectory": trajectory, "form": form, "title": title})
