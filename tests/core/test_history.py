"""core.history: a record and its history are saved together, and the history reads in people's words."""

import pytest

from core import history
from core.models import AuditAction, Revision
from pupils.models import EducationalNeed, NeedCategory, Observation
from tests import factories as f


@pytest.fixture
def author(world):
    return world.user("coordinator")


def test_save_writes_the_record_and_a_revision_of_what_was_saved(world, author):
    need = history.save(
        EducationalNeed(pupil=world.pupils["six"], category="instruction", text="kort", source="test", author=author),
        author,
    )
    (revision,) = history.revisions(need)
    assert (revision.action, revision.user_repr, revision.data["text"]) == (AuditAction.CREATE, "ib-test", "kort")


def test_bulk_create_and_bulk_update_keep_a_revision_of_every_record(world, author):
    pupil = world.pupils["six"]
    needs = history.bulk_create(
        [
            EducationalNeed(pupil=pupil, category="tasks", text=f"taak {i}", source="test", author=author)
            for i in range(3)
        ],
        author,
    )
    for need in needs:
        need.is_open = False
    history.bulk_update(needs, ["is_open"], author)
    for need in needs:
        assert [r.action for r in history.revisions(need)] == [AuditAction.CREATE, AuditAction.CHANGE]
        assert history.revisions(need).last().data["is_open"] is False


def test_record_and_save_form_hold_the_many_to_many_fields_set_with_the_record(world, author):
    from django import forms

    from groupplans.models import Meeting

    class MeetingForm(forms.ModelForm):
        class Meta:
            model = Meeting
            fields = ["kind", "date", "participants", "pupils"]

    form = MeetingForm(
        {"kind": "pupil", "date": "2026-11-03", "participants": [author.pk], "pupils": [world.pupils["six"].pk]}
    )
    assert form.is_valid(), form.errors
    form.instance.school = world.school
    meeting = history.save_form(form, author)
    (first,) = history.revisions(meeting)
    assert (first.data["participants"], first.data["pupils"]) == ([author.pk], [world.pupils["six"].pk])

    meeting.participants.add(world.user("teacher"))
    history.record([meeting], author, AuditAction.CHANGE)
    assert set(history.revisions(meeting).last().data["participants"]) == {author.pk, world.user("teacher").pk}


def test_readable_history_shows_labels_choice_labels_names_and_dutch_dates_never_ids_or_codes(world, author):
    pupil = world.pupils["six"]
    need = history.save(
        EducationalNeed(pupil=pupil, category=NeedCategory.INSTRUCTION, text="kort is", source="test", author=author),
        author,
    )
    need.category, need.is_open = NeedCategory.FEEDBACK, False
    history.save(need, author)
    observation = history.save(
        Observation(pupil=pupil, date="2026-10-05", kind="classroom", text="rustig", author=author), author
    )
    observation.date = "2026-11-02"
    history.save(observation, author)

    rows = history.readable(history.with_changes(Revision.objects.order_by("at", "id")), hide=("pupil",))
    text = "\n".join(
        f"{label}: {old} → {new}" if old is not None else f"{label}: {new}"
        for _revision, lines in rows
        for label, old, new in lines
    )

    assert "De leerling heeft … nodig: instructie die → feedback die" in text
    assert "Nog actueel: ja → nee" in text
    assert "Datum: 05-10-2026 → 02-11-2026" in text
    assert f"Auteur: {author}" in text  # the author by name
    assert "instruction" not in text and "is_open" not in text and "Leerling" not in text
    assert f": {author.pk}" not in text and "Id" not in text


def test_readable_history_names_a_deleted_person_as_deleted(world):
    person = f.UserFactory(username="weg")
    need = history.save(
        EducationalNeed(pupil=world.pupils["six"], category="tasks", text="t", source="test", author=person), person
    )
    person.delete()
    rows = history.readable(history.with_changes(history.revisions(need)))
    assert ("Auteur", None, "(verwijderd)") in rows[0][1]


def test_readable_history_reads_related_names_in_one_query_per_model(world, author, django_assert_max_num_queries):
    pupil = world.pupils["six"]
    for i in range(10):
        history.save(EducationalNeed(pupil=pupil, category="tasks", text=f"t{i}", source="test", author=author), author)
    pairs = history.with_changes(Revision.objects.select_related("content_type"))
    with django_assert_max_num_queries(3):
        history.readable(pairs)


def test_save_formset_keeps_the_history_of_new_changed_and_deleted_rows(world, author):
    from django.forms import modelformset_factory

    pupil = world.pupils["six"]
    kept = history.save(
        EducationalNeed(pupil=pupil, category="tasks", text="oud", source="test", author=author), author
    )
    gone = history.save(
        EducationalNeed(pupil=pupil, category="tasks", text="weg", source="test", author=author), author
    )
    Needs = modelformset_factory(EducationalNeed, fields=["text"], extra=1, can_delete=True)
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(kept.pk),
        "form-0-text": "nieuw",
        "form-1-id": str(gone.pk),
        "form-1-text": "weg",
        "form-1-DELETE": "on",
        "form-2-text": "erbij",
    }
    formset = Needs(data, queryset=EducationalNeed.objects.filter(pk__in=[kept.pk, gone.pk]).order_by("pk"))
    assert formset.is_valid(), formset.errors

    def fill(need):
        need.pupil, need.category, need.source, need.author = pupil, "tasks", "test", author

    saved, deleted = history.save_formset(formset, author, prepare=fill)

    assert sorted((need.text, created) for need, created in saved) == [("erbij", True), ("nieuw", False)]
    assert [need.text for need in deleted] == ["weg"]
    assert [r.action for r in history.revisions(kept)] == [AuditAction.CREATE, AuditAction.CHANGE]
    assert [r.action for r in history.revisions(gone)] == [AuditAction.CREATE, AuditAction.DELETE]
    assert not EducationalNeed.objects.filter(pk=gone.pk).exists()
