"""The health endpoint for the proxy or a monitor: is the app up and does its database answer?

It says "ok" or "unavailable" and nothing else: no data, no names, no versions. It needs no login,
reads no session (a probe sends no cookie, so none is set) and writes no audit entry, so probing it
every few seconds costs one trivial query. A plain-HTTP probe is let through by
SECURE_REDIRECT_EXEMPT in the settings; it must still send a Host from ALLOWED_HOSTS.
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
