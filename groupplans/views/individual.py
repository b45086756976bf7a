"""Placeholder while this module is being written; replaced before landing."""

from django.http import Http404


def _stub(request, pk=None, phase=None):
    raise Http404


individual_plan_create = individual_plan_detail = individual_plan_edit = individual_goal_create = (
    individual_goal_edit
) = _stub
