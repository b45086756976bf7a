"""Applying a checked import: all or nothing, and only once.

``confirm`` claims the batch (pending -> applied, a conditional update), checks
the stored text again against the database as it is now, and writes every row,
all in one transaction. Whatever goes wrong — a problem that appeared since the
preview, a second click, another import that got there first, an error halfway —
the transaction is rolled back and nothing of the file is stored.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import history

from ..models import ImportBatch
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
    """New and changed pupils and their group of this year, each with a revision (core.history), in bulk."""
    new = [row.payload["pupil"] for row in plan.rows if row.action == NEW]
    changed = [row.payload["pupil"] for row in plan.rows if row.action != NEW and row.payload["pupil"] is not None]
    history.bulk_create(new, user, batch_size=BATCH_SIZE)
    history.bulk_update(changed, PUPIL_FIELDS, user, batch_size=BATCH_SIZE)
    enrolments = [row.payload["enrolment"] for row in plan.rows if row.payload["enrolment"] is not None]
    for enrolment in enrolments:
        # The pupil may have been created just now; bulk_create/update do not call save(), which sets these.
        enrolment.pupil_id = enrolment.pupil.pk
        enrolment.school_year_id = enrolment.group.school_year_id
    # Split before writing: bulk_create gives the new ones their ids.
    new_enrolments = [e for e in enrolments if e.pk is None]
    changed_enrolments = [e for e in enrolments if e.pk is not None]
    history.bulk_create(new_enrolments, user, batch_size=BATCH_SIZE)
    history.bulk_update(changed_enrolments, ["group", "school_year", "year_level"], user, batch_size=BATCH_SIZE)


def write_results(plan, user):
    """New and changed results, each with a revision like a result entered by hand (core.history), in bulk."""
    saved = [row.payload["assessment"] for row in plan.rows if row.payload["assessment"] is not None]
    # Split before writing: bulk_create gives the new ones their ids.
    new = [a for a in saved if a.pk is None]
    changed = [a for a in saved if a.pk is not None]
    history.bulk_create(new, user, batch_size=BATCH_SIZE)
    history.bulk_update(changed, UPDATED_FIELDS, user, batch_size=BATCH_SIZE)


WRITERS = {"pupils": write_pupils, "results": write_results}
