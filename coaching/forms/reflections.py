"""The teacher's own words: a reflection, or a point he learned."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, DateField

from ..models import Reflection
from .common import not_in_the_future


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["date", "text"]
        field_classes = {"date": DateField}
        widgets = {"date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()
        self.fields["date"].validators.append(not_in_the_future)
        if self.instance.kind == Reflection.Kind.LEARNED:
            self.fields["text"].label = _("Wat ik geleerd heb")
            self.fields["text"].help_text = _("Eén punt, in je eigen woorden.")
            self.fields["text"].widget.attrs["rows"] = 2
        else:
            self.fields["text"].label = _("Mijn reflectie")
            self.fields["text"].help_text = _("Wat merk je, wat gaat beter, waar loop je tegenaan?")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Opslaan")))
