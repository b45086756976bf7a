"""Conversation rounds: a round of conversations for a whole group (start, progress, advice ...).

Readers reach a round through ``access.rounds``, planners through ``access.editable_rounds``;
a slot is moved through ``access.editable_conversations`` of an editable round. The schedule
itself is ``conversations.scheduling``: this module only asks, saves and shows. A round and
its days are saved in one transaction through core.history; every change, view of the
schedule and export is audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, history, locking, pdf
from core.forms import posted
from schools import access
from schools.models import Role

from .. import letters, scheduling, summary, trends
from ..forms_rounds import RoundDayFormSet, RoundForm, SlotMoveForm
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
    member = access.membership(request.user, request.school)
    if member is None or member.role == Role.ADMIN:
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


def _forms(request, round_):
    data = posted(request)
    form = RoundForm(data, instance=round_, school=request.school, user=request.user)
    days = RoundDayFormSet(data, instance=round_, prefix=DAYS_PREFIX)
    return data, form, days


def _save_round(request, form, days, created):
    """The round, its staff and its days with their history: all or nothing."""
    with transaction.atomic():
        round_ = form.save(commit=False)
        if not created:
            form.save_m2m()  # first, so that the revision holds the new staff
        round_ = history.save(round_, request.user)
        if created:
            form.save_m2m()
        days.instance = round_
        days.save()
        audit.record(request, audit.AuditAction.CREATE if created else audit.AuditAction.CHANGE, round_)
    return round_


def _form_page(request, form, days, title, round_=None):
    return render(
        request, "conversations/round_form.html", {"form": form, "days": days, "title": title, "round": round_}
    )


@login_required
def round_create(request):
    if not access.editable_groups(request.user, request.school).exists():
        raise Http404
    round_ = Round(created_by=request.user)
    data, form, days = _forms(request, round_)
    if data is not None and all([form.is_valid(), days.is_valid()]):
        round_ = _save_round(request, form, days, created=True)
        messages.success(request, _("De gespreksronde is aangemaakt. Plan nu de gesprekken."))
        return redirect("conversations:round_detail", pk=round_.pk)
    return _form_page(request, form, days, _("Nieuwe gespreksronde"))


@login_required
def round_edit(request, pk):
    round_ = get_object_or_404(
        access.editable_rounds(request.user, request.school).select_related("group__school_year"), pk=pk
    )
    data, form, days = _forms(request, round_)
    if data is not None and all([form.is_valid(), days.is_valid()]):
        _save_round(request, form, days, created=False)
        messages.success(request, _("De gespreksronde is bijgewerkt."))
        return redirect("conversations:round_detail", pk=round_.pk)
    return _form_page(request, form, days, _("Gespreksronde wijzigen"), round_)


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
    audit.record(request, audit.AuditAction.VIEW, round_)
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
        result = scheduling.generate(round_, request.user, not_before=timezone.now())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if result.created:
            audit.record(request, audit.AuditAction.CHANGE, round_, detail=f"gepland: {len(result.created)} gesprekken")
            messages.success(request, result.message)
        else:
            messages.info(request, result.message)
    return redirect("conversations:round_detail", pk=round_.pk)


@login_required
def slot_move(request, pk):
    rounds = access.editable_rounds(request.user, request.school)
    conversation = get_object_or_404(
        access.editable_conversations(request.user, request.school)
        .filter(round__in=rounds)
        .select_related("pupil", "leader", "round__group__school_year")
        .prefetch_related("staff", "round__days", "round__staff"),
        pk=pk,
    )
    round_ = conversation.round
    form = SlotMoveForm(posted(request), conversation=conversation)
    if request.method == "POST" and form.is_valid() and not _claim(conversation, form):
        form.add_error(
            None,
            _("Iemand anders heeft dit gesprek intussen gewijzigd of verplaatst. Bekijk het rooster en kies opnieuw."),
        )
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            staff = form.staff()
            conversation.starts_at = form.cleaned_data["starts_at"]
            if form.split:
                conversation.leader = staff[0]
                conversation.note_taker = None
                conversation.staff.set(staff)
            if conversation.status in (Status.RESCHEDULE, Status.CANCELLED):
                conversation.status = Status.PLANNED  # a new time is a new appointment
            conversation.version = form.cleaned_data["version"] + 1
            history.save(conversation, request.user)
            audit.record(request, audit.AuditAction.CHANGE, conversation, detail="verplaatst")
        local = timezone.localtime(conversation.starts_at)
        messages.success(
            request,
            _("Het gesprek met %(pupil)s staat nu op %(date)s om %(time)s.")
            % {"pupil": conversation.pupil, "date": local.strftime("%d-%m-%Y"), "time": local.strftime("%H:%M")},
        )
        return redirect("conversations:round_detail", pk=round_.pk)
    return render(
        request, "conversations/slot_move.html", {"form": form, "conversation": conversation, "round": round_}
    )


def _claim(conversation, form):
    """Move the stored conversation to the next version if it is still at the one the user saw
    (core.locking): two people moving the same slot at once do not overwrite each other."""
    return locking.claim(Conversation, conversation.pk, form.cleaned_data["version"])


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
        people.add(round_.leader)
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
    # The audit detail is data, not UI text: the same words whatever the user's language.
    audit.record(request, audit.AuditAction.EXPORT, round_, detail=f"uitnodigingsbrieven pdf: {len(documents)} brieven")
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
            "statuses": summary.round_statuses(round_),
            "usefulness": [(label, usefulness.get(value)) for value, label in Respondent.choices],
            "needs": summary.needs_per_subject(round_),
            "techniques": summary.technique_per_day(round_),
        },
    )
