"""PLACEHOLDER: access lookups only; the pages are being built."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from schools import access
from schools.models import Role


@login_required
def scale_answers(request, pk):
    get_object_or_404(access.editable_conversations(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def questions(request, pk):
    get_object_or_404(access.editable_conversations(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def outcomes(request, pk):
    get_object_or_404(access.editable_conversations(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def question_bank(request):
    member = access.membership(request.user, request.school)
    if member is None or member.role == Role.ADMIN:
        raise Http404
    return HttpResponse("todo")
