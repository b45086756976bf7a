"""Conversation rounds: a round of conversations for a whole group (start, progress, advice ...).

Readers reach a round through ``access.rounds``, planners through ``access.editable_rounds``;
a slot is moved through ``access.editable_conversations`` of an editable round. The schedule
itself is ``conversations.scheduling``: this module only asks, calls a service and shows. A round
and its days are saved in one transaction through core.history (``conversations.services``),
guarded by the round's version; a slot move by the conversation's (core.editguard). Every change,
view of the schedule and export is audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, editguard, pdf
from core.forms import posted
from schools import access

from .. import letters, scheduling, services, summary, trends
from ..forms import RoundDayFormSet, RoundForm, SlotMoveForm
from ..models import Conversation, Respondent, Round

DAYS_PREFIX = "dagen"
Status = Conversation.Status


def _status_counts(prefix=""):
    """Annotations: how many conversations of a round have each status."""
    return {
        f"{status}_count": Count(f"{prefix}conversations", filter=Q(**{f"{prefix}conversations__status": status}))
        for status in Status.values
    }


def _readable_rounds(request):
    return access.rounds(request.user, request.school)


# --- List ------------------------------------------------------------------------------------------------------------


@login_required
def round_list(request):
    """Rounds the user may read, newest first, with their progress and usefulness averages."""
    member = access.membership(request.user, request.school, access.CARE_ROLES)
    if member is None:
        raise Http404
    # Counted on a plain queryset of the readable pks: the policy's joins would multiply the counts.
    rounds = list(
        Round.objects.filter(pk__in=_readable_rounds(request).values("pk"))
        .select_related("group__school_year", "leader")
        .prefetch_related("days")
        .annotate(**_status_counts(), total=Count("conversations"))
        .order_by("-created_at", "-id")
    )
    usefulness = trends.usefulness_per_round([r.pk for r in rounds]) if rounds else {}
    respondents = [(value, label) for value, label in Respondent.choices]
    rows = [
        {
            "round": round_,
            "days": list(round_.days.all()),
            "usefulness": [(label, usefulness.get(round_.pk, {}).get(value)) for value, label in respondents],
        }
        for round_ in rounds
    ]
    return render(
        request,
        "conversations/round_list.html",
        {
            "rows": rows,
            "respondents": respondents,
            "can_create": access.editable_groups(request.user, request.school).exists(),
        },
    )


# --- Create and edit ----------------------------------------------------------------------------------------------


def _forms(request, round_, data=None):
    data = posted(request) if data is None else data
    form = RoundForm(data, instance=round_, school=request.school, user=request.user)
    days = RoundDayFormSet(data, instance=round_, prefix=DAYS_PREFIX)
    return data, form, days


def _form_page(request, form, days, title, round_=None, conflict=None):
    return render(
        request,
        "conversations/round_form.html",
        {"form": form, "days": days, "title": title, "round": round_, "conflict": conflict},
    )


@login_required
def round_create(request):
    if not access.editable_groups(request.user, request.school).exists():
        raise Http404
    round_ = Round(created_by=request.user)
    data, form, days = _forms(request, round_)
    if data is not None and all([form.is_valid(), days.is_valid()]):
        round_ = services.plan_round(request, form, days)
        messages.success(request, _("De gespreksronde is aangemaakt. Plan nu de gesprekken."))
        return redirect("conversations:round_detail", pk=round_.pk)
    return _form_page(request, form, days, _("Nieuwe gespreksronde"))


@login_required
def round_edit(request, pk):
    round_ = get_object_or_404(
        access.editable_rounds(request.user, request.school).select_related("group__school_year"), pk=pk
    )
    data, form, days = _forms(request, round_)
    title = _("Gespreksronde wijzigen")
    if data is None or not all([form.is_valid(), days.is_valid()]):
        return _form_page(request, form, days, title, round_)
    try:
        services.update_round(request, form, days)
    except editguard.Stale:
        return _round_conflict(request, pk, title)
    messages.success(request, _("De gespreksronde is bijgewerkt."))
    return redirect("conversations:round_detail", pk=round_.pk)


def _round_conflict(request, pk, title):
    """The round as stored now beside the user's input (its days included), bound to the current version."""
    current = get_object_or_404(
        access.editable_rounds(request.user, request.school).select_related("group__school_year"), pk=pk
    )
    stored_days = "; ".join(str(day) for day in current.days.all()) or "–"
    form, conflict = editguard.refused(RoundForm, current, request.POST, school=request.school, user=request.user)
    days = RoundDayFormSet(request.POST, instance=current, prefix=DAYS_PREFIX)
    if days.is_valid() and days.has_changed():
        conflict["fields"].append((_("Gespreksdagen"), stored_days))
    return _form_page(request, form, days, title, current, conflict)


# --- Schedule -----------------------------------------------------------------------------------------------------


def _round_with_data(qs):
    return qs.select_related("group__school_year__school", "leader", "conversation_model").prefetch_related(
        "staff", "days"
    )


def _round_conversations(round_):
    return list(
        round_.conversations.select_related("pupil", "leader", "note_taker")
        .prefetch_related("staff")
        .order_by("starts_at", "id")
    )


@login_required
def round_detail(request, pk):
    round_ = get_object_or_404(_round_with_data(access.rounds(request.user, request.school)), pk=pk)
    conversations = _round_conversations(round_)
    for conversation in conversations:
        conversation.badge = summary.STATUS_BADGES.get(conversation.status, "text-bg-light")
    grid, outside = scheduling.schedule_grid(round_, conversations)
    scheduled = {c.pupil_id for c in conversations if c.status in (Status.PLANNED, Status.HELD)}
    pupils = list(scheduling.round_pupils(round_))
    readable = set(
        access.conversations(request.user, request.school)
        .filter(pk__in=[c.pk for c in conversations])
        .values_list("pk", flat=True)
    )
    can_edit = access.editable_rounds(request.user, request.school).filter(pk=round_.pk).exists()
    audit.record(request, audit.AuditAction.VIEW, round_, event="conversations.round_viewed")
    return render(
        request,
        "conversations/round_detail.html",
        {
            "round": round_,
            "grid": grid,
            "outside": outside,
            "unscheduled": [pupil for pupil in pupils if pupil.pk not in scheduled],
            "pupil_count": len(pupils),
            "progress": summary.progress_counts(conversations),
            "readable": readable,
            "can_edit": can_edit,
            # Planning only fills times still ahead: with every day behind us, a new day comes first.
            "days_ahead": any(day.date >= timezone.localdate() for day in round_.days.all()),
            "tables": scheduling.tables(round_),
        },
    )


@login_required
@require_POST
def round_schedule(request, pk):
    round_ = get_object_or_404(access.editable_rounds(request.user, request.school), pk=pk)
    try:
        result = services.schedule_round(request, round_)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if result.created:
            messages.success(request, result.message)
        else:
            messages.info(request, result.message)
    return redirect("conversations:round_detail", pk=round_.pk)


def _movable(request, pk):
    rounds = access.editable_rounds(request.user, request.school)
    return get_object_or_404(
        access.editable_conversations(request.user, request.school)
        .filter(round__in=rounds)
        .select_related("pupil", "leader", "round__group__school_year")
        .prefetch_related("staff", "round__days", "round__staff"),
        pk=pk,
    )


@login_required
def slot_move(request, pk):
    conversation = _movable(request, pk)
    data = posted(request)
    form = SlotMoveForm(data, conversation=conversation)
    conflict = None
    if data is not None and form.is_valid():
        try:
            services.move_slot(request, conversation, form)
        except editguard.Stale:
            conversation, form, conflict = _slot_conflict(request, pk)
        else:
            local = timezone.localtime(conversation.starts_at)
            messages.success(
                request,
                _("Het gesprek met %(pupil)s staat nu op %(date)s om %(time)s.")
                % {"pupil": conversation.pupil, "date": local.strftime("%d-%m-%Y"), "time": local.strftime("%H:%M")},
            )
            return redirect("conversations:round_detail", pk=conversation.round_id)
    return render(
        request,
        "conversations/slot_move.html",
        {"form": form, "conversation": conversation, "round": conversation.round, "conflict": conflict},
    )


def _slot_conflict(request, pk):
    """The slot as it is stored now beside the time the user chose, bound to the current version."""
    current = _movable(request, pk)
    local = timezone.localtime(current.starts_at)
    stored = {"date": local.strftime("%d-%m-%Y"), "time": local.strftime("%H:%M"), "member": current.leader or "–"}
    data = request.POST.copy()
    data["version"] = current.version
    form = SlotMoveForm(data, conversation=current)
    form.is_valid()
    form.add_error(None, editguard.MESSAGE)
    fields = [(form[name].label, stored[name]) for name in form.changed_data if name in stored]
    return current, form, editguard.conflict(fields)


# --- Letters ------------------------------------------------------------------------------------------------------


@login_required
def round_letters(request, pk):
    """ONE PDF with a letter (a page) per family; refused while a pupil of the group has no time yet."""
    round_ = get_object_or_404(_round_with_data(access.editable_rounds(request.user, request.school)), pk=pk)
    conversations = [c for c in _round_conversations(round_) if c.status in (Status.PLANNED, Status.HELD)]
    scheduled = {c.pupil_id for c in conversations}
    missing = [pupil for pupil in scheduling.round_pupils(round_) if pupil.pk not in scheduled]
    if missing:
        messages.error(
            request,
            _("Nog geen tijd gepland voor: %(names)s. Plan eerst alle gesprekken, dan komen de brieven.")
            % {"names": ", ".join(pupil.full_name for pupil in missing)},
        )
        return redirect("conversations:round_detail", pk=round_.pk)
    # A held conversation needs no invitation any more.
    planned = [c for c in conversations if c.status == Status.PLANNED]
    if not planned:
        messages.info(request, _("Alle gesprekken van deze ronde zijn al gehouden; er zijn geen brieven meer nodig."))
        return redirect("conversations:round_detail", pk=round_.pk)
    people = {user for c in planned for user in c.staff.all()} | {c.leader for c in planned if c.leader}
    if round_.leader:
        people |= {round_.leader}
    documents = letters.letters(
        round_, sorted(planned, key=lambda c: (c.starts_at, c.pk)), letters.roles(request.school, people)
    )
    context = {
        "round": round_,
        "letters": documents,
        "generated_at": timezone.localtime(),
        "user": request.user,
    }
    document = pdf.render_pdf("conversations/round_letters_pdf.html", context, request=request)
    audit.record(
        request, audit.AuditAction.EXPORT, round_, event="conversations.round_letters", data={"count": len(documents)}
    )
    filename = "-".join(slugify(part) for part in ("uitnodigingen", round_.name, round_.group.name) if part)
    return pdf.pdf_response(document, f"{filename}.pdf")


# --- Summary ------------------------------------------------------------------------------------------------------


@login_required
def round_summary(request, pk):
    round_ = get_object_or_404(
        access.rounds(request.user, request.school).select_related("group__school_year", "leader"), pk=pk
    )
    held_pupils, pupil_count, coverage = summary.coverage(round_)
    usefulness = trends.usefulness_by_respondent(Conversation.objects.filter(round=round_))
    return render(
        request,
        "conversations/round_summary.html",
        {
            "round": round_,
            "pupil_count": pupil_count,
            "held_pupils": held_pupils,
            "coverage": coverage,
            "coverage_sentence": summary.coverage_sentence(held_pupils, pupil_count, coverage),
            "statuses": summary.round_statuses(round_),
            "usefulness": [(label, usefulness.get(value)) for value, label in Respondent.choices],
            "needs": summary.needs_per_subject(round_),
            "techniques": summary.technique_per_day(round_),
        },
    )
