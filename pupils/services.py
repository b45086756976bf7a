"""Changing what the school knows of a pupil. Each function is one transaction
and records the change history through core.history."""

from django.db import transaction

from core import history

from .models import CareLevelChange, Pupil


@transaction.atomic
def set_care_level(pupil, level, reason, user):
    """Record a new care level with its reason; the pupil shows the latest."""
    change = history.save(CareLevelChange(pupil=pupil, level=level, reason=reason, author=user), user)
    Pupil.objects.filter(pk=pupil.pk).update(care_level=level)
    pupil.care_level = level
    return change


def save_record(record, user):
    """Save an observation, factor, need or result with its change history."""
    return history.save(record, user)
