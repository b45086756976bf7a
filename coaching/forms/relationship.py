"""Cauffman's flowchart as a form: the working relationship with the teacher."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import editguard
from core.forms import DATE_WIDGET, DateField

from ..models import RelationshipAssessment
from .common import not_in_the_future

YES_NO = [(True, _("ja")), (False, _("nee"))]

QUESTIONS = ["is_problem", "asks_for_help", "request_workable", "own_resources"]

QUESTION_HELP = {
    "is_problem": _(
        "Een probleem heeft een denkbare oplossing. Bij een beperking is die er niet: dan gaat het om aanvaarden "
        "en ermee leren omgaan. Nee: beperking."
    ),
    "asks_for_help": _("Vraagt de leerkracht zelf om hulp, of komt de vraag alleen van een ander? Nee: vrijblijvend."),
    "request_workable": _("Is de vraag concreet genoeg om samen mee aan de slag te gaan? Nee: zoekend."),
    "own_resources": _(
        "Kan de leerkracht met wat hij al weet en kan zelf verder, met jou als meedenker? Nee: consulterend; "
        "ja: co-expert."
    ),
}


class AssessmentForm(forms.ModelForm):
    """Cauffman's flowchart as a form: four ja/nee questions in order; the first 'nee' decides,
    and answers after it are cleared. The model refuses a missing answer after a 'ja'."""

    class Meta:
        model = RelationshipAssessment
        fields = ["date", *QUESTIONS, "note", "shared_with_coachee"]
        field_classes = {"date": DateField}
        widgets = {"date": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()
        self.fields["date"].validators.append(not_in_the_future)
        for number, name in enumerate(QUESTIONS, start=1):
            label = RelationshipAssessment._meta.get_field(name).verbose_name
            self.fields[name] = forms.NullBooleanField(
                label=f"{number}. {label}",
                help_text=QUESTION_HELP[name],
                required=False,
                widget=forms.RadioSelect(choices=YES_NO),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Werkrelatie vastleggen")))

    def clean_is_problem(self):
        # NullBooleanField never enforces 'required'; the first question always needs an answer.
        if self.cleaned_data.get("is_problem") is None:
            raise ValidationError(_("Beantwoord deze vraag."), code="required")
        return self.cleaned_data["is_problem"]

    def clean(self):
        cleaned = super().clean()
        stopped = False
        for name in QUESTIONS:
            if stopped:
                cleaned[name] = None  # after a 'nee' the flowchart asks nothing more
            elif cleaned.get(name) is False:
                stopped = True
        return cleaned


class ShareAssessmentForm(editguard.HiddenErrorsShown, forms.Form):
    """Share an assessment with the coachee, or stop sharing it, as of the version the coach saw."""

    shared = forms.BooleanField(required=False)
    version = editguard.VersionField()
