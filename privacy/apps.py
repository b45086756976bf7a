from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """What the school keeps about a pupil, and for how long: retention terms and legal holds,
    erasure on request (AVG art. 17). Sits above every app that stores pupil data."""

    name = "privacy"
    verbose_name = _("Privacy en bewaartermijnen")
