"""The week schedule of a group plan (realise phase), derived from the organisation of
its instruction groups: how many times a week, how many minutes, who gives it, where.

    schedule = week_schedule(plan)
    for day in schedule: day.name, day.sessions  # five days, Monday to Friday
    schedule.unplanned                            # groups without times per week

Each group's sessions are spread over the week as evenly as possible, always the
same way (deterministic): once -> Wednesday, twice -> Tuesday and Thursday, three
times -> Monday, Wednesday, Friday, four times -> every day but Wednesday, five ->
every day. More than five (the model allows up to ten) is five plus that pattern
again, so a day holds at most two sessions of one group. The schedule is a
proposal the teacher copies into her day planning; it does not balance the load of
different groups against each other (the order of the instruction groups is kept
within a day).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

WEEKDAYS = (
    (_("maandag"), _("ma")),
    (_("dinsdag"), _("di")),
    (_("woensdag"), _("wo")),
    (_("donderdag"), _("do")),
    (_("vrijdag"), _("vr")),
)

# Day indexes (0 = Monday) for 1-5 sessions a week: as far apart as the week allows.
SPREAD = {
    0: (),
    1: (2,),
    2: (1, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
}


def spread(times_per_week):
    """The day indexes (0 = Monday, sorted, repeated for a second session) for ``times_per_week``."""
    times = max(0, int(times_per_week or 0))
    days = list(SPREAD[5]) * (times // 5) + list(SPREAD[times % 5])
    return sorted(days)


@dataclass
class Session:
    instruction_group: object
    name: str
    minutes: int | None
    who: str
    where: str

    @property
    def incomplete(self):
        """Planned but not yet complete: minutes or who is still missing."""
        return not (self.minutes and self.who)


@dataclass
class Day:
    index: int
    name: str
    short: str
    sessions: list = field(default_factory=list)

    @property
    def minutes(self):
        return sum(session.minutes or 0 for session in self.sessions)


@dataclass
class WeekSchedule:
    days: list
    unplanned: list

    def __iter__(self):
        return iter(self.days)

    def __len__(self):
        return len(self.days)

    def __getitem__(self, index):
        return self.days[index]

    @property
    def is_empty(self):
        return not any(day.sessions for day in self.days)

    @property
    def max_sessions(self):
        return max((len(day.sessions) for day in self.days), default=0)


def week_schedule(plan):
    """The week schedule of ``plan``. Uses ``plan.instruction_groups.all()``, so a
    prefetch of the instruction groups makes this free of queries."""
    days = [Day(index, str(name), str(short)) for index, (name, short) in enumerate(WEEKDAYS)]
    unplanned = []
    for group in plan.instruction_groups.all():
        if not group.times_per_week:
            unplanned.append(group)
            continue
        for index in spread(group.times_per_week):
            days[index].sessions.append(Session(group, group.name, group.minutes, group.who, group.where))
    return WeekSchedule(days, unplanned)
