"""The dossier export for a parent's access request (inzageverzoek): PDF and JSON, both audit-logged.

The coordinator's export holds everything stored about the pupil (pupils.access_request); anyone else's holds
the dossier she may read, and says so."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from core import audit, pdf

from .. import access_request
from ..dossier import build_dossier, export_filename
from ..dossier_json import to_json
from .dossier import get_pupil


def _export(request, pk):
    """The dossier with everything stored about the pupil that the user may export (pupils.access_request)."""
    pupil = get_pupil(request, pk)
    data = build_dossier(pupil, request.user, request.school)
    data.access_request = access_request.gather(pupil, request.user, request.school)
    return pupil, data


@login_required
def dossier_pdf(request, pk):
    pupil, data = _export(request, pk)
    document = pdf.render_pdf("pupils/dossier_pdf.html", {"dossiers": [data]}, request=request)
    audit.record(request, audit.AuditAction.EXPORT, pupil, event="pupils.dossier_pdf")
    return pdf.pdf_response(document, export_filename(data, "pdf"))


@login_required
def dossier_json(request, pk):
    pupil, data = _export(request, pk)
    body = json.dumps(to_json(data), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    audit.record(request, audit.AuditAction.EXPORT, pupil, event="pupils.dossier_json")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, export_filename(data, "json"))
    response["Cache-Control"] = "private, no-store"
    return response
