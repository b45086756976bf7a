"""What falls due on a chosen date, what a legal hold keeps, and that a dry run removes nothing."""

import datetime

import pytest
from django.utils import timezone

from coaching.models import Trajectory
from core.models import AuditEntry
from privacy.models import LegalHold, RecordKind, RetentionTerm, SchoolTerm
from privacy.services import retention
from pupils.models import ImportBatch, Pupil
from tests import factories as f

LEFT = datetime.date(2024, 7, 16)


@pytest.fixture
def leaver(world):
    pupil = f.PupilFactory(school=world.school, first_name="Lotte", surname="Vertrokken", date_out=LEFT)
    f.AssessmentFactory(pupil=pupil, date=datetime.date(2024, 1, 20), moment="M8")
    return pupil


def kinds(school, on, pupil=None):
    return {item.kind for item in retention.due(school, on) if pupil is None or item.pupil == pupil}


def test_nothing_of_a_pupil_who_has_not_left_is_ever_due(world):
    assert kinds(world.school, datetime.date(2040, 1, 1), world.pupils["six"]) == set()


def test_the_dossier_falls_due_two_years_after_leaving(world, leaver):
    assert kinds(world.school, datetime.date(2026, 7, 15), leaver) == set()
    assert kinds(world.school, datetime.date(2026, 7, 16), leaver) == {RecordKind.DOSSIER}


def test_end_results_fall_due_three_years_after_the_school_year_of_leaving(world, leaver):
    # The school year of leaving ends on 31 July 2024; the inspectorate looks back three school years.
    assert kinds(world.school, datetime.date(2027, 7, 30), leaver) == {RecordKind.DOSSIER}
    assert kinds(world.school, datetime.date(2027, 7, 31), leaver) == {RecordKind.DOSSIER, RecordKind.END_RESULTS}


def test_conversations_are_due_only_for_a_pupil_who_had_them(world, leaver):
    on = datetime.date(2026, 8, 1)
    assert RecordKind.CONVERSATIONS not in kinds(world.school, on, leaver)
    f.ConversationFactory(pupil=leaver)
    assert RecordKind.CONVERSATIONS in kinds(world.school, on, leaver)


def test_after_five_years_the_whole_pupil_is_due_in_one_item(world, leaver):
    items = [item for item in retention.due(world.school, datetime.date(2029, 7, 16)) if item.pupil == leaver]
    assert [item.kind for item in items] == [RecordKind.ENROLMENT]
    assert items[0].due_on == datetime.date(2029, 7, 16)


def test_a_shorter_term_of_the_school_brings_the_date_forward(world, leaver):
    SchoolTerm.objects.create(school=world.school, term=RetentionTerm.objects.get(kind="dossier"), months=12)
    (item,) = [i for i in retention.due(world.school, datetime.date(2025, 7, 16)) if i.pupil == leaver]
    assert (item.kind, item.due_on, item.months) == (RecordKind.DOSSIER, datetime.date(2025, 7, 16), 12)


def test_another_schools_leavers_are_not_in_this_schools_list(world, leaver):
    assert kinds(world.foreign_school, datetime.date(2030, 1, 1), leaver) == set()


def test_a_legal_hold_marks_the_items_and_ends_on_its_date(world, leaver):
    LegalHold.objects.create(pupil=leaver, until=datetime.date(2026, 12, 31), reason="klacht loopt")
    (held,) = [i for i in retention.due(world.school, datetime.date(2026, 12, 31)) if i.pupil == leaver]
    assert held.held
    (free,) = [i for i in retention.due(world.school, datetime.date(2027, 1, 1)) if i.pupil == leaver]
    assert not free.held


def test_an_ended_hold_keeps_nothing(world, leaver):
    LegalHold.objects.create(
        pupil=leaver, until=datetime.date(2030, 1, 1), reason="klacht loopt", ended_at=timezone.now()
    )
    (item,) = [i for i in retention.due(world.school, datetime.date(2026, 8, 1)) if i.pupil == leaver]
    assert not item.held


def _batch(world, status, days_ago, content="naam;groep\nLotte;8\n"):
    batch = ImportBatch.objects.create(
        school=world.school, user=world.user("admin"), kind="pupils", filename="leerlingen.csv", content=content
    )
    at = timezone.now() - datetime.timedelta(days=days_ago)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, created_at=at, applied_at=at if status == ImportBatch.Status.APPLIED else None
    )
    return batch


def test_import_files_are_due_a_month_after_reading_in_and_pending_ones_never(world):
    old = _batch(world, ImportBatch.Status.APPLIED, 40)
    cancelled = _batch(world, ImportBatch.Status.CANCELLED, 40)
    recent = _batch(world, ImportBatch.Status.APPLIED, 5)
    pending = _batch(world, ImportBatch.Status.PENDING, 400)
    emptied = _batch(world, ImportBatch.Status.APPLIED, 400, content="")
    due = {item.record.pk for item in retention.due(world.school) if item.kind == RecordKind.IMPORT_FILES}
    assert due == {old.pk, cancelled.pk}
    assert recent.pk not in due and pending.pk not in due and emptied.pk not in due


def test_a_closed_coaching_trajectory_is_due_two_years_after_it_ended(world):
    trajectory = f.TrajectoryFactory(
        school=world.school, status=Trajectory.Status.CLOSED, end_date=datetime.date(2024, 6, 30)
    )
    f.TrajectoryFactory(school=world.school, status=Trajectory.Status.ACTIVE, end_date=datetime.date(2020, 6, 30))
    due = [item for item in retention.due(world.school, datetime.date(2026, 6, 30)) if item.kind == "coaching"]
    assert [item.record.pk for item in due] == [trajectory.pk]
    assert not [i for i in retention.due(world.school, datetime.date(2026, 6, 29)) if i.kind == "coaching"]


def test_a_dry_run_lists_but_removes_nothing(world, leaver):
    batch = _batch(world, ImportBatch.Status.APPLIED, 40)
    results = retention.run(on=datetime.date(2030, 1, 1), dry_run=True, schools=[world.school])
    assert {item.kind for item in results[0].items} >= {RecordKind.ENROLMENT, RecordKind.IMPORT_FILES}
    assert Pupil.objects.filter(pk=leaver.pk).exists()
    assert leaver.assessments.count() == 1
    batch.refresh_from_db()
    assert batch.content
    assert not results[0].removed


def test_the_run_empties_old_import_files_and_keeps_their_summary(world):
    batch = _batch(world, ImportBatch.Status.APPLIED, 40)
    ImportBatch.objects.filter(pk=batch.pk).update(summary={"rows": 1})
    (result,) = retention.run(dry_run=False, schools=[world.school])
    batch.refresh_from_db()
    assert (batch.content, batch.summary) == ("", {"rows": 1})
    assert result.removed[RecordKind.IMPORT_FILES] == 1
    entry = AuditEntry.objects.get(event="privacy.retention_run")
    assert (entry.school_id, entry.user) == (world.school.pk, None)
    assert "1 onderdeel verwijderd" in entry.description


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert retention.add_months(datetime.date(2024, 7, 16), 24) == datetime.date(2026, 7, 16)
    assert retention.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert retention.add_months(datetime.date(2024, 1, 15), -1) == datetime.date(2023, 12, 15)
