"""Forms of what a conversation produced: scaling answers (with the usefulness question that ends
every conversation), the questions the leader asked, the follow-up of earlier agreements, the needs
the pupil named (stored as pupils needs) and new agreements; and the forms of the question bank.

Every row that exists already carries the version the user started from (``core.editguard``); every
formset validates its management form (``core.forms``).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.forms import inlineformset_factory, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.editguard import GuardedForm, VersionField
from core.forms import DATE_WIDGET, BaseInlineFormSet, BaseModelFormSet, DateField, table_helper
from pupils.forms.records import need_labels
from pupils.models import EducationalNeed, Subject

from ..models import (
    SCALE_MAX,
    SCALE_MIN,
    Agreement,
    AskedQuestion,
    BankQuestion,
    Conversation,
    Respondent,
    ScaleAnswer,
)
from .guarded import RowForm

MAX_ROWS = 50


# --- Scaling answers ------------------------------------------------------------------------------------------------

SCALE_ERROR = _("Een antwoord op een schaalvraag ligt tussen 0 en 10.")


class ScaleAnswerForm(RowForm):
    # Declared here (not from the model) so that an 11 gets one clear Dutch message.
    value = forms.IntegerField(
        label=_("antwoord (0-10)"),
        min_value=SCALE_MIN,
        max_value=SCALE_MAX,
        widget=forms.NumberInput(attrs={"min": SCALE_MIN, "max": SCALE_MAX, "inputmode": "numeric"}),
        error_messages={"invalid": SCALE_ERROR, "min_value": SCALE_ERROR, "max_value": SCALE_ERROR},
    )

    class Meta:
        model = ScaleAnswer
        fields = ["respondent", "question", "is_usefulness", "value"]
        widgets = {"question": forms.TextInput(attrs={"placeholder": _("bijvoorbeeld: hoe gaat het nu met lezen?")})}

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is None or not SCALE_MIN <= value <= SCALE_MAX:
            raise forms.ValidationError(SCALE_ERROR)
        return value


class ScaleAnswerFormSetBase(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = table_helper(_("Antwoord"))


def scale_answer_formset(extra):
    return inlineformset_factory(
        Conversation,
        ScaleAnswer,
        form=ScaleAnswerForm,
        formset=ScaleAnswerFormSetBase,
        extra=extra,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
    )


def usefulness_initial(conversation):
    """The usefulness question of the conversation's model, for the child (when present) and a parent
    (when parents took part): the rows a conversation without answers starts with."""
    question = conversation.conversation_model.closing_question
    rows = []
    if conversation.pupil_present:
        rows.append({"respondent": Respondent.PUPIL, "question": question, "is_usefulness": True})
    if conversation.guardians:
        rows.append({"respondent": Respondent.PARENT, "question": question, "is_usefulness": True})
    return rows


# --- Question technique ---------------------------------------------------------------------------------------------

QUESTION_MAX = AskedQuestion._meta.get_field("text").max_length


class AskedQuestionsForm(forms.Form):
    """One or several questions, one per line, optionally for one step."""

    text = forms.CharField(
        label=_("Gestelde vragen"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("Eén vraag per regel, zoals je hem stelde.")}),
        # Enough for the most questions added at once, each as long as a question may be.
        max_length=MAX_ROWS * (QUESTION_MAX + 2),
        help_text=_("Zet elke vraag op een eigen regel. Ze worden als open of gesloten gemarkeerd."),
    )
    step = forms.ModelChoiceField(label=_("Stap"), queryset=None, required=False, empty_label=_("(geen stap)"))

    def __init__(self, *args, conversation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = conversation.steps()
        self.fields["text"].error_messages["required"] = _("Schrijf minstens één vraag op.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("text", "step")

    def clean_text(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["text"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Schrijf minstens één vraag op."))
        if len(lines) > MAX_ROWS:
            raise forms.ValidationError(_("Voeg hoogstens %(max)d vragen tegelijk toe.") % {"max": MAX_ROWS})
        too_long = [line for line in lines if len(line) > QUESTION_MAX]
        if too_long:
            raise forms.ValidationError(
                _("Een vraag mag hoogstens %(max)d tekens lang zijn; deze is langer: %(question)s")
                % {"max": QUESTION_MAX, "question": too_long[0][:60] + "…"}
            )
        return lines


# --- Outcomes: follow-up, needs, agreements -------------------------------------------------------------------------


class FollowUpForm(RowForm):
    """How an agreement from an earlier conversation turned out."""

    class Meta:
        model = Agreement
        fields = ["status"]
        labels = {"status": _("hoe ging het?")}


class FollowUpFormSetBase(BaseModelFormSet):
    row_noun = _("Afspraak")  # as the error summary and the row's label name it


FollowUpFormSet = modelformset_factory(
    Agreement, form=FollowUpForm, formset=FollowUpFormSetBase, extra=0, max_num=MAX_ROWS, validate_max=True
)


class InputNoticedForm(RowForm):
    """Did the child notice what was done with its input last time? With the conversation's version the
    user started from."""

    class Meta:
        model = Conversation
        fields = ["input_noticed", "input_noticed_notes"]
        widgets = {"input_noticed_notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["input_noticed"].label = _("Merkte het kind wat er met zijn inbreng is gedaan?")
        self.fields["input_noticed_notes"].label = _("Toelichting")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class NeedForm(forms.ModelForm):
    """A need the pupil (or the parents) named; saved as a pupils need with source "gesprek".

    A need is a pupils record: the form carries the version it was loaded at, which the service claims
    as soon as ``EducationalNeed`` keeps one (``services.rows.claim_rows``)."""

    version = VersionField(required=False)

    class Meta:
        model = EducationalNeed
        fields = ["category", "text", "goal", "subject"]

    def __init__(self, *args, subject_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.all()
        if subject_choices is not None:  # read once for all rows of the formset
            self.fields["subject"].choices = subject_choices
        need_labels(self.fields)
        if self.instance.pk is not None:
            self.initial.setdefault("version", getattr(self.instance, "version", None))


class NeedFormSetBase(BaseModelFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = table_helper(_("Behoefte"))
        self._subject_choices = [("", "---------")] + [(s.pk, str(s)) for s in Subject.objects.all()]

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "subject_choices": self._subject_choices}


NeedFormSet = modelformset_factory(
    EducationalNeed, form=NeedForm, formset=NeedFormSetBase, extra=2, max_num=MAX_ROWS, validate_max=True
)


class AgreementForm(RowForm):
    class Meta:
        model = Agreement
        fields = ["text", "owner", "due_date"]
        field_classes = {"due_date": DateField}
        widgets = {"due_date": DATE_WIDGET}

    def __init__(self, *args, conversation, **kwargs):
        super().__init__(*args, **kwargs)
        self.conversation = conversation

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        held_on = timezone.localdate(self.conversation.starts_at)
        if due is not None and due < held_on:
            raise forms.ValidationError(_("Een afspraak kan niet vóór de datum van het gesprek liggen."))
        return due


class AgreementFormSetBase(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = table_helper(_("Afspraak"))


AgreementFormSet = inlineformset_factory(
    Conversation,
    Agreement,
    form=AgreementForm,
    formset=AgreementFormSetBase,
    fk_name="conversation",
    extra=2,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
)


# --- Question bank --------------------------------------------------------------------------------------------------


class BankQuestionForm(forms.ModelForm):
    """A new question of the school's own."""

    class Meta:
        model = BankQuestion
        fields = ["step", "text"]
        labels = {"text": _("Nieuwe vraag")}

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = steps
        self.fields["step"].label_from_instance = lambda step: f"{step.model.name} – {step}"
        self.fields["step"].error_messages["invalid_choice"] = _("Kies een stap uit de lijst.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class BankQuestionEditForm(GuardedForm):
    """Rewording one of the school's own questions."""

    class Meta:
        model = BankQuestion
        fields = ["text"]
        labels = {"text": _("Vraag")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ChosenQuestionForm(forms.Form):
    """Which question a button or link is about: an id the page sent, parsed as one (never a 500)."""

    question = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions


class SwitchQuestionForm(ChosenQuestionForm):
    """Switch one of the school's own questions off or on again: the state the user asks for, never a toggle."""

    active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
