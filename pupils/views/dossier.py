"""Placeholder while this module is being written; replaced before landing."""
from django.http import Http404


def dossier(request, pk):
    raise Http404
