import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import AuditAction, AuditEntry

from .test_content import fill_trajectory


def pdf_text(content):
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())  # lines wrap where the page ends


@pytest.fixture
def trajectory(world):
    teacher = world.user("teacher")
    teacher.first_name, teacher.last_name = "Jeroen", "de Vries"
    teacher.save()
    return fill_trajectory(world)


def download(world, login, role, trajectory):
    return login(world.user(role), world.school).get(reverse("coaching:trajectory_pdf", args=[trajectory.pk]))


@pytest.mark.parametrize("role", ["coordinator", "teacher"])
def test_the_trajectory_pdf_holds_the_whole_trajectory(world, login, trajectory, role):
    response = download(world, login, role, trajectory)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="coachingstraject-jeroen-de-vries-{today}.pdf"'
    text = pdf_text(response.content)
    for expected in [
        "Coachingstraject Jeroen de Vries",
        "De Wilg",  # the school in the page header
        "Vertrouwelijk.",
        # Existence: coach, origin, mandate.
        "mandaat van de directie",
        "Werken met een jaar- en weekplanning",
        # Goal and support needs.
        "dat ik met een week- en jaarplanning werk",
        "Ik heb vaardigheden nodig om een weekplanning te maken.",
        # The two charts.
        "Schaalvraag: hoe de leerkracht zichzelf beoordeelt (0-10)",
        "Werkrelatie volgens het stroomschema",
        # Sessions with their scaling and role.
        "15-10-2026 · helpen · schaalvraag: 7",
        "01-10-2026 · sturen · schaalvraag: 5",
        "Mijn planning en de organisatie in de klas lopen vanzelf.",
        # Agreements and their follow-through.
        "Weekplanning maken voor volgende week.",
        "nagekomen",
        "besproken op 15-10-2026",
        "Instructie in drie groepjes geven.",
        # Visits, letters' dates, reflections and the learned list.
        "Lange klassikale instructie",
        "10-10-2026",
        "Ik heb meer overzicht sinds ik op vrijdag plan.",
        "Kleine stappen werken.",
        "Open vragen leveren meer op.",
        "pagina 1 van",
    ]:
        assert expected in text, expected
    # The relationship assessments are the coach's working notes: the teacher reads none she did not share.
    for coach_only in ["vrijblijvend", "Een eigen, werkbare vraag."]:
        assert (coach_only in text) == (role == "coordinator"), coach_only


def test_the_trajectory_pdf_is_audit_logged_off_the_school_page(world, login, trajectory):
    download(world, login, "teacher", trajectory)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.event, entry.data, entry.object_id, entry.school_id) == (
        AuditAction.EXPORT,
        "coaching.trajectory_pdf",
        {},
        str(trajectory.pk),
        None,
    )


def test_an_empty_trajectory_still_prints(world, login):
    response = download(world, login, "coordinator", world.trajectories["own"])
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Nog geen gesprekken vastgelegd." in text
    assert "Nog geen antwoorden op de schaalvraag" in text


@pytest.mark.parametrize("role", ["management", "bouw", "remedial", "admin"])
def test_nobody_else_gets_the_pdf(world, login, trajectory, role):
    assert download(world, login, role, trajectory).status_code == 404
    assert not AuditEntry.objects.exists()
