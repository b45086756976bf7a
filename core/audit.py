"""The one way to write the audit log: ``audit.record(request, AuditAction.VIEW, obj)``."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditAction, AuditEntry
from .net import client_ip

__all__ = ["AuditAction", "record"]


# Pass as school_id for an entry no school's audit page may show (confidential coaching):
# it is kept for the functional administrator only.
NO_SCHOOL = object()
_UNSET = object()


def record(request, action, obj=None, *, detail="", school_id=_UNSET, user=None):
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
        detail=detail[:500],
    )
