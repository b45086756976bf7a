"""The security headers Django does not set itself: Content-Security-Policy, no-store and Permissions-Policy.

Django's SecurityMiddleware already sends ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``
and ``Cross-Origin-Opener-Policy: same-origin``; XFrameOptionsMiddleware sends ``X-Frame-Options: DENY``
(config/settings.py). Why each value is what it is: docs/security.md.

The middleware sits after WhiteNoise, so static files never pass through it: they keep WhiteNoise's long
cache lifetime, and everything Django renders (every page, export and redirect) is ``no-store``.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

# Everything from this server and nothing inline: a script or style injected into a page (a name typed into a
# field and shown unescaped somewhere) cannot run. ``img-src data:``: Bootstrap draws the arrows and ticks of form
# controls as data: images in its stylesheet, and the page icon is an empty data: URL.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

# No page uses any of these; a script that got in anyway cannot ask for them. Only features Chromium knows:
# an unknown name is an error in the browser's console.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Adds the CSP, the Permissions-Policy and ``Cache-Control: no-store`` to every response Django renders.

    no-store on every response, not only on pages that show pupil data: nearly every page does (the menu
    and start page name groups and pupils), a rule per page would be forgotten on the next one, and a
    cached login page holds a stale CSRF token. After logout the back button then asks the server again and
    gets the login page instead of a dossier from the browser's cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's debug pages (DEBUG only: a 404 or 500 with the traceback) are styled inline.
        if not (settings.DEBUG and response.status_code in (404, 500)):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        add_never_cache_headers(response)
        # HTTP/1.0 caches and old browsers know only Pragma.
        response.headers["Pragma"] = "no-cache"
        return response
