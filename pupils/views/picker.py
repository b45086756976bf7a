"""The search box behind the pupil picker (``pupils.picker``): names and groups as JSON.

Only pupils the user may read and who are in a group this school year are found, at most twenty, and only
when something was typed. Each search that finds names is written to the audit log, like the pupil list.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from core import audit
from schools import access

from ..picker import as_result, search
from ..search import search_text


@require_GET
@login_required
def pupil_picker(request):
    if not access.has_role(request.user, request.school, access.CARE_ROLES):
        raise Http404
    pupils = search(request.user, request.school, search_text(request.GET))
    if pupils:
        audit.record(request, audit.AuditAction.VIEW, event="pupils.picker_searched", data={"count": len(pupils)})
    response = JsonResponse({"results": [as_result(pupil) for pupil in pupils]})
    response["Cache-Control"] = "no-store"
    return response
