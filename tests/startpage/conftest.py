"""A school in the middle of a week of work, with dates relative to today: every role has something waiting.

``week(many=n)`` adds ``n`` rows of every kind per role, for the query budgets."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from coaching.models import Trajectory
from conversations.models import Conversation
from groupplans.models import Phase
from pupils.models import CareLevelChange, ImportBatch
from schools.models import Role
from tests import factories as f


@dataclass
class Week:
    school: object
    year: object
    users: dict
    groups: dict
    pupils: dict
    plans: dict
    trajectory: object
    round: object

    def user(self, key):
        return self.users[key]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def build_week(many=1):
    today = timezone.localdate()
    school = f.SchoolFactory(name="De Startschool")
    year = f.SchoolYearFactory(school=school)
    users = {
        key: f.UserFactory(username=f"start-{key}", first_name=first, last_name=last)
        for key, first, last in [
            ("coordinator", "Ilse", "Bakker"),
            ("teacher", "Tom", "Verbeek"),
            ("other_teacher", "Esther", "Claassen"),
            ("management", "Hans", "Veldkamp"),
            ("bouw", "Ingrid", "Smeets"),
            ("remedial", "Petra", "Nijhuis"),
            ("admin", "Kees", "Wouters"),
        ]
    }
    roles = {
        "coordinator": Role.COORDINATOR,
        "teacher": Role.TEACHER,
        "other_teacher": Role.TEACHER,
        "management": Role.MANAGEMENT,
        "remedial": Role.REMEDIAL,
        "admin": Role.ADMIN,
    }
    for key, role in roles.items():
        f.MembershipFactory(user=users[key], school=school, role=role)
    f.MembershipFactory(user=users["bouw"], school=school, role=Role.MANAGEMENT, bouw_low=5, bouw_high=8)
    # A period two thirds gone: a plan still observing is behind.
    period = f.PeriodFactory(school_year=year, start_date=days(-60), end_date=days(30))
    groups, pupils, plans = {}, {}, {}
    for n in range(many):
        group = f.GroupFactory(school_year=year, name=f"Groep 8{'' if n == 0 else chr(64 + n)}", year_level_low=8)
        group.teachers.add(users["teacher"])
        other = f.GroupFactory(school_year=year, name=f"Groep 5{'' if n == 0 else chr(64 + n)}", year_level_low=5)
        other.teachers.add(users["other_teacher"])
        groups[("eight", n)], groups[("five", n)] = group, other
        pupil = f.PupilFactory(school=school, first_name=f"Sanne{n}", surname="de Vries")
        f.EnrolmentFactory(pupil=pupil, group=group)
        pupils[("eight", n)] = pupil
        five = f.PupilFactory(school=school, first_name=f"Daan{n}", surname="Jansen")
        f.EnrolmentFactory(pupil=five, group=other)
        pupils[("five", n)] = five
        f.RemedialAssignmentFactory(pupil=pupil, staff=users["remedial"], subject="begrijpend lezen")
        behind = f.GroupPlanFactory(group=group, period=period, phase=Phase.OBSERVE)
        plans[("behind", n)] = behind
        rt_group = f.InstructionGroupFactory(
            plan=behind, name="RT-groep begrijpend lezen", times_per_week=1, minutes=45, who="remedial teacher"
        )
        rt_group.placements.create(plan=behind, pupil=pupil)
        plans[("five", n)] = f.GroupPlanFactory(group=other, period=period, phase=Phase.REALISE)
        meeting = f.MeetingFactory(school=school, group=group, date=days(-30))
        f.ActionFactory(meeting=meeting, owner=users["teacher"], due_date=days(-3), text=f"Werkwoordspelling {n}")
        f.ActionFactory(meeting=meeting, owner=users["teacher"], due_date=days(5), text=f"Materiaal bestellen {n}")
        f.ActionFactory(meeting=meeting, owner=users["teacher"], due_date=days(40), text=f"Later {n}")
        f.ActionFactory(meeting=meeting, owner=users["other_teacher"], due_date=days(-10), text=f"Toets {n}")
        f.ActionFactory(meeting=meeting, owner=users["teacher"], due_date=days(-8), done=True, text=f"Klaar {n}")
        # Recorded by colleagues (new for the teacher) and by the teacher himself (not new for him).
        f.NeedFactory(pupil=pupil, author=users["coordinator"])
        f.ObservationFactory(pupil=pupil, author=users["remedial"], date=days(-1))
        f.ObservationFactory(pupil=pupil, author=users["teacher"], date=days(-1), text="Eigen observatie")
        f.NeedFactory(pupil=five, author=users["other_teacher"])
        CareLevelChange.objects.create(pupil=five, author=users["other_teacher"], level=2, reason="Extra zorg")
    trajectory = f.TrajectoryFactory(
        school=school,
        coach=users["coordinator"],
        coachee=users["teacher"],
        origin=Trajectory.Origin.MANAGEMENT_MANDATE,
        mandate_given_by=users["management"],
    )
    session = f.SessionFactory(trajectory=trajectory, date=days(-20))
    for n in range(many):
        f.AgreementFactory(session=session, text=f"Instructie in drie groepjes {n}", due_date=days(-6))
    f.TrajectoryFactory(
        school=school, coach=users["coordinator"], coachee=users["other_teacher"], status=Trajectory.Status.PROPOSED
    )
    round_ = f.RoundFactory(group=groups[("eight", 0)], leader=users["teacher"], name="Adviesgesprekken")
    round_.staff.add(users["teacher"], users["coordinator"])
    f.RoundDayFactory(round=round_, date=days(8))
    for n in range(many):
        start = timezone.make_aware(datetime.datetime.combine(days(8), datetime.time(15, 0)))
        conversation = f.ConversationFactory(
            pupil=pupils[("eight", n)],
            round=round_,
            leader=users["teacher"],
            starts_at=start + datetime.timedelta(minutes=15 * n),
        )
        conversation.staff.add(users["teacher"])
    past = f.ConversationFactory(
        pupil=pupils[("eight", 0)],
        leader=users["teacher"],
        starts_at=timezone.now() - datetime.timedelta(days=2),
        status=Conversation.Status.PLANNED,
    )
    past.staff.add(users["teacher"])
    ImportBatch.objects.create(
        school=school,
        user=users["admin"],
        kind=ImportBatch.Kind.PUPILS,
        filename="leerlingen.csv",
        content="",
        status=ImportBatch.Status.APPLIED,
        applied_at=timezone.now(),
    )
    f.GroupFactory(school_year=year, name="Groep 1/2", year_level_low=1, year_level_high=2)  # no teacher, no pupils
    assert today == timezone.localdate()
    return Week(school, year, users, groups, pupils, plans, trajectory, round_)


@pytest.fixture
def week(db):
    return build_week()
