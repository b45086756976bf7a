"""Placeholder while this module is being written; replaced before landing."""
from django.http import Http404


def pupil_list(request):
    raise Http404


def group_overview(request, pk):
    raise Http404
