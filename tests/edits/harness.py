"""The edit matrix: for every URL that changes an existing record, a stale save is refused.

Each app keeps its rows in ``tests/edits/rows_<app>.py``:

    ROWS = {"pupils:need_update": Edit(...)}      # URL name -> how to race it
    NOT_EDITS = {"pupils:dossier": "leest alleen"}  # URL name -> why it changes no existing record

A row describes one race between two people (or two tabs) on one record:

1. ``record(world)`` makes the record, in scope of ``role``;
2. the user loads the form (``page``, by default the URL itself) as ``role`` and types
   ``changes(world, record)`` into it; the form carries what she loaded (the version, or the
   state she saw: the group a pupil was in, an action still open);
3. ``colleague(world, record)`` is the other save that lands first, through the app's service;
4. the user's stale form is posted. The test asserts that ``value(record)`` read back from the
   database is still what the colleague saved, and that the page shows both ``shown`` texts:
   what the user typed and what is stored now (or, for a state, where things are now).

``test_edit_matrix.py`` fails for a URL name that is in neither ``ROWS`` nor ``NOT_EDITS``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from django.db.models import F


@dataclass(frozen=True)
class Edit:
    role: str
    record: Callable[[Any], Any]
    changes: Callable[[Any, Any], dict]
    colleague: Callable[[Any, Any], None]
    value: Callable[[Any], Any]
    # (text the user typed, text the colleague stored): both must be on the page after the refusal.
    shown: Callable[[Any, Any], tuple[str, str]]
    url_kwargs: Callable[[Any, Any], dict] = field(default=lambda world, record: {"pk": record.pk})
    # The page the user loads the form from, when that is not the URL itself (a button on a list).
    page: Callable[[Any, Any], str] | None = None
    # The stale save answers with the form again (200) or, for a one-click action, redirects to a
    # page that says what happened (302, followed).
    status: int = 200


def text_edit(*, role, record, field, typed, stored, **extra):
    """The commonest row: the user types ``typed`` in ``field`` while a colleague's save of ``stored``
    lands first, as a guarded save does (the field and the version in one UPDATE)."""

    def colleague(world, obj):
        type(obj)._default_manager.filter(pk=obj.pk).update(**{field: stored}, version=F("version") + 1)

    return Edit(
        role=role,
        record=record,
        changes=lambda world, obj: {field: typed},
        colleague=colleague,
        value=lambda obj: type(obj)._default_manager.values_list(field, flat=True).get(pk=obj.pk),
        shown=lambda world, obj: (typed, stored),
        **extra,
    )


def rows_modules():
    here = Path(__file__).parent
    return [import_module(f"tests.edits.{path.stem}") for path in sorted(here.glob("rows_*.py"))]


def all_rows():
    rows = {}
    for module in rows_modules():
        rows.update(getattr(module, "ROWS", {}))
    return rows


def all_not_edits():
    names = {}
    for module in rows_modules():
        names.update(getattr(module, "NOT_EDITS", {}))
    return names
