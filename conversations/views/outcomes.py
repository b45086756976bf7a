"""What came out of a conversation: scaling answers (ending with the usefulness question), the
questions the leader asked (open or closed, with open alternatives), the look back at earlier
agreements, the needs the pupil named and new agreements; and the question bank.

Conversations are reached through ``access.editable_conversations`` (management reads outcomes on
the conversation page but changes nothing here). Every page saves through one service
(``conversations.services``) in one transaction; bad input shows Dutch errors and saves nothing, and
a save from a stale page (core.editguard) shows the user's input beside what is stored now.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import editguard
from core.forms import posted
from pupils.models import EducationalNeed
from schools import access

from .. import services, technique
from ..forms import (
    AgreementFormSet,
    AskedQuestionsForm,
    BankQuestionEditForm,
    BankQuestionForm,
    ChosenQuestionForm,
    FollowUpFormSet,
    InputNoticedForm,
    NeedFormSet,
    SwitchQuestionForm,
    scale_answer_formset,
    usefulness_initial,
)
from ..forms.guarded import rows_conflict, with_current_versions
from ..models import Agreement, BankQuestion, Conversation, ConversationModel, ScaleAnswer, Step
from ..technique import Technique

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
    conflict = None
    if data is not None and formset.is_valid():
        try:
            services.record_scale_answers(request, formset)
        except editguard.Stale:
            conversation = _editable(request, pk)
            data = with_current_versions(request.POST, SCALE_PREFIX, ScaleAnswer)
            formset = formset_class(data, instance=conversation, prefix=SCALE_PREFIX, initial=initial)
            conflict = rows_conflict([formset])
            messages.warning(request, editguard.MESSAGE)
        else:
            messages.success(request, _("De schaalvragen zijn opgeslagen."))
            return redirect("conversations:conversation_detail", pk=conversation.pk)
    elif data is not None:
        messages.error(request, _("Er is niets opgeslagen. Verbeter de fouten hieronder."))
    return render(
        request,
        "conversations/scale_answers.html",
        {"conversation": conversation, "formset": formset, "prefilled": bool(initial), "conflict": conflict},
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
        chosen = ChosenQuestionForm(data, questions=conversation.asked_questions.all())
        if not chosen.is_valid():  # not a question of this conversation (any more)
            raise Http404
        services.remove_asked_question(request, chosen.cleaned_data["question"])
        messages.success(request, _("De vraag is verwijderd."))
        return redirect("conversations:questions", pk=conversation.pk)
    if action == "add":
        if form.is_valid():
            services.add_asked_questions(request, conversation, form.cleaned_data["step"], form.cleaned_data["text"])
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


def _outcome_forms(request, conversation, earlier_exists, data=None):
    data = posted(request) if data is None else data
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


@login_required
def outcomes(request, pk):
    conversation = _editable(request, pk)
    earlier_ids = list(_earlier(request, conversation).values_list("pk", flat=True))
    data, follow_up, noticed, needs, agreements = _outcome_forms(request, conversation, bool(earlier_ids))
    forms = [form for form in (follow_up, noticed, needs, agreements) if form is not None]
    conflict = None
    if data is not None:
        if all([form.is_valid() for form in forms]):
            try:
                services.record_outcomes(
                    request, conversation, follow_up=follow_up, noticed=noticed, needs=needs, agreements=agreements
                )
            except editguard.Stale:
                conversation = _editable(request, pk)
                data = _with_current_versions(request.POST, conversation)
                _data, follow_up, noticed, needs, agreements = _outcome_forms(
                    request, conversation, bool(earlier_ids), data
                )
                conflict = rows_conflict([follow_up, noticed, needs, agreements])
                messages.warning(request, editguard.MESSAGE)
            else:
                messages.success(request, _("De uitkomsten van het gesprek zijn opgeslagen."))
                return redirect("conversations:conversation_detail", pk=conversation.pk)
        else:
            messages.error(request, _("Er is niets opgeslagen. Verbeter de fouten hieronder."))
    earlier_needs = []
    if earlier_ids:
        earlier_needs = list(
            EducationalNeed.objects.filter(conversation_link__conversation__in=earlier_ids)
            .select_related("subject", "pupil")
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
            "conflict": conflict,
        },
    )


def _with_current_versions(posted_data, conversation):
    """The user's input with the versions stored now, for the page shown after a refused save."""
    data = with_current_versions(posted_data, FOLLOW_UP_PREFIX, Agreement)
    data = with_current_versions(data, NEEDS_PREFIX, EducationalNeed)
    data = with_current_versions(data, AGREEMENTS_PREFIX, Agreement)
    data["version"] = conversation.version
    return data


# --- Question bank --------------------------------------------------------------------------------------------------


def _own_questions(request):
    return BankQuestion.objects.filter(school=request.school)


@login_required
def question_bank(request):
    member = access.membership(request.user, request.school, access.CARE_ROLES)
    if member is None:
        raise Http404
    can_extend = access.can_extend_question_bank(request.user, request.school)
    data = posted(request)
    if data is not None and not can_extend:
        raise Http404
    steps = Step.objects.select_related("model").order_by("model__name", "order")
    action = request.POST.get("action", "add") if data is not None else None
    form = BankQuestionForm(data if action == "add" else None, steps=steps) if can_extend else None
    edit_form = conflict = None
    if action == "switch":
        return _switch_question(request, data)
    if action == "edit":
        chosen = ChosenQuestionForm(data, questions=_own_questions(request))
        if not chosen.is_valid():  # only the school's own questions are hers to change
            raise Http404
        question = chosen.cleaned_data["question"]
        edit_form = BankQuestionEditForm(data, instance=question)
        if edit_form.is_valid():
            try:
                services.update_bank_question(request, edit_form)
            except editguard.Stale:
                current = _own_questions(request).get(pk=question.pk)
                edit_form, conflict = editguard.refused(BankQuestionEditForm, current, data)
            else:
                messages.success(request, _("De vraag is gewijzigd."))
                return redirect("conversations:question_bank")
    elif action == "add":
        if form.is_valid():
            services.add_bank_question(request, form)
            messages.success(request, _("De vraag is aan de vragenbank toegevoegd."))
            return redirect("conversations:question_bank")
        messages.error(request, _("Er is niets opgeslagen. Verbeter de fouten hieronder."))
    elif can_extend and "wijzig" in request.GET:
        # "wijzigen" beside one of the school's own questions: its form above the bank.
        chosen = ChosenQuestionForm({"question": request.GET["wijzig"]}, questions=_own_questions(request))
        if chosen.is_valid():
            edit_form = BankQuestionEditForm(instance=chosen.cleaned_data["question"])

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
        {
            "models": models,
            "form": form,
            "edit_form": edit_form,
            "conflict": conflict,
            "can_extend": can_extend,
            "school": request.school,
        },
    )


def _switch_question(request, data):
    """Switch one of the school's own questions off, or on again: to the state the button said."""
    # Only the school's own questions; a shared (seeded) one is not the school's to switch off.
    switch = SwitchQuestionForm(data, questions=_own_questions(request))
    if not switch.is_valid():
        raise Http404
    active = switch.cleaned_data["active"]
    if not services.switch_question(request, switch.cleaned_data["question"], active):
        # A colleague did the same meanwhile: say how it stands now.
        if active:
            messages.warning(
                request, _("Deze vraag stond al weer aan: iemand anders heeft haar intussen weer in gebruik genomen.")
            )
        else:
            messages.warning(request, _("Deze vraag stond al uit: iemand anders heeft haar intussen uitgezet."))
    elif active:
        messages.success(request, _("De vraag staat weer in de vragenbank."))
    else:
        messages.success(request, _("De vraag is uitgezet; ze wordt niet meer voorgesteld."))
    return redirect("conversations:question_bank")
