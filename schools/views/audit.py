from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from .. import access
from ..forms import AuditFilterForm

PAGE_SIZE = 50


@login_required
def audit_log(request):
    """The school's audit log, read-only, for the coordinator and the admin."""
    if not access.can_read_audit(request.user, request.school):
        raise Http404
    entries = access.audit_entries(request.user, request.school).select_related("content_type")
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "schools/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
