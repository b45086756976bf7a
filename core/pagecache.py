"""Rendered pages kept for one signed-in session until the next write, for a minute at most.

A page of the load mix costs 10-40 ms of CPU to build (access querysets, hundreds of model instances, big
templates), while the same user asks for the same page again and again between changes. ``cached_page``
(a view decorator, under ``login_required``) serves the HTML built for exactly the same request again:

- The key holds the data generation of ``core.datacache`` (any write raises it when it commits, in any
  worker, so a page is never served after a change: the user's own, a colleague's in another browser, an
  erasure or a revoked role), the user, the school and membership role worked in, the language, the
  session's CSRF secret (so only the session that built a page can get it, and its forms stay valid), the
  full path with its query, the minute, and what the view adds (the start page: since when things count
  as new).
- Entries live ``TIMEOUT`` seconds: an entry the new generation made unreadable is also gone from Redis
  within a minute, and what depends on the clock alone (a conversation that has started, "overdue") is
  never more than a minute late.
- The audit entries the view writes are kept with the page and written again, for this request, on every
  page served from the cache: every read stays in the audit log.
- Not kept: anything but a 200 GET, htmx requests, requests with a message waiting to be shown, and
  responses that set cookies.

On only with a shared cache (``settings.PAGE_CACHE``, default ``DATA_CACHE``): with a cache per process,
one worker would not see another's writes. The privacy reasoning is in docs/security.md.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

from . import datacache

TIMEOUT = 60


def enabled():
    return getattr(settings, "PAGE_CACHE", False) and datacache.enabled()


def _cacheable_request(request):
    if request.method != "GET" or "HX-Request" in request.headers:
        return False
    if not request.user.is_authenticated or not request.META.get("CSRF_COOKIE"):
        return False
    # A message waiting in the cookie or the session is shown once, by whichever page renders next.
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")) or request.session.get("_messages"):
        return False
    return True


def page_key(request, parts=()):
    membership = getattr(request, "membership", None)
    secret = hashlib.sha256(request.META["CSRF_COOKIE"].encode()).hexdigest()[:20]
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    fields = [
        datacache.generation(),
        request.user.pk,
        getattr(membership, "school_id", ""),
        getattr(membership, "role", ""),
        getattr(request, "LANGUAGE_CODE", ""),
        secret,
        path,
        int(time.time() // TIMEOUT),
        *parts,
    ]
    return "page:" + ":".join(str(field) for field in fields)


def serve(request, build, parts=()):
    """``build()`` (a view's response), or the page it built for this same request since the last write."""
    if not enabled() or not _cacheable_request(request):
        return build()
    key = page_key(request, parts)
    entry = cache.get(key)
    if entry is not None:
        content, headers, audited = entry
        for fields in audited:
            _record_again(request, fields)
        # The page holds a CSRF token: as on a rendered page, make sure the cookie is (re)sent when due.
        get_token(request)
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
    request._audit_capture = []
    try:
        response = build()
    finally:
        audited = request.__dict__.pop("_audit_capture")
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
        if not getattr(getattr(request, "_messages", None), "_queued_messages", None):
            cache.set(key, (response.content, list(response.items()), audited), TIMEOUT)
    return response


def cached_page(view):
    """Serve ``view``'s page from the cache as ``serve`` does (put it under ``login_required``)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return serve(request, lambda: view(request, *args, **kwargs))

    return wrapper


def _record_again(request, fields):
    from .audit import record_fields

    record_fields(request, fields)
