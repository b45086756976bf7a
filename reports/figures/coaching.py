"""Coaching: the school's coaching trajectories counted by status and by origin (aanleiding). Existence only, as
management may already see it (``schools.access.trajectories``): no names, no goals, no sessions, nothing of
the content, which stays between coach and teacher.

The trajectories counted are those that ran during the report's school year: started on or before
``scope.today`` and not ended before the year began. A bouw's report counts only the trajectories whose coachee
teaches a group of that year within the bouw (``Group.teachers``). The status is the trajectory's status now.

One query whatever the number of trajectories.
"""

from django.db.models import Count, Exists, OuterRef

from coaching.models import Trajectory
from schools.models import Group

STATUSES = list(Trajectory.Status.values)
ORIGINS = list(Trajectory.Origin.values)


def compute(scope):
    start = scope.year_start
    trajectories = Trajectory.objects.filter(school_id=scope.school_id, start_date__lte=scope.today).exclude(
        end_date__lt=start
    )
    if not scope.whole_school:
        teaches = Group.teachers.through.objects.filter(
            scope.groups_q("group__"), group__school_year_id=scope.year_id, user_id=OuterRef("coachee_id")
        )
        trajectories = trajectories.filter(Exists(teaches))
    counts = {
        (row["status"], row["origin"]): row["trajectories"]
        for row in trajectories.values("status", "origin").annotate(trajectories=Count("id")).order_by()
    }
    return {
        "start_date": start.isoformat(),
        "today": scope.today.isoformat(),
        "bouw": None if scope.whole_school else {"low": scope.low, "high": scope.high},
        "total": sum(counts.values()),
        "statuses": [
            {"status": status, "trajectories": sum(n for (s, _o), n in counts.items() if s == status)}
            for status in STATUSES
        ],
        "origins": [
            {"origin": origin, "trajectories": sum(n for (_s, o), n in counts.items() if o == origin)}
            for origin in ORIGINS
        ],
    }


def charts(data):
    # A handful of counts: the tables say it all.
    return {}
