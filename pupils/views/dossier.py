"""The dossier page: everything about one pupil that the user may read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from core import audit
from schools import access

from ..dossier import build_dossier


def get_pupil(request, pk):
    """The pupil, if the user may read her; otherwise a 404 (never a 403)."""
    return get_object_or_404(access.pupils(request.user, request.school), pk=pk)


@login_required
def dossier(request, pk):
    pupil = get_pupil(request, pk)
    data = build_dossier(pupil, request.user, request.school)
    can_edit = access.editable_pupils(request.user, request.school).filter(pk=pupil.pk).exists()
    audit.record(request, audit.AuditAction.VIEW, pupil)
    return render(request, "pupils/dossier.html", {"pupil": pupil, "dossier": data, "can_edit": can_edit})
