"""Zorgoverzicht: the pupils of each group per care level now and at the start of the school year, the moves
between levels during the year, the individual action plans and the pupils taken out of class for remedial
teaching.

A pupil's level on a day is the level of her latest ``CareLevelChange`` recorded on or before that day, and
level 1 (general care in the group) when there is none; so a report about a past year shows the levels as
they were then, not as they are today. The pupils counted are those enrolled in a group of the report's
year within the scope (``scope.enrolments_q``: in a combination group 4/5 a bovenbouw report counts only the
year-5 pupils) who had not left the school before ``scope.today``. The same pupils are counted at the start
of the year, so the two tables and the moves add up; a pupil who came in during the year counts at the
level she had on the first day (level 1 when she had none yet).

Five queries whatever the number of pupils: the groups, the levels (grouped by group, level at the start and
level now), the action plans per group, and the remedial teaching per staff member and subject, with its
total.
"""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from groupplans.models import IndividualPlan
from pupils.models import CARE_LEVELS, CareLevelChange, Enrolment, RemedialAssignment
from schools.models import Group

LEVELS = [level for level, _label in CARE_LEVELS]
BASE_LEVEL = 1  # general care in the group: every pupil's level until a change is recorded
PLAN_LEVEL = 3  # from this level on a pupil has an individual action plan (handelingsplan)


def compute(scope):
    start = scope.year_start
    groups = _groups(scope)
    levels = _levels(scope, start)
    plans = _plans(scope)
    for group in groups:
        counts = levels.get(group["id"], _empty_levels())
        group.update(pupils=counts["pupils"], levels=_per_level(counts["start"], counts["now"]))
        group.update(plans.get(group["id"], {"plans": 0, "open_plans": 0, "without_plan": 0}))
    total_levels = _per_level(
        [sum(counts["start"][index] for counts in levels.values()) for index in range(len(LEVELS))],
        [sum(counts["now"][index] for counts in levels.values()) for index in range(len(LEVELS))],
    )
    totals = {
        "pupils": sum(group["pupils"] for group in groups),
        "levels": total_levels,
        "at_plan_level": sum(cell["now"] for cell in total_levels if cell["level"] >= PLAN_LEVEL),
        "plans": sum(group["plans"] for group in groups),
        "open_plans": sum(group["open_plans"] for group in groups),
        "without_plan": sum(group["without_plan"] for group in groups),
    }
    moves = _moves(levels)
    remedial, remedial_pupils = _remedial(scope)
    return {
        "levels": LEVELS,
        "start_date": start.isoformat(),
        "today": scope.today.isoformat(),
        "plan_level": PLAN_LEVEL,
        "groups": groups,
        "totals": totals,
        "moves": moves,
        "moves_up": sum(move["pupils"] for move in moves if move["to"] > move["from"]),
        "moves_down": sum(move["pupils"] for move in moves if move["to"] < move["from"]),
        "remedial": remedial,
        "remedial_pupils": remedial_pupils,
    }


def charts(data):
    # Care levels per group read best as a table; the section has no chart.
    return {}


# --- Helpers -------------------------------------------------------------------------------------------------------


def end_of(day):
    """The first moment after ``day`` in the active time zone: whatever was recorded before it counts on ``day``."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def level_on(day, pupil_ref="pupil_id"):
    """The care level the pupil (``OuterRef(pupil_ref)``) had on ``day``, as an expression."""
    latest = (
        CareLevelChange.objects.filter(pupil_id=OuterRef(pupil_ref), created_at__lt=end_of(day))
        .order_by("-created_at", "-id")
        .values("level")[:1]
    )
    return Coalesce(Subquery(latest, output_field=IntegerField()), Value(BASE_LEVEL))


def pupils(scope):
    """The enrolments counted: pupils of the report's year within the scope, still at school on its day."""
    return Enrolment.objects.filter(scope.enrolments_q(), school_year_id=scope.year_id).exclude(
        pupil__date_out__lt=scope.today
    )


def _groups(scope):
    rows = (
        Group.objects.filter(scope.groups_q(), school_year_id=scope.year_id)
        .order_by("year_level_low", "year_level_high", "name")
        .values_list("pk", "name")
    )
    return [{"id": pk, "name": name} for pk, name in rows]


def _empty_levels():
    return {"pupils": 0, "now": [0] * len(LEVELS), "start": [0] * len(LEVELS), "pairs": {}}


def _levels(scope, start):
    """Per group: pupils, counts per level now and at the start, and (start, now) -> pupils."""
    rows = (
        pupils(scope)
        .annotate(level_start=level_on(start), level_now=level_on(scope.today))
        .values("group_id", "level_start", "level_now")
        .annotate(count=Count("id"))
        .order_by()
    )
    by_group = {}
    for row in rows:
        group = by_group.setdefault(row["group_id"], _empty_levels())
        group["pupils"] += row["count"]
        group["now"][LEVELS.index(row["level_now"])] += row["count"]
        group["start"][LEVELS.index(row["level_start"])] += row["count"]
        if row["level_start"] != row["level_now"]:
            key = f"{row['level_start']}-{row['level_now']}"
            group["pairs"][key] = group["pairs"].get(key, 0) + row["count"]
    return by_group


def _per_level(start, now):
    return [{"level": level, "start": start[index], "now": now[index]} for index, level in enumerate(LEVELS)]


def _moves(levels):
    """Pupils whose level now differs from the one at the start, per (from, to), over all groups."""
    pairs = {}
    for group in levels.values():
        for key, count in group["pairs"].items():
            pairs[key] = pairs.get(key, 0) + count
    moves = []
    for key, count in pairs.items():
        low, high = (int(part) for part in key.split("-"))
        moves.append({"from": low, "to": high, "pupils": count})
    return sorted(moves, key=lambda move: (move["from"], move["to"]))


def _plans(scope):
    """Per group: this year's individual action plans of its pupils, those not yet evaluated, and the pupils
    at level 3 or higher now who have no plan this year."""
    this_year = Q(pupil__action_plans__period__school_year_id=scope.year_id)
    has_plan = IndividualPlan.objects.filter(pupil_id=OuterRef("pupil_id"), period__school_year_id=scope.year_id)
    rows = (
        pupils(scope)
        .annotate(level_now=level_on(scope.today), has_plan=Exists(has_plan))
        .values("group_id")
        .annotate(
            plans=Count("pupil__action_plans", filter=this_year, distinct=True),
            open_plans=Count(
                "pupil__action_plans", filter=this_year & Q(pupil__action_plans__evaluation=""), distinct=True
            ),
            without_plan=Count("id", filter=Q(level_now__gte=PLAN_LEVEL, has_plan=False), distinct=True),
        )
        .order_by()
    )
    return {
        row["group_id"]: {"plans": row["plans"], "open_plans": row["open_plans"], "without_plan": row["without_plan"]}
        for row in rows
    }


def _remedial(scope):
    """Pupils in scope taken out of class on ``scope.today``: per remedial teacher and subject, and in all."""
    active = RemedialAssignment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=scope.today),
        start_date__lte=scope.today,
        pupil_id__in=pupils(scope).values("pupil_id"),
    )
    rows = (
        active.values("staff_id", "staff__first_name", "staff__last_name", "staff__username", "subject")
        .annotate(pupils=Count("pupil_id", distinct=True))
        .order_by("staff__last_name", "staff__first_name", "staff_id", "subject")
    )
    groups = [
        {
            "staff": f"{row['staff__first_name']} {row['staff__last_name']}".strip() or row["staff__username"],
            "subject": row["subject"],
            "pupils": row["pupils"],
        }
        for row in rows
    ]
    total = active.aggregate(pupils=Count("pupil_id", distinct=True))["pupils"]
    return groups, total
