"""Individual action plans (handelingsplannen) for pupils at care level 3 or higher,
with their SMART goals.

Readers reach a plan through ``access.individual_plans``; writers through
``access.editable_pupils`` and ``access.editable_individual_plans``. Every save goes
through ``groupplans.services`` (history, audit); a plan and its goals are guarded by their
``version`` (core.editguard) so that a colleague's change is never silently overwritten.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import audit, editguard
from core.forms import posted
from schools import access

from .. import services
from ..forms import IndividualGoalForm, IndividualPlanForm
from ..models import Goal, IndividualPlan

MIN_CARE_LEVEL = 3
PLAN_RELATED = ("pupil", "period__school_year", "subject", "created_by")


def _readable(request, pk):
    return get_object_or_404(access.individual_plans(request.user, request.school).select_related(*PLAN_RELATED), pk=pk)


def _editable(request, pk):
    return get_object_or_404(
        access.editable_individual_plans(request.user, request.school).select_related(*PLAN_RELATED), pk=pk
    )


def _plan_form_page(request, form, pupil, title, plan=None, conflict=None):
    return render(
        request,
        "groupplans/individual_form.html",
        {
            "form": form,
            "pupil": pupil,
            "plan": plan,
            "title": title,
            "conflict": conflict,
            "below_level": pupil.care_level < MIN_CARE_LEVEL,
            "min_level": MIN_CARE_LEVEL,
        },
    )


@login_required
def individual_plan_create(request, pk):
    pupil = get_object_or_404(access.editable_pupils(request.user, request.school), pk=pk)
    plan = IndividualPlan(pupil=pupil, created_by=request.user)
    form = IndividualPlanForm(posted(request), instance=plan, school=request.school)
    if request.method == "POST" and form.is_valid():
        plan = services.save_individual_plan(form, request.user, request=request)
        messages.success(request, _("Het handelingsplan is vastgelegd. Voeg nu de doelen toe."))
        return redirect("groupplans:individual_plan_detail", pk=plan.pk)
    return _plan_form_page(request, form, pupil, _("Handelingsplan maken"))


@login_required
def individual_plan_detail(request, pk):
    plan = _readable(request, pk)
    goals = plan.goals.select_related("instrument", "target_level__scale")
    can_edit = access.editable_individual_plans(request.user, request.school).filter(pk=plan.pk).exists()
    audit.record(request, audit.AuditAction.VIEW, plan, event="groupplans.individual_plan_viewed")
    return render(
        request,
        "groupplans/individual_detail.html",
        {"plan": plan, "pupil": plan.pupil, "goals": goals, "can_edit": can_edit},
    )


@login_required
def individual_plan_edit(request, pk):
    plan = _editable(request, pk)
    data = posted(request)
    form = IndividualPlanForm(data, instance=plan, school=request.school, with_evaluation=True)
    title = _("Handelingsplan wijzigen")
    if data is None or not form.is_valid():
        return _plan_form_page(request, form, plan.pupil, title, plan)
    try:
        services.save_individual_plan(form, request.user, request=request)
    except editguard.Stale:
        # Keep what the user typed and show what is stored now; saving again replaces it deliberately.
        current = _editable(request, pk)
        form, conflict = editguard.refused(
            IndividualPlanForm, current, request.POST, school=request.school, with_evaluation=True
        )
        return _plan_form_page(request, form, current.pupil, title, current, conflict)
    messages.success(request, _("Het handelingsplan is bijgewerkt."))
    return redirect("groupplans:individual_plan_detail", pk=pk)


def _goal_page(request, form, plan, title, goal=None, conflict=None):
    return render(
        request,
        "groupplans/individual_goal_form.html",
        {"form": form, "plan": plan, "pupil": plan.pupil, "goal": goal, "title": title, "conflict": conflict},
    )


@login_required
def individual_goal_create(request, pk):
    plan = _editable(request, pk)
    form = IndividualGoalForm(posted(request), instance=Goal(individual_plan=plan))
    if request.method == "POST" and form.is_valid():
        services.save_goal(form, request.user, request=request)
        messages.success(request, _("Het doel is toegevoegd."))
        return redirect("groupplans:individual_plan_detail", pk=plan.pk)
    return _goal_page(request, form, plan, _("Doel toevoegen"))


@login_required
def individual_goal_edit(request, pk):
    goal = _editable_goal(request, pk)
    plan = goal.individual_plan
    form = IndividualGoalForm(posted(request), instance=goal, with_evaluation=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_goal(form, request.user, request=request)
        except editguard.Stale:
            current = _editable_goal(request, pk)
            form, conflict = editguard.refused(IndividualGoalForm, current, request.POST, with_evaluation=True)
            return _goal_page(request, form, plan, _("Doel wijzigen"), current, conflict)
        messages.success(request, _("Het doel is bijgewerkt."))
        return redirect("groupplans:individual_plan_detail", pk=plan.pk)
    return _goal_page(request, form, plan, _("Doel wijzigen"), goal)


def _editable_goal(request, pk):
    plans = access.editable_individual_plans(request.user, request.school)
    return get_object_or_404(
        Goal.objects.filter(individual_plan__in=plans.values("pk")).select_related("individual_plan__pupil"), pk=pk
    )
