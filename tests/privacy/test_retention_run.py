"""The real run, through the erasure service: the dossier goes two years after leaving, the end results
after three school years, the pupil with her enrolment data after five; a legal hold keeps everything; a
closed coaching trajectory goes with its history."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from coaching.models import Session, Trajectory
from core import history
from core.models import AuditEntry, Revision
from privacy.models import LegalHold, RecordKind, Removal
from privacy.services import retention
from pupils.models import Assessment, Enrolment, Observation, Pupil, SecondaryAdvice
from tests import factories as f

from .erasure_setup import full_pupil

LEFT = datetime.date(2024, 7, 16)


@pytest.fixture
def leaver(world):
    pupil, rows = full_pupil(world.user("coordinator"), group=world.groups["last_year_five"])
    Pupil.objects.filter(pk=pupil.pk).update(date_out=LEFT)
    pupil.refresh_from_db()
    return pupil


def run(world, on):
    (result,) = retention.run(on=on, dry_run=False, schools=[world.school])
    assert not result.failed, result.failed
    return result


def test_the_dossier_goes_first_and_the_enrolment_data_and_end_results_stay(world, leaver):
    result = run(world, datetime.date(2026, 7, 16))
    assert result.removed[RecordKind.DOSSIER] == 1
    assert not Observation.objects.filter(pupil=leaver).exists()
    assert Enrolment.objects.filter(pupil=leaver).exists()
    assert Assessment.objects.filter(pupil=leaver).exists()
    assert SecondaryAdvice.objects.filter(pupil=leaver).exists()
    assert Removal.objects.filter(pupil=leaver, kind=RecordKind.DOSSIER).exists()
    # Done once: the next night finds nothing more of her dossier.
    assert RecordKind.DOSSIER not in {item.kind for item in retention.due(world.school, datetime.date(2026, 7, 17))}


def test_conversations_go_with_their_own_term(world, leaver):
    assert leaver.conversations.exists()
    run(world, datetime.date(2026, 7, 16))
    assert not leaver.conversations.exists()
    assert Removal.objects.filter(pupil=leaver, kind=RecordKind.CONVERSATIONS).exists()


def test_the_end_results_go_three_school_years_after_leaving(world, leaver):
    run(world, datetime.date(2026, 7, 16))
    run(world, datetime.date(2027, 7, 31))
    assert not Assessment.objects.filter(pupil=leaver).exists()
    assert not SecondaryAdvice.objects.filter(pupil=leaver).exists()
    assert Enrolment.objects.filter(pupil=leaver).exists()


def test_after_five_years_the_pupil_is_gone_and_the_audit_log_keeps_a_pseudonym(world, leaver):
    name = leaver.full_name
    result = run(world, datetime.date(2029, 7, 16))
    assert result.removed[RecordKind.ENROLMENT] == 1
    assert not Pupil.objects.filter(pk=leaver.pk).exists()
    assert not AuditEntry.objects.filter(object_repr__contains=name).exists()
    assert AuditEntry.objects.filter(event="privacy.pupil_erased").exists()
    assert AuditEntry.objects.filter(event="privacy.retention_run", school_id=world.school.pk).exists()


def test_a_legal_hold_keeps_everything_until_it_ends(world, leaver):
    LegalHold.objects.create(pupil=leaver, until=datetime.date(2030, 1, 1), reason="rechtszaak loopt")
    result = run(world, datetime.date(2029, 7, 16))
    assert not set(result.removed) & set(retention.PUPIL_KINDS)
    assert [item.pupil for item in result.skipped] == [leaver]
    assert Observation.objects.filter(pupil=leaver).exists()
    run(world, datetime.date(2030, 1, 2))
    assert not Pupil.objects.filter(pk=leaver.pk).exists()


def test_a_closed_coaching_trajectory_goes_with_its_sessions_and_their_history(world):
    trajectory = f.TrajectoryFactory(
        school=world.school, status=Trajectory.Status.CLOSED, end_date=datetime.date(2024, 6, 30)
    )
    session = f.SessionFactory(trajectory=trajectory)
    history.save(session, world.user("coordinator"), validate=False)
    run(world, datetime.date(2026, 7, 1))
    assert not Trajectory.objects.filter(pk=trajectory.pk).exists()
    assert not Session.objects.filter(pk=session.pk).exists()
    assert not Revision.objects.filter(object_id=str(session.pk), content_type__model="session").exists()


def test_the_command_removes_and_prints_counts(world, leaver):
    out = StringIO()
    call_command("retention", "--date", "2026-07-16", stdout=out)
    text = out.getvalue()
    assert "leerlingdossier: zorg en begeleiding: 1 verwijderd" in text
    assert not Observation.objects.filter(pupil=leaver).exists()


def test_the_command_refuses_a_date_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="jjjj-mm-dd"):
        call_command("retention", "--dry-run", "--date", "16-07-2026")
