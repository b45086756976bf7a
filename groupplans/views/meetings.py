"""Meetings (groepsbespreking, leerlingbespreking, zorgteamoverleg) with their
decisions and actions, and the Acties page: what each person still has to do.

Readers reach a meeting through ``access.meetings``, writers through
``access.editable_meetings``; actions through ``access.actions`` (one's own; the
coordinator all of her school). A meeting and its actions are saved in one
transaction through core.history and audited.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, history
from core.forms import posted
from schools import access
from schools.choices import school_staff
from schools.models import Role

from ..forms_meetings import ActionFormSet, MeetingForm
from ..models import Action, Meeting

ACTIONS_PREFIX = "acties"
MEETING_WRITERS = (Role.COORDINATOR, Role.TEACHER)
# Done actions stay on the Acties page this long, so a mistaken tick can be undone.
RECENTLY_DONE_DAYS = 14
RECENTLY_DONE_MAX = 50


def _member_or_404(request, roles=None):
    member = access.membership(request.user, request.school)
    if member is None or member.role == Role.ADMIN or (roles is not None and member.role not in roles):
        raise Http404
    return member


@login_required
def meeting_list(request):
    """The meetings the user may read, newest first; optionally of one kind."""
    member = _member_or_404(request)
    meetings = (
        access.meetings(request.user, request.school)
        .select_related("group__school_year", "created_by")
        .annotate(
            pupil_count=Count("pupils", distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .order_by("-date", "-id")
    )
    kind = request.GET.get("soort", "")
    if kind in Meeting.Kind.values:
        meetings = meetings.filter(kind=kind)
    else:
        kind = ""
    return render(
        request,
        "groupplans/meeting_list.html",
        {
            "meetings": meetings,
            "kinds": Meeting.Kind.choices,
            "kind": kind,
            "can_create": member.role in MEETING_WRITERS,
        },
    )


def _save_meeting(request, form, actions, created):
    """The meeting, its participants and pupils, and its actions with their history: all or nothing."""
    with transaction.atomic():
        meeting = form.save(commit=False)
        if not created:
            # Saved first, so that the meeting's revision holds its new participants and pupils.
            form.save_m2m()
        meeting = history.save(meeting, request.user)
        if created:
            form.save_m2m()
        audit.record(request, audit.AuditAction.CREATE if created else audit.AuditAction.CHANGE, meeting)
        actions.instance = meeting
        for action in actions.save(commit=False):
            is_new = action.pk is None
            history.save(action, request.user)
            audit.record(request, audit.AuditAction.CREATE if is_new else audit.AuditAction.CHANGE, action)
        for action in actions.deleted_objects:
            audit.record(request, audit.AuditAction.DELETE, action)
            history.delete(action, request.user)
    return meeting


def _form_page(request, form, actions, title, meeting=None):
    return render(
        request,
        "groupplans/meeting_form.html",
        {"form": form, "actions": actions, "title": title, "meeting": meeting},
    )


def _forms(request, meeting):
    data = posted(request)
    form = MeetingForm(data, instance=meeting, school=request.school, user=request.user)
    actions = ActionFormSet(data, instance=meeting, prefix=ACTIONS_PREFIX, form_kwargs={"school": request.school})
    return data, form, actions


@login_required
def meeting_create(request):
    _member_or_404(request, MEETING_WRITERS)
    meeting = Meeting(school=request.school, created_by=request.user)
    data, form, actions = _forms(request, meeting)
    if data is not None and all([form.is_valid(), actions.is_valid()]):
        meeting = _save_meeting(request, form, actions, created=True)
        messages.success(request, _("De bespreking is vastgelegd."))
        return redirect("groupplans:meeting_detail", pk=meeting.pk)
    return _form_page(request, form, actions, _("Bespreking vastleggen"))


@login_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        access.meetings(request.user, request.school)
        .select_related("group__school_year", "created_by")
        .prefetch_related(
            "participants",
            "pupils",
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        ),
        pk=pk,
    )
    readable = set(
        access.pupils(request.user, request.school)
        .filter(pk__in=[p.pk for p in meeting.pupils.all()])
        .values_list("pk", flat=True)
    )
    can_edit = access.editable_meetings(request.user, request.school).filter(pk=meeting.pk).exists()
    audit.record(request, audit.AuditAction.VIEW, meeting)
    return render(
        request,
        "groupplans/meeting_detail.html",
        {
            "meeting": meeting,
            "pupils": [(pupil, pupil.pk in readable) for pupil in meeting.pupils.all()],
            "can_edit": can_edit,
            "today": timezone.localdate(),
        },
    )


@login_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(access.editable_meetings(request.user, request.school), pk=pk)
    data, form, actions = _forms(request, meeting)
    if data is not None and all([form.is_valid(), actions.is_valid()]):
        _save_meeting(request, form, actions, created=False)
        messages.success(request, _("De bespreking is bijgewerkt."))
        return redirect("groupplans:meeting_detail", pk=meeting.pk)
    return _form_page(request, form, actions, _("Bespreking wijzigen"), meeting)


@login_required
def action_list(request):
    """Open actions, overdue first, then the rest by due date, then the recently done.

    Everyone sees her own; the coordinator sees all of her school's, with the owner,
    and may narrow the list to one owner."""
    member = _member_or_404(request)
    is_coordinator = member.role == Role.COORDINATOR
    actions = access.actions(request.user, request.school).select_related("meeting", "owner")
    owners, owner = None, None
    if is_coordinator:
        owners = list(school_staff(request.school))
        chosen = request.GET.get("eigenaar", "")
        owner = next((person for person in owners if str(person.pk) == chosen), None)
        if owner is not None:
            actions = actions.filter(owner=owner)
    today = timezone.localdate()
    open_actions = list(actions.filter(done=False).order_by("due_date", "id"))
    since = timezone.now() - datetime.timedelta(days=RECENTLY_DONE_DAYS)
    done = list(actions.filter(done=True, done_at__gte=since).order_by("-done_at", "-id")[:RECENTLY_DONE_MAX])
    # An owner need not have been at the meeting: link only the meetings she may read.
    meeting_ids = {a.meeting_id for a in open_actions + done}
    readable = set(
        access.meetings(request.user, request.school).filter(pk__in=meeting_ids).values_list("pk", flat=True)
    )
    return render(
        request,
        "groupplans/action_list.html",
        {
            "overdue": [a for a in open_actions if a.due_date < today],
            "upcoming": [a for a in open_actions if a.due_date >= today],
            "done": done,
            "show_owner": is_coordinator,
            "owners": owners,
            "owner": owner,
            "recent_days": RECENTLY_DONE_DAYS,
            "readable_meetings": readable,
        },
    )


@require_POST
@login_required
def action_toggle(request, pk):
    """Tick an action off, or undo the tick."""
    action = get_object_or_404(access.actions(request.user, request.school).select_related("meeting"), pk=pk)
    action.done = not action.done
    action.done_at = timezone.now() if action.done else None
    with transaction.atomic():
        history.save(action, request.user)
        audit.record(request, audit.AuditAction.CHANGE, action, detail="gedaan" if action.done else "niet gedaan")
    if action.done:
        messages.success(request, _("De actie is afgevinkt."))
    else:
        messages.success(request, _("De actie staat weer open."))
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("groupplans:action_list")
