"""Login in one or two steps and two-step verification."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .. import throttle, totp


class LoginForm(AuthenticationForm):
    """Username and password, refused while this account and address (or device) must wait (schools.throttle)."""

    error_messages = {
        "invalid_login": _("Deze combinatie van gebruikersnaam en wachtwoord is onbekend. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder van je school."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Inloggen")))

    def clean(self):
        username = self.cleaned_data.get("username", "")
        verdict = throttle.check(self.request, username)
        if verdict.refused:
            raise forms.ValidationError(verdict.message, code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            throttle.register_failure(self.request, username)
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit je authenticator-app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, user, submit_label=None, secret=None, verdict=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.secret = secret
        self.verdict = verdict
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label or _("Bevestigen")))

    @property
    def locked(self):
        return self.verdict is not None and self.verdict.refused

    def clean_code(self):
        code = self.cleaned_data["code"]
        # While throttled the code is not checked at all: a "wrong code" error for
        # wrong codes only would tell which code is right, and a right one would be spent.
        if not self.locked and not totp.verify(self.user, code, secret=self.secret):
            raise forms.ValidationError(_("Deze code klopt niet of is verlopen. Kijk in je app en typ de nieuwe code."))
        return code

    def clean(self):
        if self.locked:
            raise forms.ValidationError(self.verdict.message, code="throttled")
        return super().clean()
