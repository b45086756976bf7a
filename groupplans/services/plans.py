"""The HGW cycle of a group plan, as the user does it: starting a plan, writing its texts,
proposing the instruction groups from test levels and moving pupils, instruction groups and
goals, closing and reopening phases, evaluating goals (with a proposal from the next test),
and starting the plan of the next period from this one.

Every function that writes is one transaction: the change, its revision (``core.history``) and
its audit entry, or nothing. Records two people may edit are claimed first (``core.editguard``):
a save made on what someone changed in between raises ``editguard.Stale`` and writes nothing.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, editguard, history
from core.models import AuditAction
from pupils.models import Assessment, Instrument, InstrumentKind, Pupil, ScaleLevel
from schools.models import Period

from ..forms import DUPLICATE_PLAN
from ..models import PHASE_ORDER, Goal, GroupPlan, InstructionGroup, Phase, Placement
from . import defaults as organisation
from . import proposals

# The three groups most Dutch schools work with, best known by how much instruction they give.
DEFAULT_GROUPS = [
    (InstructionGroup.Kind.INTENSIVE, "Intensieve instructie"),
    (InstructionGroup.Kind.BASIC, "Basisinstructie"),
    (InstructionGroup.Kind.EXTENDED, "Verdiept aanbod"),
]

# The plan text written in each phase; the plan phase writes its instruction groups instead.
PHASE_TEXT_FIELDS = {
    Phase.OBSERVE: "observe_notes",
    Phase.UNDERSTAND: "reflection",
    Phase.REALISE: "execution_notes",
    Phase.EVALUATE: "evaluation_notes",
}


class PlanError(Exception):
    """A change the plan refuses; the message is Dutch and meant for the user."""


class PupilMoved(PlanError):
    """The pupil is no longer where the user saw her: nothing was moved. ``now`` is the instruction
    group she is in now (None: not placed)."""

    def __init__(self, pupil, now):
        self.pupil, self.now = pupil, now
        if now is None:
            message = _("%(pupil)s is intussen niet meer ingedeeld. Er is niets verplaatst.") % {
                "pupil": pupil.full_name
            }
        else:
            message = _(
                "Iemand anders heeft %(pupil)s intussen ingedeeld in %(group)s. Er is niets verplaatst; "
                "verplaats opnieuw als het toch anders moet."
            ) % {"pupil": pupil.full_name, "group": now.name}
        super().__init__(message)


def group_pupils(plan):
    """The pupils enrolled in the plan's group."""
    return Pupil.objects.filter(enrolments__group_id=plan.group_id)


def _signed_in(user):
    return user if user is not None and user.is_authenticated else None


def save_plan(plan, user, *, version=None):
    """Save the plan with its revision; ``version`` (the one the user started from) guards it."""
    plan.updated_by = _signed_in(user)
    return history.save(plan, user, version=version)


def _touch(plan, user):
    """The plan shows who changed it last, also when the change was to one of its parts (which keeps
    its own revision)."""
    GroupPlan.objects.filter(pk=plan.pk).update(updated_by=_signed_in(user), updated_at=timezone.now())


def _audit(request, action, obj, event, user, **data):
    audit.record(request, action, obj, event=event, data=data, user=user)


def require_phase(plan, phase):
    """Refuse a change that belongs to another phase than the one the plan is in."""
    if plan.phase != phase:
        raise PlanError(
            _("Dit kan alleen in de fase %(phase)s; het plan staat nu in de fase %(current)s.")
            % {"phase": Phase(phase).label, "current": plan.get_phase_display()}
        )


# --- Starting a plan and writing its texts ----------------------------------------------------------------------------


def start_plan(form, user, *, request=None):
    """A new plan from ``PlanForm``, linked to the plan of the period before it."""
    try:
        return _start_plan(form, user, request)
    except IntegrityError:  # a colleague started the same plan a moment earlier
        raise PlanError(str(DUPLICATE_PLAN)) from None


@transaction.atomic
def _start_plan(form, user, request):
    plan = form.save(commit=False)
    plan.previous = previous_plan(plan.group, plan.period, plan.subject)
    save_plan(plan, user)
    _audit(request, AuditAction.CREATE, plan, "groupplans.plan_started", user)
    return plan


def text_phase(field):
    return next(phase for phase, name in PHASE_TEXT_FIELDS.items() if name == field)


@transaction.atomic
def save_plan_text(form, user, *, request=None):
    """Save one text of the plan (``forms.plan_text_form``) as of the version the user started from."""
    plan = form.instance
    field = next(name for name in form.fields if name != "version")
    require_phase(plan, text_phase(field))
    editguard.claim(plan, form.cleaned_data["version"])
    save_plan(plan, user)
    _audit(request, AuditAction.CHANGE, plan, "groupplans.plan_text_saved", user, field=field)
    return plan


# --- Grouping ---------------------------------------------------------------------------------------------------------


def grouping_instruments():
    """The tests a grouping goes by: the monitoring tests (LVS), and the reading tests whose scale has a
    national norm (DMT on I-V; not AVI, whose levels say nothing about the norm)."""
    normed = Exists(ScaleLevel.objects.filter(scale_id=OuterRef("scale_id"), below_norm=True))
    return Instrument.objects.filter(
        Q(kind=InstrumentKind.MONITORING) | (Q(kind=InstrumentKind.READING_LEVEL) & normed)
    ).values("pk")


def latest_levels(plan, pupil_ids):
    """pupil id -> the latest result (with its level and test) in the plan's subject of the tests a
    grouping goes by (:func:`grouping_instruments`), in one query."""
    latest = {}
    results = (
        Assessment.objects.filter(
            pupil_id__in=pupil_ids, subject_id=plan.subject_id, instrument__in=grouping_instruments()
        )
        .select_related("level", "instrument")
        .order_by("pupil_id", "-date", "-id")
    )
    for result in results:
        latest.setdefault(result.pupil_id, result)
    return latest


def kind_for(result):
    """The instruction a pupil needs by her latest level: rank <= 2 or below the norm intensive,
    3 basic, 4 and up extended; no result (or no level) basic."""
    if result is None or result.level is None:
        return InstructionGroup.Kind.BASIC
    if result.level.below_norm or result.level.rank <= 2:
        return InstructionGroup.Kind.INTENSIVE
    if result.level.rank >= 4:
        return InstructionGroup.Kind.EXTENDED
    return InstructionGroup.Kind.BASIC


def default_groups(plan, user):
    """The plan's first instruction group of each default kind, created where missing with the school's
    organisation of that kind (``defaults``) and the group's teachers as who gives it."""
    existing = {}
    for group in plan.instruction_groups.order_by("order", "id"):
        existing.setdefault(group.kind, group)
    missing = [(order, kind, name) for order, (kind, name) in enumerate(DEFAULT_GROUPS) if kind not in existing]
    if missing:
        school_defaults = organisation.ensure_defaults(plan.group.school_year.school, user)
        for order, kind, name in missing:
            values = organisation.organisation_for(kind, school_defaults, plan.group)
            existing[kind] = history.save(
                InstructionGroup(plan=plan, kind=kind, name=str(name), order=order, **values), user
            )
    return existing


def placements_token(pairs):
    """A short fingerprint of a plan's placements, ``pairs`` of (pupil id, instruction group id):
    what the user saw when she asked for a proposal."""
    text = ";".join(f"{pupil}:{group}" for pupil, group in sorted(pairs))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def current_placements_token(plan):
    return placements_token(Placement.objects.filter(plan=plan).values_list("pupil_id", "instruction_group_id"))


def propose_grouping(plan, user=None, *, seen=None, request=None):
    """Place every pupil of the group by her latest level in the plan's subject, replacing the
    placements the user saw (``seen``: their :func:`placements_token`); when a colleague placed or
    moved a pupil since, :class:`core.editguard.Stale` and nothing changes.
    Returns {kind: number of pupils} for the three default kinds."""
    try:
        return _propose_grouping(plan, user, seen, request)
    except IntegrityError:  # a colleague placed a pupil at the same moment
        raise editguard.Stale from None


@transaction.atomic
def _propose_grouping(plan, user, seen, request):
    require_phase(plan, Phase.PLAN)
    if seen is not None and seen != current_placements_token(plan):
        raise editguard.Stale
    groups = default_groups(plan, user)
    pupils = list(group_pupils(plan))
    latest = latest_levels(plan, [p.pk for p in pupils])
    placed = {group.pk: [] for group in groups.values()}
    current = {p.pupil_id: p for p in plan.placements.all()}
    counts = {kind: 0 for kind, _name in DEFAULT_GROUPS}
    moved = []
    for pupil in pupils:
        kind = kind_for(latest.get(pupil.pk))
        counts[kind] += 1
        target = groups[kind]
        placed[target.pk].append(pupil.pk)
        placement = current.pop(pupil.pk, None)
        if placement is None:
            history.save(Placement(plan=plan, instruction_group=target, pupil=pupil), user)
        elif placement.instruction_group_id != target.pk:
            # Only from where the pupil was when the proposal was read: a move in between refuses it.
            if not editguard.claim_state(
                Placement,
                placement.pk,
                expected={"instruction_group_id": placement.instruction_group_id},
                values={"instruction_group_id": target.pk},
            ):
                raise editguard.Stale
            placement.instruction_group = target
            placement.version += 1
            moved.append(placement)
    history.record(moved, user, AuditAction.CHANGE)
    for gone in current.values():  # pupils who left the group
        history.delete(gone, user)
    _propose_goals(plan, groups, placed, proposals.grouping_instrument(latest), user)
    _audit(request, AuditAction.CHANGE, plan, "groupplans.grouping_proposed", user, **counts)
    return counts


def _propose_goals(plan, groups, placed, instrument, user):
    """Each of ``groups`` without a goal gets the goal proposed from its pupils (``placed``: instruction group
    id -> pupil ids), when the data give a complete one; the teacher sees it in the plan and can change it."""
    with_goals = set(Goal.objects.filter(instruction_group__plan=plan).values_list("instruction_group_id", flat=True))
    for group in groups.values():
        if group.pk in with_goals or not placed.get(group.pk):
            continue
        proposal = proposals.propose_goal(group, instrument=instrument, pupil_ids=placed[group.pk])
        if proposal.complete:
            history.save(
                Goal(
                    instruction_group=group,
                    what=proposal.what,
                    instrument=proposal.instrument,
                    target_level=proposal.target_level,
                    date=proposal.date,
                ),
                user,
            )


def move_pupil(plan, pupil, instruction_group, user=None, *, from_group, request=None):
    """Move ``pupil`` to ``instruction_group`` (of this plan) from ``from_group``, the instruction
    group the user saw her in (None: she was not placed yet). A pupil has one placement per plan.

    When the pupil is no longer in ``from_group``, nothing changes and :class:`PupilMoved` says
    where she is now."""
    try:
        return _move_pupil(plan, pupil, instruction_group, user, from_group, request)
    except IntegrityError:  # placed by a colleague at the same moment
        raise PupilMoved(pupil, _placed_in(plan, pupil)) from None


def _placed_in(plan, pupil):
    placement = Placement.objects.filter(plan=plan, pupil=pupil).select_related("instruction_group").first()
    return placement.instruction_group if placement else None


@transaction.atomic
def _move_pupil(plan, pupil, instruction_group, user, from_group, request):
    require_phase(plan, Phase.PLAN)
    if instruction_group.plan_id != plan.pk or (from_group is not None and from_group.plan_id != plan.pk):
        raise PlanError(_("Deze instructiegroep hoort niet bij dit plan."))
    if not group_pupils(plan).filter(pk=pupil.pk).exists():
        raise PlanError(_("Deze leerling zit niet in deze groep."))
    placement = Placement.objects.filter(plan=plan, pupil=pupil).first()
    if from_group is None:
        if placement is not None:
            raise PupilMoved(pupil, placement.instruction_group)
        placement = history.save(Placement(plan=plan, pupil=pupil, instruction_group=instruction_group), user)
    elif from_group.pk != instruction_group.pk:
        claimed = placement is not None and editguard.claim_state(
            Placement,
            placement.pk,
            expected={"instruction_group_id": from_group.pk},
            values={"instruction_group_id": instruction_group.pk},
        )
        if not claimed:
            raise PupilMoved(pupil, _placed_in(plan, pupil))
        placement.refresh_from_db()
        history.record([placement], user, AuditAction.CHANGE)
    _touch(plan, user)
    _audit(request, AuditAction.CHANGE, plan, "groupplans.pupil_moved", user)
    return placement


def unplaced_pupils(plan, pupils=None):
    """The group's pupils (or ``pupils``) without a placement in this plan, in name order."""
    qs = pupils if pupils is not None else group_pupils(plan)
    return list(qs.filter(enrolments__group_id=plan.group_id).exclude(placements__plan=plan).distinct())


# --- Phases -----------------------------------------------------------------------------------------------------------


def missing_parts(plan):
    """What the current phase still needs before it can close, as Dutch sentences."""
    phase = plan.phase
    missing = []
    if phase == Phase.UNDERSTAND and not plan.reflection.strip():
        missing.append(_("Schrijf je reflectie: wat vraagt deze groep van jou?"))
    elif phase == Phase.PLAN:
        groups = list(plan.instruction_groups.prefetch_related("goals"))
        if not groups:
            missing.append(_("Maak minstens één instructiegroep."))
        unplaced = unplaced_pupils(plan)
        if unplaced:
            missing.append(_("Nog niet ingedeeld: %(names)s.") % {"names": ", ".join(p.full_name for p in unplaced)})
        for group in groups:
            goals = list(group.goals.all())
            if not goals:
                missing.append(_("%(group)s heeft nog geen doel.") % {"group": group.name})
            elif any(goal.date is None for goal in goals):
                missing.append(_("Een doel van %(group)s heeft nog geen datum.") % {"group": group.name})
            if not group.has_organisation:
                missing.append(
                    _("Vul de organisatie van %(group)s in: hoe vaak per week, hoeveel minuten en wie.")
                    % {"group": group.name}
                )
    elif phase == Phase.REALISE and not plan.execution_notes.strip():
        missing.append(_("Schrijf je aantekeningen bij de uitvoering."))
    elif phase == Phase.EVALUATE:
        open_goals = Goal.objects.filter(instruction_group__plan=plan, evaluation="").select_related(
            "instruction_group"
        )
        for goal in open_goals:
            missing.append(
                _("Evalueer het doel '%(goal)s' van %(group)s.") % {"goal": goal, "group": goal.instruction_group.name}
            )
    elif phase == Phase.DONE:
        missing.append(_("Dit plan is al afgerond."))
    return missing


def freeze_overview(overview):
    """The group overview as plain JSON: what the teacher saw when observing closed."""
    return {
        "taken_at": timezone.now().isoformat(),
        "columns": [{"code": s.code, "name": s.name} for s in overview.columns],
        "rows": [
            {
                "pupil_id": row.pupil.pk,
                "name": row.pupil.full_name,
                "care_level": row.care_level,
                "needs": [str(need.sentence) for need in row.needs],
                "cells": [
                    None
                    if cell is None
                    else {
                        "level": cell.level_code,
                        "below_norm": cell.below_norm,
                        "score": cell.score_display,
                        "label": cell.label,
                        "previous": cell.previous_code,
                        "direction": cell.direction or "",
                        "arrow": cell.direction_arrow,
                    }
                    for cell in row.columns
                ],
            }
            for row in overview.rows
        ],
        "summaries": [
            {
                "subject": summary.subject.name,
                "levels": [
                    {"code": level.code, "count": level.count, "below_norm": level.below_norm}
                    for level in summary.levels
                ],
                "with_level": summary.with_level,
                "below_norm": summary.below_norm,
                "without_level": summary.without_level,
            }
            for summary in overview.summaries
        ],
    }


def _require_seen_phase(plan, seen, message):
    if seen is not None and plan.phase != seen:
        raise PlanError(message % {"current": plan.get_phase_display()})


@transaction.atomic
def close_phase(plan, user, overview=None, *, phase=None, request=None):
    """Close the current phase when its parts are there; returns what is missing (empty when closed).

    ``phase`` is the phase the user saw open: when the plan moved on (or back) since, nothing is
    closed (:class:`PlanError`). The plan is claimed at the version it was read in, so two closes at
    once close one phase, not two (:class:`core.editguard.Stale`).
    Closing observe freezes ``overview`` (the group overview the closer sees) into the plan.
    Closing realise stores each goal's proposed evaluation from the test results, with revisions."""
    _require_seen_phase(plan, phase, _("Het plan staat intussen in de fase %(current)s: er is niets afgesloten."))
    missing = missing_parts(plan)
    if missing:
        return missing
    closing = plan.phase
    editguard.claim(plan, plan.version)
    if closing == Phase.OBSERVE:
        if overview is None:
            from pupils.overview import build_overview

            overview = build_overview(plan.group, group_pupils(plan), subject=plan.subject.code)
        plan.observe_snapshot = freeze_overview(overview)
    if closing == Phase.REALISE:
        goals = list(Goal.objects.filter(instruction_group__plan=plan).select_related("instrument", "target_level"))
        for goal in goals:
            goal.evaluation_proposed = propose_evaluation(goal)
        history.bulk_update(goals, ["evaluation_proposed"], user)
    plan.phase = PHASE_ORDER[plan.phase_index + 1]
    save_plan(plan, user)
    _audit(request, AuditAction.CHANGE, plan, "groupplans.phase_closed", user, phase=closing)
    return []


@transaction.atomic
def reopen_phase(plan, user, to_phase=None, *, current=None, request=None):
    """Go back one phase, or to the earlier ``to_phase``; the history keeps every step.

    ``current`` is the phase the user saw the plan in: when it moved since, nothing is reopened."""
    _require_seen_phase(plan, current, _("Het plan staat intussen in de fase %(current)s: er is niets heropend."))
    if plan.phase_index == 0:
        raise PlanError(_("Dit plan staat al in de eerste fase."))
    if to_phase in (None, ""):
        target = PHASE_ORDER[plan.phase_index - 1]
    elif to_phase in PHASE_ORDER[: plan.phase_index]:
        target = Phase(to_phase)
    else:
        raise PlanError(_("Je kunt alleen een eerdere fase heropenen."))
    editguard.claim(plan, plan.version)
    plan.phase = target
    save_plan(plan, user)
    _audit(request, AuditAction.CHANGE, plan, "groupplans.phase_reopened", user, phase=target.value)
    return plan


# --- Instruction groups and goals -------------------------------------------------------------------------------------


def _version(form):
    """The version a form of an existing record started from; None for a new record."""
    return None if form.instance._state.adding else form.cleaned_data["version"]


@transaction.atomic
def save_instruction_group(form, user, *, request=None):
    """Add or change an instruction group (``InstructionGroupForm``) of a plan in the plan phase."""
    group = form.instance
    plan = group.plan
    require_phase(plan, Phase.PLAN)
    created = group._state.adding
    group = history.save_form(form, user, version=_version(form))
    _touch(plan, user)
    _audit(
        request,
        AuditAction.CREATE if created else AuditAction.CHANGE,
        plan,
        "groupplans.instruction_group_saved",
        user,
    )
    return group


@transaction.atomic
def save_goal(form, user, *, request=None):
    """Add or change a SMART goal: of an instruction group (in the plan phase) or of an individual plan."""
    goal = form.instance
    created = goal._state.adding
    if goal.instruction_group_id is not None:
        plan = goal.instruction_group.plan
        require_phase(plan, Phase.PLAN)
    goal = history.save_form(form, user, version=_version(form))
    if goal.instruction_group_id is not None:
        _touch(plan, user)
        _audit(request, AuditAction.CREATE if created else AuditAction.CHANGE, plan, "groupplans.goal_saved", user)
    else:
        audit.record(
            request,
            AuditAction.CREATE if created else AuditAction.CHANGE,
            goal,
            event="groupplans.individual_goal_saved",
            user=user,
            school_id=goal.individual_plan.pupil.school_id,
        )
    return goal


@transaction.atomic
def evaluate_goal(form, user, *, request=None):
    """Record the evaluation of a group plan's goal (``GoalEvaluationForm``) in the evaluate phase,
    next to the proposal from the test results the teacher saw."""
    goal = form.instance
    plan = goal.instruction_group.plan
    require_phase(plan, Phase.EVALUATE)
    editguard.claim(goal, form.cleaned_data["version"])
    goal.evaluation_proposed = propose_evaluation(goal)
    goal = history.save_form(form, user)
    _touch(plan, user)
    _audit(request, AuditAction.CHANGE, plan, "groupplans.goal_evaluated", user, evaluation=goal.evaluation)
    return goal


# --- Evaluation -------------------------------------------------------------------------------------------------------


def reaches(goal, result):
    if goal.target_level_id is not None:
        return (
            result.level_id is not None
            and result.level.scale_id == goal.target_level.scale_id
            and result.level.rank >= goal.target_level.rank
        )
    if goal.target_score is not None:
        return result.score is not None and result.score >= goal.target_score
    return False


def goal_results(goal):
    """pupil -> the first result with the goal's test on or after the goal's date, for each
    pupil placed in the goal's instruction group (None when the pupil has none yet)."""
    group = goal.instruction_group
    pupils = [p.pupil for p in group.placements.select_related("pupil")]
    if not pupils or goal.instrument_id is None or goal.date is None:
        return {pupil: None for pupil in pupils}
    subject_id = goal.instrument.subject_id or group.plan.subject_id
    first = {}
    results = Assessment.objects.filter(
        pupil__in=pupils, instrument_id=goal.instrument_id, subject_id=subject_id, date__gte=goal.date
    ).select_related("level")
    for result in results.order_by("pupil_id", "date", "id"):
        first.setdefault(result.pupil_id, result)
    return {pupil: first.get(pupil.pk) for pupil in pupils}


def propose_evaluation(goal, results=None):
    """Achieved when every placed pupil with a result reached the target on the first test
    after the goal's date, partly when some did, not achieved when none did; '' without results."""
    results = goal_results(goal) if results is None else results
    measured = [result for result in results.values() if result is not None]
    if not measured:
        return ""
    reached = sum(1 for result in measured if reaches(goal, result))
    if reached == len(measured):
        return Goal.Evaluation.ACHIEVED
    if reached:
        return Goal.Evaluation.PARTLY
    return Goal.Evaluation.NOT_ACHIEVED


# --- The next period --------------------------------------------------------------------------------------------------


def next_period(plan):
    return (
        Period.objects.filter(school_year_id=plan.period.school_year_id, start_date__gt=plan.period.start_date)
        .order_by("start_date")
        .first()
    )


def previous_plan(group, period, subject):
    """The plan of the period before ``period`` for this group and subject, if there is one."""
    before = (
        Period.objects.filter(school_year_id=period.school_year_id, start_date__lt=period.start_date)
        .order_by("-start_date")
        .first()
    )
    if before is None:
        return None
    return GroupPlan.objects.filter(group=group, period=before, subject=subject).first()


def _save_unvalidated(obj, user):
    """Save with history, skipping validation: a copied goal waits for the teacher to set its date."""
    return history.save(obj, user, validate=False)


def _with_new_date(goal, date):
    """The goal's text with its old date replaced by the new one, when the text names the date the way the
    composed goal text does; otherwise the text as the teacher wrote it."""
    if goal.date is None or date is None:
        return goal.what
    from django.utils.formats import date_format

    old, new = date_format(goal.date, "j F Y"), date_format(date, "j F Y")
    return goal.what.replace(old, new)


def start_next_plan(plan, period=None, user=None, *, request=None):
    """The plan of the next period of the same school year, filled from this one: the same
    instruction groups with their offer and organisation, the same placements, and the goals
    (what and how measured), dated at the test moment of their test that closes the new period
    (:func:`proposals.test_date`); the teacher checks them."""
    try:
        return _start_next_plan(plan, period, user, request)
    except IntegrityError:  # started by a colleague at the same moment
        raise PlanError(_("Er is al een plan voor de volgende periode.")) from None


@transaction.atomic
def _start_next_plan(plan, period, user, request):
    if plan.phase not in (Phase.EVALUATE, Phase.DONE):
        raise PlanError(_("Start de volgende periode als je dit plan evalueert."))
    period = period or next_period(plan)
    if period is None:
        raise PlanError(_("Er is geen volgende periode in dit schooljaar. Maak die eerst aan (beheer)."))
    if period.school_year_id != plan.period.school_year_id or period.start_date <= plan.period.start_date:
        raise PlanError(_("Kies een latere periode van hetzelfde schooljaar."))
    if GroupPlan.objects.filter(group_id=plan.group_id, period=period, subject_id=plan.subject_id).exists():
        raise PlanError(_("Er is al een plan voor %(period)s.") % {"period": period.name})
    new = save_plan(GroupPlan(group=plan.group, period=period, subject=plan.subject, previous=plan), user)
    school_id = plan.group.school_year.school_id
    dates = {}
    still_here = set(group_pupils(plan).values_list("pk", flat=True))
    for old in plan.instruction_groups.prefetch_related("placements", "goals"):
        group = history.save(
            InstructionGroup(
                plan=new,
                name=old.name,
                kind=old.kind,
                order=old.order,
                content=old.content,
                approach=old.approach,
                materials=old.materials,
                times_per_week=old.times_per_week,
                minutes=old.minutes,
                who=old.who,
                where=old.where,
            ),
            user,
        )
        for placement in old.placements.all():
            if placement.pupil_id in still_here:
                history.save(Placement(plan=new, instruction_group=group, pupil_id=placement.pupil_id), user)
        for goal in old.goals.all():
            # The new date: the test moment of the goal's test that closes the new period.
            if goal.instrument_id is not None and goal.instrument_id not in dates:
                dates[goal.instrument_id] = proposals.test_date(goal.instrument, period, school_id)
            _save_unvalidated(
                Goal(
                    instruction_group=group,
                    what=_with_new_date(goal, dates.get(goal.instrument_id)),
                    instrument_id=goal.instrument_id,
                    target_level_id=goal.target_level_id,
                    target_score=goal.target_score,
                    date=dates.get(goal.instrument_id),
                ),
                user,
            )
    _audit(request, AuditAction.CREATE, new, "groupplans.next_plan_started", user)
    return new
