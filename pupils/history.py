"""A pupil's change history as people read it: every saved state of her care records."""

from django.contrib.contenttypes.models import ContentType

from core import history
from core.models import Revision

from .models import Assessment, CareLevelChange, EducationalNeed, Factor, Observation, SecondaryAdvice

RECORD_MODELS = (Observation, Factor, EducationalNeed, CareLevelChange, Assessment, SecondaryAdvice)
SHOWN = 500  # the newest revisions shown on the page


def pupil_history(pupil):
    """The newest revisions of the pupil's care records, newest first, as ``[(revision, [(label, old, new)])]``:
    field labels, choice labels, names and Dutch dates, never ids or codes (core.history.readable). The
    pupil herself is left out: the page is hers."""
    types = ContentType.objects.get_for_models(*RECORD_MODELS)
    revisions = Revision.objects.none()
    for model, content_type in types.items():
        ids = [str(pk) for pk in model.objects.filter(pupil=pupil).values_list("pk", flat=True)]
        revisions = revisions | Revision.objects.filter(content_type=content_type, object_id__in=ids)
    revisions = revisions.select_related("content_type", "user").order_by("-at", "-id")[:SHOWN]
    return history.readable(history.with_changes(revisions), hide=("pupil",))
