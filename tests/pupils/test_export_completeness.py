"""The access-request export holds every stored datum about the pupil (issue 13, point 3).

Every model with a path to the pupil (``pupils.datamap.pupil_paths``) is exported or listed as excluded with a
reason; for a pupil with a row of every kind, every stored text of those rows is in the JSON; and the demo
pupil with conversation notes has all of them in the JSON and the PDF."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from conversations.models import AskedQuestion, ConversationNeed, Note
from core import history
from core.models import AuditAction
from groupplans.models import Goal
from privacy.models import LegalHold, RecordKind, Removal
from pupils import access_request
from pupils.datamap import about, pupil_paths
from pupils.models import EducationalNeed, Pupil
from schools.models import Group, Membership, Role
from tests import factories as f

from .test_dossier import add_group_history, eight_years_of_results, fill_dossier


def export_json(client, pupil):
    response = client.get(reverse("pupils:dossier_json", args=[pupil.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


def export_pdf_text(client, pupil):
    response = client.get(reverse("pupils:dossier_pdf", args=[pupil.pk]))
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())  # lines wrap where the page ends


def records_of(data, label):
    return next(section for section in data["records"] if section["type"] == label)["items"]


# --- The declaration covers every model ---------------------------------------------------------------------------


def test_every_model_about_a_pupil_is_exported_or_excluded_with_a_reason():
    declared = set(access_request.EXPORTED) | set(access_request.EXCLUDED)
    missing = access_request.undeclared()
    assert not missing, (
        "These models hold data about a pupil but the access-request export neither shows them nor says why "
        f"not: {', '.join(missing)}. Add each to pupils.access_request.EXPORTED, or to EXCLUDED with the reason "
        "the parent reads."
    )
    stale = sorted(declared - {model._meta.label for model in pupil_paths()})
    assert not stale, f"Declared in pupils.access_request but no longer a model with a path to the pupil: {stale}"
    assert not set(access_request.EXPORTED) & set(access_request.EXCLUDED)
    assert all(str(reason).strip() for reason in access_request.EXCLUDED.values())


def test_a_new_model_about_a_pupil_is_caught(monkeypatch):
    # As if schools.Group had gained a foreign key to the pupil: the walk finds it, the declaration does not.
    monkeypatch.setattr(access_request, "pupil_paths", lambda: {**pupil_paths(), Group: "pupils"})
    assert access_request.undeclared() == ["schools.Group"]


def test_every_exported_field_has_a_dutch_label():
    english = [
        f"{model._meta.label}.{field.name}"
        for model in access_request.exported_models()
        for field in access_request.shown_fields(model)
        # A label Django derived from the (English) field name, with no Dutch one of ours.
        if str(field.verbose_name) == field.name.replace("_", " ") and field.name not in access_request.LABELS
    ]
    assert not english, f"Fields shown with the label Django derives from their English name: {english}"


# --- A pupil with a row of every kind ------------------------------------------------------------------------------


@pytest.fixture
def everything(world):
    """Sam with a row of every kind about her, the world's group plan, meeting and conversation included."""
    pupil = fill_dossier(world)
    ib, teacher = world.user("coordinator"), world.user("teacher")
    f.RemedialAssignmentFactory(pupil=pupil, staff=world.user("remedial"), subject="begrijpend lezen")
    plan = world.individual_plans["six"]
    history.save(
        Goal(
            individual_plan=plan,
            what="Sam schrijft werkwoorden in een dictee goed.",
            instrument=f.instrument("lvs-spelling"),
            target_score=160,
            date=datetime.date(2027, 1, 31),
            evaluation_remark="Bijna gehaald.",
        ),
        ib,
        validate=False,
    )
    meeting = world.meetings["six"]
    meeting.pupils.add(pupil, world.pupils["three"])
    meeting.notes = "Sam leest beter. Dirk van Drie heeft hulp nodig bij rekenen."
    meeting.decisions = "Dirk krijgt RT; Sam blijft in de basisgroep."
    history.save(meeting, ib)
    conversation = world.conversations["six"]
    conversation.summary = "Sam vertelde over lezen thuis."
    conversation.guardians = ["mother"]
    history.save(conversation, ib)
    note = history.save(
        f.NoteFactory.build(conversation=conversation, author=teacher, text="Eerste aantekening."), teacher
    )
    note.text = "Sam vertelde dat lezen thuis beter gaat."
    history.save(note, teacher)  # a change: old and new text in the history
    f.ScaleAnswerFactory(conversation=conversation, question="Hoe gaat lezen nu, van 0 tot 10?")
    f.AskedQuestionFactory(conversation=conversation, text="Wat lukt er al beter bij lezen?", asked_by=teacher)
    f.ConversationAgreementFactory(conversation=conversation, text="Elke avond samen lezen.")
    gone = history.save(f.ConversationAgreementFactory.build(conversation=conversation, text="Voorlezen aan opa."), ib)
    history.delete(gone, ib)
    need = EducationalNeed.objects.filter(pupil=pupil).first()
    ConversationNeed.objects.create(conversation=conversation, need=need)
    LegalHold.objects.create(
        pupil=pupil, until=datetime.date(2027, 6, 30), reason="Een klacht over de begeleiding loopt nog.", created_by=ib
    )
    Removal.objects.create(pupil=pupil, kind=RecordKind.IMPORT_FILES)
    return pupil


def _expected_texts(obj, field):
    """What of a stored value must be in the export: the text itself, a choice's label, a related record's
    name. Numbers, dates and yes/no are checked by the labels test and the readers of the PDF."""
    value = getattr(obj, field.attname)
    if value in (None, "", []):
        return []
    if field.is_relation and not field.many_to_many:
        return [str(getattr(obj, field.name))]
    if field.choices:
        return [str(getattr(obj, f"get_{field.name}_display")())]
    if isinstance(value, str):
        return [value]
    return []


def test_every_stored_text_of_every_kind_of_row_is_in_the_json(everything, world, login):
    pupil = everything
    data = export_json(login(world.user("coordinator"), world.school), pupil)
    assert data["complete"] is True
    rows = about(pupil)
    empty = [m._meta.label for m, qs in rows.items() if not qs.exists()]
    assert not empty, f"the fixture has no row of {empty}"
    for model, qs in rows.items():
        exported = {str(item["id"]): item for item in records_of(data, model._meta.label)}
        for obj in qs:
            item = exported.get(str(obj.pk))
            assert item is not None, f"{model._meta.label} {obj.pk} is not in the export"
            values = " ".join(field["value"] for field in item["fields"])
            for field in access_request.shown_fields(model):
                if field.many_to_many:
                    continue
                for text in _expected_texts(obj, field):
                    if model._meta.label in ("groupplans.Meeting", "groupplans.Action"):
                        text = text.replace("Dirk van Drie", "[andere leerling]").replace("Dirk", "[andere leerling]")
                    assert text in values, f"{model._meta.label}.{field.name} = {text!r} is not in the export"


def test_the_export_keeps_other_pupils_out(everything, world, login):
    data = export_json(login(world.user("coordinator"), world.school), everything)
    body = json.dumps(data, ensure_ascii=False)
    assert "Dirk" not in body and "Drie" not in body
    (meeting,) = records_of(data, "groupplans.Meeting")
    fields = {field["label"]: field["value"] for field in meeting["fields"]}
    assert fields["Besproken leerlingen"] == "Sam Zes en 1 andere leerling"
    assert fields["Aantekeningen"] == "Sam leest beter. [andere leerling] heeft hulp nodig bij rekenen."


def test_history_deleted_records_and_who_viewed_are_in_words(everything, world, login):
    client = login(world.user("coordinator"), world.school)
    client.get(reverse("pupils:dossier", args=[everything.pk]))  # a view, logged
    data = export_json(client, everything)
    (note,) = records_of(data, "conversations.Note")
    changes = [change for change in note["history"] if change["changes"]]
    assert changes[-1]["changes"] == [
        {"label": "Aantekeningen", "old": "Eerste aantekening.", "new": "Sam vertelde dat lezen thuis beter gaat."}
    ]
    assert changes[-1]["by"] == str(world.user("teacher")) and changes[-1]["action"] == "gewijzigd"
    deleted = [item for item in records_of(data, "conversations.Agreement") if item["deleted"]]
    assert len(deleted) == 1
    assert "Voorlezen aan opa." in [field["value"] for field in deleted[0]["fields"]]
    assert [change["action"] for change in deleted[0]["history"]] == ["aangemaakt", "verwijderd"]
    (me,) = records_of(data, "pupils.Pupil")
    assert {"field": "care_level", "label": "Zorgniveau", "value": "2 – extra zorg in de groep"} in me["fields"]
    (conversation,) = records_of(data, "conversations.Conversation")
    assert {"label": "Ouders of verzorgers", "field": "guardians", "value": "moeder"} in conversation["fields"]
    words = [c for change in conversation["history"] for c in change["changes"] if c["label"] == "Ouders of verzorgers"]
    assert words and words[-1]["new"] == "moeder"  # not the stored code "mother"
    viewed = data["viewed_and_exported"]
    assert viewed[0]["by"] == str(world.user("coordinator")) and viewed[0]["action"] == str(AuditAction.VIEW.label)
    assert datetime.datetime.fromisoformat(viewed[0]["at"]).tzinfo is not None


def test_the_parent_reads_what_is_left_out_and_why(everything, world, login):
    client = login(world.user("coordinator"), world.school)
    data = export_json(client, everything)
    texts = [item["text"] for item in data["not_included"]]
    coaching = [t for t in texts if "coaching" in t]
    assert coaching and coaching[0].startswith(
        "Niet opgenomen: coaching van leerkrachten, omdat coaching over de leerkracht"
    )
    assert "niet over uw kind" in coaching[0]
    pdf = export_pdf_text(client, everything)
    for text in texts:
        assert " ".join(text.split()) in pdf
    assert "alle gegevens" in data["about_this_export"]


def test_only_the_coordinators_export_is_complete_and_the_others_say_so(everything, world, login):
    client = login(world.user("teacher"), world.school)
    data = export_json(client, everything)
    assert data["complete"] is False and data["records"] == [] and data["viewed_and_exported"] == []
    assert "niet de volledige export" in data["about_this_export"]
    assert "alle gegevens" not in data["about_this_export"]
    pdf = export_pdf_text(client, everything)
    assert "Dit is niet de volledige export voor een inzageverzoek." in pdf
    assert "Alle vastgelegde gegevens" not in pdf and "alle gegevens" not in pdf
    # The teacher does not read the listeners' own notes of a conversation she did not take part in.
    assert "Sam vertelde dat lezen thuis beter gaat." not in json.dumps(data, ensure_ascii=False)


# --- Fast: a fixed number of queries, and the PDF of 8 years ------------------------------------------------------

EXPORT_QUERY_BUDGET = 80


@pytest.mark.parametrize("kind", ["json", "pdf"])
def test_export_runs_a_fixed_number_of_queries(everything, world, login, kind, django_assert_max_num_queries):
    pupil = everything
    add_group_history(world, pupil)
    eight_years_of_results(pupil)
    client = login(world.user("coordinator"), world.school)
    url = reverse(f"pupils:dossier_{kind}", args=[pupil.pk])
    client.get(url)  # warm the content-type cache as any running server has
    with django_assert_max_num_queries(EXPORT_QUERY_BUDGET), CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    eight_years_of_results(pupil, day=25)  # twice as many results
    conversation = world.conversations["six"]
    for step in conversation.steps()[1:4]:
        history.save(f.NoteFactory.build(conversation=conversation, step=step, author=world.user("coordinator")), None)
    f.AskedQuestionFactory.create_batch(3, conversation=conversation)
    for text in ("Eerst samen lezen.", "Dan alleen lezen."):  # more deleted records
        gone = history.save(f.ConversationAgreementFactory.build(conversation=conversation, text=text), None)
        history.delete(gone, None)
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second) == len(first)


# --- The demo pupil of the issue -----------------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_demo_pupil_has_every_note_question_and_agreement_in_json_and_pdf(demo, client):
    # The pupil: 12 stored conversation notes, 4 asked questions and an agreement.
    pupil = (
        Pupil.objects.annotate(
            notes=Count("conversations__notes", distinct=True),
            questions=Count("conversations__asked_questions", distinct=True),
            agreements=Count("conversations__agreements", distinct=True),
        )
        .filter(notes=12, questions=4, agreements=1)
        .order_by("pk")
        .first()
    )
    assert pupil is not None
    coordinator = Membership.objects.filter(school=pupil.school, role=Role.COORDINATOR).first().user
    client.force_login(coordinator)
    session = client.session
    session["school_id"] = pupil.school_id
    session.save()
    data = export_json(client, pupil)
    pdf = export_pdf_text(client, pupil)
    notes = Note.objects.filter(conversation__pupil=pupil)
    questions = AskedQuestion.objects.filter(conversation__pupil=pupil)
    assert len(records_of(data, "conversations.Note")) == 12
    assert len(records_of(data, "conversations.AskedQuestion")) == 4
    assert len(records_of(data, "conversations.Agreement")) == 1
    body = json.dumps(data, ensure_ascii=False)
    for text in [*notes.values_list("text", flat=True), *questions.values_list("text", flat=True)]:
        assert json.dumps(text, ensure_ascii=False)[1:-1] in body, text
        assert " ".join(text.split()) in pdf, text
    agreement = records_of(data, "conversations.Agreement")[0]
    assert any(" ".join(field["value"].split()) in pdf for field in agreement["fields"] if field["label"] == "Afspraak")
    assert "alles" not in pdf.split("Over deze export")[-1].split("Niet opgenomen")[0].lower().split()
