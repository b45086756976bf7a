"""The reports app's forms: a section's analysis and interventions, the school's weging and ambitions, and
the buttons that start and finalize a half-yearly report (which name the version the user saw)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core import editguard

from .models import LONG_TEXT, Half, ReportText, YearTarget


class SubmitHelperMixin:
    submit_label = _("Opslaan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class ReportTextForm(SubmitHelperMixin, editguard.GuardedForm):
    class Meta:
        model = ReportText
        fields = ["analysis", "interventions"]
        widgets = {
            "analysis": forms.Textarea(attrs={"rows": 6}),
            "interventions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "analysis": _("Wat zien jullie in deze cijfers, en hoe verklaren jullie het?"),
            "interventions": _("Wat gaan jullie doen, wie doet het en wanneer kijken jullie of het werkt?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.fields:
            self.fields[name].max_length = LONG_TEXT
            self.fields[name].widget.attrs["maxlength"] = LONG_TEXT


class YearTargetForm(SubmitHelperMixin, editguard.GuardedForm):
    """Weging and ambitions of one school year. A page loaded while nothing was entered yet carries version
    0, so figures a colleague saved first are not silently replaced."""

    class Meta:
        model = YearTarget
        fields = ["schoolweging", "ambition_1f", "ambition_1s2f"]
        localized_fields = ["schoolweging", "ambition_1f", "ambition_1s2f"]
        help_texts = {
            "ambition_1f": _("Het percentage leerlingen dat jullie op 1F willen zien; de inspectie vraagt 85 %."),
            "ambition_1s2f": _("Het percentage leerlingen dat jullie op 1S/2F willen zien."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            self.initial["version"] = 0

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) is not None for name in self._meta.fields):
            raise forms.ValidationError(_("Vul de schoolweging of een ambitie in."))
        return cleaned


class StartReportForm(forms.Form):
    half = forms.TypedChoiceField(label=_("Halfjaar"), choices=Half.choices, coerce=int)


class FinalizeForm(forms.Form):
    """The finalize button: it names the version of the report the user read."""

    version = editguard.VersionField()
