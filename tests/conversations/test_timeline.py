"""Conversations in the pupil's dossier timeline: through the timeline mechanism, one query, only
what the user may read, never the step notes."""

from django.urls import reverse

from conversations import timeline_providers
from conversations.models import Conversation
from pupils import timeline
from schools import access
from tests import factories as f


def test_the_provider_is_registered():
    assert timeline_providers.conversations in timeline._providers


def test_a_conversation_appears_in_the_dossier_timeline(world, login):
    conversation = world.conversations["six"]
    conversation.status = Conversation.Status.HELD
    conversation.summary = "Samen besproken hoe het lezen gaat."
    conversation.save()
    f.NoteFactory(conversation=conversation, author=world.user("teacher"), text="GEHEIM-NOTITIE")
    response = login(world.user("management"), world.school).get(
        reverse("pupils:dossier", args=[conversation.pupil_id])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voortgangs- of rapportgesprek om 15:00 (gehouden)" in page
    assert "Samen besproken hoe het lezen gaat." in page
    assert reverse("conversations:conversation_detail", args=[conversation.pk]) in page
    assert reverse("conversations:pupil_conversations", args=[conversation.pupil_id]) in page
    assert "GEHEIM-NOTITIE" not in page


def test_the_provider_uses_one_query_and_respects_access(world, django_assert_num_queries):
    pupil = world.pupils["six"]
    for _ in range(5):
        f.ConversationFactory(pupil=pupil, leader=world.user("coordinator"))
    user = world.user("coordinator")
    access.remember_memberships(user, list(access.memberships(user)))  # as the middleware does
    with django_assert_num_queries(1):
        items = list(timeline_providers.conversations(pupil, user, world.school))
    assert len(items) == 6
    assert {item.kind for item in items} == {"gesprek"}
    # A teacher of another group reads nothing of this pupil, so no conversation either.
    other = world.user("other_teacher")
    assert list(timeline_providers.conversations(pupil, other, world.school)) == []
    assert list(timeline_providers.conversations(pupil, world.user("admin"), world.school)) == []
