"""What came out of a conversation: scaling answers (ending with the usefulness question), the
questions the leader asked (open or closed, with open alternatives), the look back at earlier
agreements, the needs the pupil named and new agreements; and the question bank.

Conversations are reached through ``access.editable_conversations`` (management reads outcomes on
the conversation page but changes nothing here). Every page saves in one transaction through
core.history and writes the audit log; bad input shows Dutch errors and saves nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit, history, locking
from core.forms import posted
from pupils.models import EducationalNeed, NeedSource
from schools import access
from schools.models import Role

from .. import technique
from ..forms_outcomes import (
    AgreementFormSet,
    AskedQuestionsForm,
    BankQuestionForm,
    FollowUpFormSet,
    InputNoticedForm,
    NeedFormSet,
    scale_answer_formset,
    usefulness_initial,
)
from ..models import Agreement, BankQuestion, Conversation, ConversationModel, ConversationNeed, Step, Technique

SCALE_PREFIX = "schaal"
FOLLOW_UP_PREFIX = "terugblik"
NEEDS_PREFIX = "behoeften"
AGREEMENTS_PREFIX = "afspraken"
# Blank rows under the pre-filled ones, for other scaling questions.
SCALE_EXTRA = 2


def _editable(request, pk):
    return get_object_or_404(
        access.editable_conversations(request.user, request.school).select_related("pupil", "conversation_model"),
        pk=pk,
    )


# --- Scaling answers ------------------------------------------------------------------------------------------------


@login_required
def scale_answers(request, pk):
    conversation = _editable(request, pk)
    # A conversation without answers starts with the usefulness question for the child and a parent.
    initial = [] if conversation.scale_answers.exists() else usefulness_initial(conversation)
    formset_class = scale_answer_formset(extra=len(initial) + SCALE_EXTRA)
    data = posted(request)
    formset = formset_class(data, instance=conversation, prefix=SCALE_PREFIX, initial=initial)
    if data is not None and formset.is_valid():
        with transaction.atomic():
            for answer in formset.save(commit=False):
                action = audit.AuditAction.CREATE if answer.pk is None else audit.AuditAction.CHANGE
                history.save(answer, request.user)
                audit.record(request, action, answer)
            for answer in formset.deleted_objects:
                audit.record(request, audit.AuditAction.DELETE, answer)
                history.delete(answer, request.user)
        messages.success(request, _("De schaalvragen zijn opgeslagen."))
        return redirect("conversations:conversation_detail", pk=conversation.pk)
    if data is not None:
        messages.error(request, _("Er is niets opgeslagen. Verbeter de fouten hieronder."))
    return render(
        request,
        "conversations/scale_answers.html",
        {"conversation": conversation, "formset": formset, "prefilled": bool(initial)},
    )


# --- Question technique ---------------------------------------------------------------------------------------------


def _bank_for(request, conversation):
    """The active bank questions (shared and the school's own) of the steps of the conversation's model."""
    return list(
        access.question_bank(request.user, request.school)
        .filter(step__model=conversation.conversation_model_id, is_active=True)
        .order_by("step__order", "id")
    )


@login_required
def questions(request, pk):
    conversation = _editable(request, pk)
    data = posted(request)
    action = request.POST.get("action", "add") if data is not None else None
    form = AskedQuestionsForm(data if action == "add" else None, conversation=conversation)
    if action == "delete":
        question = get_object_or_404(conversation.asked_questions, pk=request.POST.get("question") or 0)
        with transaction.atomic():
            audit.record(request, audit.AuditAction.DELETE, question)
            history.delete(question, request.user)
        messages.success(request, _("De vraag is verwijderd."))
        return redirect("conversations:questions", pk=conversation.pk)
    if action == "add":
        if form.is_valid():
            step = form.cleaned_data["step"]
            with transaction.atomic():
                for text in form.cleaned_data["text"]:
                    question = conversation.asked_questions.model(
                        conversation=conversation, step=step, text=text, asked_by=request.user
                    )
                    history.save(question, request.user)
                    audit.record(request, audit.AuditAction.CREATE, question)
            added = len(form.cleaned_data["text"])
            messages.success(
                request,
                ngettext("De vraag is toegevoegd.", "%(n)d vragen zijn toegevoegd.", added) % {"n": added},
            )
            return redirect("conversations:questions", pk=conversation.pk)
        messages.error(request, _("Er is niets opgeslagen. Verbeter de fouten hieronder."))

    asked = list(conversation.asked_questions.select_related("step", "asked_by"))
    bank = _bank_for(request, conversation) if any(q.technique == Technique.CLOSED for q in asked) else []
    rows = [
        {
            "question": question,
            "suggestions": technique.suggestions(question.text, bank, step=question.step_id)
            if question.technique == Technique.CLOSED
            else [],
            "caution": technique.caution(question.text),
        }
        for question in asked
    ]
    return render(
        request,
        "conversations/questions.html",
        {"conversation": conversation, "rows": rows, "counts": technique.counts(asked), "form": form},
    )


# --- Outcomes -------------------------------------------------------------------------------------------------------


def _earlier(request, conversation):
    """The pupil's conversations before this one that the user may read (cancelled ones produced nothing):
    someone who only took part in this conversation does not see the pupil's earlier ones."""
    return (
        access.conversations(request.user, request.school)
        .filter(pupil=conversation.pupil_id, starts_at__lt=conversation.starts_at)
        .exclude(pk=conversation.pk)
        .exclude(status=Conversation.Status.CANCELLED)
    )


def _outcome_forms(request, conversation, earlier_exists):
    data = posted(request)
    follow_up = noticed = None
    if earlier_exists:
        agreements = (
            Agreement.objects.filter(conversation__in=_earlier(request, conversation))
            .filter(Q(status=Agreement.Status.OPEN) | Q(checked_in=conversation))
            .select_related("conversation")
            .order_by("due_date", "id")
        )
        follow_up = FollowUpFormSet(data, queryset=agreements, prefix=FOLLOW_UP_PREFIX)
        noticed = InputNoticedForm(data, instance=conversation)
    needs = NeedFormSet(
        data,
        queryset=EducationalNeed.objects.filter(conversation_link__conversation=conversation).select_related("subject"),
        prefix=NEEDS_PREFIX,
    )
    agreements = AgreementFormSet(
        data, instance=conversation, prefix=AGREEMENTS_PREFIX, form_kwargs={"conversation": conversation}
    )
    return data, follow_up, noticed, needs, agreements


def _save_outcomes(request, conversation, follow_up, noticed, needs, agreements):
    """Everything in one transaction. False (and nothing written) when a colleague changed the
    conversation's look back in the meantime."""
    user = request.user
    with transaction.atomic():
        if noticed is not None and noticed.has_changed():
            version = noticed.cleaned_data.get("version")
            version = conversation.version if version is None else version
            if not locking.claim(Conversation, conversation.pk, version):
                return False
            instance = noticed.save(commit=False)
            instance.version = version + 1
            history.save(instance, user)
        if follow_up is not None:
            for agreement in follow_up.save(commit=False):
                agreement.checked_in = conversation if agreement.status != Agreement.Status.OPEN else None
                history.save(agreement, user)
                audit.record(request, audit.AuditAction.CHANGE, agreement, detail=agreement.status)
        for need in needs.save(commit=False):
            created = need.pk is None
            if created:
                need.pupil = conversation.pupil
                need.author = user
                need.source = NeedSource.CONVERSATION
            history.save(need, user)
            if created:
                ConversationNeed.objects.create(conversation=conversation, need=need)
            audit.record(request, audit.AuditAction.CREATE if created else audit.AuditAction.CHANGE, need)
        for agreement in agreements.save(commit=False):
            created = agreement.pk is None
            history.save(agreement, user)
            audit.record(request, audit.AuditAction.CREATE if created else audit.AuditAction.CHANGE, agreement)
        for agreement in agreements.deleted_objects:
            audit.record(request, audit.AuditAction.DELETE, agreement)
            history.delete(agreement, user)
        audit.record(request, audit.AuditAction.CHANGE, conversation, detail="uitkomsten")
    return True


@login_required
def outcomes(request, pk):
    conversation = _editable(request, pk)
    earlier_ids = list(_earlier(request, conversation).values_list("pk", flat=True))
    data, follow_up, noticed, needs, agreements = _outcome_forms(request, conversation, bool(earlier_ids))
    forms = [form for form in (follow_up, noticed, needs, agreements) if form is not None]
    if data is not None:
        if all([form.is_valid() for form in forms]):
            if _save_outcomes(request, conversation, follow_up, noticed, needs, agreements):
                messages.success(request, _("De uitkomsten van het gesprek zijn opgeslagen."))
                return redirect("conversations:conversation_detail", pk=conversation.pk)
            noticed.add_error(
                None,
                _(
                    "Iemand anders heeft dit gesprek intussen gewijzigd. Er is niets opgeslagen: laad de pagina "
                    "opnieuw en vul het nog eens in."
                ),
            )
        messages.error(request, _("Er is niets opgeslagen. Verbeter de fouten hieronder."))
    earlier_needs = []
    if earlier_ids:
        earlier_needs = list(
            EducationalNeed.objects.filter(conversation_link__conversation__in=earlier_ids)
            .select_related("subject")
            .order_by("-created_at")
        )
    return render(
        request,
        "conversations/outcomes.html",
        {
            "conversation": conversation,
            "has_earlier": bool(earlier_ids),
            "follow_up": follow_up,
            "noticed": noticed,
            "earlier_needs": earlier_needs,
            "needs": needs,
            "agreements": agreements,
        },
    )


# --- Question bank --------------------------------------------------------------------------------------------------


@login_required
def question_bank(request):
    member = access.membership(request.user, request.school)
    if member is None or member.role == Role.ADMIN:
        raise Http404
    can_extend = access.can_extend_question_bank(request.user, request.school)
    data = posted(request)
    if data is not None and not can_extend:
        raise Http404
    steps = Step.objects.select_related("model").order_by("model__name", "order")
    action = request.POST.get("action", "add") if data is not None else None
    form = BankQuestionForm(data if action == "add" else None, steps=steps) if can_extend else None
    if action == "toggle":
        # Only the school's own questions; a shared (seeded) one is not the school's to switch off.
        question = get_object_or_404(
            BankQuestion.objects.filter(school=request.school), pk=request.POST.get("question") or 0
        )
        question.is_active = not question.is_active
        with transaction.atomic():
            history.save(question, request.user)
            audit.record(request, audit.AuditAction.CHANGE, question, detail="aan" if question.is_active else "uit")
        if question.is_active:
            messages.success(request, _("De vraag staat weer in de vragenbank."))
        else:
            messages.success(request, _("De vraag is uitgezet; ze wordt niet meer voorgesteld."))
        return redirect("conversations:question_bank")
    if action == "add":
        if form.is_valid():
            question = form.save(commit=False)
            question.school = request.school
            question.created_by = request.user
            with transaction.atomic():
                history.save(question, request.user)
                audit.record(request, audit.AuditAction.CREATE, question)
            messages.success(request, _("De vraag is aan de vragenbank toegevoegd."))
            return redirect("conversations:question_bank")
        messages.error(request, _("Er is niets opgeslagen. Verbeter de fouten hieronder."))

    visible = access.question_bank(request.user, request.school)
    # The coordinator also sees her school's questions that are switched off, to switch them on again.
    visible = (
        visible.filter(Q(is_active=True) | Q(school=request.school)) if can_extend else visible.filter(is_active=True)
    )
    models = ConversationModel.objects.prefetch_related(
        Prefetch(
            "steps",
            queryset=Step.objects.order_by("order").prefetch_related(
                Prefetch("questions", queryset=visible.order_by("id"), to_attr="bank")
            ),
        )
    )
    return render(
        request,
        "conversations/question_bank.html",
        {"models": models, "form": form, "can_extend": can_extend, "school": request.school},
    )
