"""factory_boy factories for the whole suite. One place: apps add theirs here."""

import datetime

import factory
from django.utils import timezone

from pupils.models import (
    Assessment,
    EducationalNeed,
    Enrolment,
    Factor,
    Instrument,
    NeedCategory,
    NeedSource,
    Observation,
    ObservationKind,
    Pupil,
    RemedialAssignment,
    ScaleLevel,
    Subject,
)
from schools.demo import school_year_bounds
from schools.models import Group, Membership, Period, Role, School, SchoolYear, User

PASSWORD = "geheim-wachtwoord-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Tester"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Testschool {n}")


class SchoolYearFactory(factory.django.DjangoModelFactory):
    """The school year that contains today, unless dates are given."""

    class Meta:
        model = SchoolYear

    school = factory.SubFactory(SchoolFactory)
    start_date = factory.LazyFunction(lambda: school_year_bounds(timezone.localdate())[0])
    end_date = factory.LazyFunction(lambda: school_year_bounds(timezone.localdate())[1])
    name = factory.LazyAttribute(lambda y: f"{y.start_date.year}-{y.end_date.year}")


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    school_year = factory.SubFactory(SchoolYearFactory)
    name = "Periode 1"
    start_date = factory.LazyAttribute(lambda p: p.school_year.start_date)
    end_date = factory.LazyAttribute(lambda p: p.school_year.start_date + datetime.timedelta(days=150))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    school_year = factory.SubFactory(SchoolYearFactory)
    year_level_low = 5
    year_level_high = factory.LazyAttribute(lambda g: g.year_level_low)
    name = factory.Sequence(lambda n: f"Groep T{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.TEACHER


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    first_name = factory.Sequence(lambda n: f"Kind{n}")
    surname = "Leerling"
    date_of_birth = datetime.date(2015, 3, 14)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    pupil = factory.SubFactory(PupilFactory)
    group = factory.SubFactory(GroupFactory)
    year_level = factory.LazyAttribute(lambda e: e.group.year_level_low)
    school_year = factory.LazyAttribute(lambda e: e.group.school_year)


class RemedialAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemedialAssignment

    pupil = factory.SubFactory(PupilFactory)
    staff = factory.SubFactory(UserFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


# --- Instruments and results. Subjects, scales and instruments come from the
# data migration pupils/0004_instruments; these helpers fetch them by code.


def subject(code):
    return Subject.objects.get(code=code)


def instrument(code):
    return Instrument.objects.select_related("scale", "subject").get(code=code)


def level(scale_code, code):
    return ScaleLevel.objects.get(scale__code=scale_code, code=code)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A monitoring-test result (LVS spelling, level III) unless told otherwise."""

    class Meta:
        model = Assessment

    pupil = factory.SubFactory(PupilFactory)
    instrument = factory.LazyFunction(lambda: instrument("lvs-spelling"))
    subject = factory.LazyAttribute(lambda a: a.instrument.subject)
    date = datetime.date(2026, 1, 20)
    moment = "M5"
    score = 150
    level = factory.LazyAttribute(lambda a: level(a.instrument.scale.code, "III") if a.instrument.scale else None)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    pupil = factory.SubFactory(PupilFactory)
    author = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 10, 1)
    kind = ObservationKind.CLASSROOM
    text = "Werkt geconcentreerd als de instructie kort is."


class FactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Factor

    pupil = factory.SubFactory(PupilFactory)
    author = factory.SubFactory(UserFactory)
    kind = Factor.Kind.STIMULATING
    text = "Is gemotiveerd door concrete doelen."


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationalNeed

    pupil = factory.SubFactory(PupilFactory)
    author = factory.SubFactory(UserFactory)
    category = NeedCategory.INSTRUCTION
    text = "kort en visueel is"
    goal = "zelfstandig aan de slag te gaan"
    source = NeedSource.OBSERVATION


# --- Coaching -------------------------------------------------------------------------------------------------------

from coaching.models import Agreement, GoalOwner, Session, SolutionSource, Trajectory  # noqa: E402


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    school = factory.SubFactory(SchoolFactory)
    coach = factory.SubFactory(UserFactory)
    coachee = factory.SubFactory(UserFactory)
    start_date = datetime.date(2026, 9, 1)
    origin = Trajectory.Origin.TEACHER_REQUEST
    goal = "dat ik met een week- en jaarplanning werk"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    trajectory = factory.SubFactory(TrajectoryFactory)
    date = datetime.date(2026, 10, 1)
    notes = "GEHEIME-SESSIETEKST over de planning in de klas."
    goal_owner = GoalOwner.COACHEE
    solution_source = SolutionSource.INTERNAL
    scaling = 7
    one_point_higher = "Mijn weekplanning staat op vrijdag klaar."


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    session = factory.SubFactory(SessionFactory)
    trajectory = factory.LazyAttribute(lambda a: a.session.trajectory)
    text = "Weekplanning maken voor volgende week."


# --- Group plans ----------------------------------------------------------------------------------------------------

from groupplans.models import Action, GroupPlan, IndividualPlan, InstructionGroup, Meeting  # noqa: E402


class GroupPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupPlan

    group = factory.SubFactory(GroupFactory)
    period = factory.LazyAttribute(lambda p: PeriodFactory(school_year=p.group.school_year))
    subject = factory.LazyFunction(lambda: subject("spelling"))


class InstructionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstructionGroup

    plan = factory.SubFactory(GroupPlanFactory)
    name = "Basisinstructie"
    kind = InstructionGroup.Kind.BASIC


class IndividualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndividualPlan

    pupil = factory.SubFactory(PupilFactory)
    period = factory.LazyAttribute(lambda p: PeriodFactory(school_year=SchoolYearFactory(school=p.pupil.school)))
    approach = "Dagelijks tien minuten extra instructie werkwoordspelling."
    who = "leerkracht"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    school = factory.SubFactory(SchoolFactory)
    kind = Meeting.Kind.GROUP
    date = datetime.date(2026, 10, 15)
    notes = "Besproken: de resultaten spelling."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    text = "Toetsgegevens spelling analyseren."
    owner = factory.SubFactory(UserFactory)
    due_date = datetime.date(2026, 11, 1)


# --- Conversations ---------------------------------------------------------------------------------------------------

from conversations.models import Conversation, ConversationModel, Kind, Round, RoundDay  # noqa: E402


def conversation_model(code="cauffman"):
    return ConversationModel.objects.get(code=code)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    group = factory.SubFactory(GroupFactory)
    kind = Kind.PROGRESS
    name = "Voortgangsgesprekken"
    conversation_model = factory.LazyFunction(conversation_model)
    slot_minutes = 15
    purpose = "We bespreken samen hoe het gaat en wat uw kind nodig heeft."


class RoundDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundDay

    round = factory.SubFactory(RoundFactory)
    date = datetime.date(2026, 11, 17)
    start_time = datetime.time(15, 0)
    end_time = datetime.time(17, 0)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    pupil = factory.SubFactory(PupilFactory)
    kind = Kind.PARENT
    conversation_model = factory.LazyFunction(conversation_model)
    starts_at = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2026, 11, 17, 15, 0)))
    duration_minutes = 15


from conversations.models import Agreement as ConversationAgreement  # noqa: E402
from conversations.models import Note, ScaleAnswer  # noqa: E402


def first_step(conversation):
    return conversation.conversation_model.steps.order_by("order").first()


class NoteFactory(factory.django.DjangoModelFactory):
    """A listener's own note on a step (the first step of the conversation's model unless given)."""

    class Meta:
        model = Note

    conversation = factory.SubFactory(ConversationFactory)
    step = factory.LazyAttribute(lambda n: first_step(n.conversation))
    author = factory.SubFactory(UserFactory)
    text = "Het kind vertelde dat lezen thuis beter gaat."


class ConversationAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationAgreement

    conversation = factory.SubFactory(ConversationFactory)
    text = "Elke avond tien minuten samen lezen."
    owner = ConversationAgreement.Owner.PARENTS
    due_date = datetime.date(2026, 12, 15)


class ScaleAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScaleAnswer

    conversation = factory.SubFactory(ConversationFactory)
    respondent = "pupil"
    question = "Hoe nuttig was dit gesprek voor jou?"
    is_usefulness = True
    value = 7


from conversations.models import AskedQuestion  # noqa: E402


class AskedQuestionFactory(factory.django.DjangoModelFactory):
    """A question the leader wrote down; its technique is set on save."""

    class Meta:
        model = AskedQuestion

    conversation = factory.SubFactory(ConversationFactory)
    text = "Heb je gemerkt dat de juf je vaker hielp?"
