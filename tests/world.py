"""A small, complete world for access tests: every role, each with objects
inside and outside its scope. Built with the factories in a few dozen queries."""

import datetime
from dataclasses import dataclass

from schools.models import Role

from . import factories as f


@dataclass
class World:
    school: object
    second_school: object
    foreign_school: object
    users: dict
    groups: dict
    pupils: dict
    trajectories: dict
    plans: dict
    instruction_groups: dict
    individual_plans: dict
    meetings: dict
    actions: dict
    rounds: dict
    conversations: dict

    # role name -> (user, school the user works in)
    ROLES = ("coordinator", "teacher", "management", "bouw", "remedial", "admin")

    @classmethod
    def build(cls):
        school = f.SchoolFactory(name="De Wilg")
        second = f.SchoolFactory(name="Het Kompas")
        foreign = f.SchoolFactory(name="De Verre School")
        year = f.SchoolYearFactory(school=school)
        last_year = f.SchoolYearFactory(
            school=school,
            start_date=year.start_date.replace(year=year.start_date.year - 1),
            end_date=year.end_date.replace(year=year.end_date.year - 1),
        )
        second_year = f.SchoolYearFactory(school=second)
        foreign_year = f.SchoolYearFactory(school=foreign)

        users = {
            "coordinator": f.UserFactory(username="ib-test"),
            "teacher": f.UserFactory(username="juf-zes"),
            "other_teacher": f.UserFactory(username="meester-drie"),
            "management": f.UserFactory(username="directeur-test"),
            "bouw": f.UserFactory(username="bouw-test"),
            "remedial": f.UserFactory(username="rt-test"),
            "admin": f.UserFactory(username="beheer-test"),
            "outsider": f.UserFactory(username="ander-test"),
            "other_coordinator": f.UserFactory(username="tweede-ib"),
        }
        for key, role in [
            ("coordinator", Role.COORDINATOR),
            ("teacher", Role.TEACHER),
            ("other_teacher", Role.TEACHER),
            ("management", Role.MANAGEMENT),
            ("remedial", Role.REMEDIAL),
            ("admin", Role.ADMIN),
            ("other_coordinator", Role.COORDINATOR),
        ]:
            f.MembershipFactory(user=users[key], school=school, role=role)
        f.MembershipFactory(user=users["bouw"], school=school, role=Role.MANAGEMENT, bouw_low=5, bouw_high=8)
        f.MembershipFactory(user=users["coordinator"], school=second, role=Role.COORDINATOR)
        f.MembershipFactory(user=users["outsider"], school=foreign, role=Role.COORDINATOR)

        groups = {
            "six": f.GroupFactory(school_year=year, name="Groep 6", year_level_low=6),
            "three": f.GroupFactory(school_year=year, name="Groep 3", year_level_low=3),
            "last_year_five": f.GroupFactory(school_year=last_year, name="Groep 5", year_level_low=5),
            "second": f.GroupFactory(school_year=second_year, name="Groep 7/8", year_level_low=7, year_level_high=8),
            "foreign": f.GroupFactory(school_year=foreign_year, name="Groep 4", year_level_low=4),
        }
        groups["six"].teachers.add(users["teacher"])
        groups["last_year_five"].teachers.add(users["teacher"])
        groups["three"].teachers.add(users["other_teacher"])
        groups["foreign"].teachers.add(users["outsider"])

        pupils = {
            "six": f.PupilFactory(school=school, first_name="Sam", surname="Zes"),
            "three": f.PupilFactory(school=school, first_name="Dirk", name_prefix="van", surname="Drie"),
            "second": f.PupilFactory(school=second, first_name="Kim", surname="Kompas"),
            "foreign": f.PupilFactory(school=foreign, first_name="Vera", surname="Ver"),
        }
        for key in ("six", "three", "second", "foreign"):
            f.EnrolmentFactory(pupil=pupils[key], group=groups[key])
        f.EnrolmentFactory(pupil=pupils["six"], group=groups["last_year_five"])
        f.RemedialAssignmentFactory(
            pupil=pupils["three"], staff=users["remedial"], start_date=year.start_date + datetime.timedelta(days=1)
        )
        from coaching.models import Trajectory

        trajectories = {
            # ib-test coaches juf-zes on the director's mandate.
            "own": f.TrajectoryFactory(
                school=school,
                coach=users["coordinator"],
                coachee=users["teacher"],
                origin=Trajectory.Origin.MANAGEMENT_MANDATE,
                mandate_given_by=users["management"],
                mandate_scope="Werken met een jaar- en weekplanning",
            ),
            # Another coordinator of the same school coaches another teacher.
            "colleague": f.TrajectoryFactory(
                school=school, coach=users["other_coordinator"], coachee=users["other_teacher"]
            ),
            "foreign": f.TrajectoryFactory(school=foreign, coach=users["outsider"], coachee=f.UserFactory()),
        }
        # Group plans: one per group of this year (and one abroad), in period 1, for spelling.
        plans = {key: f.GroupPlanFactory(group=groups[key]) for key in ("six", "three", "foreign")}
        # Each plan places its group's pupil in a basic-instruction group (the remedial
        # teacher reads plan "three" because it places her pupil).
        instruction_groups = {}
        for key in ("six", "three", "foreign"):
            instruction_groups[key] = f.InstructionGroupFactory(plan=plans[key])
            instruction_groups[key].placements.create(plan=plans[key], pupil=pupils[key])
        individual_plans = {
            key: f.IndividualPlanFactory(pupil=pupils[key], period=plans[key].period)
            for key in ("six", "three", "foreign")
        }
        meetings = {
            "six": f.MeetingFactory(school=school, group=groups["six"]),
            "three": f.MeetingFactory(school=school, group=groups["three"]),
            "foreign": f.MeetingFactory(school=foreign, group=groups["foreign"]),
        }
        meetings["six"].participants.add(users["coordinator"], users["teacher"])
        meetings["three"].participants.add(users["coordinator"], users["other_teacher"], users["remedial"])
        meetings["foreign"].participants.add(users["outsider"])
        actions = {
            "teacher": f.ActionFactory(meeting=meetings["six"], owner=users["teacher"]),
            "other_teacher": f.ActionFactory(meeting=meetings["three"], owner=users["other_teacher"]),
            "foreign": f.ActionFactory(meeting=meetings["foreign"], owner=users["outsider"]),
        }
        # Conversation rounds: ib-test and juf-zes hold group 6's round; meester-drie and the remedial
        # teacher hold group 3's. Each round has its pupil's conversation scheduled (so letters can be made).
        rounds = {
            "six": f.RoundFactory(group=groups["six"], leader=users["coordinator"]),
            "three": f.RoundFactory(group=groups["three"], leader=users["other_teacher"]),
            "foreign": f.RoundFactory(group=groups["foreign"], leader=users["outsider"]),
        }
        rounds["six"].staff.add(users["coordinator"], users["teacher"])
        rounds["three"].staff.add(users["other_teacher"], users["remedial"])
        rounds["foreign"].staff.add(users["outsider"])
        staffing = {
            "six": (users["coordinator"], users["teacher"]),
            "three": (users["other_teacher"], users["remedial"]),
            "foreign": (users["outsider"], None),
        }
        conversations = {}
        for key, (leader, note_taker) in staffing.items():
            f.RoundDayFactory(round=rounds[key])
            conversation = f.ConversationFactory(
                pupil=pupils[key], round=rounds[key], leader=leader, note_taker=note_taker, kind=rounds[key].kind
            )
            conversation.staff.add(*[u for u in (leader, note_taker) if u is not None])
            conversations[key] = conversation
        return cls(
            school,
            second,
            foreign,
            users,
            groups,
            pupils,
            trajectories,
            plans,
            instruction_groups,
            individual_plans,
            meetings,
            actions,
            rounds,
            conversations,
        )

    def user(self, role):
        return self.users[role]
