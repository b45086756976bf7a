"""Change history of care records: the one way to save one with its history.

history.save(observation, user)                      # create or change
history.save(need, user, version=seen)               # change, guarded (core.editguard)
history.save_form(form, user, version=seen)          # a model form, with its many-to-many fields
history.save_formset(formset, user)                  # the rows of a model formset, deleted ones too
history.bulk_create(results, user)                   # many new records at once (imports, rounds)
history.bulk_update(results, ["score"], user)        # many changed records at once
history.record(conversations, user, CREATE)          # records saved already (after their m2m was set)
history.delete(observation, user)                    # keeps a last revision
history.changes(observation)                         # [(revision, {field: (old, new)})]
history.readable(revisions)                          # the same, in people's words (labels, names, dates)

Nothing else builds ``Revision`` rows: the revision is written in the same
transaction as the change, so the record and its history always agree.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.text import capfirst
from django.utils.translation import gettext

from . import editguard
from .display import EMPTY, plain
from .forms import as_id
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
    signed_in = user is not None and user.is_authenticated
    return Revision(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        user=user if signed_in else None,
        user_repr=user.get_username() if signed_in else "",
        action=action,
        data=snapshot(obj),
    )


@transaction.atomic
def save(obj, user, *, validate=True, version=None):
    """Save ``obj`` and record the state it was saved in; both or neither.

    ``version`` is the version the user started from (a :class:`core.editguard.Versioned` record):
    when someone saved in between, :class:`core.editguard.Stale` is raised and nothing is written.
    ``validate=False`` is for a record saved on the user's behalf that is not
    complete yet (a goal copied into next period's plan waits for its new date).
    """
    action = AuditAction.CREATE if obj.pk is None else AuditAction.CHANGE
    if version is not None:
        editguard.claim(obj, version)
    if validate:
        obj.full_clean()
    obj.save()
    _revision(obj, user, action).save()
    return obj


@transaction.atomic
def save_form(form, user, *, version=None):
    """Save a model form (its many-to-many fields included) and record the state it was saved in.

    The revision is written after the many-to-many fields, so the first revision of a meeting or
    a conversation holds its participants. ``version`` as in :func:`save`.
    """
    obj = form.save(commit=False)
    action = AuditAction.CREATE if obj.pk is None else AuditAction.CHANGE
    if version is not None:
        editguard.claim(obj, version)
    obj.save()
    form.save_m2m()
    _revision(obj, user, action).save()
    return obj


@transaction.atomic
def save_formset(formset, user, *, prepare=None):
    """Save a validated model formset row by row with its history: new and changed rows (``prepare(row)``
    first, for fields the form does not hold), deleted rows with a last revision.

    Returns ``([(row, created)], deleted rows)`` so the caller can audit what happened to each."""
    saved = []
    for row in formset.save(commit=False):
        created = row.pk is None
        if prepare is not None:
            prepare(row)
        save(row, user)
        saved.append((row, created))
    deleted = list(formset.deleted_objects)
    for row in deleted:
        delete(row, user)
    return saved, deleted


@transaction.atomic
def bulk_create(objs, user, *, batch_size=500):
    """Insert many new records and a first revision of each (imports, planned rounds)."""
    objs = list(objs)
    if objs:
        type(objs[0])._default_manager.bulk_create(objs, batch_size=batch_size)
    record(objs, user, AuditAction.CREATE, batch_size=batch_size)
    return objs


@transaction.atomic
def bulk_update(objs, fields, user, *, batch_size=500):
    """Update ``fields`` of many records and record a revision of each."""
    objs = list(objs)
    if objs:
        type(objs[0])._default_manager.bulk_update(objs, fields, batch_size=batch_size)
    record(objs, user, AuditAction.CHANGE, batch_size=batch_size)
    return objs


def record(objs, user, action, *, batch_size=500):
    """Record the state of records that are saved already, e.g. after their many-to-many fields
    were set in bulk. Call it in the transaction that saved them."""
    Revision.objects.bulk_create([_revision(obj, user, action) for obj in objs], batch_size=batch_size)


@transaction.atomic
def delete(obj, user):
    _revision(obj, user, AuditAction.DELETE).save()
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


# --- History in people's words -------------------------------------------------------------------------------------

# Fields people never need to read: the database's own bookkeeping.
BOOKKEEPING = {"id", "version"}


def readable(pairs, *, hide=()):
    """``[(revision, diff)]`` (from :func:`with_changes`) as people read it:
    ``[(revision, [(label, old, new)])]`` with field labels, choice labels, names of the people,
    pupils and groups referred to, yes/no and Dutch dates; never ids or internal codes.

    ``hide`` names fields the page shows already (the pupil on the pupil's own history page).
    Related names are read in one query per related model, however many revisions there are (with
    what their names follow: a period's name holds its school year).
    """
    pairs = list(pairs)
    hidden = BOOKKEEPING | set(hide)
    wanted = defaultdict(set)
    for revision, diff in pairs:
        model = revision.content_type.model_class()
        for name, values in diff.items():
            field = _field(model, name)
            if field is not None and field.is_relation and name not in hidden:
                for value in values:
                    wanted[field.related_model].update(_as_list(value))
    names = {
        related: {
            str(obj.pk): str(obj)
            for obj in related._default_manager.select_related().filter(pk__in=[pk for pk in pks if _is_id(pk)])
        }
        for related, pks in wanted.items()
    }
    result = []
    for revision, diff in pairs:
        model = revision.content_type.model_class()
        rows = []
        for name, (old, new) in diff.items():
            field = _field(model, name)
            if field is None or name in hidden:
                continue
            label = capfirst(field.verbose_name)
            shown_old = None if old is None else _shown(field, old, names)
            rows.append((label, shown_old, _shown(field, new, names)))
        result.append((revision, rows))
    return result


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field that no longer exists: its old values mean nothing today
        return None


def _as_list(value):
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _is_id(value):
    return as_id(value) is not None


def _shown(field, value, names):
    if value in (None, "", []):
        return EMPTY
    if field.is_relation:
        gone = gettext("(verwijderd)")
        return ", ".join(names.get(field.related_model, {}).get(pk, gone) for pk in _as_list(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.JSONField):
        return _shown_json(value)
    # Snapshots hold dates and times as the JSON encoder wrote them: read them back first.
    parse = {models.DateTimeField: parse_datetime, models.DateField: parse_date, models.TimeField: parse_time}
    for kind, parser in parse.items():  # DateTimeField first: it is a DateField too
        if isinstance(field, kind):
            return str(plain(parser(str(value)) or value))
    return str(plain(value))


def _shown_json(value):
    # Lists of plain values (or of small records, such as guardians) read as a list; anything
    # larger is a snapshot for the record's own page, not for a history line.
    if isinstance(value, list) and all(not isinstance(item, list | dict) for item in value):
        return ", ".join(str(item) for item in value)
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return "; ".join(" ".join(str(v) for v in item.values() if v not in (None, "")) for item in value)
    return gettext("bijgewerkt")


# --- Erasure: the only changes revisions allow ---------------------------------------------------------------------


def forget(content_type, ids):
    """Delete every revision of the records ``ids`` of ``content_type`` (erasure on request, retention).

    Revisions are append-only (``core.models.RevisionQuerySet``); this and :func:`redact` are the one
    exception, for the AVG's right to erasure, called by ``privacy`` only. Returns the number deleted."""
    ids = [str(pk) for pk in ids]
    deleted = 0
    for start in range(0, len(ids), 500):  # SQLite allows ~1000 parameters per query
        chunk = ids[start : start + 500]
        deleted += Revision.objects.filter(content_type=content_type, object_id__in=chunk)._forget()
    return deleted


def redact(revisions, change):
    """Rewrite the stored data of ``revisions`` with ``change(data) -> data`` (a name replaced by a
    pseudonym, an erased pupil's id taken out of a meeting's list). Same exception as :func:`forget`.
    Returns the number of revisions changed."""
    changed = 0
    for revision in revisions:
        data = change(revision.data)
        if data != revision.data:
            Revision.objects.filter(pk=revision.pk)._rewrite(data=data)
            changed += 1
    return changed
