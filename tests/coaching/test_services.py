"""The services of coaching, each guarded write raced on its own: a save from a form loaded before a
colleague's save raises ``Stale`` and writes nothing (no record, no revision, no audit entry)."""

import datetime

import pytest
from django.test import RequestFactory

from coaching import services
from coaching.audit_events import EVENTS
from coaching.forms import FollowUpFormSet, NewAgreementFormSet, SessionForm, SupportNeedFormSet, TrajectoryForm
from coaching.models import Agreement, Session, SupportNeed, Trajectory
from core import editguard, history
from core.models import AuditEntry, Revision
from tests import factories as f

from .test_sessions import session_data
from .test_trajectories import edit_data

D = datetime.date


@pytest.fixture
def request_(world):
    request = RequestFactory().post("/")
    request.user, request.school = world.user("coordinator"), world.school
    return request


@pytest.fixture
def trajectory(world):
    return world.trajectories["own"]


def trajectory_forms(request, trajectory, data):
    trajectory = Trajectory.objects.get(pk=trajectory.pk)
    form = TrajectoryForm(data, instance=trajectory, school=request.school, coach=request.user)
    needs = SupportNeedFormSet(data, instance=trajectory, prefix="behoeften")
    assert form.is_valid(), form.errors
    assert needs.is_valid(), needs.errors
    return trajectory, form, needs


def session_forms(trajectory, session, data):
    form = SessionForm(data, instance=session)
    new_agreements = NewAgreementFormSet(data, prefix="afspraken")
    follow_ups = FollowUpFormSet(data, prefix="opvolging", trajectory=trajectory, session=session)
    assert form.is_valid(), form.errors
    assert new_agreements.is_valid(), new_agreements.errors
    assert follow_ups.is_valid(), follow_ups.errors
    return form, new_agreements, follow_ups


def state():
    """Everything a refused save might have touched."""
    return (
        list(Trajectory.objects.values_list("pk", "goal", "version").order_by("pk")),
        list(SupportNeed.objects.values_list("pk", "kind", "text").order_by("pk")),
        list(Session.objects.values_list("pk", "notes", "version").order_by("pk")),
        list(Agreement.objects.values_list("pk", "text", "follow_up", "checked_in", "version").order_by("pk")),
        Revision.objects.count(),
        AuditEntry.objects.count(),
    )


# --- Trajectories and their support needs -------------------------------------------------------------------------


def test_update_trajectory_saves_as_of_the_version_loaded(request_, trajectory):
    data = edit_data(trajectory, goal="ik rust breng in de start van de dag")
    trajectory, form, needs = trajectory_forms(request_, trajectory, data)
    services.update_trajectory(request_, trajectory, form, needs)
    trajectory.refresh_from_db()
    assert (trajectory.goal, trajectory.version) == ("ik rust breng in de start van de dag", 2)
    assert history.revisions(trajectory).count() == 1
    entry = AuditEntry.objects.get()
    assert (entry.event, entry.data, entry.school_id) == ("coaching.trajectory_changed", {}, None)


def test_a_stale_trajectory_save_raises_and_writes_nothing(request_, trajectory):
    stale = edit_data(trajectory, goal="TWEEDE tabblad")
    first = edit_data(trajectory, goal="EERSTE tabblad")
    services.update_trajectory(request_, *trajectory_forms(request_, trajectory, first))
    before = state()

    with pytest.raises(editguard.Stale):
        services.update_trajectory(request_, *trajectory_forms(request_, trajectory, stale))
    assert state() == before
    assert Trajectory.objects.get(pk=trajectory.pk).goal == "EERSTE tabblad"


def test_support_needs_of_a_stale_page_are_refused_with_the_trajectory(request_, trajectory, world):
    # The support needs are only changed on the trajectory's page: its version guards them.
    need = history.save(SupportNeed(trajectory=trajectory, kind="skills", text="plannen"), world.user("coordinator"))
    stale = edit_data(trajectory, **{"behoeften-0-text": "TWEEDE tabblad"})
    first = edit_data(trajectory, **{"behoeften-0-text": "EERSTE tabblad"})
    services.update_trajectory(request_, *trajectory_forms(request_, trajectory, first))
    before = state()

    with pytest.raises(editguard.Stale):
        services.update_trajectory(request_, *trajectory_forms(request_, trajectory, stale))
    assert state() == before
    need.refresh_from_db()
    assert need.text == "EERSTE tabblad"


# --- Sessions -----------------------------------------------------------------------------------------------------


def test_a_stale_session_save_raises_and_writes_nothing(request_, trajectory):
    session = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1), notes="zoals geladen")
    stale = session_data(date="2026-10-01", notes="TWEEDE tabblad", agreements=[("Nieuwe afspraak", "coachee", "")])
    services.update_session(
        request_,
        session,
        *session_forms(trajectory, session, session_data(date="2026-10-01", notes="EERSTE tabblad")),
    )
    before = state()

    session = Session.objects.get(pk=session.pk)
    with pytest.raises(editguard.Stale):
        services.update_session(request_, session, *session_forms(trajectory, session, stale))
    assert state() == before
    assert Session.objects.get(pk=session.pk).notes == "EERSTE tabblad"
    assert not Agreement.objects.filter(text="Nieuwe afspraak").exists()


def test_a_stale_follow_up_on_a_new_session_raises_and_writes_nothing(request_, trajectory):
    earlier = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1))
    agreement = f.AgreementFactory(session=earlier, text="Weekplanning maken.")
    stale = session_data(follow_ups=[(agreement.pk, Agreement.FollowUp.KEPT)])  # loaded while still open
    # Another tab recorded a session in which the agreement was not kept.
    services.record_session(
        request_,
        trajectory,
        *session_forms(
            trajectory,
            Session(trajectory=trajectory),
            session_data(date="2026-10-08", follow_ups=[(agreement.pk, Agreement.FollowUp.NOT_KEPT)]),
        ),
    )
    agreement.refresh_from_db()
    assert (agreement.follow_up, agreement.version) == (Agreement.FollowUp.NOT_KEPT, 2)
    before = state()

    with pytest.raises(editguard.Stale):
        services.record_session(request_, trajectory, *session_forms(trajectory, Session(trajectory=trajectory), stale))
    assert state() == before  # no session, no agreement changed, no revision, no audit entry


def test_a_stale_follow_up_on_an_edited_session_raises_and_writes_nothing(request_, trajectory):
    first = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1))
    agreement = f.AgreementFactory(session=first, text="Weekplanning maken.")
    second = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 8))
    stale = session_data(date="2026-10-08", follow_ups=[(agreement.pk, Agreement.FollowUp.LATE)])
    # Meanwhile, in another tab, the agreement was followed up in this very session.
    services.update_session(
        request_,
        second,
        *session_forms(
            trajectory, second, session_data(date="2026-10-08", follow_ups=[(agreement.pk, Agreement.FollowUp.KEPT)])
        ),
    )
    before = state()

    second = Session.objects.get(pk=second.pk)
    stale["version"] = str(second.version)  # the session itself is as loaded; only the agreement moved on
    with pytest.raises(editguard.Stale):
        services.update_session(request_, second, *session_forms(trajectory, second, stale))
    assert state() == before
    agreement.refresh_from_db()
    assert (agreement.follow_up, agreement.checked_in) == (Agreement.FollowUp.KEPT, second)


def test_a_follow_up_row_left_as_it_was_keeps_what_a_colleague_recorded(request_, trajectory):
    earlier = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1))
    agreement = f.AgreementFactory(session=earlier, text="Weekplanning maken.")
    untouched = session_data(follow_ups=[(agreement.pk, Agreement.FollowUp.OPEN)])  # seen open, left open
    Agreement.objects.filter(pk=agreement.pk).update(follow_up=Agreement.FollowUp.KEPT, version=2)

    session, counts = services.record_session(
        request_, trajectory, *session_forms(trajectory, Session(trajectory=trajectory), untouched)
    )
    agreement.refresh_from_db()
    assert (agreement.follow_up, agreement.version) == (Agreement.FollowUp.KEPT, 2)
    assert counts == {"new": 0, "checked": 0}
    assert not history.revisions(agreement).exists()


# --- Audit in the reader's words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,text",
    [
        ({"new": 1, "checked": 0}, "Coachingsgesprek vastgelegd: 1 nieuwe afspraak, 0 afspraken opgevolgd"),
        ({"new": 2, "checked": 1}, "Coachingsgesprek vastgelegd: 2 nieuwe afspraken, 1 afspraak opgevolgd"),
        ({}, "Coachingsgesprek vastgelegd: 0 nieuwe afspraken, 0 afspraken opgevolgd"),
        ({"new": "x"}, "Coachingsgesprek vastgelegd: 0 nieuwe afspraken, 0 afspraken opgevolgd"),
    ],
)
def test_session_events_read_right_in_singular_and_plural(data, text):
    assert EVENTS["coaching.session_recorded"](data) == text
