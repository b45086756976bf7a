"""PLACEHOLDER: access lookups only; the pages are being built."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from schools import access
from schools.models import Role


def _reader_or_404(request):
    member = access.membership(request.user, request.school)
    if member is None or member.role == Role.ADMIN:
        raise Http404
    return member


@login_required
def conversation_list(request):
    _reader_or_404(request)
    return HttpResponse("todo")


@login_required
def pupil_conversations(request, pk):
    get_object_or_404(access.pupils(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def conversation_create(request, pk):
    get_object_or_404(access.editable_pupils(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def conversation_detail(request, pk):
    get_object_or_404(access.conversations(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def conversation_edit(request, pk):
    get_object_or_404(access.editable_conversations(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def notes_edit(request, pk):
    get_object_or_404(access.conversation_notes(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def notes_compare(request, pk):
    get_object_or_404(access.conversation_notes(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def conversation_pdf(request, pk):
    get_object_or_404(access.conversations(request.user, request.school), pk=pk)
    return HttpResponse("todo")
