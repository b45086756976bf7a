"""De HGW-cyclus: per group, subject and period of the report's school year whether there is a group plan, its
phase and whether it is behind schedule; the goals of the plans evaluated and achieved; the group meetings
held and the actions of the meetings about the groups that are open or overdue.

Which subjects a group is expected to have a plan for: every subject that has a plan in any group of the year
within the scope. A group without a spelling plan while the others have one then reads "ontbreekt" instead
of being left out. A period that has not started yet expects nothing: its empty cell reads "nog niet
begonnen". Whether a plan is behind is the rule of ``groupplans.progress`` on ``scope.today``.

A teacher's scope holds her own groups only (``scope.groups_q``), so she sees her own cycle and nothing of
other groups, also not which subjects they have plans for.

Five queries whatever the number of plans: the groups, the periods, the plans with their goal counts, the
group meetings held and the open actions.
"""

from django.db.models import Count, Q

from groupplans.models import Action, GroupPlan, Meeting
from groupplans.progress import progress, with_goal_counts
from schools.models import Group, Period

PLAN, MISSING, NOT_STARTED = "plan", "missing", "not_started"


def compute(scope):
    groups = _groups(scope)
    periods = _periods(scope)
    plans = _plans(scope)
    subjects = _expected_subjects(plans)
    meetings = _meetings_held(scope)
    actions = _open_actions(scope)
    by_cell = {(plan.group_id, plan.subject_id, plan.period_id): plan for plan in plans}

    rows = [
        _group_row(group_id, name, subjects, periods, by_cell, scope.today, meetings, actions)
        for group_id, name in groups
    ]
    signals = [signal for row in rows for signal in _signals(row, periods)]
    return {
        "today": scope.today.isoformat(),
        "periods": [
            {"name": period["name"], "start": period["start"].isoformat(), "started": period["started"]}
            for period in periods
        ],
        "subjects": [subject["name"] for subject in subjects],
        "groups": rows,
        "signals": signals,
        "totals": {
            "plans": len(plans),
            "missing": sum(row["missing"] for row in rows),
            "behind": sum(row["behind"] for row in rows),
            "goals": _goal_counts(plans),
            "meetings_held": sum(row["meetings_held"] for row in rows),
            "actions_open": sum(row["actions_open"] for row in rows),
            "actions_overdue": sum(row["actions_overdue"] for row in rows),
        },
    }


def _group_row(group_id, name, subjects, periods, by_cell, today, meetings, actions):
    """One group: per expected subject the cells of the periods, and the group's counts."""
    plans, rows = [], []
    for subject in subjects:
        cells = []
        for period in periods:
            plan = by_cell.get((group_id, subject["id"], period["id"]))
            if plan is not None:
                plans.append(plan)
            cells.append(_cell(plan, period, today))
        rows.append({"name": subject["name"], "cells": cells})
    cells = [cell for row in rows for cell in row["cells"]]
    open_actions, overdue_actions = actions.get(group_id, (0, 0))
    return {
        "id": group_id,
        "name": name,
        "subjects": rows,
        "plans": len(plans),
        "missing": sum(cell["state"] == MISSING for cell in cells),
        "behind": sum(bool(cell.get("behind")) for cell in cells),
        "goals": _goal_counts(plans),
        "meetings_held": meetings.get(group_id, 0),
        "actions_open": open_actions,
        "actions_overdue": overdue_actions,
    }


# What stands out in a cell, in the order the report names it.
SIGNALS = (
    ("missing", lambda cell: cell["state"] == MISSING),
    ("behind", lambda cell: bool(cell.get("behind"))),
)


def _signals(row, periods):
    """What stands out in a group, per period: the subjects without a plan, the plans behind schedule."""
    signals = []
    for index, period in enumerate(periods):
        for kind, hit in SIGNALS:
            subjects = [in_sentence(subject["name"]) for subject in row["subjects"] if hit(subject["cells"][index])]
            if subjects:
                signals.append(
                    {"kind": kind, "group": row["name"], "period": in_sentence(period["name"]), "subjects": subjects}
                )
    return signals


def charts(data):
    # Plans per group, subject and period read best as a table; the section has no chart.
    return {}


# --- Helpers -------------------------------------------------------------------------------------------------------


def in_sentence(name):
    """A name as it reads inside a sentence: "Rekenen-wiskunde" -> "rekenen-wiskunde"; "AVI" stays."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _groups(scope):
    return list(
        Group.objects.filter(scope.groups_q(), school_year_id=scope.year_id)
        .order_by("year_level_low", "year_level_high", "name")
        .values_list("pk", "name")
    )


def _periods(scope):
    rows = (
        Period.objects.filter(school_year_id=scope.year_id)
        .order_by("start_date", "pk")
        .values_list("pk", "name", "start_date")
    )
    return [{"id": pk, "name": name, "start": start, "started": start <= scope.today} for pk, name, start in rows]


def _plans(scope):
    """The year's plans of the groups in scope, with their period (for the schedule rule), subject and the
    goals of their instruction groups counted as the plan overview counts them."""
    plans = GroupPlan.objects.filter(scope.groups_q("group__"), group__school_year_id=scope.year_id)
    return list(
        with_goal_counts(plans, overdue_on=scope.today)
        .select_related("period", "subject")
        .order_by("period__start_date", "subject__order", "subject__name")
    )


def _expected_subjects(plans):
    """Every subject with a plan in some group of the year in scope, in the school's subject order."""
    subjects = {plan.subject_id: plan.subject for plan in plans}
    ordered = sorted(subjects.values(), key=lambda subject: (subject.order, subject.name))
    return [{"id": subject.pk, "name": subject.name} for subject in ordered]


def _cell(plan, period, today):
    if plan is not None:
        return {"state": PLAN, "phase": plan.phase, "behind": progress(plan, today).behind}
    return {"state": MISSING if period["started"] else NOT_STARTED}


def _goal_counts(plans):
    total = sum(plan.goals_total for plan in plans)
    evaluated = sum(plan.goals_evaluated for plan in plans)
    achieved = sum(plan.goals_achieved for plan in plans)
    return {
        "total": total,
        "evaluated": evaluated,
        "achieved": achieved,
        "overdue": sum(plan.goals_overdue for plan in plans),
        # Evaluated of all goals; achieved of the evaluated ones (a goal not yet evaluated is not a failure).
        "evaluated_share": _share(evaluated, total),
        "achieved_share": _share(achieved, evaluated),
    }


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _meetings_held(scope):
    """Group meetings (groepsbesprekingen) about each group in scope held on or before ``scope.today``."""
    rows = (
        Meeting.objects.filter(
            scope.groups_q("group__"),
            group__school_year_id=scope.year_id,
            kind=Meeting.Kind.GROUP,
            date__lte=scope.today,
        )
        .values("group_id")
        .annotate(held=Count("id"))
        .order_by()
    )
    return {row["group_id"]: row["held"] for row in rows}


def _open_actions(scope):
    """Per group: the actions not done of the meetings about it, and of those the ones past their date."""
    rows = (
        Action.objects.filter(
            scope.groups_q("meeting__group__"), meeting__group__school_year_id=scope.year_id, done=False
        )
        .values("meeting__group_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=scope.today)))
        .order_by()
    )
    return {row["meeting__group_id"]: (row["open"], row["overdue"]) for row in rows}
