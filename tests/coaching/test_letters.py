import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coaching.models import Letter
from core.history import revisions
from core.models import AuditAction, AuditEntry

PARTS = {
    "compliments": "Ik zie hoe rustig en veilig je groep is.",
    "view_of_situation": "Je hebt het druk en de coaching voelt als iets van bovenaf.",
    "perceived_need": "Ik denk dat je vooral tijd en een eenvoudige manier van plannen nodig hebt.",
    "coach_role": "Ik ben er niet om je te beoordelen, maar om met je mee te denken.",
    "offer": "Ik bied aan om samen één week voor te bereiden.",
}


def pdf_pages(content):
    return PdfReader(io.BytesIO(content)).pages


def pdf_text(content):
    return " ".join(" ".join(page.extract_text() for page in pdf_pages(content)).split())


@pytest.fixture
def trajectory(world):
    teacher = world.user("teacher")
    teacher.first_name, teacher.last_name = "Jeroen", "de Vries"
    teacher.save()
    coach = world.user("coordinator")
    coach.first_name, coach.last_name = "Ilse", "Bakker"
    coach.save()
    return world.trajectories["own"]


@pytest.fixture
def coach(world, login):
    return login(world.user("coordinator"), world.school)


def test_the_builder_guides_through_the_five_parts_in_order(coach, trajectory):
    page = coach.get(reverse("coaching:letter_create", args=[trajectory.pk])).content.decode()
    labels = ["1. Complimenten", "2. Hoe ik de situatie zie", "3. Wat ik denk dat je nodig hebt", "4. Mijn rol"]
    labels.append("5. Wat ik je aanbied")
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    for guide in [
        "Begin met wat je waardeert",
        "zonder oordeel",
        "klein en haalbaar",
        "je denkt mee en beoordeelt niet",
    ]:
        assert guide in page
    assert "Beste Jeroen," in page  # how the letter will open
    assert "dat ik met een week- en jaarplanning werk" in page  # the teacher's own goal, as material


def test_the_coach_saves_a_letter(coach, trajectory):
    response = coach.post(reverse("coaching:letter_create", args=[trajectory.pk]), {"date": "2026-11-04", **PARTS})
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("coaching:trajectory_detail", args=[trajectory.pk]) + f"#brief-{letter.pk}"
    assert (letter.trajectory, letter.date, letter.offer) == (trajectory, datetime.date(2026, 11, 4), PARTS["offer"])
    assert revisions(letter).count() == 1
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.school_id, entry.object_repr) == (
        AuditAction.CREATE,
        str(letter.pk),
        None,
        "Brief",
    )


def test_a_letter_missing_a_part_is_refused(coach, trajectory):
    response = coach.post(
        reverse("coaching:letter_create", args=[trajectory.pk]), {"date": "2026-11-04", **PARTS, "coach_role": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["coach_role"]
    assert not Letter.objects.exists()


@pytest.fixture
def letter(trajectory):
    return Letter.objects.create(trajectory=trajectory, date=datetime.date(2026, 11, 4), **PARTS)


@pytest.mark.parametrize("role", ["coordinator", "teacher"])
def test_the_letter_pdf_is_a_one_page_personal_letter(world, login, letter, role):
    client = login(world.user(role), world.school)
    response = client.get(reverse("coaching:letter_pdf", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brief-jeroen-de-vries-2026-11-04.pdf"'
    assert len(pdf_pages(response.content)) == 1
    text = pdf_text(response.content)
    assert "Beste Jeroen," in text
    assert "4 november 2026" in text
    positions = [text.index(" ".join(part.split())) for part in PARTS.values()]
    assert positions == sorted(positions)  # the five parts, in order
    assert text.index("Beste Jeroen,") < positions[0]
    assert "Met vriendelijke groet, Ilse Bakker De Wilg" in text  # signed by the coach, with the school name


def test_the_letter_pdf_is_audit_logged_off_the_school_page(world, login, letter):
    login(world.user("teacher"), world.school).get(reverse("coaching:letter_pdf", args=[letter.pk]))
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.event, entry.data, entry.object_id, entry.school_id) == (
        AuditAction.EXPORT,
        "coaching.letter_pdf",
        {},
        str(letter.pk),
        None,
    )
    assert entry.user_repr == "juf-zes"


def test_a_letter_of_another_trajectory_is_not_found(world, login):
    other = Letter.objects.create(trajectory=world.trajectories["colleague"], date=datetime.date(2026, 11, 4), **PARTS)
    for role in ("coordinator", "teacher"):
        response = login(world.user(role), world.school).get(reverse("coaching:letter_pdf", args=[other.pk]))
        assert response.status_code == 404
    assert not AuditEntry.objects.exists()
