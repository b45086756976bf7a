"""The one way to write the audit log::

    audit.record(request, AuditAction.EXPORT, plan, event="groupplans.plan_pdf")
    audit.record(request, AuditAction.CHANGE, round_, event="conversations.round_planned", data={"count": 12})

An event is a code with data, registered by an app in its ``audit_events`` module::

    EVENTS = {"conversations.round_planned": _("%(count)s gesprekken gepland")}

and turned into text when the entry is shown, in the reader's language (:func:`describe`). A text
may also be a function of the data, for data that holds codes to translate.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from .models import AuditAction, AuditEntry
from .net import client_ip

__all__ = ["AuditAction", "record"]


# Pass as school_id for an entry no school's audit page may show (confidential coaching):
# it is kept for the functional administrator only.
NO_SCHOOL = object()
_UNSET = object()


def record(request, action, obj=None, *, event="", data=None, school_id=_UNSET, user=None):
    """Write one audit entry for ``request``'s user acting on ``obj``.

    The school defaults to the object's own ``school_id`` when it has one, else
    the school the user is working in (``request.school``). ``NO_SCHOOL`` keeps
    the entry off every school's audit page.
    """
    user = user or getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    if school_id is NO_SCHOOL:
        school_id = None
    elif school_id is _UNSET:
        school_id = getattr(obj, "school_id", None)
        if school_id is None and getattr(request, "school", None) is not None:
            school_id = request.school.pk
    return AuditEntry.objects.create(
        user=user,
        user_repr=user.get_username() if user else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        school_id=school_id,
        ip_address=client_ip(request),
        path=request.get_full_path()[:500] if hasattr(request, "get_full_path") else "",
        event=event,
        data=data or {},
    )


_events = None


def events():
    """Every registered event code with its text: the ``EVENTS`` of each app's ``audit_events`` module."""
    global _events
    if _events is None:
        found = {}
        for config in apps.get_app_configs():
            try:
                module = __import__(f"{config.name}.audit_events", fromlist=["EVENTS"])
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.audit_events":
                    raise
                continue
            found.update(module.EVENTS)
        _events = found
    return _events


def describe(entry):
    """The entry's event in the active language; older entries show their free text as it was."""
    text = events().get(entry.event)
    if text is None:
        return entry.detail
    if callable(text):
        return str(text(entry.data))
    try:
        # The lazy text itself takes the data: a plural text picks its form from the number.
        return str(text % entry.data) if entry.data else str(text)
    except (KeyError, TypeError, ValueError):  # data that no longer fits its text: show the text plain
        return str(text)


def pseudonymise(entries, replacements, *, object_repr=None):
    """Replace a person's name in audit entries by a pseudonym: the one change the append-only log allows.

    Only erasure on request and the retention run (``privacy``) call this. ``replacements`` is
    ``[(text, pseudonym)]`` (see :class:`core.redaction.Replacer`); it is applied to the object's text,
    the page address, the free text and the event's data. ``object_repr`` replaces the object's text
    whole (an erased record's own text may hold more than the name). Who did what, when and from where
    stays as it was. Returns the number of entries changed.
    """
    from urllib.parse import quote, quote_plus

    from .redaction import Replacer

    pairs = list(replacements)
    # A name in a page address is written with %20 or + for its spaces.
    pairs += [(encode(old), encode(new)) for encode in (quote, quote_plus) for old, new in pairs]
    replacer = Replacer(pairs)
    changed = 0
    for entry in entries:
        fields = {
            "object_repr": (object_repr if object_repr is not None else replacer.text(entry.object_repr))[:255],
            "path": replacer.text(entry.path)[:500],
            "detail": replacer.text(entry.detail)[:500],
            "data": replacer.json(entry.data),
        }
        if any(getattr(entry, name) != value for name, value in fields.items()):
            AuditEntry.objects.filter(pk=entry.pk)._rewrite(**fields)
            changed += 1
    return changed
