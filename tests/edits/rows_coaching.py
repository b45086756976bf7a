"""Edit matrix rows of coaching (see harness.py)."""

import datetime

from django.urls import reverse

from coaching.models import Agreement, GoalOwner, RelationshipAssessment, Session, SolutionSource, Trajectory
from tests import factories as f

from .harness import Edit


def _colleague_sets_goal(world, trajectory):
    # The coach in another tab: the same save, through the same guard, lands first.
    Trajectory.objects.filter(pk=trajectory.pk).update(
        goal="Doel uit het andere tabblad", version=trajectory.version + 1
    )


def _session(world):
    return f.SessionFactory(trajectory=world.trajectories["own"], notes="Aantekeningen van het gesprek")


def _colleague_writes_notes(world, session):
    Session.objects.filter(pk=session.pk).update(
        notes="Aantekeningen uit het andere tabblad", version=session.version + 1
    )


def _open_agreement(world):
    earlier = f.SessionFactory(trajectory=world.trajectories["own"], date=datetime.date(2026, 10, 1))
    return f.AgreementFactory(session=earlier, text="Weekplanning maken.")


def _colleague_follows_it_up(world, agreement):
    # In another tab the coach recorded a later session in which the agreement was not kept.
    later = f.SessionFactory(trajectory=agreement.trajectory, date=datetime.date(2026, 10, 8))
    Agreement.objects.filter(pk=agreement.pk).update(
        follow_up=Agreement.FollowUp.NOT_KEPT, checked_in=later, version=agreement.version + 1
    )


def _follow_up(agreement):
    return Agreement.objects.values_list("follow_up", "checked_in__date").get(pk=agreement.pk)


def _unshared_assessment(world):
    return RelationshipAssessment.objects.create(
        trajectory=world.trajectories["own"], date=datetime.date(2026, 10, 1), is_problem=True, asks_for_help=False
    )


def _colleague_shares_and_takes_back(world, assessment):
    # In another tab the coach shared the assessment and then stopped sharing it: the version moved on twice.
    RelationshipAssessment.objects.filter(pk=assessment.pk).update(version=assessment.version + 2)


ROWS = {
    # issue 12: Dutch copy (sharing an assessment is a one-click change of an existing record)
    "coaching:assessment_share": Edit(
        role="coordinator",
        record=_unshared_assessment,
        changes=lambda world, assessment: {},
        colleague=_colleague_shares_and_takes_back,
        value=lambda assessment: RelationshipAssessment.objects.values_list("shared_with_coachee", "version").get(
            pk=assessment.pk
        ),
        shown=lambda world, assessment: ("Delen met de leerkracht", "er is niets veranderd"),
        page=lambda world, assessment: reverse("coaching:trajectory_detail", args=[assessment.trajectory_id]),
        status=302,
    ),
    "coaching:trajectory_edit": Edit(
        role="coordinator",
        record=lambda world: world.trajectories["own"],
        changes=lambda world, trajectory: {"goal": "Mijn nieuwe doel"},
        colleague=_colleague_sets_goal,
        value=lambda trajectory: Trajectory.objects.get(pk=trajectory.pk).goal,
        shown=lambda world, trajectory: ("Mijn nieuwe doel", "Doel uit het andere tabblad"),
    ),
    "coaching:session_edit": Edit(
        role="coordinator",
        record=_session,
        changes=lambda world, session: {"notes": "Mijn aantekeningen"},
        colleague=_colleague_writes_notes,
        value=lambda session: Session.objects.get(pk=session.pk).notes,
        shown=lambda world, session: ("Mijn aantekeningen", "Aantekeningen uit het andere tabblad"),
    ),
    # A new session's page also follows up earlier agreements: a stale follow-up must not overwrite.
    "coaching:session_create": Edit(
        role="coordinator",
        record=_open_agreement,
        url_kwargs=lambda world, agreement: {"pk": agreement.trajectory_id},
        changes=lambda world, agreement: {
            "goal_owner": GoalOwner.COACHEE,
            "solution_source": SolutionSource.INTERNAL,
            "opvolging-0-follow_up": Agreement.FollowUp.KEPT,
        },
        colleague=_colleague_follows_it_up,
        value=_follow_up,
        shown=lambda world, agreement: (
            'value="kept" selected',
            "niet nagekomen (besproken in het gesprek van 08-10-2026)",
        ),
    ),
}

NOT_EDITS = {
    "coaching:trajectory_list": "leest alleen",
    "coaching:trajectory_create": "maakt een nieuw record (met nieuwe ondersteuningsbehoeften)",
    "coaching:trajectory_detail": "leest alleen",
    "coaching:assessment_create": "maakt een nieuw record",
    "coaching:reflection_create": "maakt een nieuw record",
    "coaching:trajectory_pdf": "leest alleen (PDF)",
    "coaching:visit_create": "maakt een nieuw record",
    "coaching:letter_create": "maakt een nieuw record",
    "coaching:letter_pdf": "leest alleen (PDF)",
}
