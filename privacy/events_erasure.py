"""Audit events of erasure on request, and the Dutch words for what was erased (page, message and log)."""

from functools import partial

from django.apps import apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def kind_count(label, count):
    """'1 observatie', '3 observaties': a model's name, singular or plural as the number asks."""
    try:
        meta = apps.get_model(label)._meta
    except LookupError:  # a kind that no longer exists: its label is all there is
        return f"{count} {label}"
    return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"


def counts_text(counts):
    """'1 observatie, 2 gesprekken en 5 aantekeningen'."""
    parts = [kind_count(label, count) for label, count in counts.items() if count]
    if not parts:
        return gettext("niets")
    if len(parts) == 1:
        return parts[0]
    return gettext("%(list)s en %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}


def _erased(text, data):
    return str(text) % {
        "pupil": data.get("pupil", ""),
        "what": counts_text(data.get("counts", {})),
        "reason": data.get("reason", ""),
    }


EVENTS = {
    "privacy.pupil_erased": partial(_erased, _("%(pupil)s gewist op verzoek: %(what)s. Reden: %(reason)s")),
    "privacy.dossier_erased": partial(_erased, _("Dossier van %(pupil)s gewist: %(what)s. Reden: %(reason)s")),
    "privacy.record_erased": partial(_erased, _("Gegeven van %(pupil)s gewist: %(what)s. Reden: %(reason)s")),
    "privacy.erase_confirm_viewed": _("overzicht van wat gewist zou worden bekeken"),
}
