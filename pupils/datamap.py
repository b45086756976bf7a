"""Which stored models hold data about a pupil, and the ORM path from each to the pupil.

The erasure, the retention run and the access-request export all start here, and each has a
completeness test that walks this map: a new model with a foreign key (or many-to-many) that
leads to ``Pupil`` shows up here by itself and fails those tests until it is handled.

Generic records (``core.Revision``, ``core.AuditEntry``) point at objects by content type and id,
not by foreign key; they are not in the map and are handled by id.
"""

from collections import deque

from django.apps import apps

from .models import Pupil


def pupil_paths():
    """{model: lookup from that model to its pupil(s)}, e.g. ``conversations.Note: "conversation__pupil"``.

    Walks relations backwards from ``Pupil``: every model with a foreign key, one-to-one or
    many-to-many field to a model already in the map joins it, with the shortest path.
    """
    paths = {Pupil: ""}
    queue = deque([Pupil])
    while queue:
        target = queue.popleft()
        for model in apps.get_models():
            if model in paths:
                continue
            for field in model._meta.get_fields():
                if field.auto_created or not field.is_relation or field.related_model is not target:
                    continue
                if not (field.many_to_one or field.one_to_one or field.many_to_many):
                    continue
                rest = paths[target]
                paths[model] = f"{field.name}__{rest}" if rest else field.name
                queue.append(model)
                break
    return paths


def about(pupil):
    """{model: queryset of that model's rows about ``pupil``}, the pupil itself included."""
    result = {}
    for model, path in pupil_paths().items():
        result[model] = model._default_manager.filter(**({"pk": pupil.pk} if not path else {path: pupil})).distinct()
    return result
