"""Invitation letters of a round: one PDF, a page per family, refused while a pupil has no time."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from pypdf import PdfReader

from conversations import services
from conversations.models import Conversation, Round
from core.models import AuditAction, AuditEntry

from .test_scheduling import DAY, make_round, pupil


def pages(content):
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def letters_url(round_):
    return reverse("conversations:round_letters", args=[round_.pk])


@pytest.fixture
def coordinator(world, login):
    return login(world.user("coordinator"), world.school)


@pytest.fixture
def family_round(world):
    """Four pupils, two of them sister and brother, planned together by ib-test and juf-zes."""
    round_ = make_round(world, pupils=2, kind="start", purpose="We maken kennis en bespreken het nieuwe schooljaar.")
    pupil(world, round_.group, "Noor", family="F-7", surname="Bakker")
    pupil(world, round_.group, "Daan", family="F-7", surname="Bakker")
    services.plan_conversations(round_)
    return round_


def test_one_pdf_with_a_page_per_family(world, coordinator, family_round):
    response = coordinator.get(letters_url(family_round))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "uitnodigingen" in response["Content-Disposition"]
    texts = pages(response.content)
    assert len(texts) == 3  # two pupils on their own, one letter for Noor and Daan
    both = next(page for page in texts if "Noor" in page)
    assert "Aan de ouders/verzorgers van" in both and "Daan Bakker" in both and "Noor Bakker" in both
    assert "We maken kennis en bespreken het nieuwe schooljaar." in both
    assert date_format(DAY, "l j F Y") in both and "(15 minuten)" in both
    coordinator_name, teacher_name = str(world.user("coordinator")), str(world.user("teacher"))
    assert f"{coordinator_name} (intern begeleider)" in both and f"{teacher_name} (leerkracht)" in both
    assert "Noor is er ook bij." in both and "Daan is er ook bij." in both
    assert "De Wilg" in both
    assert "Met vriendelijke groet" in both and both.rstrip().endswith("De Wilg")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_id=str(family_round.pk))
    assert (entry.event, entry.data) == ("conversations.round_letters", {"count": 3})
    assert entry.description == "Uitnodigingsbrieven als PDF gemaakt: 3 brieven"


def test_siblings_share_consecutive_times_in_their_letter(world, coordinator, family_round):
    times = sorted(
        Conversation.objects.filter(round=family_round, pupil__family="F-7").values_list("starts_at", flat=True)
    )
    assert times[1] - times[0] == datetime.timedelta(minutes=15)
    both = next(page for page in pages(coordinator.get(letters_url(family_round)).content) if "Noor" in page)
    assert "de gesprekken sluiten op elkaar aan" in both


def test_without_the_child_the_letter_says_nothing_about_it(world, coordinator):
    round_ = make_round(world, pupils=1, pupil_invited=False)
    services.plan_conversations(round_)
    (text,) = pages(coordinator.get(letters_url(round_)).content)
    assert "is er ook bij" not in text


def test_split_round_names_the_one_member_per_child(world, coordinator):
    round_ = make_round(world, pupils=3, staff=("coordinator", "teacher", "remedial"), mode=Round.Mode.SPLIT)
    services.plan_conversations(round_)
    texts = pages(coordinator.get(letters_url(round_)).content)
    assert len(texts) == 3
    for text in texts:
        named = [key for key in ("coordinator", "teacher", "remedial") if f"{world.user(key)} (" in text]
        assert len(named) in (1, 2)  # the child's member, and ib-test signs as leader


def test_a_pupil_without_a_slot_means_no_pdf(world, coordinator, family_round):
    late = pupil(world, family_round.group, "Laatkomer", surname="Nieuw")
    cancelled = Conversation.objects.filter(round=family_round).first()
    cancelled.status = Conversation.Status.CANCELLED
    cancelled.save()
    response = coordinator.get(letters_url(family_round), follow=True)
    assert response.redirect_chain[-1][0] == reverse("conversations:round_detail", args=[family_round.pk])
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("Nog geen tijd gepland voor: ")
    assert late.full_name in message and cancelled.pupil.full_name in message
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_round_never_planned_gives_no_pdf(world, coordinator):
    round_ = make_round(world, pupils=2)
    response = coordinator.get(letters_url(round_), follow=True)
    assert "Nog geen tijd gepland voor: Kind00 Achter00, Kind01 Achter01" in response.content.decode()


def test_the_world_round_letter(world, coordinator):
    (text,) = pages(coordinator.get(letters_url(world.rounds["six"])).content)
    assert "Sam Zes" in text and "dinsdag 17 november 2026" in text


def test_teachers_of_other_groups_get_a_404(world, login):
    client = login(world.user("other_teacher"), world.school)
    assert client.get(letters_url(world.rounds["six"])).status_code == 404


def test_the_letter_says_where_and_how_to_reach_the_school(world, coordinator, family_round):
    school = world.school
    school.address, school.postcode, school.city, school.phone = (
        "Wilgenlaan 12",
        "9999 AA",
        "Lindeveen",
        "0123 45 67 89",
    )
    school.save()
    Round.objects.filter(pk=family_round.pk).update(location="het lokaal van groep 6")
    texts = pages(coordinator.get(letters_url(family_round)).content)
    both = next(page for page in texts if "Noor" in page)
    alone = next(page for page in texts if "Noor" not in page)
    for text in (both, alone):
        assert "Wilgenlaan 12" in text and "9999 AA Lindeveen" in text and "Telefoon 0123 45 67 89" in text
        assert "dan zoeken we samen een ander moment." in text
    # Siblings share a letter: its sentences are in the plural.
    assert "De gesprekken zijn in het lokaal van groep 6, op De Wilg, Wilgenlaan 12, 9999 AA Lindeveen." in both
    assert "Kunt u niet op deze tijdstippen? Bel ons dan zo snel mogelijk op 0123 45 67 89" in both
    assert "Het gesprek is in het lokaal van groep 6, op De Wilg, Wilgenlaan 12, 9999 AA Lindeveen." in alone
    assert "Kunt u niet op dit tijdstip? Bel ons dan zo snel mogelijk op 0123 45 67 89" in alone


def test_without_contact_details_the_letter_leaves_them_out(world, coordinator, family_round):
    texts = pages(coordinator.get(letters_url(family_round)).content)
    for text in texts:
        assert "Telefoon" not in text and "Het gesprek is" not in text and "De gesprekken zijn" not in text
        assert "Laat het ons dan zo snel mogelijk weten" in text


def test_the_staff_sentence_agrees_in_number():
    from conversations.letters import staff_sentence

    assert staff_sentence([("Jan de Vries", "leerkracht")]) == "Bij het gesprek is Jan de Vries (leerkracht)."
    assert (
        staff_sentence([("Jan de Vries", "leerkracht"), ("Ria Bos", "intern begeleider")], "Sanne")
        == "Bij het gesprek zijn Jan de Vries (leerkracht) en Ria Bos (intern begeleider). Sanne is er ook bij."
    )
