"""Erasure reaches every model with a path to the pupil (pupils.datamap), the generic records that point
at them (revisions, audit entries) and the stored import files; a new model is not covered by itself."""

import pytest
from django.contrib.contenttypes.models import ContentType

from core import history
from core.models import AuditEntry, Revision
from groupplans.models import Action, Goal, Meeting
from privacy.services import erasure
from pupils.datamap import about, pupil_paths
from pupils.models import Enrolment, ImportBatch, Pupil
from tests import factories as f

from .erasure_setup import full_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return f.UserFactory(username="ib-wis", first_name="Ineke", last_name="Bos")


@pytest.fixture
def group():
    return f.GroupFactory(name="Groep 5a")


def test_every_model_with_a_path_to_the_pupil_is_listed_with_how_it_is_erased():
    listed = set(erasure.HANDLING)
    found = {model._meta.label for model in pupil_paths()}
    assert not found - listed, (
        f"Models with a path to Pupil that erasure does not know: {sorted(found - listed)}. Add each to "
        "privacy.services.erasure.HANDLING (ERASE, ERASE_WITH_PARENT or SHARED) and make sure erase_pupil "
        "removes its rows, then add a row of it to tests/privacy/erasure_setup.full_pupil."
    )
    assert not listed - found, f"HANDLING lists models that no longer lead to a pupil: {sorted(listed - found)}"


def _revisions_of(rows):
    found = 0
    for model, queryset in rows.items():
        content_type = ContentType.objects.get_for_model(model)
        ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        found += Revision.objects.filter(content_type=content_type, object_id__in=ids).count()
    return found


def test_erase_pupil_leaves_no_row_about_her(coordinator, group):
    pupil, rows = full_pupil(coordinator, group=group)
    other = f.PupilFactory(school=pupil.school, first_name="Ander", surname="Kind")
    shared = f.MeetingFactory(school=pupil.school, kind="care_team", notes=f"{pupil.full_name} en Ander")
    shared.pupils.add(pupil, other)
    shared_action = f.ActionFactory(
        meeting=shared, owner=coordinator, text=f"Bel de ouders van {pupil.first_name} {pupil.surname}"
    )
    before = about(pupil)
    missing = [model._meta.label for model, queryset in before.items() if not queryset.exists()]
    assert not missing, f"full_pupil makes no row of {missing}: add one so the walk covers it"
    ids = {model: set(queryset.values_list("pk", flat=True)) for model, queryset in before.items()}
    pupil_id = pupil.pk

    summary = erasure.erase_pupil(pupil, by=coordinator, reason="Verzoek van de ouders")

    # Only the meeting about others too stays, with its action (checked below).
    stays = {Meeting: {shared.pk}, Action: {shared_action.pk}}
    for model, pks in ids.items():
        left = set(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        assert left == stays.get(model, set()), f"{model._meta.label}: {len(left)} rows about her remain"
        content_type = ContentType.objects.get_for_model(model)
        gone = [str(pk) for pk in pks - left]
        revisions = Revision.objects.filter(content_type=content_type, object_id__in=gone)
        assert not revisions.exists(), f"{model._meta.label}: revisions of erased rows remain"
    # The observation deleted earlier left revisions that named her: gone too.
    assert not Revision.objects.filter(data__pupil=pupil_id).exists()
    # The meeting about others too stays for them, without her, and so does its action.
    shared.refresh_from_db()
    assert list(shared.pupils.all()) == [other]
    assert summary.pseudonym in shared.notes and pupil.full_name not in shared.notes
    shared_action.refresh_from_db()
    assert shared_action.text == f"Bel de ouders van {summary.pseudonym}"
    assert all(pupil_id not in r.data.get("pupils", []) for r in Revision.objects.filter(object_id=str(shared.pk)))
    # Import files keep their header and the other pupils' lines.
    for batch in ImportBatch.objects.all():
        assert "LL-4711" not in batch.content and "Berg" not in batch.content
        assert "LL-0002" in batch.content
        assert batch.content.splitlines()[0].lower().startswith("leerling")
    assert summary.import_rows == 2
    # Audit entries stay, about the pseudonym.
    pupil_type = ContentType.objects.get_for_model(Pupil)
    about_her = AuditEntry.objects.filter(content_type=pupil_type, object_id=str(pupil_id))
    assert about_her.exists() and {e.object_repr for e in about_her} == {summary.pseudonym}
    assert summary.counts["pupils.Pupil"] == 1 and summary.counts["conversations.Note"] == 1
    assert summary.meetings_left == 1


def test_the_erasure_is_logged_with_who_when_why_and_the_pseudonym(coordinator, group):
    pupil, _rows = full_pupil(coordinator, group=group)
    summary = erasure.erase_pupil(pupil, by=coordinator, reason="Verzoek van Zoë van der Berg zelf")
    entry = AuditEntry.objects.get(event="privacy.pupil_erased")
    assert entry.user == coordinator and entry.school_id == pupil.school_id
    assert entry.data["reason"] == f"Verzoek van {summary.pseudonym} zelf"
    assert summary.pseudonym in entry.description and "1 leerling" in entry.description
    assert "1 observatie" in entry.description


def test_the_pseudonym_is_stable_and_keyed(settings):
    assert erasure.pseudonym(7) == erasure.pseudonym(7)
    assert erasure.pseudonym(7) != erasure.pseudonym(8)
    first = erasure.pseudonym(7)
    settings.SECRET_KEY = "een-andere-sleutel-" * 3
    assert erasure.pseudonym(7) != first
    assert first.startswith("gewiste leerling L-")


def test_erase_dossier_keeps_the_pupil_and_the_kinds_asked_for(coordinator, group):
    pupil, rows = full_pupil(coordinator, group=group)
    planned = erasure.plan_dossier(pupil, keep=(Enrolment,))
    summary = erasure.erase_dossier(pupil, by=None, reason="Bewaartermijn verstreken", keep=(Enrolment,))
    assert planned.counts == summary.counts
    assert Pupil.objects.filter(pk=pupil.pk).exists()
    assert Enrolment.objects.filter(pupil=pupil).exists()
    left = {m._meta.label for m, qs in about(pupil).items() if qs.exists()}
    assert left == {"pupils.Pupil", "pupils.Enrolment"}
    enrolment_type = ContentType.objects.get_for_model(Enrolment)
    assert Revision.objects.filter(content_type=enrolment_type, object_id=str(rows["pupils.Enrolment"].pk)).exists()
    # The results file goes (test results are dossier), the pupils file stays (enrolment data).
    assert "LL-4711" not in ImportBatch.objects.get(kind="results").content
    assert "LL-4711" in ImportBatch.objects.get(kind="pupils").content
    assert summary.counts["pupils.Observation"] == 1 and "pupils.Pupil" not in summary.counts
    entry = AuditEntry.objects.get(event="privacy.dossier_erased")
    assert entry.user is None and entry.data["pupil"] == summary.pseudonym


def test_erase_dossier_refuses_to_keep_a_kind_without_the_record_it_belongs_to(coordinator, group):
    from conversations.models import Note

    pupil, _rows = full_pupil(coordinator, group=group)
    with pytest.raises(ValueError):
        erasure.erase_dossier(pupil, by=None, reason="x", keep=(Note,))
    assert about(pupil)[Note].exists()


def test_erase_record_takes_a_conversation_with_its_notes_and_history(coordinator, group):
    pupil, rows = full_pupil(coordinator, group=group)
    conversation = rows["conversations.Conversation"]
    summary = erasure.erase_record(conversation, by=coordinator, reason="Verkeerde leerling")
    remaining = about(pupil)
    for label in ("Conversation", "Note", "ScaleAnswer", "AskedQuestion", "Agreement", "ConversationNeed"):
        model = next(m for m in remaining if m._meta.label == f"conversations.{label}")
        assert not remaining[model].exists(), label
    assert remaining[Pupil].exists()
    assert remaining[next(m for m in remaining if m._meta.label == "pupils.EducationalNeed")].exists()
    content_type = ContentType.objects.get_for_model(conversation)
    assert not Revision.objects.filter(content_type=content_type, object_id=str(conversation.pk)).exists()
    entries = AuditEntry.objects.filter(content_type=content_type, object_id=str(conversation.pk))
    assert entries.exists() and all(summary.pseudonym in e.object_repr for e in entries)
    assert summary.counts == {
        "conversations.Conversation": 1,
        "conversations.Note": 1,
        "conversations.ScaleAnswer": 1,
        "conversations.AskedQuestion": 1,
        "conversations.Agreement": 1,
        "conversations.ConversationNeed": 1,
    }


def test_erase_record_refuses_the_pupil_and_shared_records(coordinator, group):
    pupil, rows = full_pupil(coordinator, group=group)
    with pytest.raises(ValueError):
        erasure.erase_record(pupil, by=coordinator, reason="x")
    with pytest.raises(ValueError):
        erasure.erase_record(rows["groupplans.Meeting"], by=coordinator, reason="x")


def test_append_only_rows_refuse_every_other_change(coordinator, group):
    pupil, _rows = full_pupil(coordinator, group=group)
    with pytest.raises(PermissionError):
        Revision.objects.all().delete()
    with pytest.raises(PermissionError):
        Revision.objects.all().update(data={})
    revision = Revision.objects.first()
    with pytest.raises(PermissionError):
        revision.delete()
    with pytest.raises(PermissionError):
        revision.save()


def test_her_name_goes_from_the_school_free_text_but_not_from_another_school(coordinator, group):
    pupil, _rows = full_pupil(coordinator, group=group)
    plan = f.GroupPlanFactory(group=group)
    goal = Goal.objects.create(
        instruction_group=f.InstructionGroupFactory(plan=plan), what="berg, zoë en ZOË VAN DER BERG lezen vlot"
    )
    history.save(goal, coordinator, validate=False)
    elsewhere = f.MeetingFactory(notes="Zoë Berg uit een andere school")
    summary = erasure.erase_pupil(pupil, by=coordinator, reason="Verzoek")
    goal.refresh_from_db()
    assert goal.what == f"{summary.pseudonym} en {summary.pseudonym} lezen vlot"
    assert goal.version == 2  # an edit form opened before sees the change
    assert all("berg" not in str(r.data).lower() for r in history.revisions(goal))
    elsewhere.refresh_from_db()
    assert elsewhere.notes == "Zoë Berg uit een andere school"


def test_a_namesake_at_school_leaves_free_text_alone(coordinator, group):
    pupil, _rows = full_pupil(coordinator, group=group)
    f.PupilFactory(school=pupil.school, first_name="Zoë", surname="Berg")
    plan = f.GroupPlanFactory(group=group, reflection="Zoë Berg leest veel.")
    summary = erasure.erase_pupil(pupil, by=coordinator, reason="Verzoek")
    plan.refresh_from_db()
    assert summary.name_shared and plan.reflection == "Zoë Berg leest veel."
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
