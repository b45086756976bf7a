"""The shape of the code that keeps writes honest: views parse, call one service and render; every
write lives in a service, and nothing builds a revision by hand (DESIGN.md, "Conventions")."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("pupils", "groupplans", "conversations", "coaching", "schools", "privacy")
# Calls that change the database (or open the transaction a write needs).
WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "save_m2m",
    "set",
    "add",
    "remove",
    "clear",
    "atomic",
    "claim",
    "claim_state",
    "save_form",
}
# Objects whose methods of those names are no database writes, or are the service themselves (the login
# throttle is the login flow's own service module).
HARMLESS_RECEIVERS = {
    "messages",
    "session",
    "request",
    "response",
    "headers",
    "kwargs",
    "context",
    "form",
    "data",
    "throttle",
}


def view_modules(app):
    folder = ROOT / app / "views"
    return sorted(folder.glob("*.py")) if folder.is_dir() else [ROOT / app / "views.py"]


def writes_in(path):
    """(line, call) for every call in ``path`` that writes: ``x.save()``, ``Model.objects.create()``,
    ``history.save()``, ``transaction.atomic``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "atomic" and getattr(node.value, "id", "") == "transaction":
            found.add((node.lineno, "transaction.atomic"))  # as a decorator or a context manager
            continue
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)) or node.func.attr not in WRITES:
            continue
        receiver = node.func.value
        name = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
        if name not in HARMLESS_RECEIVERS and node.func.attr != "atomic":
            found.add((node.lineno, f"{name}.{node.func.attr}"))
    return sorted(found)


@pytest.mark.parametrize("app", APPS)
def test_views_write_only_through_services(app):
    offending = [
        f"{path.relative_to(ROOT)}:{line} {call}" for path in view_modules(app) for line, call in writes_in(path)
    ]
    assert not offending, "views that write without a service:\n" + "\n".join(offending)


def test_no_code_builds_revisions_by_hand():
    offending = []
    for path in ROOT.glob("*/**/*.py"):
        if path.is_relative_to(ROOT / ".venv") or path.is_relative_to(ROOT / "tests") or "migrations" in path.parts:
            continue
        if path == ROOT / "core" / "history.py" or path.is_relative_to(ROOT / "scripts"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Revision":
                offending.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr in ("bulk_create", "create"):
                owner = node.value
                if isinstance(owner, ast.Attribute) and getattr(owner.value, "id", "") == "Revision":
                    offending.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offending, "Revision rows built outside core.history:\n" + "\n".join(offending)
