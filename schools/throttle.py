"""Throttling of failed logins, such that a stranger's attempts cannot lock out a person or a school.

See docs/login.md for the reasoning (OWASP's "Blocking Brute Force Attacks" and device cookies). In short:

- Failures count per *pair*: (account name, address) for an unknown device, (account name, device) for a
  browser with a valid known-device cookie for that name. After ``LOGIN_FREE_FAILURES`` failures a pair waits
  1, 2, 4 ... minutes (capped) after its last failure; a successful login clears the pair.
- One address (a whole school behind one NAT address) is only *slowed down*, and only for attempts without a
  device cookie, after many failures: each such attempt waits a few seconds before it is checked.
- An account name is locked only after ``LOGIN_ACCOUNT_LOCK_AFTER`` failures from unknown devices within a
  day, and only for unknown devices: the owner's own browsers keep working. A password reset or the
  beheerder ends the lock; the owner gets an e-mail when it starts.
- Codes (at login, and to switch two-step verification off) and reset mails have their own counters, which
  never lock an account.

Failures are rows in the database (not a per-process cache) so that every gunicorn worker sees the same
counts. Unknown names are counted and locked like real ones, so the answers never tell whether an account
exists.
"""

import math
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from core.net import client_ip

from . import access
from .models import LoginFailure, LoginLock

Scope = LoginFailure.Scope

DEVICE_COOKIE_SALT = "schools.throttle.device"
# One browser (a shared school computer) remembers this many accounts; the oldest is forgotten first.
DEVICE_COOKIE_ACCOUNTS = 8


def _now():
    """The clock of this module: tests replace it instead of sleeping."""
    return timezone.now()


def _sleep(seconds):
    time.sleep(seconds)


def _name(username):
    return (username or "").lower()[:150]


@dataclass(frozen=True)
class Verdict:
    """What throttling says about one attempt: go ahead (after ``delay`` seconds), wait, or locked."""

    wait_seconds: int = 0
    locked: bool = False
    delay: float = 0

    @property
    def refused(self):
        return self.locked or self.wait_seconds > 0

    @property
    def message(self):
        if self.locked:
            return _(
                "Te veel mislukte pogingen. Inloggen kan nu alleen nog op een apparaat waarop je eerder bent "
                "ingelogd. Stel een nieuw wachtwoord in via ‘Wachtwoord vergeten?’ of vraag het de beheerder "
                "van je school."
            )
        minutes = max(1, math.ceil(self.wait_seconds / 60))
        return ngettext(
            "Te veel mislukte pogingen. Probeer het over %(count)d minuut opnieuw.",
            "Te veel mislukte pogingen. Probeer het over %(count)d minuten opnieuw.",
            minutes,
        ) % {"count": minutes}


# --- The known-device cookie -----------------------------------------------------------------------------------


def _devices(request):
    """The accounts this browser logged in to, as {name: nonce}; empty when the cookie is missing,
    forged or too old."""
    value = request.COOKIES.get(settings.LOGIN_DEVICE_COOKIE_NAME) if request is not None else None
    if not value:
        return {}
    try:
        devices = signing.loads(value, salt=DEVICE_COOKIE_SALT, max_age=timedelta(days=settings.LOGIN_DEVICE_DAYS))
    except (signing.BadSignature, ValueError, TypeError):
        return {}
    if not isinstance(devices, dict):
        return {}
    return {str(name): str(nonce)[:32] for name, nonce in devices.items()}


def device_for(request, username):
    """The nonce of this browser's known-device cookie for ``username``, or "" for an unknown device."""
    return _devices(request).get(_name(username), "") if username else ""


def remember_device(request, response, username):
    """After a complete login: mark this browser as a known device of ``username`` (keeping its nonce)."""
    devices = _devices(request)
    name = _name(username)
    nonce = devices.pop(name, "") or secrets.token_urlsafe(12)
    devices[name] = nonce
    devices = dict(list(devices.items())[-DEVICE_COOKIE_ACCOUNTS:])
    response.set_cookie(
        settings.LOGIN_DEVICE_COOKIE_NAME,
        signing.dumps(devices, salt=DEVICE_COOKIE_SALT, compress=True),
        max_age=settings.LOGIN_DEVICE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- Checks before an attempt ----------------------------------------------------------------------------------


def _pair(scope, name, ip_address, device):
    rows = LoginFailure.objects.filter(scope=scope, username=name)
    return rows.filter(device=device) if device else rows.filter(device="", ip_address=ip_address)


def _pair_wait(scope, name, ip_address, device, now):
    """Seconds this pair still has to wait: none for the first failures, then 1, 2, 4 ... minutes after the last."""
    since = now - timedelta(seconds=settings.LOGIN_PAIR_WINDOW_SECONDS)
    found = _pair(scope, name, ip_address, device).filter(at__gte=since).aggregate(n=Count("pk"), last=Max("at"))
    excess = found["n"] - settings.LOGIN_FREE_FAILURES
    if excess < 0:
        return 0
    minutes = min(2**excess, settings.LOGIN_BACKOFF_MAX_MINUTES)
    return max(0, math.ceil((found["last"] + timedelta(minutes=minutes) - now).total_seconds()))


def _address_delay(ip_address, now):
    if not ip_address:
        return 0
    since = now - timedelta(seconds=settings.LOGIN_ADDRESS_WINDOW_SECONDS)
    failures = LoginFailure.objects.filter(scope=Scope.LOGIN, device="", ip_address=ip_address, at__gte=since)
    return settings.LOGIN_ADDRESS_DELAY_SECONDS if failures.count() >= settings.LOGIN_ADDRESS_SLOW_AFTER else 0


def check(request, username, scope=Scope.LOGIN):
    """May this attempt be checked? A login without a device cookie from a busy address is first slowed down."""
    name, ip_address, device = _name(username), client_ip(request), device_for(request, username)
    now = _now()
    if scope == Scope.LOGIN and not device and LoginLock.objects.filter(username=name).exists():
        return Verdict(locked=True)
    wait = _pair_wait(scope, name, ip_address, device, now)
    if wait:
        return Verdict(wait_seconds=wait)
    delay = _address_delay(ip_address, now) if scope == Scope.LOGIN and not device else 0
    if delay:
        _sleep(delay)
    return Verdict(delay=delay)


# --- After an attempt --------------------------------------------------------------------------------------------


def register_failure(request, username, scope=Scope.LOGIN):
    """Count a failed attempt; a login failure from an unknown device may lock the account name."""
    name, ip_address, device = _name(username), client_ip(request), device_for(request, username)
    now = _now()
    LoginFailure.objects.create(scope=scope, username=name, ip_address=ip_address, device=device, at=now)
    # Keep the table small: rows older than the longest window serve no count.
    longest = max(settings.LOGIN_PAIR_WINDOW_SECONDS, settings.LOGIN_ACCOUNT_WINDOW_SECONDS)
    LoginFailure.objects.filter(at__lt=now - timedelta(seconds=longest)).delete()
    if scope == Scope.LOGIN and not device:
        _lock_when_due(request, name, now)


def _lock_when_due(request, name, now):
    since = now - timedelta(seconds=settings.LOGIN_ACCOUNT_WINDOW_SECONDS)
    unknown = LoginFailure.objects.filter(scope=Scope.LOGIN, username=name, device="", at__gte=since)
    if unknown.count() < settings.LOGIN_ACCOUNT_LOCK_AFTER or LoginLock.objects.filter(username=name).exists():
        return
    try:
        with transaction.atomic():
            LoginLock.objects.create(username=name, at=now)
    except IntegrityError:
        return  # another worker locked it a moment ago, and told the owner
    prune_locks()
    # Locks of names that are no account are kept only a while (see prune_locks); they still answer alike.
    for user in get_user_model().objects.filter(username__iexact=name):
        _audit(request, user, "schools.login_locked")
        if user.email:
            _tell_owner(request, user)


def _audit(request, user, event):
    """One entry per school of the account, so that each school's audit log shows it (as logins do)."""
    school_ids = [m.school_id for m in access.memberships(user)] or [None]
    for school_id in school_ids:
        action = audit.AuditAction.LOGIN_FAILED if event == "schools.login_locked" else audit.AuditAction.CHANGE
        audit.record(request, action, event=event, data={"username": user.get_username()}, school_id=school_id)


def _tell_owner(request, user):
    context = {"user": user, "count": settings.LOGIN_ACCOUNT_LOCK_AFTER, "domain": request.get_host()}
    context["protocol"] = "https" if request.is_secure() else "http"
    send_mail(
        render_to_string("registration/account_locked_subject.txt", context).strip(),
        render_to_string("registration/account_locked_email.txt", context),
        None,
        [user.email],
        fail_silently=True,  # a mail server that is down must not turn a login page into an error page
    )


def succeeded(request, response, username):
    """A complete login (password, and code when asked): clear this pair's counters and remember the device."""
    name, ip_address, device = _name(username), client_ip(request), device_for(request, username)
    scopes = (Scope.LOGIN, Scope.CODE)
    LoginFailure.objects.filter(scope__in=scopes, username=name, device="", ip_address=ip_address).delete()
    if device:
        LoginFailure.objects.filter(scope__in=scopes, username=name, device=device).delete()
    remember_device(request, response, username)


def unlock(request, user):
    """End the lock of an account (after a password reset, or by the beheerder); audited when there was one.
    The unknown-device failures go too, or the next one would lock it again."""
    name = _name(user.get_username())
    LoginFailure.objects.filter(scope=Scope.LOGIN, username=name, device="").delete()
    was_locked = LoginLock.objects.filter(username=name).delete()[0] > 0
    if was_locked:
        _audit(request, user, "schools.login_unlocked")
    return was_locked


def locked_names(names):
    """Which of ``names`` (lower-case usernames, or a values queryset of them) are locked: for the start page."""
    return LoginLock.objects.filter(username__in=names).order_by("username").values_list("username", flat=True)


def prune_locks():
    """Locks of names that are no account serve only to answer alike; they go after a while."""
    old = LoginLock.objects.filter(at__lt=_now() - timedelta(days=settings.LOGIN_UNKNOWN_LOCK_DAYS))
    accounts = get_user_model().objects.annotate(name=Lower("username")).values("name")
    old.exclude(username__in=accounts).delete()


# --- Reset mails ----------------------------------------------------------------------------------------------


def reset_mail_allowed(request, email):
    """Count a request for a reset mail; False when this address or this e-mail address asked too often.
    The page says the same either way, so nobody can flood a colleague's mailbox nor learn anything."""
    key, ip_address = _name(email), client_ip(request)
    now = _now()
    recent = LoginFailure.objects.filter(
        scope=Scope.RESET, at__gte=now - timedelta(seconds=settings.PASSWORD_RESET_WINDOW_SECONDS)
    )
    if recent.filter(username=key).count() >= settings.PASSWORD_RESET_MAX_PER_EMAIL:
        return False
    if ip_address and recent.filter(ip_address=ip_address).count() >= settings.PASSWORD_RESET_MAX_PER_ADDRESS:
        return False
    LoginFailure.objects.create(scope=Scope.RESET, username=key, ip_address=ip_address, at=now)
    return True
