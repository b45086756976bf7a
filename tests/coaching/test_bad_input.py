"""Odd values posted to the coaching forms: a Dutch form error, never a 500, and nothing saved."""

import datetime

import pytest
from django.urls import reverse

from coaching.models import Agreement, ClassroomVisit, Letter, Reflection, Session, SupportNeed, Trajectory
from core.models import AuditEntry, Revision
from tests import factories as f

from .test_sessions import session_data
from .test_trajectories import edit_data, new_trajectory

HUGE = "1" * 23
ODD_NUMBERS = ["-1", HUGE, "²", "٣", "abc", ""]


@pytest.fixture
def coach(world, login):
    return login(world.user("coordinator"), world.school)


@pytest.fixture
def trajectory(world):
    return world.trajectories["own"]


def counts():
    return tuple(
        model.objects.count()
        for model in (
            Trajectory,
            SupportNeed,
            Session,
            Agreement,
            ClassroomVisit,
            Letter,
            Reflection,
            Revision,
            AuditEntry,
        )
    )


def refused(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("prefix", ["afspraken", "opvolging"])
@pytest.mark.parametrize("field,value", [("INITIAL_FORMS", "-1"), ("TOTAL_FORMS", "-1"), ("TOTAL_FORMS", HUGE)])
def test_a_broken_management_form_of_the_session_page_is_refused(coach, trajectory, prefix, field, value):
    earlier = f.SessionFactory(trajectory=trajectory, date=datetime.date(2026, 10, 1))
    agreement = f.AgreementFactory(session=earlier)
    before = counts()
    data = session_data(follow_ups=[(agreement.pk, Agreement.FollowUp.KEPT)], **{f"{prefix}-{field}": value})
    refused(coach.post(reverse("coaching:session_create", args=[trajectory.pk]), data))
    session = f.SessionFactory(trajectory=trajectory, date=datetime.date(2026, 10, 8))
    before = counts()
    refused(coach.post(reverse("coaching:session_edit", args=[session.pk]), {**data, "date": "2026-10-08"}))
    assert counts() == before
    agreement.refresh_from_db()
    assert agreement.follow_up == Agreement.FollowUp.OPEN


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_odd_agreement_id_is_refused(coach, trajectory, value):
    before = counts()
    data = session_data(follow_ups=[(value, Agreement.FollowUp.KEPT)])
    refused(coach.post(reverse("coaching:session_create", args=[trajectory.pk]), data))
    assert counts() == before


@pytest.mark.parametrize("field", ["scaling", "version"])
@pytest.mark.parametrize("value", ["-1", HUGE, "²", "abc", "11"])
def test_odd_numbers_of_a_session_are_refused(coach, trajectory, field, value):
    session = f.SessionFactory(trajectory=trajectory, date=datetime.date(2026, 10, 1))
    before = counts()
    data = session_data(date="2026-10-01", **{field: value})
    page = refused(coach.post(reverse("coaching:session_edit", args=[session.pk]), data))
    expected = "Kies een cijfer van 0 tot en met 10." if field == "scaling" else "Laad de pagina opnieuw"
    if field == "version" and value == "11":
        expected = "Iemand anders heeft dit intussen gewijzigd"  # a version that is not the stored one
    assert expected in page
    assert counts() == before


@pytest.mark.parametrize(
    "url_name,field",
    [("session_create", "notes"), ("visit_create", "observations"), ("letter_create", "offer")],
)
def test_a_text_of_100000_characters_is_a_form_error(coach, trajectory, url_name, field):
    data = {
        **session_data(),
        "date": "2026-11-02",
        "focus": "instruction",
        "observations": "Gezien.",
        **{name: "Tekst." for name in ("compliments", "view_of_situation", "perceived_need", "coach_role", "offer")},
    }
    data[field] = "x" * 100_000
    before = counts()
    page = refused(coach.post(reverse(f"coaching:{url_name}", args=[trajectory.pk]), data))
    assert "10000" in page and "100000" in page  # "hoogstens 10000 tekens (nu 100000)"
    assert counts() == before


@pytest.mark.parametrize("field", ["behoeften-INITIAL_FORMS", "behoeften-TOTAL_FORMS"])
@pytest.mark.parametrize("value", ["-1", HUGE, "²"])
def test_a_broken_needs_management_form_is_refused(world, coach, trajectory, field, value):
    before = counts()
    refused(coach.post(reverse("coaching:trajectory_create"), new_trajectory(world, **{field: value})))
    refused(
        coach.post(reverse("coaching:trajectory_edit", args=[trajectory.pk]), edit_data(trajectory, **{field: value}))
    )
    assert counts() == before


@pytest.mark.parametrize("field", ["coachee", "mandate_given_by", "version"])
@pytest.mark.parametrize("value", ["-1", HUGE, "²", "٣٣"])
def test_odd_people_and_versions_of_a_trajectory_are_refused(world, coach, trajectory, field, value):
    before = counts()
    refused(
        coach.post(reverse("coaching:trajectory_edit", args=[trajectory.pk]), edit_data(trajectory, **{field: value}))
    )
    assert counts() == before


@pytest.mark.parametrize("value", ["2026-02-30", "31-12-99999", ""])
def test_impossible_dates_are_refused(coach, trajectory, value):
    before = counts()
    refused(
        coach.post(
            reverse("coaching:visit_create", args=[trajectory.pk]),
            {"date": value, "focus": "instruction", "observations": "x"},
        )
    )
    refused(coach.post(reverse("coaching:session_create", args=[trajectory.pk]), session_data(date=value)))
    assert counts() == before


def test_a_trajectory_saved_after_a_colleague_removed_a_need_keeps_the_users_text(world, coach, trajectory):
    from core import history

    history.save(SupportNeed(trajectory=trajectory, kind="skills", text="plannen"), world.user("coordinator"))
    stale = edit_data(trajectory, **{"behoeften-0-text": "MIJN-TEKST plannen met een weekplanning"})
    removed = edit_data(trajectory, **{"behoeften-0-DELETE": "on"})
    assert coach.post(reverse("coaching:trajectory_edit", args=[trajectory.pk]), removed).status_code == 302

    page = refused(coach.post(reverse("coaching:trajectory_edit", args=[trajectory.pk]), stale))
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert 'value="MIJN-TEKST plannen met een weekplanning"' in page  # her text stays, as a new row
    conflict = page[page.index('id="conflict"') :].split("</div>")[0]
    assert "Ondersteuningsbehoeften" in conflict
    assert not SupportNeed.objects.exists()
