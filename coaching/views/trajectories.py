"""Placeholder while this module is being written; replaced before landing."""

from django.http import Http404


def _stub(request, pk=None):
    raise Http404


trajectory_list = trajectory_create = trajectory_detail = trajectory_edit = assessment_create = reflection_create = (
    _stub
)
