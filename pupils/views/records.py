"""Placeholder while this module is being written; replaced before landing."""
from django.http import Http404


def _stub(request, pk):
    raise Http404


history = observation_create = factor_create = need_create = need_update = care_level = assessment_create = _stub
