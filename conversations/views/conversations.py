"""The pages of one conversation about one pupil: the list, the pupil's conversations, planning and
changing one, its page, the listeners' own notes per step, the side-by-side comparison and the PDF.

Readers reach a conversation through ``access.conversations``, writers through
``access.editable_conversations``; the step notes only the people who took part and the
coordinator (``access.conversation_notes``): everyone else sees the outcomes, never the notes.
Every save goes through core.history inside one transaction and is audited; so is every read of
a conversation and every export.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit, history, locking, pdf
from core.forms import posted
from pupils.models import Enrolment
from pupils.search import name_filter
from schools import access
from schools.models import Role

from .. import technique, trends
from ..forms_conversation import ConversationEditForm, ConversationForm, NotesForm, conflict_displays
from ..models import (
    Agreement,
    AskedQuestion,
    Conversation,
    ConversationNeed,
    Kind,
    Note,
)

PAGE_SIZE = 50


def _reader_or_404(request):
    member = access.membership(request.user, request.school)
    if member is None or member.role == Role.ADMIN:
        raise Http404
    return member


def _with_groups(conversations):
    """Set ``group`` on each conversation: its round's group, else the pupil's group in the school year
    of the conversation (enrolments prefetched as ``pupil.year_enrolments``)."""
    for conversation in conversations:
        group = conversation.round.group if conversation.round_id else None
        if group is None:
            day = timezone.localdate(conversation.starts_at)
            for enrolment in conversation.pupil.year_enrolments:
                year = enrolment.school_year
                if year.start_date <= day <= year.end_date:
                    group = enrolment.group
                    break
        conversation.group = group
    return conversations


def _readable_rounds(request, conversations):
    ids = {c.round_id for c in conversations if c.round_id}
    if not ids:
        return set()
    return set(access.rounds(request.user, request.school).filter(pk__in=ids).values_list("pk", flat=True))


# --- Lists ----------------------------------------------------------------------------------------------------------


@login_required
def conversation_list(request):
    """Upcoming conversations first (soonest at the top), then the earlier ones (latest at the top)."""
    _reader_or_404(request)
    now = timezone.now()
    conversations = access.conversations(request.user, request.school)
    kind = request.GET.get("soort", "")
    if kind in Kind.values:
        conversations = conversations.filter(kind=kind)
    else:
        kind = ""
    status = request.GET.get("status", "")
    if status in Conversation.Status.values:
        conversations = conversations.filter(status=status)
    else:
        status = ""
    search = request.GET.get("q", "").strip()
    conversations = conversations.filter(name_filter(search, path="pupil__"))
    conversations = (
        conversations.select_related("pupil", "leader", "round__group")
        .prefetch_related(
            Prefetch(
                "pupil__enrolments",
                queryset=Enrolment.objects.select_related("group", "school_year"),
                to_attr="year_enrolments",
            )
        )
        .annotate(
            is_past=Case(When(starts_at__gte=now, then=Value(0)), default=Value(1), output_field=IntegerField()),
            upcoming_at=Case(When(starts_at__gte=now, then=F("starts_at")), default=None),
        )
        .order_by("is_past", F("upcoming_at").asc(nulls_last=True), "-starts_at", "-id")
    )
    page = Paginator(conversations, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = _with_groups(list(page.object_list))
    return render(
        request,
        "conversations/conversation_list.html",
        {
            "page": page,
            "conversations": rows,
            "readable_rounds": _readable_rounds(request, rows),
            "kinds": Kind.choices,
            "kind": kind,
            "statuses": Conversation.Status.choices,
            "status": status,
            "search": search,
            "is_filtered": bool(kind or status or search),
        },
    )


def _pupil_conversations(request, pupil):
    return access.conversations(request.user, request.school).filter(pupil=pupil)


def _open_agreements(conversations):
    return list(
        Agreement.objects.filter(conversation__in=conversations, status=Agreement.Status.OPEN)
        .select_related("conversation")
        .order_by("due_date", "id")
    )


@login_required
def pupil_conversations(request, pk):
    pupil = get_object_or_404(access.pupils(request.user, request.school), pk=pk)
    readable = _pupil_conversations(request, pupil)
    conversations = list(readable.select_related("leader", "round").order_by("-starts_at", "-id"))
    can_create = access.editable_pupils(request.user, request.school).filter(pk=pupil.pk).exists()
    audit.record(request, audit.AuditAction.VIEW, pupil, detail="gesprekken")
    return render(
        request,
        "conversations/pupil_conversations.html",
        {
            "pupil": pupil,
            "conversations": conversations,
            "readable_rounds": _readable_rounds(request, conversations),
            "chart": trends.pupil_chart(readable),
            "open_agreements": _open_agreements(readable),
            "can_create": can_create,
        },
    )


# --- Planning and changing ------------------------------------------------------------------------------------------


def _earlier(request, pupil, conversation=None):
    """What to open the conversation with: the pupil's open agreements and the needs named in earlier
    conversations (those the user may read)."""
    earlier = _pupil_conversations(request, pupil)
    if conversation is not None and conversation.pk:
        earlier = earlier.exclude(pk=conversation.pk)
    needs = (
        ConversationNeed.objects.filter(conversation__in=earlier)
        .select_related("need", "conversation")
        .order_by("-conversation__starts_at", "id")
    )
    return {"earlier_agreements": _open_agreements(earlier), "earlier_needs": list(needs)}


def _save(request, form, created):
    """The conversation and its staff with their history: all or nothing."""
    with transaction.atomic():
        conversation = form.save(commit=False)
        staff = form.cleaned_data["all_staff"]
        if not created:
            # Set first, so that the conversation's revision holds its new staff.
            conversation.staff.set(staff)
        history.save(conversation, request.user)
        if created:
            conversation.staff.set(staff)
        audit.record(request, audit.AuditAction.CREATE if created else audit.AuditAction.CHANGE, conversation)
    return conversation


def _form_page(request, form, pupil, title, conversation=None, conflict=None, extra=None):
    return render(
        request,
        "conversations/conversation_form.html",
        {
            "form": form,
            "pupil": pupil,
            "title": title,
            "conversation": conversation,
            "conflict": conflict,
            **(extra or {}),
        },
    )


@login_required
def conversation_create(request, pk):
    pupil = get_object_or_404(access.editable_pupils(request.user, request.school), pk=pk)
    conversation = Conversation(pupil=pupil, created_by=request.user, leader=request.user)
    data = posted(request)
    form = ConversationForm(data, instance=conversation, school=request.school)
    if data is not None and form.is_valid():
        conversation = _save(request, form, created=True)
        messages.success(request, _("Het gesprek is gepland."))
        return redirect("conversations:conversation_detail", pk=conversation.pk)
    return _form_page(request, form, pupil, _("Gesprek plannen"), extra=_earlier(request, pupil))


def _editable(request, pk):
    return get_object_or_404(
        access.editable_conversations(request.user, request.school).select_related(
            "pupil", "conversation_model", "leader", "note_taker"
        ),
        pk=pk,
    )


@login_required
def conversation_edit(request, pk):
    conversation = _editable(request, pk)
    data = posted(request)
    form = ConversationEditForm(data, instance=conversation, school=request.school)
    title = _("Gesprek wijzigen")
    if data is None or not form.is_valid():
        return _form_page(request, form, conversation.pupil, title, conversation)
    with transaction.atomic():
        # Claim the version the user started from; 0 rows means someone saved in between.
        claimed = locking.claim(Conversation, pk, form.cleaned_data["version"])
        if claimed:
            form.instance.version = form.cleaned_data["version"] + 1
            _save(request, form, created=False)
    if claimed:
        messages.success(request, _("Het gesprek is bijgewerkt."))
        return redirect("conversations:conversation_detail", pk=pk)
    return _conflict(request, pk, title)


def _conflict(request, pk, title):
    """Refuse a save made on an old version: keep what the user typed and show what is stored now.

    The form is bound again to the current version, so saving once more (after comparing)
    deliberately replaces the colleague's change."""
    current = _editable(request, pk)
    form, changed = locking.rebind_after_conflict(
        ConversationEditForm,
        current,
        request.POST,
        _(
            "Iemand anders heeft dit gesprek intussen gewijzigd. Jouw wijzigingen zijn nog niet opgeslagen: "
            "ze staan hieronder. Vergelijk ze met de huidige gegevens en sla opnieuw op om ze te bewaren."
        ),
        stored=conflict_displays(current),
        school=request.school,
    )
    fresh = _editable(request, pk)
    return _form_page(request, form, fresh.pupil, title, fresh, {"fields": changed})


# --- One conversation -----------------------------------------------------------------------------------------------


def _readable(request, pk):
    return get_object_or_404(
        access.conversations(request.user, request.school).select_related(
            "pupil", "conversation_model", "leader", "note_taker", "round__group"
        ),
        pk=pk,
    )


def _may_read_notes(request, conversation):
    return access.conversation_notes(request.user, request.school).filter(pk=conversation.pk).exists()


def _author_order(conversation, authors):
    """Leader first, note-taker second, the others by name."""

    def key(user):
        if user.pk == conversation.leader_id:
            return (0, "")
        if user.pk == conversation.note_taker_id:
            return (1, "")
        return (2, str(user).lower())

    return sorted(authors, key=key)


def _notes_by_step(conversation, steps):
    """[(step, [(author, note)])] with the written notes of every author, leader first."""
    notes = list(Note.objects.filter(conversation=conversation).exclude(text="").select_related("author"))
    authors = _author_order(conversation, {note.author_id: note.author for note in notes}.values())
    table = {(note.step_id, note.author_id): note for note in notes}
    rows = []
    for step in steps:
        cells = [(author, table.get((step.pk, author.pk))) for author in authors]
        rows.append((step, cells))
    return authors, rows


def _outcomes(conversation):
    asked = list(AskedQuestion.objects.filter(conversation=conversation).select_related("step"))
    return {
        "scale_answers": list(conversation.scale_answers.all()),
        "asked_questions": asked,
        "question_counts": technique.counts(asked),
        "needs": [link.need for link in conversation.need_links.select_related("need").order_by("need__created_at")],
        "agreements": list(conversation.agreements.all()),
        "checked_agreements": list(conversation.checked_agreements.select_related("conversation")),
    }


def _report(request, conversation):
    """Everything the page and the PDF show: the same data for both."""
    steps = list(conversation.steps())
    may_read_notes = _may_read_notes(request, conversation)
    context = {
        "conversation": conversation,
        "pupil": conversation.pupil,
        "staff": list(conversation.staff.all()),
        "steps": steps,
        "may_read_notes": may_read_notes,
        **_outcomes(conversation),
    }
    if may_read_notes:
        context["authors"], context["note_rows"] = _notes_by_step(conversation, steps)
    return context


@login_required
def conversation_detail(request, pk):
    conversation = _readable(request, pk)
    context = _report(request, conversation)
    context["can_edit"] = access.editable_conversations(request.user, request.school).filter(pk=pk).exists()
    context["round_readable"] = (
        conversation.round_id is not None
        and access.rounds(request.user, request.school).filter(pk=conversation.round_id).exists()
    )
    audit.record(request, audit.AuditAction.VIEW, conversation)
    return render(request, "conversations/conversation_detail.html", context)


@login_required
def conversation_pdf(request, pk):
    conversation = _readable(request, pk)
    context = _report(request, conversation)
    context.update({"generated_at": timezone.localtime(), "user": request.user})
    document = pdf.render_pdf("conversations/conversation_pdf.html", context, request=request)
    audit.record(request, audit.AuditAction.EXPORT, conversation, detail="pdf")
    day = timezone.localdate(conversation.starts_at).isoformat()
    name = slugify(f"gesprek {conversation.pupil} {day}")
    return pdf.pdf_response(document, f"{name}.pdf")


# --- Notes per step -------------------------------------------------------------------------------------------------


def _with_notes(request, pk):
    return get_object_or_404(
        access.conversation_notes(request.user, request.school).select_related(
            "pupil", "conversation_model", "leader", "note_taker"
        ),
        pk=pk,
    )


def _save_notes(request, conversation, form, own_notes):
    """Each changed note of the current user through history; an emptied note is deleted (its last
    text stays in the history). Returns the number of changed notes."""
    changed = 0
    with transaction.atomic():
        for step in form.steps:
            text = form.text_for(step)
            note = own_notes.get(step.pk)
            if note is None:
                if text:
                    history.save(
                        Note(conversation=conversation, step=step, author=request.user, text=text), request.user
                    )
                    changed += 1
            elif not text:
                history.delete(note, request.user)
                changed += 1
            elif text != note.text:
                note.text = text
                history.save(note, request.user)
                changed += 1
        if changed:
            audit.record(
                request,
                audit.AuditAction.CHANGE,
                conversation,
                detail=f"eigen aantekeningen: {changed} stap(pen)",
            )
    return changed


@login_required
def notes_edit(request, pk):
    conversation = _with_notes(request, pk)
    steps = list(conversation.steps())
    own_notes = {note.step_id: note for note in Note.objects.filter(conversation=conversation, author=request.user)}
    data = posted(request)
    form = NotesForm(data, steps=steps, own_notes=own_notes)
    if data is not None and form.is_valid():
        changed = _save_notes(request, conversation, form, own_notes)
        if changed:
            messages.success(request, _("Je aantekeningen zijn opgeslagen."))
        else:
            messages.info(request, _("Er is niets veranderd aan je aantekeningen."))
        return redirect("conversations:conversation_detail", pk=conversation.pk)
    questions = defaultdict(list)
    bank = access.question_bank(request.user, request.school).filter(
        is_active=True, step__model_id=conversation.conversation_model_id
    )
    for question in bank.order_by("step__order", "school_id", "id"):
        questions[question.step_id].append(question)
    return render(
        request,
        "conversations/notes_form.html",
        {
            "conversation": conversation,
            "pupil": conversation.pupil,
            "form": form,
            "step_rows": [(step, form[NotesForm.field_name(step)], questions.get(step.pk, [])) for step in steps],
        },
    )


@login_required
def notes_compare(request, pk):
    conversation = _with_notes(request, pk)
    steps = list(conversation.steps())
    authors, rows = _notes_by_step(conversation, steps)
    single = sum(1 for _step, cells in rows if sum(1 for _a, note in cells if note) == 1)
    audit.record(request, audit.AuditAction.VIEW, conversation, detail="aantekeningen vergelijken")
    return render(
        request,
        "conversations/notes_compare.html",
        {
            "conversation": conversation,
            "pupil": conversation.pupil,
            "authors": authors,
            "rows": rows,
            "single_count": single,
            "step_count": len(steps),
        },
    )
