"""Notes per author per step: each listener writes and sees only her own on the notes page; the
comparison lays everyone's notes side by side, leader first, and counts where only one wrote."""

import pytest
from django.urls import reverse

from conversations.models import BankQuestion, Note
from core.models import AuditAction, AuditEntry, Revision
from tests import factories as f
from tests.forms_on_page import form_data


def url(name, obj):
    return reverse(f"conversations:{name}", args=[obj.pk])


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def conversation(world):
    return world.conversations["six"]  # led by ib-test, notes by juf-zes


@pytest.fixture
def steps(conversation):
    return list(conversation.conversation_model.steps.order_by("order"))


def field(step):
    return f"stap_{step.pk}"


def typed(client, conversation, texts):
    """The notes form as the page holds it (with the versions of my notes), with ``texts`` typed in."""
    page = client.get(url("notes_edit", conversation)).content.decode()
    return {**form_data(page, containing=[f"versie_{conversation.steps().first().pk}"]), **texts}


def test_the_notes_page_shows_each_step_with_its_guide_questions_and_my_own_note(world, login, conversation, steps):
    f.NoteFactory(conversation=conversation, step=steps[0], author=world.user("teacher"), text="MIJN-EIGEN notitie")
    f.NoteFactory(conversation=conversation, step=steps[0], author=world.user("coordinator"), text="VAN-DE-IB notitie")
    own = BankQuestion.objects.create(step=steps[1], text="Welke vraag van onze school?", school=world.school)
    BankQuestion.objects.create(step=steps[1], text="Een vraag van een andere school?", school=world.foreign_school)
    BankQuestion.objects.create(step=steps[1], text="Een vraag die niet meer in gebruik is?", is_active=False)
    page = text(login(world.user("teacher"), world.school).get(url("notes_edit", conversation)))
    assert len(steps) == 7
    for step in steps:
        assert step.title in page
        assert f'name="{field(step)}"' in page
    assert steps[0].guide in page
    assert steps[0].questions.filter(school__isnull=True).first().text in page
    assert own.text in page
    assert "Een vraag van een andere school?" not in page
    assert "Een vraag die niet meer in gebruik is?" not in page
    assert "MIJN-EIGEN notitie" in page
    assert "VAN-DE-IB" not in page


def test_saving_notes_touches_only_my_own(world, login, conversation, steps):
    theirs = f.NoteFactory(
        conversation=conversation, step=steps[1], author=world.user("coordinator"), text="Van de ib."
    )
    client = login(world.user("teacher"), world.school)
    response = client.post(
        url("notes_edit", conversation),
        typed(
            client,
            conversation,
            {
                field(steps[0]): "  Sam keek me aan.  ",
                field(steps[1]): "Moeder vertelde over thuis.",
                field(steps[2]): "",
            },
        ),
    )
    assert response.status_code == 302
    mine = {n.step_id: n.text for n in Note.objects.filter(conversation=conversation, author=world.user("teacher"))}
    assert mine == {steps[0].pk: "Sam keek me aan.", steps[1].pk: "Moeder vertelde over thuis."}
    theirs.refresh_from_db()
    assert theirs.text == "Van de ib."
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE)
    assert entry.object_id == str(conversation.pk)
    assert Revision.objects.filter(action=AuditAction.CREATE, content_type__model="note").count() == 2


def test_changing_and_clearing_my_notes(world, login, conversation, steps):
    teacher = world.user("teacher")
    kept = f.NoteFactory(conversation=conversation, step=steps[0], author=teacher, text="Eerst dit.")
    cleared = f.NoteFactory(conversation=conversation, step=steps[1], author=teacher, text="Dit mag weg.")
    client = login(teacher, world.school)
    typed_in = typed(client, conversation, {field(steps[0]): "Toch iets anders.", field(steps[1]): ""})
    response = client.post(url("notes_edit", conversation), typed_in)
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.text == "Toch iets anders."
    # An emptied note is gone; its last text stays in the history.
    assert not Note.objects.filter(pk=cleared.pk).exists()
    deleted = Revision.objects.get(action=AuditAction.DELETE, object_id=str(cleared.pk))
    assert deleted.data["text"] == "Dit mag weg."


def test_saving_unchanged_notes_changes_nothing(world, login, conversation, steps):
    f.NoteFactory(conversation=conversation, step=steps[0], author=world.user("teacher"), text="Blijft.")
    client = login(world.user("teacher"), world.school)
    response = client.post(url("notes_edit", conversation), typed(client, conversation, {}), follow=True)
    assert "Er is niets veranderd aan je aantekeningen." in text(response)
    assert not AuditEntry.objects.filter(action=AuditAction.CHANGE).exists()


def test_a_too_long_note_is_refused_and_nothing_is_saved(world, login, conversation, steps):
    client = login(world.user("teacher"), world.school)
    page = text(client.post(url("notes_edit", conversation), {field(steps[0]): "Kort.", field(steps[1]): "x" * 10001}))
    assert "Deze aantekening is te lang" in page
    assert not Note.objects.exists()


def test_a_field_for_a_step_of_another_model_is_ignored(world, login, conversation):
    other_step = f.conversation_model("delfos").steps.first()
    client = login(world.user("teacher"), world.school)
    typed_in = typed(client, conversation, {field(other_step): "Ergens anders."})
    assert client.post(url("notes_edit", conversation), typed_in).status_code == 302
    assert not Note.objects.exists()


def test_management_cannot_reach_the_notes(world, login, conversation):
    client = login(world.user("management"), world.school)
    assert client.get(url("notes_edit", conversation)).status_code == 404
    assert client.post(url("notes_edit", conversation), {}).status_code == 404
    assert client.get(url("notes_compare", conversation)).status_code == 404


# --- Side by side ---------------------------------------------------------------------------------------------------


def test_the_comparison_lays_both_listeners_side_by_side(world, login, conversation, steps):
    leader, note_taker = world.user("coordinator"), world.user("teacher")
    leader.first_name, leader.last_name = "Ilse", "Bakker"
    leader.save()
    note_taker.first_name, note_taker.last_name = "Jeroen", "de Vries"
    note_taker.save()
    f.NoteFactory(conversation=conversation, step=steps[0], author=note_taker, text="Jeroen hoorde dit.")
    f.NoteFactory(conversation=conversation, step=steps[0], author=leader, text="Ilse hoorde dat.")
    f.NoteFactory(conversation=conversation, step=steps[2], author=note_taker, text="Alleen Jeroen schreef hier.")
    page = text(login(note_taker, world.school).get(url("notes_compare", conversation)))
    table = page.split('id="vergelijking"')[1]
    header = table.split("</thead>")[0]
    assert header.index("Ilse Bakker") < header.index("Jeroen de Vries")  # the leader first
    assert "Jeroen hoorde dit." in table and "Ilse hoorde dat." in table
    assert "Alleen Jeroen schreef hier." in table
    # 7 steps x 2 authors = 14 cells, 3 with a note.
    assert table.count("niets genoteerd") == 11
    assert "In 1 van de 7 stappen schreef maar één van jullie iets op." in page
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert (entry.object_id, entry.event) == (str(conversation.pk), "conversations.notes_compared")


def test_the_comparison_without_notes_says_so(world, login, conversation):
    page = text(login(world.user("coordinator"), world.school).get(url("notes_compare", conversation)))
    assert "Er zijn nog geen aantekeningen gemaakt bij dit gesprek." in page


def test_the_comparison_with_one_author(world, login, conversation, steps):
    f.NoteFactory(conversation=conversation, step=steps[0], author=world.user("teacher"))
    page = text(login(world.user("coordinator"), world.school).get(url("notes_compare", conversation)))
    assert "Alleen juf-zes heeft aantekeningen gemaakt." in page or "heeft aantekeningen gemaakt." in page
