"""Meetings (groepsbespreking, leerlingbespreking, zorgteamoverleg) with their
decisions and actions, and the Acties page: what each person still has to do.

Readers reach a meeting through ``access.meetings``, writers through
``access.editable_meetings``; actions through ``access.actions`` (one's own; the
coordinator all of her school). A meeting and its actions are saved in one
transaction by ``groupplans.services`` (history, audit, edit guard).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, editguard
from core.forms import posted
from schools import access
from schools.choices import school_staff
from schools.models import Role

from .. import services
from ..forms import DONE, ActionFormSet, ActionStateForm, MeetingForm
from ..models import Action, Meeting

ACTIONS_PREFIX = "acties"
MEETING_WRITERS = (Role.COORDINATOR, Role.TEACHER)
# Done actions stay on the Acties page this long, so a mistaken tick can be undone.
RECENTLY_DONE_DAYS = 14
RECENTLY_DONE_MAX = 50


def _member_or_404(request, roles=None):
    member = access.membership(request.user, request.school, roles or access.CARE_ROLES)
    if member is None:
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


def _form_page(request, form, actions, title, meeting=None, conflict=None):
    return render(
        request,
        "groupplans/meeting_form.html",
        {"form": form, "actions": actions, "title": title, "meeting": meeting, "conflict": conflict},
    )


def _forms(request, meeting, data):
    form = MeetingForm(data, instance=meeting, school=request.school, user=request.user)
    actions = ActionFormSet(data, instance=meeting, prefix=ACTIONS_PREFIX, form_kwargs={"school": request.school})
    return form, actions


@login_required
def meeting_create(request):
    _member_or_404(request, MEETING_WRITERS)
    meeting = Meeting(school=request.school, created_by=request.user)
    data = posted(request)
    form, actions = _forms(request, meeting, data)
    if data is not None and all([form.is_valid(), actions.is_valid()]):
        meeting = services.save_meeting(form, actions, request.user, request=request)
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
    audit.record(request, audit.AuditAction.VIEW, meeting, event="groupplans.meeting_viewed")
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
    data = posted(request)
    form, actions = _forms(request, meeting, data)
    title = _("Bespreking wijzigen")
    if data is not None and all([form.is_valid(), actions.is_valid()]):
        try:
            services.save_meeting(form, actions, request.user, request=request)
        except editguard.Stale:
            # What the user typed stays in the form (actions too); the stored meeting is shown above it.
            current = get_object_or_404(access.editable_meetings(request.user, request.school), pk=pk)
            form, conflict = editguard.refused(
                MeetingForm, current, request.POST, school=request.school, user=request.user
            )
            _form, actions = _forms(request, current, request.POST)
            return _form_page(request, form, actions, title, current, conflict)
        messages.success(request, _("De bespreking is bijgewerkt."))
        return redirect("groupplans:meeting_detail", pk=meeting.pk)
    return _form_page(request, form, actions, title, meeting)


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
    """Mark an action done, or open again: the form says which (``state``), as the user saw it.
    When it already is so, nothing changes and the user reads who did it and when."""
    action = get_object_or_404(access.actions(request.user, request.school).select_related("meeting"), pk=pk)
    form = ActionStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Laad de pagina opnieuw en probeer het nog eens."))
        return redirect("groupplans:action_list")
    back = _safe_next(request, form.cleaned_data["next"])
    done = form.cleaned_data["state"] == DONE
    try:
        if done:
            services.mark_action_done(action, request.user, request=request)
        else:
            services.reopen_action(action, request.user, request=request)
    except services.AlreadySo as already:
        messages.warning(request, _already_message(already))
        return HttpResponseRedirect(back)
    if done:
        messages.success(request, _("De actie is afgevinkt."))
    else:
        messages.success(request, _("De actie staat weer open."))
    return HttpResponseRedirect(back)


def _safe_next(request, next_url):
    """Where to go back to: a path of this site, else the Acties page."""
    if (
        next_url
        and next_url.startswith("/")
        and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    ):
        return next_url
    return reverse("groupplans:action_list")


def _already_message(already):
    action = already.action
    when = date_format(timezone.localtime(already.at), "d-m-Y H:i") if already.at else ""
    names = {"action": action.text, "who": already.by, "when": when}
    if action.done:
        if already.by and when:
            text = _("De actie '%(action)s' was al afgevinkt, door %(who)s op %(when)s. Er is niets veranderd.")
        elif when:
            text = _("De actie '%(action)s' was al afgevinkt, op %(when)s. Er is niets veranderd.")
        else:
            text = _("De actie '%(action)s' was al afgevinkt. Er is niets veranderd.")
    elif already.by and when:
        text = _("De actie '%(action)s' was al weer opengezet, door %(who)s op %(when)s. Er is niets veranderd.")
    else:
        text = _("De actie '%(action)s' stond al open. Er is niets veranderd.")
    return text % names
