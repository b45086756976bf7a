from django.conf import settings


def client_ip(request):
    """The address a request came from.

    Behind a reverse proxy (BEHIND_PROXY=1) the proxy's own address is in
    REMOTE_ADDR and the client's is the last entry the proxy appended to
    X-Forwarded-For; earlier entries are client-controlled and ignored.
    """
    if request is None:
        return None
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
