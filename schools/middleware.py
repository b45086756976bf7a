import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core import audit

from . import access

SESSION_SCHOOL_KEY = "school_id"
SESSION_LAST_SEEN_KEY = "last_seen"


class IdleTimeoutMiddleware:
    """Log out after SESSION_IDLE_SECONDS without a request, and say so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_authenticated = request.user.is_authenticated
        if was_authenticated:
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
                audit.record(request, audit.AuditAction.LOGOUT, event="schools.idle_logout")
                logout(request)
                messages.warning(
                    request, _("Je sessie is verlopen omdat je een tijd niets hebt gedaan. Log opnieuw in.")
                )
                return redirect_to_login(request.get_full_path())
            request.session[SESSION_LAST_SEEN_KEY] = now
        response = self.get_response(request)
        if not was_authenticated and request.user.is_authenticated:
            # Logged in during this request: start the idle clock now. Without it a
            # session with no later request would have no last_seen and never expire.
            request.session[SESSION_LAST_SEEN_KEY] = int(time.time())
        return response


class CurrentSchoolMiddleware:
    """Set ``request.school`` and ``request.membership``: the school the user is
    working in now (chosen with the school switcher, kept in the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.school = None
        request.membership = None
        request.memberships = []
        if request.user.is_authenticated:
            request.memberships = list(access.memberships(request.user))
            access.remember_memberships(request.user, request.memberships)
            chosen = request.session.get(SESSION_SCHOOL_KEY)
            current = next((m for m in request.memberships if m.school_id == chosen), None)
            if current is None and request.memberships:
                current = request.memberships[0]
            if current is not None:
                request.membership = current
                request.school = current.school
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """When a school of the user requires two-step verification and the user has
    not set it up, every page leads to the setup page until it is done."""

    ALLOWED_URL_NAMES = ("two_factor_setup", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.has_two_factor
            and any(m.school.require_two_factor for m in request.memberships)
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(name) for name in self.ALLOWED_URL_NAMES}
        ):
            messages.info(request, _("Je school vraagt tweestapsverificatie. Stel die eerst in."))
            return redirect("two_factor_setup")
        return self.get_response(request)
