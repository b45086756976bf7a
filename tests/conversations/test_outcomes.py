"""Outcomes of a conversation: the look back at earlier agreements (and whether the child noticed
what was done with its input), the needs named (stored as pupil needs with source "gesprek", so they
show in the dossier and the group plan) and new agreements; all in one transaction."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conversations.models import Agreement, Conversation, ConversationNeed
from core.models import AuditAction, AuditEntry, Revision
from pupils.models import EducationalNeed, NeedCategory, NeedSource
from tests import factories as f

FOLLOW, NEEDS, AGREEMENTS = "terugblik", "behoeften", "afspraken"


def url(conversation):
    return reverse("conversations:outcomes", args=[conversation.pk])


def formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def outcome_data(needs=(), agreements=(), need_initial=0, agreement_initial=0, **extra):
    return {
        **formset(NEEDS, list(needs), need_initial),
        **formset(AGREEMENTS, list(agreements), agreement_initial),
        **extra,
    }


NEED = {"category": NeedCategory.INSTRUCTION, "text": "kort is en met een voorbeeld begint", "goal": "zelf beginnen"}


@pytest.fixture
def conversation(world):
    return world.conversations["six"]


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


@pytest.fixture
def earlier(world, conversation):
    """An earlier conversation about Sam with two open agreements and a need."""
    before = f.ConversationFactory(
        pupil=conversation.pupil, starts_at=conversation.starts_at - datetime.timedelta(days=60), status="held"
    )
    f.ConversationAgreementFactory(
        conversation=before, text="Elke avond samen lezen.", due_date=datetime.date(2026, 10, 1)
    )
    f.ConversationAgreementFactory(
        conversation=before, text="De juf geeft een stappenkaart.", owner=Agreement.Owner.TEACHER
    )
    need = f.NeedFactory(
        pupil=conversation.pupil, source=NeedSource.CONVERSATION, text="rustig is en weinig prikkels geeft"
    )
    ConversationNeed.objects.create(conversation=before, need=need)
    return before


def test_a_need_named_here_reaches_the_dossier_and_the_group_plan(world, conversation, teacher):
    data = outcome_data(needs=[NEED, {"category": "", "text": "", "goal": ""}])
    response = teacher.post(url(conversation), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    need = EducationalNeed.objects.get(text=NEED["text"])
    assert (need.pupil, need.source, need.author) == (
        world.pupils["six"],
        NeedSource.CONVERSATION,
        world.user("teacher"),
    )
    assert need.conversation_link.conversation == conversation
    assert Revision.objects.filter(content_type__model="educationalneed", object_id=str(need.pk)).exists()

    world.plans["six"].__class__.objects.filter(pk=world.plans["six"].pk).update(phase="understand")
    dossier = teacher.get(reverse("pupils:dossier", args=[need.pupil.pk])).content.decode()
    assert NEED["text"] in dossier and "gesprek" in dossier
    plan = teacher.get(reverse("groupplans:plan_phase", args=[world.plans["six"].pk, "understand"])).content.decode()
    assert NEED["text"] in plan


def test_linked_needs_can_be_changed(conversation, teacher):
    need = f.NeedFactory(pupil=conversation.pupil, source=NeedSource.CONVERSATION, text="oud")
    ConversationNeed.objects.create(conversation=conversation, need=need)
    assert "oud" in teacher.get(url(conversation)).content.decode()
    # The version the page carries (once the pupils app keeps one for a need).
    version = getattr(need, "version", "")
    row = {
        "id": need.pk,
        "version": version,
        "category": need.category,
        "text": "nieuw en beter",
        "goal": "",
        "subject": "",
    }
    assert teacher.post(url(conversation), outcome_data(needs=[row], need_initial=1)).status_code == 302
    need.refresh_from_db()
    assert need.text == "nieuw en beter"
    assert EducationalNeed.objects.count() == 1


def test_agreements_are_saved_with_owner_and_date(conversation, teacher):
    row = {"text": "Sam oefent de tafels met de app.", "owner": Agreement.Owner.PUPIL, "due_date": "2026-12-01"}
    assert teacher.post(url(conversation), outcome_data(agreements=[row])).status_code == 302
    agreement = conversation.agreements.get()
    assert (agreement.owner, agreement.due_date, agreement.status) == ("pupil", datetime.date(2026, 12, 1), "open")
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE, content_type__model="conversation").exists()


def test_an_agreement_before_the_conversation_saves_nothing(conversation, teacher):
    before = timezone.localdate(conversation.starts_at) - datetime.timedelta(days=1)
    agreement = {"text": "Te vroeg.", "owner": Agreement.Owner.PUPIL, "due_date": before.isoformat()}
    response = teacher.post(url(conversation), outcome_data(needs=[NEED], agreements=[agreement]))
    assert response.status_code == 200
    assert "Een afspraak kan niet vóór de datum van het gesprek liggen." in response.content.decode()
    assert not EducationalNeed.objects.exists() and not Agreement.objects.exists()  # nothing half


def test_no_look_back_without_earlier_conversations(conversation, teacher):
    page = teacher.get(url(conversation)).content.decode()
    assert 'id="terugblik"' not in page
    assert "Merkte het kind" not in page


def test_the_look_back_shows_open_agreements_and_earlier_needs(conversation, teacher, earlier):
    page = teacher.get(url(conversation)).content.decode()
    assert 'id="terugblik"' in page
    assert "Elke avond samen lezen." in page and "De juf geeft een stappenkaart." in page
    assert "rustig is en weinig prikkels geeft" in page
    assert "Merkte het kind wat er met zijn inbreng is gedaan?" in page


def test_following_up_an_agreement_checks_it_in_here(conversation, teacher, earlier):
    first, second = earlier.agreements.order_by("due_date", "id")
    data = outcome_data(
        **formset(
            FOLLOW,
            [
                {"id": first.pk, "version": first.version, "status": Agreement.Status.DONE},
                {"id": second.pk, "version": second.version, "status": Agreement.Status.OPEN},
            ],
            initial=2,
        ),
        input_noticed=Conversation.Noticed.PARTLY,
        input_noticed_notes="Sam merkte de stappenkaart, het lezen thuis nog niet.",
        version=conversation.version,
    )
    assert teacher.post(url(conversation), data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.checked_in) == (Agreement.Status.DONE, conversation)
    assert (second.status, second.checked_in) == (Agreement.Status.OPEN, None)
    conversation.refresh_from_db()
    assert conversation.input_noticed == Conversation.Noticed.PARTLY
    assert conversation.version == 2
    # A kept agreement checked in here stays on this page; it is no longer open for the next one.
    assert "Elke avond samen lezen." in teacher.get(url(conversation)).content.decode()
    later = f.ConversationFactory(
        pupil=conversation.pupil, starts_at=conversation.starts_at + datetime.timedelta(days=30)
    )
    page = teacher.get(url(later)).content.decode()
    assert "Elke avond samen lezen." not in page and "De juf geeft een stappenkaart." in page


def test_a_stale_version_saves_nothing(conversation, teacher, earlier):
    Conversation.objects.filter(pk=conversation.pk).update(version=5)
    agreement = {"text": "Nieuw.", "owner": Agreement.Owner.PUPIL, "due_date": "2026-12-01"}
    data = outcome_data(
        agreements=[agreement],
        **formset(
            FOLLOW,
            [
                {"id": a.pk, "version": a.version, "status": "open"}
                for a in earlier.agreements.order_by("due_date", "id")
            ],
            2,
        ),
        input_noticed=Conversation.Noticed.YES,
        input_noticed_notes="",
        version=1,
    )
    response = teacher.post(url(conversation), data)
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert not conversation.agreements.exists()
    conversation.refresh_from_db()
    assert conversation.input_noticed == ""


def test_management_cannot_post(world, login, conversation):
    client = login(world.user("management"), world.school)
    assert client.post(url(conversation), outcome_data(needs=[NEED])).status_code == 404
    assert not EducationalNeed.objects.exists()


# Session, user, memberships, conversation, earlier ids, earlier needs, follow-up agreements, linked needs,
# subjects, own agreements, the idle clock (and a few more of the layout).
BUDGET = 13


def test_the_page_runs_a_fixed_number_of_queries(conversation, teacher, earlier, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            f.ConversationAgreementFactory(conversation=earlier)
            f.ConversationAgreementFactory(conversation=conversation)
            need = f.NeedFactory(pupil=conversation.pupil, source=NeedSource.CONVERSATION)
            ConversationNeed.objects.create(conversation=conversation, need=need)

    add(1)
    teacher.get(url(conversation))
    with CaptureQueriesContext(connection) as few:
        teacher.get(url(conversation))
    add(10)
    with django_assert_max_num_queries(BUDGET), CaptureQueriesContext(connection) as many:
        teacher.get(url(conversation))
    assert len(many) == len(few)
