"""Where a group plan stands in its period, and whether it is behind schedule.

The rule (explained on the overview page too): each phase should be closed by a
share of the plan's period. Observe closes within the first 20 % of the period,
understand by 35 %, plan by 50 %, realise runs until 90 % and evaluate ends with
the period. A plan is *behind* when the share of its period that has passed
exceeds what its current phase allows: a plan still in "plannen" when 60 % of
the period has gone is behind; a plan in "realiseren" at 60 % is not. A finished
plan (afgerond) is never behind.

``current_plans`` picks, per group and subject, the plan the school is working
on now: the one of the latest period that has started (or, before the first
period starts, the first one).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from .models import Goal, Phase

# The share of the period by which each phase should be closed.
PHASE_DEADLINES = {
    Phase.OBSERVE: 0.20,
    Phase.UNDERSTAND: 0.35,
    Phase.PLAN: 0.50,
    Phase.REALISE: 0.90,
    Phase.EVALUATE: 1.00,
}


def elapsed_share(period, today=None):
    """The share of ``period`` that has passed on ``today``: 0 before it starts, 1 on its
    last day, more than 1 after it (so that 'evaluate by the end' can be late too)."""
    today = today or timezone.localdate()
    length = (period.end_date - period.start_date).days
    if length <= 0:
        return 1.0 if today >= period.end_date else 0.0
    return max(0.0, (today - period.start_date).days / length)


def day_at_share(period, share):
    """The day by which ``share`` of ``period`` has passed: the inverse of ``elapsed_share`` (the day a
    phase should have been closed)."""
    length = (period.end_date - period.start_date).days
    return period.start_date + datetime.timedelta(days=int(length * share))


@dataclass(frozen=True)
class Progress:
    share: float  # of the period passed
    deadline: float | None  # share by which the current phase should be closed; None when done

    @property
    def behind(self):
        return self.deadline is not None and self.share > self.deadline

    @property
    def percent(self):
        return round(min(self.share, 1.0) * 100)

    @property
    def deadline_percent(self):
        return None if self.deadline is None else round(self.deadline * 100)


def progress(plan, today=None):
    """The Progress of ``plan`` (needs ``plan.period``; select it with the plan)."""
    return Progress(elapsed_share(plan.period, today), PHASE_DEADLINES.get(plan.phase))


def is_behind(plan, today=None):
    return progress(plan, today).behind


def current_plans(plans, today=None):
    """From ``plans`` (an iterable of plans with their period loaded), the current plan per
    (group, subject), in the order they came."""
    today = today or timezone.localdate()
    chosen = {}
    for plan in plans:
        key = (plan.group_id, plan.subject_id)
        best = chosen.get(key)
        if best is None or _rank(plan, today) > _rank(best, today):
            chosen[key] = plan
    keep = {plan.pk for plan in chosen.values()}
    return [plan for plan in plans if plan.pk in keep]


def _rank(plan, today):
    started = plan.period.start_date <= today
    # Started periods: the latest start wins; not started: the earliest start wins.
    return (started, plan.period.start_date.toordinal() if started else -plan.period.start_date.toordinal())


GOALS = "instruction_groups__goals"


def with_goal_counts(plans, overdue_on=None):
    """``plans`` (a GroupPlan queryset) annotated with their goals counted in the database: ``goals_total``,
    ``goals_evaluated``, ``goals_achieved`` and, with ``overdue_on``, ``goals_overdue`` (not evaluated
    and dated before that day). The plan overview and the progress report count the same way."""
    evaluated = Q(**{f"{GOALS}__evaluation__in": Goal.Evaluation.values})
    achieved = Q(**{f"{GOALS}__evaluation": Goal.Evaluation.ACHIEVED})
    counts = {
        "goals_total": Count(GOALS, distinct=True),
        "goals_evaluated": Count(GOALS, filter=evaluated, distinct=True),
        "goals_achieved": Count(GOALS, filter=achieved, distinct=True),
    }
    if overdue_on is not None:
        overdue = Q(**{f"{GOALS}__evaluation": "", f"{GOALS}__date__lt": overdue_on})
        counts["goals_overdue"] = Count(GOALS, filter=overdue, distinct=True)
    return plans.annotate(**counts)
