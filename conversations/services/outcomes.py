"""What came out of a conversation (scaling answers, asked questions, the look back, needs and
agreements) and the school's own questions in the question bank."""

from django.db import transaction

from core import audit, editguard, history
from pupils.models import NeedSource

from ..models import Agreement, AskedQuestion, BankQuestion, ConversationNeed
from .rows import claim_rows


@transaction.atomic
def record_scale_answers(request, formset):
    """Save the scaling answers of a conversation (``scale_answer_formset``), each row as of the version
    the user started from."""
    user = request.user
    claim_rows(formset)
    saved, deleted = history.save_formset(formset, user)
    for answer, created in saved:
        action = audit.AuditAction.CREATE if created else audit.AuditAction.CHANGE
        audit.record(request, action, answer, event="conversations.scale_answer_saved")
    for answer in deleted:
        audit.record(request, audit.AuditAction.DELETE, answer, event="conversations.scale_answer_deleted")


@transaction.atomic
def add_asked_questions(request, conversation, step, texts):
    """The questions the leader asked, one per text; each is classified open or closed on save."""
    questions = []
    for text in texts:
        question = AskedQuestion(conversation=conversation, step=step, text=text, asked_by=request.user)
        history.save(question, request.user)
        audit.record(request, audit.AuditAction.CREATE, question, event="conversations.question_added")
        questions.append(question)
    return questions


@transaction.atomic
def remove_asked_question(request, question):
    audit.record(request, audit.AuditAction.DELETE, question, event="conversations.question_deleted")
    history.delete(question, request.user)


@transaction.atomic
def record_outcomes(request, conversation, *, follow_up, noticed, needs, agreements):
    """The outcomes page in one transaction: how earlier agreements turned out (``follow_up``), whether
    the child noticed what was done with its input (``noticed``), the needs named and the new
    agreements. Every row the user changed is claimed first, as of the version she started from:
    :class:`editguard.Stale` and nothing written when a colleague saved one of them in between.
    Returns how many records changed (a page sent back as it was changes nothing, and is not audited)."""
    user = request.user
    changed = 0
    if noticed is not None and noticed.has_changed():
        editguard.claim(conversation, noticed.cleaned_data.get("version"))
    for formset in (follow_up, needs, agreements):
        if formset is not None:
            claim_rows(formset)

    if noticed is not None and noticed.has_changed():
        history.save(noticed.save(commit=False), user)
        changed += 1
    if follow_up is not None:
        for agreement in follow_up.save(commit=False):
            agreement.checked_in = conversation if agreement.status != Agreement.Status.OPEN else None
            history.save(agreement, user)
            changed += 1
            audit.record(
                request,
                audit.AuditAction.CHANGE,
                agreement,
                event="conversations.agreement_followed_up",
                data={"status": agreement.status},
            )
    for need in needs.save(commit=False):
        created = need.pk is None
        if created:
            need.pupil = conversation.pupil
            need.author = user
            need.source = NeedSource.CONVERSATION
        history.save(need, user)
        changed += 1
        if created:
            ConversationNeed.objects.create(conversation=conversation, need=need)
        action = audit.AuditAction.CREATE if created else audit.AuditAction.CHANGE
        audit.record(request, action, need, event="conversations.need_saved")
    saved, deleted = history.save_formset(agreements, user)
    for agreement, created in saved:
        action = audit.AuditAction.CREATE if created else audit.AuditAction.CHANGE
        audit.record(request, action, agreement, event="conversations.agreement_saved")
    for agreement in deleted:
        audit.record(request, audit.AuditAction.DELETE, agreement, event="conversations.agreement_deleted")
    changed += len(saved) + len(deleted)
    if changed:
        audit.record(
            request,
            audit.AuditAction.CHANGE,
            conversation,
            event="conversations.outcomes_saved",
            data={"count": changed},
        )
    return changed


# --- Question bank --------------------------------------------------------------------------------------------------


@transaction.atomic
def add_bank_question(request, form):
    """A question of the school's own (``BankQuestionForm``)."""
    question = form.save(commit=False)
    question.school = request.school
    question.created_by = request.user
    history.save(question, request.user)
    audit.record(request, audit.AuditAction.CREATE, question, event="conversations.bank_question_added")
    return question


@transaction.atomic
def update_bank_question(request, form):
    """Reword one of the school's own questions (``BankQuestionEditForm``), as of the version the user saw."""
    question = history.save_form(form, request.user, version=form.cleaned_data["version"])
    audit.record(request, audit.AuditAction.CHANGE, question, event="conversations.bank_question_changed")
    return question


@transaction.atomic
def switch_question(request, question, active):
    """Switch one of the school's own questions on (``active``) or off: set, never toggled. False, and
    nothing changed, when it is in that state already (a colleague switched it meanwhile)."""
    if not editguard.claim_state(
        BankQuestion, question.pk, expected={"is_active": not active}, values={"is_active": active}
    ):
        return False
    question.refresh_from_db()
    history.record([question], request.user, audit.AuditAction.CHANGE)
    audit.record(
        request,
        audit.AuditAction.CHANGE,
        question,
        event="conversations.bank_question_switched",
        data={"active": active},
    )
    return True
