"""The coaching part of the start page: the open agreements of one's own trajectory (as the coachee, all;
as the coach, those due in the next two weeks or over time), and for management the coaching that waits
for its mandate. Only the coach and the coachee see agreements (schools.access.coaching_content);
management sees existence only. Registered in CoachingConfig.ready(); see schools/startpage.py."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.sentences import compose
from schools import access
from schools.models import Role
from schools.startpage import Item, Section, Urgency, person_name

from .models import Agreement, Trajectory

RUNNING = (Trajectory.Status.ACTIVE, Trajectory.Status.PAUSED)


def agreements(visit):
    """Open agreements of the user's running trajectories. One query."""
    if visit.role not in (Role.TEACHER, Role.COORDINATOR, Role.REMEDIAL, Role.MANAGEMENT):
        return None
    content = access.coaching_content(visit.user, visit.school).filter(status__in=RUNNING)
    as_coach = Q(trajectory__coach=visit.user) & (Q(due_date__lte=visit.ahead) | Q(due_date__isnull=True))
    rows = list(
        Agreement.objects.filter(
            Q(trajectory__coachee=visit.user) | as_coach,
            trajectory__in=content.values("pk"),
            follow_up=Agreement.FollowUp.OPEN,
        )
        .select_related("trajectory__coachee")
        .order_by("due_date", "pk")
    )
    if not rows and visit.role != Role.TEACHER:
        return None  # only a teacher is shown that nothing is open; others rarely coach or are coached
    section = Section(
        "coaching",
        _("Coaching: open afspraken"),
        empty_text=_("Er staan geen coachingsafspraken open."),
        more_url=reverse("coaching:trajectory_list"),
        more_text=_("Coaching"),
        order=35,
    )
    overdue = sum(1 for row in rows if row.due_date and row.due_date < visit.today)
    if rows:
        section.summary = compose("coaching/sentences/start_agreements.txt", open=len(rows), overdue=overdue)
    for row in rows:
        coach = row.trajectory.coach_id == visit.user.pk
        text = compose(
            "coaching/sentences/start_agreement.txt",
            coach=coach,
            coachee=person_name(row.trajectory.coachee),
            owner=row.owner,
            text=row.text,
        )
        late = row.due_date is not None and row.due_date < visit.today
        urgency = Urgency.OVERDUE if late else Urgency.SOON if row.due_date else Urgency.INFO
        section.items.append(
            Item(text, reverse("coaching:trajectory_detail", args=[row.trajectory_id]), row.due_date, urgency)
        )
    return section.limit()


def mandates(visit):
    """Management: proposed coaching without a mandate yet. One query; none when nothing waits."""
    if visit.role != Role.MANAGEMENT:
        return None
    rows = list(
        access.trajectories(visit.user, visit.school)
        .filter(status=Trajectory.Status.PROPOSED, mandate_given_by__isnull=True)
        .select_related("coach", "coachee")
        .order_by("start_date", "pk")
    )
    if not rows:
        return None
    section = Section("mandates", _("Coaching die op een mandaat wacht"), order=22)
    for row in rows:
        text = compose(
            "coaching/sentences/start_mandate.txt", coachee=person_name(row.coachee), coach=person_name(row.coach)
        )
        section.items.append(
            Item(text, reverse("coaching:trajectory_detail", args=[row.pk]), row.start_date, Urgency.SOON)
        )
    return section.limit()


PROVIDERS = [agreements, mandates]
