"""Changing what the school knows of a pupil, named for what the user does.

Each function is one transaction and writes the change history through core.history. Records two
people (or two tabs) may edit go through the edit guard (core.editguard): a save started from an
older version raises ``editguard.Stale`` and writes nothing. Views write the audit entries.
"""

from django.db import IntegrityError, transaction

from core import editguard, history
from schools import access
from schools.models import Membership

from .imports import apply
from .models import CareLevelChange, ImportBatch, Pupil


@transaction.atomic
def add_observation(form, user):
    """A new observation (``form``: a valid ObservationForm on an unsaved observation of the pupil)."""
    return history.save_form(form, user)


@transaction.atomic
def add_factor(form, user):
    return history.save_form(form, user)


@transaction.atomic
def add_need(form, user):
    return history.save_form(form, user)


@transaction.atomic
def update_need(form, user):
    """Change an educational need, as of the version the user started from; Stale when a colleague saved first."""
    return history.save_form(form, user, version=form.cleaned_data["version"])


@transaction.atomic
def add_assessment(form, user):
    return history.save_form(form, user)


def set_advice(form, user):
    """Save this school year's advice. The form holds the version the user started from: 0 when there was
    no advice yet. Stale when a colleague saved (or first created) the advice in between."""
    try:
        with transaction.atomic():
            if form.instance.pk is None:
                return history.save_form(form, user)
            return history.save_form(form, user, version=form.cleaned_data["version"])
    except IntegrityError:  # a colleague created this year's advice at the same moment
        raise editguard.Stale from None


@transaction.atomic
def set_care_level(pupil, level, reason, user, *, version=None):
    """Record a new care level with its reason; the pupil shows the latest.

    ``version`` is the pupil's version the user started from: when a colleague set the level in
    between, :class:`core.editguard.Stale` is raised and nothing is written. The pupil's row is
    changed first, in one conditional UPDATE that holds the row until the transaction ends, so
    simultaneous saves are taken one after the other and the pupil's level is always the level
    of the newest history entry.
    """
    expected = {} if version is None else {"version": version}
    if not editguard.claim_state(Pupil, pupil.pk, expected=expected, values={"care_level": level}):
        raise editguard.Stale
    change = history.save(CareLevelChange(pupil=pupil, level=level, reason=reason, author=user), user)
    pupil.care_level = level
    if version is None:
        pupil.refresh_from_db(fields=["version"])
    else:
        pupil.version = version + 1
    return change


# --- CSV import ---------------------------------------------------------------------------------------------------


def upload_import(user, school, kind, filename, text, rows, *, on_created=None):
    """Keep an uploaded file for its preview: ``(batch, None)``, or ``(None, pending)`` when the user has an
    import of this kind waiting for confirmation already (one per user, school and kind).

    ``on_created(batch)`` runs in the same transaction (the audit entry is written with the batch or not at all).
    """
    with transaction.atomic():
        # Lock the user's membership so that two uploads at the same moment are taken one after the other
        # (PostgreSQL; SQLite writes serially).
        Membership.objects.select_for_update().filter(user=user, school=school).first()
        batches = access.imports(user, school)
        pending = batches.filter(kind=kind, status=ImportBatch.Status.PENDING).first()
        if pending is not None:
            return None, pending
        batch = ImportBatch.objects.create(
            school=school,
            user=user,
            kind=kind,
            filename=(filename or "")[:255],
            content=text,
            summary={"rows": rows},
        )
        if on_created is not None:
            on_created(batch)
    return batch, None


def confirm_import(batch, user, *, on_applied=None):
    """Read a checked file in: all or nothing, once (pupils.imports.apply.confirm)."""
    return apply.confirm(batch, user, on_applied=on_applied)


def cancel_import(batch):
    """Cancel a pending import; False when it was confirmed or cancelled already."""
    return apply.cancel(batch)
