from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from core import audit

from .. import access
from .home import current_groups


@login_required
def group_list(request):
    year, groups = current_groups(request)
    return render(request, "schools/group_list.html", {"school_year": year, "groups": groups})


@login_required
def group_detail(request, pk):
    group = get_object_or_404(access.groups(request.user, request.school), pk=pk)
    pupils = (
        access.pupils(request.user, request.school).filter(enrolments__group=group).order_by("surname", "first_name")
    )
    audit.record(request, audit.AuditAction.VIEW, group)
    return render(
        request,
        "schools/group_detail.html",
        {"group": group, "teachers": group.teachers.all(), "pupils": pupils},
    )
