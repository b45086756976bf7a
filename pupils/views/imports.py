"""Placeholder while this module is being written; replaced before landing."""
from django.http import Http404


def upload(request):
    raise Http404


def preview(request, pk):
    raise Http404
