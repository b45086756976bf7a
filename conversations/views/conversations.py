"""The pages of one conversation about one pupil: the list, the pupil's conversations, planning and
changing one, its page, the listeners' own notes per step, the side-by-side comparison and the PDF.

Readers reach a conversation through ``access.conversations``, writers through
``access.editable_conversations``; the step notes only the people who took part and the
coordinator (``access.conversation_notes``): everyone else sees the outcomes, never the notes.
Every save is a service (``conversations.services``): one transaction through core.history, audited,
and refused when the page was stale (core.editguard). Every read of a conversation and every export
is audited here.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit, editguard, pdf
from core.forms import posted
from pupils.models import Enrolment
from pupils.search import name_filter, search_text
from schools import access

from .. import services, technique, trends
from ..forms import ConversationEditForm, ConversationForm, NotesForm, conflict_displays
from ..models import Agreement, AskedQuestion, Conversation, ConversationNeed, Kind, Note

PAGE_SIZE = 50


def _reader_or_404(request):
    member = access.membership(request.user, request.school, access.CARE_ROLES)
    if member is None:
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


def _url_maker(name):
    """A function from a primary key to the URL of ``name``: reverses once instead of once per row."""
    marker = 987654321
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def _with_row_urls(conversations, readable_rounds):
    """Set the links of a conversation row (``includes/conversation_row.html``): ``detail_url``,
    ``dossier_url`` and ``round_url`` (None where the user may not read the round)."""
    detail = _url_maker("conversations:conversation_detail")
    dossier = _url_maker("pupils:dossier")
    round_detail = _url_maker("conversations:round_detail")
    for conversation in conversations:
        conversation.detail_url = detail(conversation.pk)
        conversation.dossier_url = dossier(conversation.pupil_id)
        rid = conversation.round_id
        conversation.round_url = round_detail(rid) if rid and rid in readable_rounds else None
    return conversations


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
    search = search_text(request.GET)
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
    readable_rounds = _readable_rounds(request, rows)
    _with_row_urls(rows, readable_rounds)
    return render(
        request,
        "conversations/conversation_list.html",
        {
            "page": page,
            "conversations": rows,
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
    _with_row_urls(conversations, _readable_rounds(request, conversations))
    can_create = access.editable_pupils(request.user, request.school).filter(pk=pupil.pk).exists()
    audit.record(request, audit.AuditAction.VIEW, pupil, event="conversations.pupil_conversations_viewed")
    chart, usefulness_rows = trends.pupil_usefulness(readable)
    return render(
        request,
        "conversations/pupil_conversations.html",
        {
            "pupil": pupil,
            "conversations": conversations,
            "chart": chart,
            "usefulness_rows": usefulness_rows,
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
        .select_related("need__pupil", "conversation")
        .order_by("-conversation__starts_at", "id")
    )
    return {"earlier_agreements": _open_agreements(earlier), "earlier_needs": list(needs)}


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
        conversation = services.plan_conversation(request, form)
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
    try:
        services.update_conversation(request, form)
    except editguard.Stale:
        # Keep what the user typed and show what is stored now; saving again replaces it deliberately.
        current = _editable(request, pk)
        form, conflict = editguard.refused(
            ConversationEditForm, current, request.POST, stored=conflict_displays(current), school=request.school
        )
        fresh = _editable(request, pk)
        return _form_page(request, form, fresh.pupil, title, fresh, conflict)
    messages.success(request, _("Het gesprek is bijgewerkt."))
    return redirect("conversations:conversation_detail", pk=pk)


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
        "needs": [
            link.need for link in conversation.need_links.select_related("need__pupil").order_by("need__created_at")
        ],
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
    audit.record(request, audit.AuditAction.VIEW, conversation, event="conversations.conversation_viewed")
    return render(request, "conversations/conversation_detail.html", context)


@login_required
def conversation_pdf(request, pk):
    conversation = _readable(request, pk)
    context = _report(request, conversation)
    context.update({"generated_at": timezone.localtime(), "user": request.user})
    document = pdf.render_pdf("conversations/conversation_pdf.html", context, request=request)
    audit.record(request, audit.AuditAction.EXPORT, conversation, event="conversations.conversation_pdf")
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


def _own_notes(request, conversation):
    return {note.step_id: note for note in Note.objects.filter(conversation=conversation, author=request.user)}


def _notes_conflict(request, conversation, steps):
    """After a refused save: what the user typed, bound to her notes as they are stored now (so saving
    again deliberately replaces them), and the stored text of every step where the two differ."""
    own = _own_notes(request, conversation)
    data = request.POST.copy()
    for step in steps:
        data[NotesForm.version_name(step)] = own[step.pk].version if step.pk in own else 0
    form = NotesForm(data, steps=steps, own_notes=own)
    form.is_valid()
    form.add_error(None, editguard.MESSAGE)
    fields = [
        (step.title, own[step.pk].text if step.pk in own else "–")
        for step in steps
        if form.text_for(step) != (own[step.pk].text if step.pk in own else "")
    ]
    return form, editguard.conflict(fields)


@login_required
def notes_edit(request, pk):
    conversation = _with_notes(request, pk)
    steps = list(conversation.steps())
    data = posted(request)
    form = NotesForm(data, steps=steps, own_notes=_own_notes(request, conversation))
    conflict = None
    if data is not None and form.is_valid():
        try:
            changed = services.save_own_notes(request, conversation, form.texts())
        except editguard.Stale:
            form, conflict = _notes_conflict(request, conversation, steps)
        else:
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
            "conflict": conflict,
            "step_rows": [(step, form[NotesForm.field_name(step)], questions.get(step.pk, [])) for step in steps],
        },
    )


@login_required
def notes_compare(request, pk):
    conversation = _with_notes(request, pk)
    steps = list(conversation.steps())
    authors, rows = _notes_by_step(conversation, steps)
    single = sum(1 for _step, cells in rows if sum(1 for _a, note in cells if note) == 1)
    audit.record(request, audit.AuditAction.VIEW, conversation, event="conversations.notes_compared")
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
