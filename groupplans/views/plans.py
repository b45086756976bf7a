"""Placeholder while this module is being written; replaced before landing."""

from django.http import Http404


def _stub(request, pk=None, phase=None):
    raise Http404


plan_create = plan_detail = plan_phase = phase_close = phase_reopen = grouping_propose = placement_move = (
    instruction_group_create
) = plan_next = instruction_group_edit = goal_create = goal_edit = goal_evaluate = _stub
