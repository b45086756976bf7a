"""The scope a report is computed over: one school, one school year, the year levels of a bouw (1-8 for the
whole school) and, for a teacher, her own groups only.

Every figure function takes a ``Scope`` and filters with its ``Q`` helpers, so that a bouwcoördinator's
figures are computed over her bouw only and a teacher's over her groups only: nothing outside the scope is
ever read. A scope is plain data (``as_dict`` / ``from_dict``), so a finalized report stores the one it was
computed over beside its figures.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from schools.models import SchoolYear


@dataclass(frozen=True)
class Scope:
    school_id: int
    year_id: int  # the school year the report is about
    today: datetime.date  # figures "now": today, or the last day of a past school year
    low: int = 1
    high: int = 8
    group_ids: tuple | None = None  # a teacher's own groups; None: every group within low-high
    years: tuple = field(default=(), compare=False)  # (id, name, start, end) of the school's years, oldest first

    @classmethod
    def build(cls, school, reach, school_year=None, today=None):
        """The scope of ``reach`` (``schools.access.report_reach``) at ``school`` for ``school_year``
        (default: the current one). One query for the school years. None when the school has no years."""
        rows = tuple(
            SchoolYear.objects.filter(school=school)
            .order_by("start_date")
            .values_list("pk", "name", "start_date", "end_date")
        )
        if not rows:
            return None
        today = today or datetime.date.today()
        if school_year is None:
            current = [row for row in rows if row[2] <= today <= row[3]]
            chosen = current[0] if current else rows[-1]
        else:
            chosen = next(row for row in rows if row[0] == school_year.pk)
        rows = tuple(row for row in rows if row[2] <= chosen[2])  # later years are not part of this report
        return cls(
            school_id=school.pk,
            year_id=chosen[0],
            today=min(today, chosen[3]),
            low=reach.low,
            high=reach.high,
            group_ids=reach.group_ids,
            years=rows,
        )

    # --- What the scope covers ---------------------------------------------------------------------------------

    @property
    def whole_school(self):
        return self.group_ids is None and (self.low, self.high) == (1, 8)

    @property
    def own_groups_only(self):
        return self.group_ids is not None

    @property
    def year_start(self):
        """The first day of the report's school year."""
        return next(row[2] for row in self.years if row[0] == self.year_id)

    @property
    def year_name(self):
        return next(row[1] for row in self.years if row[0] == self.year_id)

    def last_years(self, count):
        """The last ``count`` school years up to and including the report's, oldest first, as
        ``(id, name, start_date, end_date)``."""
        return self.years[-count:]

    def past_years(self, count):
        """The last ``count`` school years that ended on or before the report's day, oldest first."""
        return tuple(row for row in self.years if row[3] <= self.today)[-count:]

    def year_levels(self):
        return range(self.low, self.high + 1)

    def groups_q(self, prefix=""):
        """Groups (of any school year) in scope: ``Group.objects.filter(scope.groups_q())``, or through a
        relation: ``GroupPlan.objects.filter(scope.groups_q("group__"))``."""
        q = Q(**{f"{prefix}school_year__school_id": self.school_id})
        if self.group_ids is not None:
            return q & Q(**{f"{prefix}pk__in": self.group_ids})
        if (self.low, self.high) != (1, 8):
            q &= Q(**{f"{prefix}year_level_low__lte": self.high, f"{prefix}year_level_high__gte": self.low})
        return q

    def enrolments_q(self, prefix=""):
        """Enrolments (a pupil in a group in a school year) in scope, by the pupil's own year level:
        ``Enrolment.objects.filter(scope.enrolments_q())``. For a teacher: enrolments in her groups."""
        # The enrolment's own school year (always its group's) spares a join through the group.
        q = Q(**{f"{prefix}school_year__school_id": self.school_id})
        if self.group_ids is not None:
            return q & Q(**{f"{prefix}group_id__in": self.group_ids})
        if (self.low, self.high) != (1, 8):
            q &= Q(**{f"{prefix}year_level__gte": self.low, f"{prefix}year_level__lte": self.high})
        return q

    # --- Stored with a finalized report ------------------------------------------------------------------------

    def as_dict(self):
        return {
            "school_id": self.school_id,
            "year_id": self.year_id,
            "today": self.today.isoformat(),
            "low": self.low,
            "high": self.high,
            "group_ids": list(self.group_ids) if self.group_ids is not None else None,
        }
