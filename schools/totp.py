"""Time-based one-time codes (RFC 6238) for two-step verification."""

import pyotp
import segno
from django.utils import timezone

ISSUER = "Wat Helpt"


def new_secret():
    return pyotp.random_base32()


def provisioning_uri(user, secret):
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def qr_svg(uri):
    """The setup QR code as inline SVG (drawn here; no image service)."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#212529")


def verify(user, code, secret=None):
    """True when ``code`` is valid now (one step of clock drift allowed) and
    has not been used before; a used code is refused so it cannot be replayed."""
    secret = secret or user.totp_secret
    code = "".join(ch for ch in str(code or "") if ch in "0123456789")
    if not secret or len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    step_now = int(now.timestamp()) // totp.interval
    for offset in (-1, 0, 1):
        step = step_now + offset
        if step <= user.totp_last_step:
            continue
        if pyotp.utils.strings_equal(totp.at(step * totp.interval), code):
            if user.pk:
                # user._meta.model, not type(user): request.user is a SimpleLazyObject.
                # The step is claimed with a conditional update so that two requests
                # carrying the same code at the same moment cannot both succeed.
                claimed = user._meta.model.objects.filter(pk=user.pk, totp_last_step__lt=step).update(
                    totp_last_step=step
                )
                if not claimed:
                    return False
            user.totp_last_step = step
            return True
    return False
