"""Who may open a conversation beyond the pupil's readers: the people who take part in it."""

from django.urls import reverse

from tests import factories as f


def test_a_teacher_of_another_group_at_the_table_opens_the_conversation_but_not_the_dossier(world, login):
    conversation = world.conversations["six"]  # about Sam (group 6): meester-drie teaches group 3
    client = login(world.user("other_teacher"), world.school)
    detail = reverse("conversations:conversation_detail", args=[conversation.pk])
    notes = reverse("conversations:notes_edit", args=[conversation.pk])
    assert client.get(detail).status_code == 404
    conversation.staff.add(world.user("other_teacher"))
    assert client.get(detail).status_code == 200
    assert client.get(notes).status_code == 200
    assert client.get(reverse("conversations:outcomes", args=[conversation.pk])).status_code == 200
    assert client.get(reverse("pupils:dossier", args=[world.pupils["six"].pk])).status_code == 404


def test_a_director_who_took_part_keeps_her_own_notes_other_directors_see_none(world, login):
    conversation = world.conversations["three"]
    notes = reverse("conversations:notes_edit", args=[conversation.pk])
    director = login(world.user("management"), world.school)
    assert director.get(notes).status_code == 404
    conversation.staff.add(world.user("management"))
    assert director.get(notes).status_code == 200
    # Taking part gives her notes, not the right to change the conversation itself.
    assert director.get(reverse("conversations:conversation_edit", args=[conversation.pk])).status_code == 404


def test_taking_part_in_another_schools_conversation_gives_nothing_here(world, login):
    foreign = f.ConversationFactory(pupil=world.pupils["foreign"])
    foreign.staff.add(world.user("teacher"))
    client = login(world.user("teacher"), world.school)
    assert client.get(reverse("conversations:conversation_detail", args=[foreign.pk])).status_code == 404


def test_taking_part_does_not_show_the_pupils_earlier_conversations_on_the_outcomes_page(world, login):
    import datetime

    from conversations.models import Agreement

    conversation = world.conversations["six"]
    earlier = f.ConversationFactory(
        pupil=world.pupils["six"], starts_at=conversation.starts_at - datetime.timedelta(days=30)
    )
    Agreement.objects.create(
        conversation=earlier, text="Elke dag lezen met opa.", owner="parents", due_date=datetime.date(2026, 11, 1)
    )
    outcomes = reverse("conversations:outcomes", args=[conversation.pk])
    # The group's teacher reads the pupil, so she sees the earlier agreement to follow up.
    assert "Elke dag lezen met opa." in login(world.user("teacher"), world.school).get(outcomes).content.decode()
    # A teacher of another group who only sat in on this conversation does not.
    conversation.staff.add(world.user("other_teacher"))
    page = login(world.user("other_teacher"), world.school).get(outcomes)
    assert page.status_code == 200 and "Elke dag lezen met opa." not in page.content.decode()
