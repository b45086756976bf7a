"""The relationship assessment (Cauffman's flowchart) is the coach's working note: the coachee does not
see it, on the page, in the chart or in the PDF, until the coach shares it."""

import pytest
from django.test import Client
from django.urls import reverse

from coaching.models import RelationshipAssessment
from core import history
from core.models import AuditAction, AuditEntry

from .test_pdf import pdf_text

NOTE = "Vrijblijvend: afspraken worden niet nagekomen."


@pytest.fixture
def assessment(world):
    return RelationshipAssessment.objects.create(
        trajectory=world.trajectories["own"], date="2026-10-01", is_problem=True, asks_for_help=False, note=NOTE
    )


def _client(user, school):
    client = Client()
    client.force_login(user)
    session = client.session
    session["school_id"] = school.pk
    session.save()
    return client


@pytest.fixture
def coach(world):
    return _client(world.user("coordinator"), world.school)


@pytest.fixture
def coachee(world):
    # A client of its own: coach and coachee are signed in at the same time.
    return _client(world.user("teacher"), world.school)


def detail(client, world):
    response = client.get(reverse("coaching:trajectory_detail", args=[world.trajectories["own"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def pdf(client, world):
    response = client.get(reverse("coaching:trajectory_pdf", args=[world.trajectories["own"].pk]))
    assert response.status_code == 200
    return pdf_text(response.content)


def share(client, assessment, shared=True, version=None):
    data = {"version": assessment.version if version is None else version}
    if shared:
        data["shared"] = "on"
    return client.post(reverse("coaching:assessment_share", args=[assessment.pk]), data)


def test_a_new_assessment_is_not_shared(world, coach):
    page = coach.get(reverse("coaching:assessment_create", args=[world.trajectories["own"].pk])).content.decode()
    assert 'name="shared_with_coachee"' in page and "Gedeeld met de leerkracht" in page
    assert (
        'name="shared_with_coachee" class="checkboxinput form-check-input" id="id_shared_with_coachee" checked'
        not in (page)
    )
    response = coach.post(
        reverse("coaching:assessment_create", args=[world.trajectories["own"].pk]),
        {"date": "2026-10-01", "is_problem": "True", "asks_for_help": "False", "note": NOTE},
    )
    assert response.status_code == 302
    assert RelationshipAssessment.objects.get().shared_with_coachee is False


def test_the_coachee_does_not_see_an_assessment_the_coach_did_not_share(world, coach, coachee, assessment):
    page = detail(coachee, world)
    assert NOTE not in page
    assert "vrijblijvend" not in page  # nor the result, in the table, the chart or the interventions
    assert "Wat past bij een werkrelatie" not in page
    assert "Je coach heeft geen inschatting van de werkrelatie met je gedeeld." in page
    assert reverse("coaching:assessment_share", args=[assessment.pk]) not in page
    text = pdf(coachee, world)
    assert "vrijblijvend" not in text and "afspraken worden niet nagekomen" not in text
    assert "Je coach heeft geen inschatting van de werkrelatie met je gedeeld." in text
    # The coach sees her own note, marked as hers only.
    page = detail(coach, world)
    assert NOTE in page and "alleen voor jou" in page and "Delen met de leerkracht" in page
    assert "vrijblijvend" in pdf(coach, world)


def test_once_shared_the_coachee_sees_it_and_the_coach_can_take_it_back(world, coach, coachee, assessment):
    response = share(coach, assessment)
    assert response.status_code == 302
    assert "De inschatting van 01-10-2026 is gedeeld met de leerkracht." in coach.get(response.url).content.decode()
    assessment.refresh_from_db()
    assert assessment.shared_with_coachee is True
    page = detail(coachee, world)
    assert NOTE in page and "vrijblijvend" in page
    assert "Wat past bij een werkrelatie" not in page  # the interventions stay the coach's
    assert "vrijblijvend" in pdf(coachee, world)

    share(coach, assessment, shared=False)
    assert NOTE not in detail(coachee, world)
    assert [r.data["shared_with_coachee"] for r in history.revisions(assessment).order_by("id")] == [True, False]
    events = list(AuditEntry.objects.filter(action=AuditAction.CHANGE).order_by("id").values_list("event", "school_id"))
    assert events == [("coaching.assessment_shared", None), ("coaching.assessment_unshared", None)]


def test_sharing_from_a_stale_page_changes_nothing(world, coach, coachee, assessment):
    stale = assessment.version
    share(coach, assessment)  # another tab shared it …
    share(coach, RelationshipAssessment.objects.get(pk=assessment.pk), shared=False)  # … and took it back
    response = share(coach, assessment, version=stale)
    assert "er is niets veranderd. Ze is nu niet gedeeld met de leerkracht." in coach.get(response.url).content.decode()
    assert RelationshipAssessment.objects.get(pk=assessment.pk).shared_with_coachee is False
    assert NOTE not in detail(coachee, world)


@pytest.mark.parametrize("role", ["teacher", "management", "other_coordinator"])
def test_only_the_coach_can_share(world, login, assessment, role):
    response = share(login(world.user(role), world.school), assessment)
    assert response.status_code == 404
    assert RelationshipAssessment.objects.get(pk=assessment.pk).shared_with_coachee is False


def test_sharing_answers_only_a_post(world, coach, assessment):
    assert coach.get(reverse("coaching:assessment_share", args=[assessment.pk])).status_code == 405
