"""Individual action plans (handelingsplannen): writing and changing one, as of the version the
user started from. Their goals are saved by ``plans.save_goal``, shared with group plans."""

from django.db import transaction

from core import audit, history
from core.models import AuditAction

from .plans import _version


@transaction.atomic
def save_individual_plan(form, user, *, request=None):
    """Write a new handelingsplan or change one (``IndividualPlanForm``); a change made on an old
    version raises ``editguard.Stale`` and writes nothing."""
    created = form.instance._state.adding
    plan = history.save_form(form, user, version=_version(form))
    audit.record(
        request,
        AuditAction.CREATE if created else AuditAction.CHANGE,
        plan,
        event="groupplans.individual_plan_saved",
        user=user,
    )
    return plan
