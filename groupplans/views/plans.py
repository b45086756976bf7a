"""Group plans through the HGW cycle: starting a plan, reading it, one screen per phase,
closing and reopening phases, instruction groups with their pupils, goals and their
evaluation, and starting the next period's plan.

Access comes from ``schools.access``: every reader reads (``access.plans``), the teacher
of the group and the coordinator change (``access.editable_plans``), and only in the
phase the plan is in; only the coordinator reopens a phase. Outside the scope: 404.
Every action answers with a redirect back to the plan and a Dutch message, also when
the data posted is empty or wrong.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import editguard
from core.forms import posted
from pupils.models import EducationalNeed, Factor
from pupils.overview import build_overview
from schools import access

from .. import services
from ..forms import (
    ChosenGroupForm,
    GoalEvaluationForm,
    GoalForm,
    GroupingForm,
    InstructionGroupForm,
    MoveForm,
    PhaseForm,
    PlanForm,
    ReopenForm,
    plan_text_form,
)
from ..models import PHASE_ORDER, Goal, GroupPlan, InstructionGroup, Phase, Placement
from ..services.proposals import propose_goal

PLAN_RELATED = ("group__school_year", "period", "subject", "previous__period", "updated_by")
CYCLE = PHASE_ORDER[:-1]  # the phases with a screen; DONE has none

# --- Fetching through the access policy ------------------------------------------------------------------------------


def _readable(request, pk):
    return get_object_or_404(access.plans(request.user, request.school).select_related(*PLAN_RELATED), pk=pk)


def _editable(request, pk):
    return get_object_or_404(access.editable_plans(request.user, request.school).select_related(*PLAN_RELATED), pk=pk)


def _editable_instruction_group(request, pk):
    plans = access.editable_plans(request.user, request.school).values("pk")
    return get_object_or_404(
        InstructionGroup.objects.filter(plan__in=plans).select_related(*(f"plan__{r}" for r in PLAN_RELATED)), pk=pk
    )


def _editable_goal(request, pk):
    plans = access.editable_plans(request.user, request.school).values("pk")
    return get_object_or_404(
        Goal.objects.filter(instruction_group__plan__in=plans).select_related(
            "instruction_group",
            "instrument",
            "target_level__scale",
            *(f"instruction_group__plan__{r}" for r in PLAN_RELATED),
        ),
        pk=pk,
    )


def _can_edit(request, plan):
    return access.editable_plans(request.user, request.school).filter(pk=plan.pk).exists()


def _editable_groups(request):
    """Groups of this school year the user may start a plan for: a teacher hers, the coordinator all."""
    year = request.school.current_year() if request.school else None
    editable = access.editable_groups(request.user, request.school)
    if year is None or not editable.exists():
        raise Http404
    return editable.order_by("year_level_low", "name"), year


def phase_url(plan, phase=None):
    phase = phase or plan.phase
    if phase == Phase.DONE:
        return reverse("groupplans:plan_detail", args=[plan.pk])
    return reverse("groupplans:plan_phase", args=[plan.pk, phase])


def _back(plan, phase=None):
    return redirect(phase_url(plan, phase))


def _require_phase(request, plan, phase):
    """The plan's current phase is ``phase``; else a message and False."""
    if plan.phase == phase:
        return True
    messages.error(
        request,
        _("Dit kan alleen in de fase %(phase)s; het plan staat nu in de fase %(current)s.")
        % {"phase": Phase(phase).label, "current": plan.get_phase_display()},
    )
    return False


def _refused_by_colleague(request):
    messages.warning(
        request,
        _("Iemand anders heeft het plan net gewijzigd; er is niets veranderd. Bekijk het plan en probeer het opnieuw."),
    )


# --- Starting and reading a plan -------------------------------------------------------------------------------------


@login_required
def plan_create(request):
    groups, year = _editable_groups(request)
    data = posted(request)
    initial = {}
    if data is None:
        # ?groep=<pk>: one of the user's groups, chosen beforehand; anything else is not offered.
        chosen = ChosenGroupForm(request.GET, groups=groups)
        if chosen.is_valid() and chosen.cleaned_data["groep"] is not None:
            initial["group"] = chosen.cleaned_data["groep"]
    form = PlanForm(data, initial=initial, groups=groups, school_year=year)
    if data is not None and form.is_valid():
        try:
            plan = services.start_plan(form, request.user, request=request)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het groepsplan is gestart. Begin met waarnemen."))
            return _back(plan)
    elif data is not None and form.has_error("group", "invalid_choice"):
        # A group outside the user's scope is not offered, and not accepted either.
        raise Http404
    return render(request, "groupplans/plan_form.html", {"form": form, "title": _("Groepsplan starten")})


def _progress(plan):
    """The phases with their state for the progress bar: done, current or to come."""
    steps = []
    for index, phase in enumerate(CYCLE):
        state = "done" if index < plan.phase_index else "current" if index == plan.phase_index else "todo"
        steps.append({"phase": phase, "label": phase.label, "state": state, "url": phase_url(plan, phase)})
    return steps


def _instruction_groups(plan):
    return list(
        plan.instruction_groups.prefetch_related(
            Prefetch("placements", queryset=Placement.objects.select_related("pupil").order_by("pupil__surname")),
            Prefetch("goals", queryset=Goal.objects.select_related("instrument", "target_level")),
        )
    )


@login_required
def plan_detail(request, pk):
    plan = _readable(request, pk)
    groups = _instruction_groups(plan)
    return render(
        request,
        "groupplans/plan_detail.html",
        {
            "plan": plan,
            "progress": _progress(plan),
            "instruction_groups": groups,
            "can_edit": _can_edit(request, plan),
            "can_reopen": access.can_reopen_phase(request.user, request.school) and plan.phase_index > 0,
            "previous_readable": _previous_readable(request, plan),
        },
    )


def _previous_readable(request, plan):
    """Whether the user may open the previous plan (a link to it is shown only then; issue 12)."""
    return bool(plan.previous_id) and access.plans(request.user, request.school).filter(pk=plan.previous_id).exists()


# --- The phase screens ------------------------------------------------------------------------------------------------


@login_required
def plan_phase(request, pk, phase):
    if phase not in CYCLE:
        raise Http404
    phase = Phase(phase)
    if request.method == "POST":
        plan = _editable(request, pk)
        return _save_text(request, plan, phase)
    plan = _readable(request, pk)
    return _phase_page(request, plan, phase)


def _phase_page(request, plan, phase, text_form=None, conflict=None):
    index = PHASE_ORDER.index(phase)
    can_edit = _can_edit(request, plan)
    editable = can_edit and index == plan.phase_index
    field = services.PHASE_TEXT_FIELDS.get(phase)
    if field and editable and text_form is None:
        text_form = plan_text_form(field)(instance=plan)
    context = {
        "plan": plan,
        "phase": phase,
        "progress": _progress(plan),
        "is_current": index == plan.phase_index,
        "is_past": index < plan.phase_index,
        "is_future": index > plan.phase_index,
        "editable": editable,
        "can_edit": can_edit,
        "can_reopen": access.can_reopen_phase(request.user, request.school) and plan.phase_index > 0,
        "text_field": field,
        "text_label": GroupPlan._meta.get_field(field).verbose_name if field else "",
        "text_value": getattr(plan, field) if field else "",
        "text_form": text_form if editable else None,
        "conflict": conflict,
        "missing": services.missing_parts(plan) if editable else [],
    }
    if index <= plan.phase_index:
        context.update(PHASE_CONTEXT[phase](request, plan, editable))
    return render(request, "groupplans/plan_phase.html", context)


def _observe(request, plan, editable):
    context = {}
    if plan.phase == Phase.OBSERVE:
        pupils = access.pupils(request.user, request.school).filter(enrolments__group=plan.group)
        context["overview"] = build_overview(plan.group, pupils, subject=plan.subject.code)
    else:
        context["snapshot"] = plan.observe_snapshot
    if plan.previous_id:
        context["previous_groups"] = _instruction_groups(plan.previous)
        context["previous_readable"] = _previous_readable(request, plan)
    return context


def _understand(request, plan, editable):
    pupils = list(
        access.pupils(request.user, request.school)
        .filter(enrolments__group=plan.group)
        .prefetch_related(
            Prefetch("needs", queryset=EducationalNeed.objects.filter(is_open=True), to_attr="open_needs"),
            Prefetch("factors", queryset=Factor.objects.filter(is_current=True), to_attr="current_factors"),
        )
        .order_by("surname", "first_name")
    )
    return {"pupils": pupils, "can_add_needs": editable}


def _plan(request, plan, editable):
    groups = _instruction_groups(plan)
    pairs = [(placement.pupil_id, group.pk) for group in groups for placement in group.placements.all()]
    placed = {pupil for pupil, _group in pairs}
    readable = access.pupils(request.user, request.school).filter(enrolments__group=plan.group)
    unplaced = [p for p in readable.order_by("surname", "first_name") if p.pk not in placed]
    return {
        "instruction_groups": groups,
        "unplaced": unplaced,
        "placements_seen": services.placements_token(pairs),
        "can_set_defaults": access.has_role(request.user, request.school, access.COORDINATOR_ONLY),
    }


def _realise(request, plan, editable):
    groups = _instruction_groups(plan)
    prefetch_related_objects([plan], "instruction_groups")
    try:
        from ..schedule import week_schedule
    except ImportError:  # written alongside; the page works without it
        schedule = None
    else:
        schedule = week_schedule(plan)
    return {"instruction_groups": groups, "schedule": schedule}


def _evaluate(request, plan, editable):
    groups = _instruction_groups(plan)
    evaluations = []
    for group in groups:
        for goal in group.goals.all():
            goal.instruction_group = group
            results = services.goal_results(goal)
            proposal = services.propose_evaluation(goal, results)
            form = GoalEvaluationForm(instance=goal, initial={"evaluation": goal.evaluation or proposal})
            evaluations.append(
                {
                    "group": group,
                    "goal": goal,
                    "results": results,
                    "measured": [(pupil, result) for pupil, result in results.items() if result is not None],
                    "waiting": [pupil for pupil, result in results.items() if result is None],
                    "proposal": proposal,
                    "form": form,
                }
            )
    return {"instruction_groups": groups, "evaluations": evaluations}


PHASE_CONTEXT = {
    Phase.OBSERVE: _observe,
    Phase.UNDERSTAND: _understand,
    Phase.PLAN: _plan,
    Phase.REALISE: _realise,
    Phase.EVALUATE: _evaluate,
}


def _save_text(request, plan, phase):
    """Save the phase's text as of the version the user started from; a stale version is refused
    and shows the stored text beside hers."""
    field = services.PHASE_TEXT_FIELDS.get(phase)
    if field is None or not _require_phase(request, plan, phase):
        return _back(plan, phase)
    form_class = plan_text_form(field)
    form = form_class(request.POST, instance=plan)
    if not form.is_valid():
        return _phase_page(request, _editable(request, plan.pk), phase, text_form=form)
    try:
        services.save_plan_text(form, request.user, request=request)
    except editguard.Stale:
        current = _editable(request, plan.pk)
        form, conflict = editguard.refused(form_class, current, request.POST)
        if current.updated_by is not None:
            conflict["fields"].append(
                (GroupPlan._meta.get_field("updated_by").verbose_name.capitalize(), _by_at(current))
            )
        return _phase_page(request, current, phase, text_form=form, conflict=conflict)
    except services.PlanError as error:
        messages.error(request, str(error))
        return _back(plan, phase)
    messages.success(request, _("Opgeslagen."))
    return _back(plan, phase)


def _by_at(plan):
    return f"{plan.updated_by}, {date_format(timezone.localtime(plan.updated_at), 'd-m-Y H:i')}"


# --- Closing and reopening phases -------------------------------------------------------------------------------------


@login_required
@require_POST
def phase_close(request, pk):
    plan = _editable(request, pk)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Laad de pagina opnieuw en probeer het nog eens."))
        return _back(plan)
    closing = plan.phase
    overview = None
    if closing == Phase.OBSERVE:
        pupils = access.pupils(request.user, request.school).filter(enrolments__group=plan.group)
        overview = build_overview(plan.group, pupils, subject=plan.subject.code)
    try:
        missing = services.close_phase(
            plan, request.user, overview=overview, phase=form.cleaned_data["phase"], request=request
        )
    except services.PlanError as error:
        messages.warning(request, str(error))
        return _back(_editable(request, pk))
    except editguard.Stale:
        _refused_by_colleague(request)
        return _back(_editable(request, pk))
    if missing:
        messages.error(
            request,
            _("De fase %(phase)s kan nog niet worden afgesloten. Nog nodig: %(missing)s")
            % {"phase": Phase(closing).label, "missing": " ".join(missing)},
        )
        return _back(plan, closing if closing != Phase.DONE else None)
    if plan.phase == Phase.DONE:
        messages.success(request, _("Het plan is afgerond."))
    else:
        messages.success(
            request,
            _("De fase %(closed)s is afgesloten. Verder met %(next)s.")
            % {"closed": Phase(closing).label, "next": plan.get_phase_display()},
        )
    return _back(plan)


@login_required
@require_POST
def phase_reopen(request, pk):
    if not access.can_reopen_phase(request.user, request.school):
        raise Http404
    plan = _editable(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Laad de pagina opnieuw en probeer het nog eens."))
        return _back(plan)
    try:
        services.reopen_phase(
            plan, request.user, form.cleaned_data["phase"], current=form.cleaned_data["current"], request=request
        )
    except services.PlanError as error:
        messages.error(request, str(error))
        return _back(_editable(request, pk))
    except editguard.Stale:
        _refused_by_colleague(request)
        return _back(_editable(request, pk))
    messages.success(request, _("De fase %(phase)s is weer open.") % {"phase": plan.get_phase_display()})
    return _back(plan)


# --- Instruction groups and placements --------------------------------------------------------------------------------


@login_required
@require_POST
def grouping_propose(request, pk):
    plan = _editable(request, pk)
    if not _require_phase(request, plan, Phase.PLAN):
        return _back(plan, Phase.PLAN)
    form = GroupingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Laad de pagina opnieuw en probeer het nog eens."))
        return _back(plan, Phase.PLAN)
    try:
        counts = services.propose_grouping(plan, request.user, seen=form.cleaned_data["seen"], request=request)
    except editguard.Stale:
        messages.warning(
            request,
            _(
                "Iemand anders heeft intussen leerlingen ingedeeld of verplaatst; er is niets veranderd. "
                "Bekijk de indeling hieronder en stel opnieuw voor als je hem wilt vervangen."
            ),
        )
        return _back(plan, Phase.PLAN)
    except services.PlanError as error:
        messages.error(request, str(error))
        return _back(plan, Phase.PLAN)
    messages.success(
        request,
        _(
            "Indeling voorgesteld op grond van de laatste toets: %(intensive)s intensief, %(basic)s basis, "
            "%(extended)s verdiept. Verplaats leerlingen waar jouw kennis van de groep iets anders zegt. "
            "Nieuwe instructiegroepen hebben de organisatie van de school en een voorgesteld doel: kijk ze na."
        )
        % {
            "intensive": counts[InstructionGroup.Kind.INTENSIVE],
            "basic": counts[InstructionGroup.Kind.BASIC],
            "extended": counts[InstructionGroup.Kind.EXTENDED],
        },
    )
    return _back(plan, Phase.PLAN)


@login_required
@require_POST
def placement_move(request, pk):
    plan = _editable(request, pk)
    if not _require_phase(request, plan, Phase.PLAN):
        return _back(plan, Phase.PLAN)
    form = MoveForm(
        request.POST,
        pupils=access.pupils(request.user, request.school).filter(enrolments__group=plan.group).distinct(),
        instruction_groups=plan.instruction_groups.all(),
    )
    if not form.is_valid():
        messages.error(request, _("Kies een leerling van deze groep en een instructiegroep van dit plan."))
        return _back(plan, Phase.PLAN)
    pupil, target = form.cleaned_data["pupil"], form.cleaned_data["instruction_group"]
    try:
        services.move_pupil(
            plan, pupil, target, request.user, from_group=form.cleaned_data["from_group"], request=request
        )
    except services.PupilMoved as moved:
        messages.warning(request, str(moved))
        anchor = f"#instructiegroep-{moved.now.pk}" if moved.now else ""
        return redirect(f"{phase_url(plan, Phase.PLAN)}{anchor}")
    except services.PlanError as error:
        messages.error(request, str(error))
        return _back(plan, Phase.PLAN)
    messages.success(
        request,
        _("%(pupil)s zit nu in %(group)s.") % {"pupil": pupil.full_name, "group": target.name},
    )
    return redirect(f"{phase_url(plan, Phase.PLAN)}#instructiegroep-{target.pk}")


def _instruction_group_page(request, plan, instance, title):
    form = InstructionGroupForm(posted(request), instance=instance)
    conflict = None
    if request.method == "POST":
        if not _require_phase(request, plan, Phase.PLAN):
            return _back(plan)
        if form.is_valid():
            try:
                group = services.save_instruction_group(form, request.user, request=request)
            except editguard.Stale:
                current = _editable_instruction_group(request, instance.pk)
                form, conflict = editguard.refused(InstructionGroupForm, current, request.POST)
            except services.PlanError as error:
                messages.error(request, str(error))
                return _back(plan)
            else:
                messages.success(request, _("De instructiegroep is opgeslagen."))
                return redirect(f"{phase_url(plan, Phase.PLAN)}#instructiegroep-{group.pk}")
    return render(
        request,
        "groupplans/instruction_group_form.html",
        {"plan": plan, "form": form, "title": title, "phase_open": plan.phase == Phase.PLAN, "conflict": conflict},
    )


@login_required
def instruction_group_create(request, pk):
    plan = _editable(request, pk)
    order = plan.instruction_groups.count()
    # Filled in beforehand: the school's organisation of an own group, and the group's teachers as who.
    kind = InstructionGroup.Kind.CUSTOM
    values = services.organisation_for(kind, services.school_defaults(plan.group.school_year.school), plan.group)
    return _instruction_group_page(
        request, plan, InstructionGroup(plan=plan, order=order, kind=kind, **values), _("Instructiegroep toevoegen")
    )


@login_required
def instruction_group_edit(request, pk):
    group = _editable_instruction_group(request, pk)
    return _instruction_group_page(request, group.plan, group, _("Instructiegroep wijzigen"))


# --- Goals ------------------------------------------------------------------------------------------------------------


def _goal_page(request, plan, form, title, instruction_group, required_phase, success, save, proposal=None):
    """The goal form; ``save`` is the service that saves it (a goal, or its evaluation)."""
    conflict = None
    if request.method == "POST":
        if not _require_phase(request, plan, required_phase):
            return _back(plan)
        if form.is_valid():
            try:
                goal = save(form, request.user, request=request)
            except editguard.Stale:
                current = _editable_goal(request, form.instance.pk)
                form, conflict = editguard.refused(type(form), current, request.POST)
            except services.PlanError as error:
                messages.error(request, str(error))
                return _back(plan)
            else:
                messages.success(request, success)
                return redirect(f"{phase_url(plan, required_phase)}#doel-{goal.pk}")
    return render(
        request,
        "groupplans/goal_form.html",
        {
            "plan": plan,
            "instruction_group": instruction_group,
            "form": form,
            "title": title,
            "phase_open": plan.phase == required_phase,
            "required_phase": Phase(required_phase).label,
            "conflict": conflict,
            "proposal": proposal,
        },
    )


@login_required
def goal_create(request, pk):
    group = _editable_instruction_group(request, pk)
    data = posted(request)
    # Proposed from the school's data (shown on the form, the teacher changes what she knows better).
    proposal = propose_goal(group) if data is None else None
    form = GoalForm(data, instance=Goal(instruction_group=group), initial=proposal.initial() if proposal else None)
    return _goal_page(
        request,
        group.plan,
        form,
        _("Doel toevoegen"),
        group,
        Phase.PLAN,
        _("Het doel is opgeslagen."),
        services.save_goal,
        proposal=proposal,
    )


@login_required
def goal_edit(request, pk):
    goal = _editable_goal(request, pk)
    group = goal.instruction_group
    form = GoalForm(posted(request), instance=goal)
    return _goal_page(
        request,
        group.plan,
        form,
        _("Doel wijzigen"),
        group,
        Phase.PLAN,
        _("Het doel is opgeslagen."),
        services.save_goal,
    )


@login_required
def goal_evaluate(request, pk):
    goal = _editable_goal(request, pk)
    group = goal.instruction_group
    form = GoalEvaluationForm(posted(request), instance=goal)
    return _goal_page(
        request,
        group.plan,
        form,
        _("Doel evalueren"),
        group,
        Phase.EVALUATE,
        _("De evaluatie van het doel is vastgelegd."),
        services.evaluate_goal,
    )


# --- The next period --------------------------------------------------------------------------------------------------


@login_required
@require_POST
def plan_next(request, pk):
    plan = _editable(request, pk)
    try:
        new = services.start_next_plan(plan, user=request.user, request=request)
    except services.PlanError as error:
        messages.error(request, str(error))
        return _back(plan)
    messages.success(
        request,
        _(
            "Het plan voor %(period)s is gestart met dezelfde instructiegroepen, indeling en doelen. "
            "Elk doel heeft als datum het toetsmoment aan het eind van de nieuwe periode; kijk ze na."
        )
        % {"period": new.period.name},
    )
    return _back(new)
