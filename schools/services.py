"""Writes of schools, each in one transaction: beheer saves under the edit guard, two-step verification.

Login, logout and password changes stay with Django's auth views (and ``throttle`` keeps its own rows).
"""

from django.db import transaction
from django.utils import timezone

from core import audit, editguard


@transaction.atomic
def save_in_beheer(obj, *, version=None):
    """Save a school, school year, group, membership or account a beheerder added or changed.

    A change claims the version the beheerder's form started from before anything is written, so
    a colleague's save in between raises :class:`core.editguard.Stale` and nothing is saved (the
    beheer page's own transaction then drops the inlines and m2m of the refused form as well).
    """
    if not obj._state.adding:
        editguard.claim(obj, version)
    obj.save()


@transaction.atomic
def save_rows_in_beheer(formset):
    """Save the rows of a beheer inline (the roles on an account's page). A changed or deleted row
    claims the version its form was loaded at first: a colleague's change of that row in between
    raises :class:`core.editguard.Stale` and nothing is saved."""
    for form in formset.initial_forms:
        if form in formset.deleted_forms or form.has_changed():
            editguard.claim(form.instance, form.cleaned_data.get("version"))
    formset.save()


@transaction.atomic
def delete_in_beheer(records):
    """Delete what a beheerder chose to delete (one record or a selection), all or nothing."""
    for record in records:
        record.delete()


@transaction.atomic
def switch_on_two_factor(request, user, secret):
    user.totp_secret = secret
    user.totp_enabled_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_enabled_at"])
    audit.record(request, audit.AuditAction.CHANGE, user, event="schools.two_factor_on")


@transaction.atomic
def switch_off_two_factor(request, user):
    user.totp_secret = ""
    user.totp_enabled_at = None
    user.save(update_fields=["totp_secret", "totp_enabled_at"])
    audit.record(request, audit.AuditAction.CHANGE, user, event="schools.two_factor_off")


@transaction.atomic
def reset_two_factor(request, user, school_ids):
    """A beheerder switches off a user's two-step verification (a lost phone): the user sets it up
    again at the next login. Written to the audit log of each school in ``school_ids``."""
    type(user).objects.filter(pk=user.pk).update(totp_secret="", totp_enabled_at=None)
    for school_id in sorted(school_ids) or [None]:
        audit.record(request, audit.AuditAction.CHANGE, user, event="schools.two_factor_reset", school_id=school_id)
