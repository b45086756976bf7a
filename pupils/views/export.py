"""Placeholder while this module is being written; replaced before landing."""
from django.http import Http404


def dossier_pdf(request, pk):
    raise Http404


def dossier_json(request, pk):
    raise Http404
