"""The buttons of an action: done or open again, set as the user saw it, never toggled."""

from django import forms
from django.utils.translation import gettext_lazy as _

DONE, OPEN = "done", "open"


class ActionStateForm(forms.Form):
    """``state`` is what the user asks for (done, or open again); ``next`` where to go back to."""

    state = forms.ChoiceField(choices=[(DONE, _("gedaan")), (OPEN, _("open"))])
    next = forms.CharField(required=False, max_length=500)
