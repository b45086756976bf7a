"""Placeholder while this module is being written; replaced before landing."""

from django.http import Http404


def _stub(request, pk=None, phase=None):
    raise Http404


plans_pdf = plan_pdf = schedule_pdf = individual_plan_pdf = _stub
