import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core import history
from core.models import AuditAction, AuditEntry
from pupils.models import Assessment, CareLevelChange, EducationalNeed, Factor, Observation
from tests import factories as f

from .test_dossier import fill_dossier


def export(login, world, role, pupil, kind):
    client = login(world.user(role), world.school)
    return client.get(reverse(f"pupils:dossier_{kind}", args=[pupil.pk]))


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_export_holds_the_dossier(world, login):
    pupil = fill_dossier(world)
    response = export(login, world, "coordinator", pupil, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="dossier-sam-zes-{today}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())  # lines wrap where the page ends
    for expected in [
        "Leerlingdossier Sam Zes",
        "De Wilg",  # the school in the page header
        "Groep 6",
        str(world.user("teacher")),
        "LVS Spelling",  # a result ...
        "162",  # ... with its score
        "Sam heeft instructie nodig die kort en visueel is, om zelfstandig aan de slag te gaan.",  # a need
        "Raakt snel afgeleid door geluid.",
        "Werkt geconcentreerd bij korte instructie.",
        "Spelling: niveau per toetsmoment (I–V)",  # the growth chart
        "toets hoger dan advies",
        "pagina 1 van",
    ]:
        assert expected in text, expected


def test_pdf_export_is_audit_logged_as_an_export(world, login):
    pupil = world.pupils["six"]
    export(login, world, "management", pupil, "pdf")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.event, entry.object_id) == (AuditAction.EXPORT, "pupils.dossier_pdf", str(pupil.pk))
    assert entry.user_repr == "directeur-test"


def test_json_export_holds_every_record_and_its_history(world, login):
    pupil = fill_dossier(world)
    ib = world.user("coordinator")
    observation = Observation.objects.get(pupil=pupil)
    observation.text = "Werkt geconcentreerd bij korte, visuele instructie."
    history.save(observation, ib)
    removed = history.save(f.FactorFactory.build(pupil=pupil, author=ib, text="Wordt gepest."), ib)
    removed_pk = removed.pk
    history.delete(removed, ib)

    response = export(login, world, "coordinator", pupil, "json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="dossier-sam-zes-{today}.json"'
    data = json.loads(response.content)

    assert data["schema"] == "wat-helpt/leerlingdossier" and data["schema_version"] == 2
    assert datetime.datetime.fromisoformat(data["exported_at"]).tzinfo is not None
    assert data["exported_by"] == {"username": "ib-test", "name": str(ib), "role": "coordinator"}
    assert data["pupil"]["full_name"] == "Sam Zes" and data["pupil"]["date_of_birth"] == "2015-03-14"
    assert {e["group"] for e in data["enrolments"]} == {"Groep 6", "Groep 5"}

    # Every record stored about the pupil, each with its revisions.
    for key, model in [
        ("assessments", Assessment),
        ("observations", Observation),
        ("factors", Factor),
        ("educational_needs", EducationalNeed),
        ("care_level_changes", CareLevelChange),
    ]:
        exported = {record["id"] for record in data[key]}
        assert exported == set(model.objects.filter(pupil=pupil).values_list("pk", flat=True)), key
        assert all(record["revisions"] for record in data[key]), key
    assert len(data["secondary_advice"]) == 1
    assert data["secondary_advice"][0]["comparison"] == "higher"

    changed = next(o for o in data["observations"] if o["id"] == observation.pk)
    assert [r["action"] for r in changed["revisions"]] == ["create", "change"]
    assert changed["revisions"][-1]["data"]["text"] == "Werkt geconcentreerd bij korte, visuele instructie."
    assert changed["date"] == "2026-10-01"
    assert datetime.datetime.fromisoformat(changed["revisions"][0]["at"])

    deleted = [d for d in data["deleted_records"] if d["type"] == "factor" and d["id"] == str(removed_pk)]
    assert [r["action"] for r in deleted[0]["revisions"]] == ["create", "delete"]

    spelling = [a for a in data["assessments"] if a["subject"]["code"] == "spelling"]
    assert {(a["moment"], a["score"], a["level"]["code"]) for a in spelling} == {
        ("M5", 150.0, "III"),
        ("E5", 162.0, "II"),
    }
    assert {item["kind"] for item in data["timeline"]} >= {"toets", "observatie", "groep"}
    assert any("werkaantekeningen" in item["what"] for item in data["not_included"])


def test_json_structure_is_stable(world, login):
    data = json.loads(export(login, world, "teacher", world.pupils["six"], "json").content)
    assert list(data) == [
        "schema",
        "schema_version",
        "exported_at",
        "exported_by",
        "school",
        "pupil",
        "enrolments",
        "remedial_assignments",
        "care_level_changes",
        "educational_needs",
        "factors",
        "observations",
        "assessments",
        "secondary_advice",
        "timeline",
        "deleted_records",
        "complete",
        "about_this_export",
        "records",
        "viewed_and_exported",
        "not_included",
    ]


def test_json_export_is_audit_logged_as_an_export(world, login):
    export(login, world, "teacher", world.pupils["six"], "json")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.event, entry.user_repr) == (AuditAction.EXPORT, "pupils.dossier_json", "juf-zes")


@pytest.mark.parametrize("kind", ["pdf", "json"])
@pytest.mark.parametrize("role,pupil_key", [("teacher", "three"), ("admin", "six"), ("coordinator", "foreign")])
def test_export_out_of_scope_is_a_404_and_not_logged(world, login, kind, role, pupil_key):
    assert export(login, world, role, world.pupils[pupil_key], kind).status_code == 404
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("kind", ["pdf", "json"])
def test_export_needs_a_login(world, client, kind):
    response = client.get(reverse(f"pupils:dossier_{kind}", args=[world.pupils["six"].pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
