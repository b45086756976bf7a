"""PLACEHOLDER: access lookups only; the pages are being built."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from schools import access
from schools.models import Role


@login_required
def round_list(request):
    member = access.membership(request.user, request.school)
    if member is None or member.role == Role.ADMIN:
        raise Http404
    return HttpResponse("todo")


@login_required
def round_create(request):
    if not access.editable_groups(request.user, request.school).exists():
        raise Http404
    return HttpResponse("todo")


@login_required
def round_detail(request, pk):
    get_object_or_404(access.rounds(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def round_edit(request, pk):
    get_object_or_404(access.editable_rounds(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
@require_POST
def round_schedule(request, pk):
    round_ = get_object_or_404(access.editable_rounds(request.user, request.school), pk=pk)
    return redirect("conversations:round_detail", pk=round_.pk)


@login_required
def round_letters(request, pk):
    get_object_or_404(access.editable_rounds(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def round_summary(request, pk):
    get_object_or_404(access.rounds(request.user, request.school), pk=pk)
    return HttpResponse("todo")


@login_required
def slot_move(request, pk):
    rounds = access.editable_rounds(request.user, request.school)
    get_object_or_404(access.editable_conversations(request.user, request.school).filter(round__in=rounds), pk=pk)
    return HttpResponse("todo")
