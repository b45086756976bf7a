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
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import audit, history, locking
from core.forms import posted
from schools import access
from schools.models import Role

from ..content import build_content
from ..forms import AssessmentForm, ReflectionForm, SupportNeedFormSet, TrajectoryForm
from ..models import Intervention, Reflection, RelationshipAssessment, Trajectory

PEOPLE = ("coach", "coachee", "mandate_given_by")
NEEDS_PREFIX = "behoeften"


def _record(request, action, trajectory, detail=""):
    """Audit on the trajectory (its text names only the coachee) and never on a school's page.

    Records within a trajectory are audited through it, with what was done as the detail."""
    audit.record(request, action, trajectory, detail=detail, school_id=audit.NO_SCHOOL)


def _detail_url(trajectory):
    return reverse("coaching:trajectory_detail", args=[trajectory.pk])


def _coached(request, pk):
    """A trajectory the user runs as coach, else a 404."""
    return get_object_or_404(access.coached_trajectories(request.user, request.school).select_related(*PEOPLE), pk=pk)


@login_required
def trajectory_list(request):
    """Coach: hers; coachee: his; management: every trajectory of the school, as existence only."""
    member = access.membership(request.user, request.school)
    if member is None or member.role == Role.ADMIN:
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


def _save(form, needs, user):
    """The trajectory and its support needs with their history: all or nothing."""
    with transaction.atomic():
        trajectory = history.save(form.save(commit=False), user)
        needs.instance = trajectory
        for need in needs.save(commit=False):
            history.save(need, user)
        for need in needs.deleted_objects:
            history.delete(need, user)
    return trajectory


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
        with transaction.atomic():
            trajectory = _save(form, needs, request.user)
            _record(request, audit.AuditAction.CREATE, trajectory)
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
    if data is None or not all([form.is_valid(), needs.is_valid()]):
        return _form_page(request, form, needs, title, trajectory)
    with transaction.atomic():
        # Claim the version we started from; 0 rows means someone saved in between.
        claimed = locking.claim(Trajectory, pk, form.cleaned_data["version"])
        if claimed:
            form.instance.version = form.cleaned_data["version"] + 1
            _save(form, needs, request.user)
            _record(request, audit.AuditAction.CHANGE, trajectory)
    if claimed:
        messages.success(request, _("Het coachingstraject is bijgewerkt."))
        return redirect("coaching:trajectory_detail", pk=pk)
    return _conflict(request, pk, title)


def _conflict(request, pk, title):
    """Refuse a save made on an old version: keep what the user typed and show what is stored now.

    The form is bound again to the current version, so saving once more (after comparing)
    deliberately replaces the colleague's change."""
    current = _coached(request, pk)
    form, changed = locking.rebind_after_conflict(
        TrajectoryForm,
        current,
        request.POST,
        _(
            "Iemand anders heeft dit traject intussen gewijzigd. Jouw wijzigingen zijn nog niet opgeslagen: "
            "ze staan hieronder. Vergelijk ze met de huidige gegevens en sla opnieuw op om ze te bewaren."
        ),
        school=request.school,
        coach=request.user,
    )
    needs = SupportNeedFormSet(request.POST, instance=current, prefix=NEEDS_PREFIX)
    needs.is_valid()
    conflict = {"fields": changed, "needs": list(current.support_needs.all())}
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
        _record(request, audit.AuditAction.VIEW, trajectory, detail="alleen het bestaan")
        return render(request, "coaching/trajectory_existence.html", {"trajectory": trajectory})

    assessments = list(trajectory.assessments.all())
    latest, interventions = _interventions(assessments)
    reflections = list(trajectory.reflections.all())
    _record(request, audit.AuditAction.VIEW, trajectory)
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
            "content": build_content(trajectory),
            "is_coach": trajectory.coach_id == user.pk,
            "is_coachee": trajectory.coachee_id == user.pk,
        },
    )


@login_required
def assessment_create(request, pk):
    trajectory = _coached(request, pk)
    form = AssessmentForm(posted(request), instance=RelationshipAssessment(trajectory=trajectory))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            assessment = history.save(form.save(commit=False), request.user)
            _record(request, audit.AuditAction.CREATE, trajectory, detail="inschatting werkrelatie")
        messages.success(
            request,
            _("De werkrelatie is vastgelegd: %(result)s.") % {"result": assessment.get_result_display()},
        )
        return redirect(f"{_detail_url(trajectory)}#werkrelatie")
    return render(request, "coaching/assessment_form.html", {"trajectory": trajectory, "form": form})


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
        with transaction.atomic():
            history.save(form.save(commit=False), request.user)
            _record(request, audit.AuditAction.CREATE, trajectory, detail=f"reflectie ({kind})")
        if kind == Reflection.Kind.LEARNED:
            messages.success(request, _("Je leerpunt is toegevoegd."))
        else:
            messages.success(request, _("Je reflectie is vastgelegd."))
        anchor = "geleerd" if kind == Reflection.Kind.LEARNED else "reflecties"
        return redirect(f"{_detail_url(trajectory)}#{anchor}")
    title = _("Wat ik geleerd heb") if kind == Reflection.Kind.LEARNED else _("Reflectie schrijven")
    return render(request, "coaching/reflection_form.html", {"trajectory": trajectory, "form": form, "title": title})
