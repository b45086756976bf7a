import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from coaching.content import QUERY_COUNT, build_content
from coaching.models import (
    RELATIONSHIP_ORDER,
    Agreement,
    ClassroomVisit,
    CoachRole,
    GoalOwner,
    Letter,
    Reflection,
    RelationshipAssessment,
    SolutionSource,
    SupportNeed,
    Trajectory,
)
from tests import factories as f

D = datetime.date


def fill_trajectory(world):
    """The world's own trajectory with two sessions, agreements (one kept), two assessments, a visit, a letter,
    a support need and the teacher's reflections."""
    trajectory = world.trajectories["own"]
    teacher = world.user("teacher")
    first = f.SessionFactory(
        trajectory=trajectory,
        date=D(2026, 10, 1),
        scaling=5,
        goal_owner=GoalOwner.ORGANISATION,
        solution_source=SolutionSource.INTERNAL,
        notes="Kennismaking en het mandaat besproken.",
        learning_moments="Open vragen leveren meer op.\n\n",
    )
    kept = f.AgreementFactory(session=first, text="Weekplanning maken voor volgende week.", due_date=D(2026, 10, 8))
    second = f.SessionFactory(
        trajectory=trajectory,
        date=D(2026, 10, 15),
        scaling=7,
        one_point_higher="Mijn planning en de organisatie in de klas lopen vanzelf.",
        compliments="Je hebt zelf de eerste stap gezet.",
    )
    kept.follow_up, kept.checked_in = Agreement.FollowUp.KEPT, second
    kept.save()
    f.AgreementFactory(session=second, text="Instructie in drie groepjes geven.", due_date=D(2026, 10, 22))
    RelationshipAssessment.objects.create(
        trajectory=trajectory, date=D(2026, 10, 1), is_problem=True, asks_for_help=False
    )
    RelationshipAssessment.objects.create(
        trajectory=trajectory,
        date=D(2026, 10, 15),
        is_problem=True,
        asks_for_help=True,
        request_workable=True,
        own_resources=True,
        note="Een eigen, werkbare vraag.",
    )
    ClassroomVisit.objects.create(
        trajectory=trajectory,
        date=D(2026, 10, 8),
        focus=ClassroomVisit.Focus.INSTRUCTION,
        observations="Lange klassikale instructie; een deel van de groep haakt af.",
        feedback="Probeer een groepje aan de instructietafel.",
    )
    Letter.objects.create(
        trajectory=trajectory,
        date=D(2026, 10, 10),
        compliments="Ik zie hoe veilig je groep is.",
        view_of_situation="Je hebt het druk.",
        perceived_need="Tijd en een eenvoudige manier van plannen.",
        coach_role="Ik denk mee en beoordeel niet.",
        offer="Samen één week voorbereiden.",
    )
    SupportNeed.objects.create(trajectory=trajectory, kind=SupportNeed.Kind.SKILLS, text="een weekplanning te maken")
    Reflection.objects.create(
        trajectory=trajectory,
        author=teacher,
        kind=Reflection.Kind.LEARNED,
        date=D(2026, 10, 16),
        text="Kleine stappen werken.",
    )
    Reflection.objects.create(
        trajectory=trajectory,
        author=teacher,
        kind=Reflection.Kind.REFLECTION,
        date=D(2026, 10, 17),
        text="Ik heb meer overzicht sinds ik op vrijdag plan.",
    )
    return trajectory


def fresh(trajectory):
    return Trajectory.objects.get(pk=trajectory.pk)


def test_content_orders_sessions_and_collects_agreements(world):
    content = build_content(fresh(fill_trajectory(world)), is_coach=True)
    assert [s.date for s in content.sessions] == [D(2026, 10, 1), D(2026, 10, 15)]
    assert [a.text for a in content.open_agreements] == ["Instructie in drie groepjes geven."]
    assert [a.follow_up for a in content.agreements] == [Agreement.FollowUp.KEPT, Agreement.FollowUp.OPEN]
    assert content.scaling_answers == [(D(2026, 10, 1), 5), (D(2026, 10, 15), 7)]
    assert content.learning_moments == [(D(2026, 10, 1), "Open vragen leveren meer op.")]
    assert len(content.visits) == 1 and len(content.letters) == 1
    assert dict(content.follow_through)[Agreement.FollowUp.KEPT] == 1


def test_role_mix_lists_all_four_roles_with_their_counts(world):
    trajectory = world.trajectories["own"]
    for owner, source in [
        (GoalOwner.COACHEE, SolutionSource.INTERNAL),
        (GoalOwner.COACHEE, SolutionSource.INTERNAL),
        (GoalOwner.ORGANISATION, SolutionSource.EXTERNAL),
    ]:
        f.SessionFactory(trajectory=trajectory, goal_owner=owner, solution_source=source)
    mix = build_content(fresh(trajectory), is_coach=True).role_mix
    assert mix == [
        (CoachRole.HELPING, 2),
        (CoachRole.STEERING, 0),
        (CoachRole.TRAINING, 0),
        (CoachRole.INSTRUCTING, 1),
    ]


def test_chart_shows_the_scaling_points_and_the_relationship_in_dutch(world):
    content = build_content(fresh(fill_trajectory(world)), is_coach=True)
    svg = str(content.chart_svg)
    assert svg.count("<svg") == 2
    # Each scaling answer is a point with its value; the dates are the shared time axis.
    assert "Schaalvraag – 1-10: 5" in svg
    assert "Schaalvraag – 15-10: 7" in svg
    # The working relationship: its five positions are named on the axis, each assessment is a point.
    for relationship in RELATIONSHIP_ORDER:
        assert f">{relationship.label}</text>" in svg
    assert "Werkrelatie – 1-10: vrijblijvend" in svg
    assert "Werkrelatie – 15-10: co-expert" in svg
    assert "Werkrelatie volgens het stroomschema" in svg


def test_chart_without_data_says_so(world):
    svg = str(build_content(fresh(world.trajectories["own"]), is_coach=True).chart_svg)
    assert "Nog geen antwoorden op de schaalvraag" in svg
    assert "Nog geen inschatting van de werkrelatie" in svg


def add_sessions(trajectory, count, start=0):
    for n in range(start, start + count):
        session = f.SessionFactory(
            trajectory=trajectory,
            date=D(2026, 9, 1) + datetime.timedelta(days=7 * n),
            scaling=n % 11,
            learning_moments=f"Leermoment {n}",
        )
        f.AgreementFactory(session=session, text=f"Afspraak {n}")
        kept = f.AgreementFactory(session=session, text=f"Nagekomen {n}", follow_up=Agreement.FollowUp.KEPT)
        kept.checked_in = session
        kept.save()
        RelationshipAssessment.objects.create(
            trajectory=trajectory, date=session.date, is_problem=True, asks_for_help=False
        )
        ClassroomVisit.objects.create(trajectory=trajectory, date=session.date, focus="instruction", observations="x")


def test_a_fixed_number_of_queries_whatever_the_number_of_sessions(world, django_assert_num_queries):
    trajectory = world.trajectories["own"]
    add_sessions(trajectory, 3)
    small_trajectory = fresh(trajectory)
    with django_assert_num_queries(QUERY_COUNT):
        small = build_content(small_trajectory, is_coach=True)
        render_includes(small_trajectory, small, is_coach=True)
    add_sessions(trajectory, 9, start=3)
    big_trajectory = fresh(trajectory)
    with django_assert_num_queries(QUERY_COUNT):
        big = build_content(big_trajectory, is_coach=True)
        render_includes(big_trajectory, big, is_coach=True)
    assert (len(small.sessions), len(big.sessions)) == (3, 12)
    assert len(big.agreements) == 24 and len(big.open_agreements) == 12


INCLUDES = ["sessions", "visits", "letters", "chart", "role_mix", "agreements"]


def render_includes(trajectory, content, *, is_coach=False, is_coachee=False):
    context = {"trajectory": trajectory, "content": content, "is_coach": is_coach, "is_coachee": is_coachee}
    return {name: render_to_string(f"coaching/includes/{name}.html", context) for name in INCLUDES}


def test_includes_give_the_coach_edit_links_and_the_coachee_only_reading(world):
    trajectory = fresh(fill_trajectory(world))
    content = build_content(trajectory, is_coach=True)
    session = content.sessions[0]
    letter = content.letters[0]
    coach = render_includes(trajectory, content, is_coach=True)
    coachee = render_includes(trajectory, content, is_coachee=True)
    edit_links = [
        ("sessions", reverse("coaching:session_create", args=[trajectory.pk])),
        ("sessions", reverse("coaching:session_edit", args=[session.pk])),
        ("visits", reverse("coaching:visit_create", args=[trajectory.pk])),
        ("letters", reverse("coaching:letter_create", args=[trajectory.pk])),
    ]
    for name, url in edit_links:
        assert url in coach[name], url
        assert url not in coachee[name], url
    pdf_url = reverse("coaching:letter_pdf", args=[letter.pk])
    assert pdf_url in coach["letters"] and pdf_url in coachee["letters"]
    # The coachee reads the same content.
    assert "Kennismaking en het mandaat besproken." in coachee["sessions"]
    assert "Instructie in drie groepjes geven." in coachee["agreements"]
    assert "Lange klassikale instructie" in coachee["visits"]
    assert "helpen" in coachee["role_mix"] and "instrueren" in coachee["role_mix"]
    assert "<svg" in coachee["chart"]


@pytest.mark.parametrize("name", INCLUDES)
def test_includes_render_for_an_empty_trajectory(world, name):
    trajectory = fresh(world.trajectories["own"])
    html = render_includes(trajectory, build_content(trajectory, is_coach=True), is_coachee=True)[name]
    assert html.strip()
