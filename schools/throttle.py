"""Throttling of failed logins, per account name and per address.

Failures are rows in the database (not a per-process cache) so that every
gunicorn worker sees the same count. The same message is given whether or not
the account exists.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_locked(username, ip_address):
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    if username and recent.filter(username=username.lower()).count() >= settings.LOGIN_MAX_FAILURES_PER_ACCOUNT:
        return True
    if ip_address and recent.filter(ip_address=ip_address).count() >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS:
        return True
    return False


def register_failure(username, ip_address):
    LoginFailure.objects.create(username=(username or "").lower()[:150], ip_address=ip_address)
    # Keep the table small: rows older than a day serve no window.
    LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()


def clear(username):
    LoginFailure.objects.filter(username=(username or "").lower()).delete()
