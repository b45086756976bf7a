"""Placeholder while this module is being written; replaced before landing."""

from django.http import Http404


def _stub(request, pk=None, phase=None):
    raise Http404


meeting_list = meeting_create = meeting_detail = meeting_edit = action_list = action_toggle = _stub
