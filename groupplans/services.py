"""The HGW cycle of a group plan: proposing the instruction groups from test levels,
placing pupils, the parts each phase needs before it closes, closing and reopening
phases, proposing a goal's evaluation from the next test, and starting the plan of
the next period from this one.

Every change is saved through ``core.history`` inside one transaction, so it keeps
who, when and what, and never half-saves. Views write the audit entries.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from pupils.models import Assessment, InstrumentKind, Pupil
from schools.models import Period

from .models import PHASE_ORDER, Goal, GroupPlan, InstructionGroup, Phase, Placement

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


def group_pupils(plan):
    """The pupils enrolled in the plan's group."""
    return Pupil.objects.filter(enrolments__group_id=plan.group_id)


def _claim_version(plan):
    """Take the next version of the plan, so that an edit started on the old one is refused."""
    GroupPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    plan.version = GroupPlan.objects.values_list("version", flat=True).get(pk=plan.pk)


def save_plan(plan, user):
    plan.updated_by = user if user is not None and user.is_authenticated else None
    return history.save(plan, user)


# --- Grouping ---------------------------------------------------------------------------------------------------------


def latest_levels(plan, pupil_ids):
    """pupil id -> the latest monitoring result (with its level) in the plan's subject, in one query."""
    latest = {}
    results = (
        Assessment.objects.filter(
            pupil_id__in=pupil_ids, subject_id=plan.subject_id, instrument__kind=InstrumentKind.MONITORING
        )
        .select_related("level")
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
    """The plan's first instruction group of each default kind, created where missing."""
    existing = {}
    for group in plan.instruction_groups.order_by("order", "id"):
        existing.setdefault(group.kind, group)
    for order, (kind, name) in enumerate(DEFAULT_GROUPS):
        if kind not in existing:
            existing[kind] = history.save(InstructionGroup(plan=plan, kind=kind, name=name, order=order), user)
    return existing


@transaction.atomic
def propose_grouping(plan, user=None):
    """Place every pupil of the group by her latest level in the plan's subject, replacing the
    current placements. Returns {kind: number of pupils} for the three default kinds."""
    groups = default_groups(plan, user)
    pupils = list(group_pupils(plan))
    latest = latest_levels(plan, [p.pk for p in pupils])
    current = {p.pupil_id: p for p in plan.placements.all()}
    counts = {kind: 0 for kind, _name in DEFAULT_GROUPS}
    for pupil in pupils:
        kind = kind_for(latest.get(pupil.pk))
        counts[kind] += 1
        target = groups[kind]
        placement = current.pop(pupil.pk, None)
        if placement is None:
            history.save(Placement(plan=plan, instruction_group=target, pupil=pupil), user)
        elif placement.instruction_group_id != target.pk:
            placement.instruction_group = target
            history.save(placement, user)
    for stale in current.values():  # pupils who left the group
        history.delete(stale, user)
    return counts


@transaction.atomic
def move_pupil(plan, pupil, instruction_group, user=None):
    """Place ``pupil`` in ``instruction_group`` (of this plan); a pupil has one placement per plan."""
    if instruction_group.plan_id != plan.pk:
        raise PlanError(_("Deze instructiegroep hoort niet bij dit plan."))
    if not group_pupils(plan).filter(pk=pupil.pk).exists():
        raise PlanError(_("Deze leerling zit niet in deze groep."))
    placement = Placement.objects.filter(plan=plan, pupil=pupil).first()
    if placement is None:
        placement = Placement(plan=plan, pupil=pupil)
    elif placement.instruction_group_id == instruction_group.pk:
        return placement
    placement.instruction_group = instruction_group
    return history.save(placement, user)


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


@transaction.atomic
def close_phase(plan, user, overview=None):
    """Close the current phase when its parts are there; returns what is missing (empty when closed).

    Closing observe freezes ``overview`` (the group overview the closer sees) into the plan.
    Closing realise stores each goal's proposed evaluation from the test results."""
    missing = missing_parts(plan)
    if missing:
        return missing
    if plan.phase == Phase.OBSERVE:
        if overview is None:
            from pupils.overview import build_overview

            overview = build_overview(plan.group, group_pupils(plan), subject=plan.subject.code)
        plan.observe_snapshot = freeze_overview(overview)
    if plan.phase == Phase.REALISE:
        for goal in Goal.objects.filter(instruction_group__plan=plan).select_related("instrument", "target_level"):
            goal.evaluation_proposed = propose_evaluation(goal)
            goal.save(update_fields=["evaluation_proposed"])
    _claim_version(plan)
    plan.phase = PHASE_ORDER[plan.phase_index + 1]
    save_plan(plan, user)
    return []


@transaction.atomic
def reopen_phase(plan, user, to_phase=None):
    """Go back one phase, or to the earlier ``to_phase``; the history keeps every step."""
    if plan.phase_index == 0:
        raise PlanError(_("Dit plan staat al in de eerste fase."))
    if to_phase in (None, ""):
        target = PHASE_ORDER[plan.phase_index - 1]
    elif to_phase in PHASE_ORDER[: plan.phase_index]:
        target = Phase(to_phase)
    else:
        raise PlanError(_("Je kunt alleen een eerdere fase heropenen."))
    _claim_version(plan)
    plan.phase = target
    save_plan(plan, user)
    return plan


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


@transaction.atomic
def start_next_plan(plan, period=None, user=None):
    """The plan of the next period of the same school year, filled from this one: the same
    instruction groups with their offer and organisation, the same placements, and the goals
    (what and how measured; the teacher sets the new date)."""
    period = period or next_period(plan)
    if period is None:
        raise PlanError(_("Er is geen volgende periode in dit schooljaar. Maak die eerst aan (beheer)."))
    if period.school_year_id != plan.period.school_year_id or period.start_date <= plan.period.start_date:
        raise PlanError(_("Kies een latere periode van hetzelfde schooljaar."))
    if GroupPlan.objects.filter(group_id=plan.group_id, period=period, subject_id=plan.subject_id).exists():
        raise PlanError(_("Er is al een plan voor %(period)s.") % {"period": period.name})
    new = save_plan(GroupPlan(group=plan.group, period=period, subject=plan.subject, previous=plan), user)
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
            _save_unvalidated(
                Goal(
                    instruction_group=group,
                    what=goal.what,
                    instrument_id=goal.instrument_id,
                    target_level_id=goal.target_level_id,
                    target_score=goal.target_score,
                ),
                user,
            )
    return new
