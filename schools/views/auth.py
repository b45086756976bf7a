"""Login in one or two steps, logout and two-step verification set-up."""

import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core import audit
from core.forms import posted

from .. import access, services, throttle, totp
from ..forms import CodeForm, LoginForm
from ..models import LoginFailure

CODE, DISABLE = LoginFailure.Scope.CODE, LoginFailure.Scope.DISABLE

PENDING_USER_KEY = "pending_2fa_user"
PENDING_NEXT_KEY = "pending_2fa_next"
PENDING_SINCE_KEY = "pending_2fa_since"
# After the password step the code must follow within this many seconds.
PENDING_MAX_SECONDS = 5 * 60
SETUP_SECRET_KEY = "totp_setup_secret"


def _complete_login(request, user, next_url):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # login() keeps the session's data: drop the half-finished second step.
    request.session.pop(PENDING_USER_KEY, None)
    request.session.pop(PENDING_NEXT_KEY, None)
    request.session.pop(PENDING_SINCE_KEY, None)
    # A login belongs to every school the user works at: each school's audit log shows it.
    school_ids = [m.school_id for m in access.memberships(user)] or [None]
    for school_id in school_ids:
        audit.record(request, audit.AuditAction.LOGIN, user=user, school_id=school_id)
    response = redirect(next_url)
    # Clears this pair's failures and marks the browser as a known device of the account.
    throttle.succeeded(request, response, user.get_username())
    return response


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse_lazy("home")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if user.has_two_factor:
            self.request.session[PENDING_USER_KEY] = user.pk
            self.request.session[PENDING_NEXT_KEY] = self.get_redirect_url()
            self.request.session[PENDING_SINCE_KEY] = int(time.time())
            return redirect("login_code")
        return _complete_login(self.request, user, self.get_success_url())

    def form_invalid(self, form):
        username = form.data.get("username", "")[:150]
        # Record the typed name only when it is an account: an unknown "name" is
        # often a password typed into the wrong field and must not be stored.
        known = get_user_model().objects.filter(username=username).exists()
        audit.record(
            self.request,
            audit.AuditAction.LOGIN_FAILED,
            event="schools.login_failed",
            data={"username": username} if known else {},
        )
        return super().form_invalid(form)


@sensitive_post_parameters()
@never_cache
def login_code(request):
    """Second step: the code from the authenticator app."""
    user_id = request.session.get(PENDING_USER_KEY)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("login")
    if int(time.time()) - request.session.get(PENDING_SINCE_KEY, 0) > PENDING_MAX_SECONDS:
        for key in (PENDING_USER_KEY, PENDING_NEXT_KEY, PENDING_SINCE_KEY):
            request.session.pop(key, None)
        messages.warning(request, _("Het duurde te lang voordat de code werd ingevuld. Log opnieuw in."))
        return redirect("login")
    # Codes have their own counter: wrong codes slow down this pair, never lock the account.
    # A refused form does not check the code (see CodeForm.clean_code).
    verdict = throttle.check(request, user.get_username(), scope=CODE) if request.method == "POST" else None
    form = CodeForm(posted(request), user=user, verdict=verdict, submit_label=_("Inloggen"))
    if request.method == "POST":
        if form.is_valid():
            return _complete_login(request, user, _safe_next(request, request.session.get(PENDING_NEXT_KEY)))
        if not form.locked:
            throttle.register_failure(request, user.get_username(), scope=CODE)
        audit.record(
            request,
            audit.AuditAction.LOGIN_FAILED,
            event="schools.login_code_failed",
            data={"username": user.get_username()},
        )
    return render(request, "registration/login_code.html", {"form": form})


def logout_view(request):
    if request.method != "POST":
        # Logging out by GET would let any page log the user out with an <img>.
        # A typed or bookmarked URL gets a Dutch page with the button, not a blank 405.
        response = render(request, "registration/logout_confirm.html", status=405)
        response["Allow"] = "POST"
        return response
    if request.user.is_authenticated:
        audit.record(request, audit.AuditAction.LOGOUT)
    logout(request)
    messages.success(request, _("Je bent uitgelogd."))
    return redirect("login")


class PasswordResetView(auth_views.PasswordResetView):
    """Reset mails are throttled like logins (per address typed and per client address),
    so nobody can flood a colleague's mailbox. A throttled request sees the same
    'kijk in je mail' page and simply gets no mail: the page never tells more."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if not throttle.reset_mail_allowed(self.request, form.cleaned_data["email"]):
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password through the mailed link also ends a lock of the account (see schools.throttle)."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.unlock(self.request, self.user)
        return response


@method_decorator(login_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        # Whoever knows the old password is the owner: a lock for unknown devices has done its work.
        response = super().form_valid(form)
        throttle.unlock(self.request, self.request.user)
        return response


@login_required
@never_cache
def two_factor_setup(request):
    """Show a new secret as QR code; switching on needs one valid code from it."""
    user = request.user
    if user.has_two_factor:
        return render(request, "registration/two_factor_status.html", {"required": _two_factor_required(request)})
    secret = request.session.get(SETUP_SECRET_KEY)
    if not secret:
        secret = request.session[SETUP_SECRET_KEY] = totp.new_secret()
    form = CodeForm(posted(request), user=user, secret=secret, submit_label=_("Tweestapsverificatie aanzetten"))
    if request.method == "POST" and form.is_valid():
        services.switch_on_two_factor(request, user, secret)
        del request.session[SETUP_SECRET_KEY]
        messages.success(request, _("Tweestapsverificatie staat aan. Voortaan vragen we bij het inloggen om een code."))
        return redirect("home")
    uri = totp.provisioning_uri(user, secret)
    return render(
        request,
        "registration/two_factor_setup.html",
        {"form": form, "qr_svg": totp.qr_svg(uri), "secret": secret},
    )


def _two_factor_required(request):
    return any(m.school.require_two_factor for m in request.memberships)


@login_required
@require_POST
def two_factor_disable(request):
    user = request.user
    if _two_factor_required(request):
        messages.error(request, _("Je school verplicht tweestapsverificatie; uitzetten kan niet."))
        return redirect("two_factor_setup")
    verdict = throttle.check(request, user.get_username(), scope=DISABLE)
    form = CodeForm(request.POST, user=user, verdict=verdict)
    if not form.is_valid():
        if form.locked:
            messages.error(request, verdict.message)
        else:
            throttle.register_failure(request, user.get_username(), scope=DISABLE)
            messages.error(request, _("Deze code klopt niet of is verlopen. Tweestapsverificatie staat nog aan."))
        return redirect("two_factor_setup")
    services.switch_off_two_factor(request, user)
    messages.success(request, _("Tweestapsverificatie staat uit."))
    return redirect("home")
