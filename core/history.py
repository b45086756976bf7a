"""Change history of care records: the one way to save one with its history.

history.save(observation, user)            # create or change
history.delete(observation, user)          # keeps a last revision
history.changes(observation)               # [(revision, {field: (old, new)})]
"""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict

from .models import AuditAction, Revision

_encoder = DjangoJSONEncoder()


def snapshot(obj):
    # JSON-safe values (dates, decimals) as the encoder writes them.
    data = model_to_dict(obj)
    return {key: _plain(value) for key, value in data.items()}


def _plain(value):
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):  # a JSONField's value
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "pk"):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return _encoder.default(value)


def _revision(obj, user, action):
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        user=user if user is not None and user.is_authenticated else None,
        user_repr=user.get_username() if user is not None and user.is_authenticated else "",
        action=action,
        data=snapshot(obj),
    )


@transaction.atomic
def save(obj, user, *, validate=True):
    """Save ``obj`` and record the state it was saved in; both or neither.

    ``validate=False`` is for a record saved on the user's behalf that is not
    complete yet (a goal copied into next period's plan waits for its new date).
    """
    action = AuditAction.CREATE if obj.pk is None else AuditAction.CHANGE
    if validate:
        obj.full_clean()
    obj.save()
    _revision(obj, user, action)
    return obj


@transaction.atomic
def delete(obj, user):
    _revision(obj, user, AuditAction.DELETE)
    obj.delete()


def revisions(obj):
    return Revision.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)).order_by(
        "at", "id"
    )


def changes(obj):
    """Each revision of ``obj`` with the fields that differ from the revision before it."""
    return with_changes(revisions(obj))


def with_changes(revision_list):
    """Pair each revision with {field: (old, new)} against the previous revision of the same object.

    Works on revisions of several objects at once (a pupil's history page); the
    result keeps the order it was given.
    """
    revision_list = list(revision_list)
    previous_of = {}
    diffs = {}
    for revision in sorted(revision_list, key=lambda r: (r.at, r.id)):
        key = (revision.content_type_id, revision.object_id)
        previous = previous_of.get(key, {})
        diffs[revision.pk] = {
            field: (previous.get(field), value)
            for field, value in revision.data.items()
            if previous.get(field) != value and not (revision.action == AuditAction.CREATE and value in ("", None))
        }
        previous_of[key] = revision.data
    return [(revision, diffs[revision.pk]) for revision in revision_list]
