"""The overview of the school's current group plans (/groepsplannen/).

The coordinator sees every current plan of the school, by group (rows) and
subject (columns), with its phase, last change, goals achieved and whether it is
behind schedule (the rule lives in ``groupplans.progress``). Other readers see the
same table limited to the plans ``schools.access.plans`` gives them; the admin,
who has no care content, gets a 404. A fixed number of queries, whatever the
number of plans.
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

    subjects, rows, by_group = [], [], {}
    for plan in plans:
        plan.progress = progress(plan, today)
        if plan.subject not in subjects:
            subjects.append(plan.subject)
        row = by_group.get(plan.group_id)
        if row is None:
            row = by_group[plan.group_id] = {"group": plan.group, "cells": {}, "behind": 0}
            rows.append(row)
        row["cells"][plan.subject_id] = plan
        row["behind"] += plan.progress.behind
    subjects.sort(key=lambda s: (s.order, s.name))
    for row in rows:
        row["plans"] = [row["cells"].get(subject.pk) for subject in subjects]
    behind_count = sum(row["behind"] for row in rows)
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
            "behind_count": behind_count,
            "only_behind": only_behind,
            "behind_param": BEHIND_PARAM,
            "can_create": role in (Role.COORDINATOR, Role.TEACHER),
            "is_coordinator": role == Role.COORDINATOR,
            "deadlines": [(phase.label, round(share * 100)) for phase, share in PHASE_DEADLINES.items()],
            "today": today,
        },
    )
