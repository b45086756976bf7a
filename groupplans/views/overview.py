"""Placeholder while this module is being written; replaced before landing."""

from django.http import Http404


def _stub(request, pk=None, phase=None):
    raise Http404


plan_overview = _stub
