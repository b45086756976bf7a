"""Placeholder while this module is being written; replaced before landing."""

from django.http import Http404


def _stub(request, pk=None):
    raise Http404


trajectory_pdf = session_create = session_edit = visit_create = letter_create = letter_pdf = _stub
