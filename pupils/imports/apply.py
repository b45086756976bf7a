"""Applying a checked import: all or nothing, and only once.

``confirm`` claims the batch (pending -> applied, a conditional update), checks
the stored text again against the database as it is now, and writes every row,
all in one transaction. Whatever goes wrong — a problem that appeared since the
preview, a second click, another import that got there first, an error halfway —
the transaction is rolled back and nothing of the file is stored.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.history import snapshot
from core.models import AuditAction, Revision

from ..models import Assessment, Enrolment, ImportBatch, Pupil
from . import check
from .plan import NEW
from .results import UPDATED_FIELDS

BATCH_SIZE = 500
PUPIL_FIELDS = ["source_id", "first_name", "name_prefix", "surname", "date_of_birth", "date_in", "family"]


class HasProblems(Exception):
    """The file (no longer) checks out; ``plan`` holds the problems."""

    def __init__(self, plan):
        super().__init__(f"{len(plan.problems)} problems")
        self.plan = plan


class AlreadyHandled(Exception):
    """The batch was confirmed or cancelled already (a second click, a second tab)."""


class ConcurrentImport(Exception):
    """Another import wrote the same pupils or results at the same moment."""


def confirm(batch, user, on_applied=None):
    """Apply ``batch``; returns the plan that was applied.

    ``on_applied(plan)`` runs inside the transaction, so that for example the
    audit entry is written with the rows or not at all.
    """
    try:
        with transaction.atomic():
            claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING).update(
                status=ImportBatch.Status.APPLIED, applied_at=timezone.now()
            )
            if not claimed:
                raise AlreadyHandled
            plan = check(batch.kind, batch.content, batch.school, user)
            if plan.problems:
                raise HasProblems(plan)
            WRITERS[batch.kind](plan, user)
            ImportBatch.objects.filter(pk=batch.pk).update(summary=plan.counts)
            if on_applied is not None:
                on_applied(plan)
    except IntegrityError as error:
        raise ConcurrentImport from error
    batch.refresh_from_db()
    return plan


def cancel(batch):
    """Cancel a pending batch; False when it was no longer pending."""
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING).update(
            status=ImportBatch.Status.CANCELLED
        )
    )


def write_pupils(plan, user):
    new = [row.payload["pupil"] for row in plan.rows if row.action == NEW]
    changed = [row.payload["pupil"] for row in plan.rows if row.action != NEW and row.payload["pupil"] is not None]
    Pupil.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Pupil.objects.bulk_update(changed, PUPIL_FIELDS, batch_size=BATCH_SIZE)
    enrolments = [row.payload["enrolment"] for row in plan.rows if row.payload["enrolment"] is not None]
    for enrolment in enrolments:
        # The pupil may have been created just now; bulk_create/update do not call save(), which sets these.
        enrolment.pupil_id = enrolment.pupil.pk
        enrolment.school_year_id = enrolment.group.school_year_id
    Enrolment.objects.bulk_create([e for e in enrolments if e.pk is None], batch_size=BATCH_SIZE)
    Enrolment.objects.bulk_update(
        [e for e in enrolments if e.pk is not None], ["group", "school_year", "year_level"], batch_size=BATCH_SIZE
    )


def write_results(plan, user):
    saved = [row.payload["assessment"] for row in plan.rows if row.payload["assessment"] is not None]
    new = [assessment for assessment in saved if assessment.pk is None]
    changed = [assessment for assessment in saved if assessment.pk is not None]
    Assessment.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Assessment.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH_SIZE)
    # Results keep their history like a result entered by hand (core.history), in bulk.
    content_type = ContentType.objects.get_for_model(Assessment)
    user_repr = user.get_username() if user is not None else ""

    def revision(assessment, action):
        return Revision(
            content_type=content_type,
            object_id=str(assessment.pk),
            user=user,
            user_repr=user_repr,
            action=action,
            data=snapshot(assessment),
        )

    Revision.objects.bulk_create(
        [revision(a, AuditAction.CREATE) for a in new] + [revision(a, AuditAction.CHANGE) for a in changed],
        batch_size=BATCH_SIZE,
    )


WRITERS = {"pupils": write_pupils, "results": write_results}
