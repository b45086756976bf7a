"""What a goal proposes, from the school's data, so that the teacher only checks it:

- the instrument the pupils were grouped by: the test most of the group's latest results (the ones
  'Indeling voorstellen' grouped by) come from;
- a target one level above the instruction group's median level on that instrument (with an even
  number of pupils the lower of the two middle levels, so the target stays within reach; the top
  level when the median is already there);
- as its date the test moment of that instrument that closes the plan's period: the school's own
  test dates of that instrument a year earlier, shifted one year (the last one inside the period), or
  the end of the period when the school has none;
- a goal text composed from ``groupplans/sentences/goal.txt``.

Nothing here writes; ``plans.propose_grouping`` creates the proposed goals with their history.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from core.sentences import compose
from pupils.models import Assessment, Instrument, ScaleLevel


@dataclass
class GoalProposal:
    instrument: Instrument | None
    target_level: ScaleLevel | None
    date: datetime.date
    what: str
    median: ScaleLevel | None = None
    measured: int = 0

    @property
    def complete(self):
        """Enough for a SMART goal: a test, a target and a date."""
        return self.instrument is not None and self.target_level is not None

    def initial(self):
        return {
            "what": self.what,
            "instrument": self.instrument,
            "target_level": self.target_level,
            "date": self.date,
        }


def grouping_instrument(latest):
    """The instrument most of ``latest`` (pupil id -> latest result, :func:`plans.latest_levels`) come
    from; ties go to the instrument with the lowest id (the one the school knows longest). None without
    results."""
    counts = Counter(result.instrument_id for result in latest.values() if result.level_id is not None)
    if not counts:
        return None
    top = max(counts.values())
    instrument_id = min(pk for pk, count in counts.items() if count == top)
    return next(result.instrument for result in latest.values() if result.instrument_id == instrument_id)


def median_level(levels):
    """The median of ``levels`` (ScaleLevels of one scale) by rank; with an even number the lower of the two
    middle levels. None for no levels."""
    ordered = sorted(levels, key=lambda level: level.rank)
    if not ordered:
        return None
    return ordered[(len(ordered) - 1) // 2]


def level_above(level):
    """The next level up on the same scale, or ``level`` itself when it is the top."""
    if level is None:
        return None
    higher = ScaleLevel.objects.filter(scale_id=level.scale_id, rank__gt=level.rank).order_by("rank").first()
    return higher or level


def _shift_year(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def test_date(instrument, period, school_id):
    """The test moment of ``instrument`` that closes ``period``: the school's last test date of that
    instrument within the same period a year earlier, shifted one year; else the period's end."""
    last_year = (
        Assessment.objects.filter(
            instrument=instrument,
            pupil__school_id=school_id,
            date__gte=_shift_year(period.start_date, -1),
            date__lte=_shift_year(period.end_date, -1),
        )
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if last_year is not None:
        return _shift_year(last_year, 1)
    return period.end_date


def _group_levels(instruction_group, instrument, pupil_ids):
    """The latest level on ``instrument`` of each pupil in ``pupil_ids`` (pupils without one left out)."""
    latest = {}
    results = (
        Assessment.objects.filter(pupil_id__in=pupil_ids, instrument=instrument, level__isnull=False)
        .filter(subject_id=instrument.subject_id or instruction_group.plan.subject_id)
        .select_related("level")
        .order_by("pupil_id", "-date", "-id")
    )
    for result in results:
        latest.setdefault(result.pupil_id, result.level)
    return list(latest.values())


def goal_text(*, count, instrument, level=None, score=None, date):
    return compose(
        "groupplans/sentences/goal.txt",
        count=count,
        instrument=instrument,
        level=level,
        score=score,
        date=date,
    )


def propose_goal(instruction_group, *, instrument=None, pupil_ids=None):
    """The goal proposed for ``instruction_group``. ``instrument``: the one the plan's pupils were grouped by
    (found from their latest results when not given); ``pupil_ids``: the pupils placed in the group (read
    when not given)."""
    from .plans import group_pupils, latest_levels

    plan = instruction_group.plan
    if instrument is None:
        latest = latest_levels(plan, list(group_pupils(plan).values_list("pk", flat=True)))
        instrument = grouping_instrument(latest)
    if pupil_ids is None:
        pupil_ids = list(instruction_group.placements.values_list("pupil_id", flat=True))
    if instrument is None:
        return GoalProposal(instrument=None, target_level=None, date=plan.period.end_date, what="")
    date = test_date(instrument, plan.period, plan.group.school_year.school_id)
    levels = _group_levels(instruction_group, instrument, pupil_ids)
    median = median_level(levels)
    target = level_above(median)
    what = goal_text(count=len(pupil_ids), instrument=instrument.name, level=target.code if target else None, date=date)
    return GoalProposal(
        instrument=instrument, target_level=target, date=date, what=what, median=median, measured=len(levels)
    )
