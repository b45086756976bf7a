"""The overview of the school's current group plans (/groepsplannen/).

The coordinator sees every current plan of the school, by group (rows) and
subject (columns), with its phase, last change, goals achieved and whether it is
behind schedule (the rule lives in ``groupplans.progress``). Other readers see the
same table limited to the plans ``schools.access.plans`` gives them; the admin,
who has no care content, gets a 404. A fixed number of queries, whatever the
number of plans.

Every group of the current school year the user may see gets a row, also one
without a plan yet ("nog geen plan"), with a link to start one for who may
(``access.editable_groups``).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from schools import access
from schools.models import Role

from ..models import GroupPlan
from ..progress import PHASE_DEADLINES, current_plans, progress, with_goal_counts

BEHIND_PARAM = "achterstand"


def require_plan_reader(request):
    """404 for a user without care content at this school (no membership, or admin)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role == Role.ADMIN:
        raise Http404


PLAN_ORDER = ("group__year_level_low", "group__year_level_high", "group__name", "subject__order", "subject__name")


def readable_plans(request, today, group=None):
    """The plans ``request.user`` may read (``access.plans``) of the current school year, or of
    ``group`` when given, in group and subject order. Pass the result through
    ``progress.current_plans`` to keep the plan of the current period per group and subject."""
    qs = GroupPlan.objects.filter(pk__in=access.plans(request.user, request.school).values("pk"))
    if group is not None:
        qs = qs.filter(group=group)
    else:
        qs = qs.filter(group__school_year__start_date__lte=today, group__school_year__end_date__gte=today)
    return qs.order_by(*PLAN_ORDER, "period__start_date")


@login_required
def plan_overview(request):
    require_plan_reader(request)
    today = timezone.localdate()
    only_behind = request.GET.get(BEHIND_PARAM) == "1"
    qs = with_goal_counts(readable_plans(request, today)).select_related("group", "period", "subject", "updated_by")
    plans = current_plans(list(qs), today)

    # Every group of this school year the user may see is a row, in the plans' order; one without a plan
    # says so (and offers to start one to who may).
    groups = list(
        access.groups(request.user, request.school)
        .filter(school_year__start_date__lte=today, school_year__end_date__gte=today)
        .order_by(*(field.removeprefix("group__") for field in PLAN_ORDER[:3]))
    )
    startable = set(access.editable_groups(request.user, request.school).values_list("pk", flat=True))
    subjects, rows, by_group = [], [], {}
    for group in groups:
        by_group[group.pk] = {"group": group, "cells": {}, "behind": 0, "can_start": group.pk in startable}
    for plan in plans:
        plan.progress = progress(plan, today)
        if plan.subject not in subjects:
            subjects.append(plan.subject)
        row = by_group.get(plan.group_id)
        if row is None:  # a plan the user reads without seeing its group (the remedial teacher's pupils)
            row = by_group[plan.group_id] = {"group": plan.group, "cells": {}, "behind": 0, "can_start": False}
        row["cells"][plan.subject_id] = plan
        row["behind"] += plan.progress.behind
    subjects.sort(key=lambda s: (s.order, s.name))
    rows = sorted(by_group.values(), key=lambda row: _group_order(row["group"]))
    for row in rows:
        row["plans"] = [row["cells"].get(subject.pk) for subject in subjects]
    behind_count = sum(row["behind"] for row in rows)
    without_plan = [row for row in rows if not row["cells"]]
    if only_behind:
        rows = [row for row in rows if row["behind"]]

    role = request.membership.role
    return render(
        request,
        "groupplans/overview.html",
        {
            "rows": rows,
            "subjects": subjects,
            "plan_count": len(plans),
            "without_plan_count": len(without_plan),
            "behind_count": behind_count,
            "only_behind": only_behind,
            "behind_param": BEHIND_PARAM,
            "can_create": role in (Role.COORDINATOR, Role.TEACHER),
            "column_count": len(subjects) or 1,
            "is_coordinator": role == Role.COORDINATOR,
            "deadlines": [(phase.label, round(share * 100)) for phase, share in PHASE_DEADLINES.items()],
            "today": today,
        },
    )


def _group_order(group):
    return (group.year_level_low, group.year_level_high, group.name)
