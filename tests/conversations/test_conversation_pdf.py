"""The conversation report as PDF: the same data as the page, the step notes only for those who
may read them, and an EXPORT entry in the audit log."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conversations.models import AskedQuestion, Conversation
from core.models import AuditAction, AuditEntry
from tests import factories as f


def pdf_text(content):
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def conversation(world):
    conversation = world.conversations["six"]
    conversation.status = Conversation.Status.HELD
    conversation.summary = "Sam wil meer zelf kiezen wat hij leest."
    conversation.guardians = ["mother", "foster"]
    conversation.save()
    steps = list(conversation.conversation_model.steps.order_by("order"))
    f.NoteFactory(conversation=conversation, step=steps[0], author=world.user("coordinator"), text="GEHEIM-IB notitie.")
    f.NoteFactory(conversation=conversation, step=steps[3], author=world.user("teacher"), text="GEHEIM-JUF notitie.")
    f.ScaleAnswerFactory(conversation=conversation, respondent="pupil", value=9)
    AskedQuestion.objects.create(conversation=conversation, text="Wat ging er goed?")
    AskedQuestion.objects.create(conversation=conversation, text="Heb je dat gemerkt?")
    f.ConversationAgreementFactory(conversation=conversation, text="Elke avond tien minuten samen lezen.")
    return conversation


def download(world, login, role, conversation):
    return login(world.user(role), world.school).get(reverse("conversations:conversation_pdf", args=[conversation.pk]))


def test_the_report_holds_the_conversation_and_the_notes(world, login, conversation):
    response = download(world, login, "teacher", conversation)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="gesprek-sam-zes-2026-11-17.pdf"'
    content = pdf_text(response.content)
    for expected in [
        "De Wilg",
        "Voortgangs- of rapportgesprek Sam Zes",
        "17-11-2026 15:00",
        "gehouden",
        "moeder, pleegouder",
        "Sam wil meer zelf kiezen wat hij leest.",
        "Aantekeningen per stap",
        "Contact leggen",
        "GEHEIM-IB notitie.",
        "GEHEIM-JUF notitie.",
        "niets genoteerd",
        "Hoe nuttig was dit gesprek voor jou?",
        "1 open, 1 gesloten",
        "Elke avond tien minuten samen lezen.",
        "pagina 1 van",
    ]:
        assert expected in content, expected


def test_management_gets_the_report_without_the_notes(world, login, conversation):
    response = download(world, login, "management", conversation)
    assert response.status_code == 200
    content = pdf_text(response.content)
    assert "GEHEIM" not in content
    assert "Aantekeningen per stap" not in content
    assert "Sam wil meer zelf kiezen wat hij leest." in content
    assert "1 open, 1 gesloten" in content
    assert "Elke avond tien minuten samen lezen." in content


def test_the_export_is_audit_logged(world, login, conversation):
    download(world, login, "coordinator", conversation)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.event, entry.object_id, entry.school_id) == (
        AuditAction.EXPORT,
        "conversations.conversation_pdf",
        str(conversation.pk),
        world.school.pk,
    )
