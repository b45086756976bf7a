"""What the audit log says about coaching, in the reader's language (see core.audit).

Coaching is confidential: the data of these events holds counts only, never a word of what was
written, and the entries show on no school's audit page (``audit.NO_SCHOOL``).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


def _count(data, key):
    try:
        return max(int(data.get(key, 0)), 0)
    except (TypeError, ValueError):
        return 0


def _agreements(data):
    """The counts of a session's agreements, each read right in singular and plural."""
    new, checked = _count(data, "new"), _count(data, "checked")
    return {
        "new": ngettext("%(count)s nieuwe afspraak", "%(count)s nieuwe afspraken", new) % {"count": new},
        "checked": ngettext("%(count)s afspraak opgevolgd", "%(count)s afspraken opgevolgd", checked)
        % {"count": checked},
    }


def _session_recorded(data):
    return _("Coachingsgesprek vastgelegd: %(new)s, %(checked)s") % _agreements(data)


def _session_changed(data):
    return _("Coachingsgesprek gewijzigd: %(new)s, %(checked)s") % _agreements(data)


EVENTS = {
    "coaching.trajectory_started": gettext_lazy("Coachingstraject gestart"),
    "coaching.trajectory_changed": gettext_lazy("Coachingstraject gewijzigd"),
    "coaching.trajectory_read": gettext_lazy("Coachingstraject ingezien"),
    "coaching.trajectory_existence_read": gettext_lazy("Alleen het bestaan van het coachingstraject ingezien"),
    "coaching.trajectory_pdf": gettext_lazy("Coachingstraject als PDF gedownload"),
    "coaching.relationship_assessed": gettext_lazy("Werkrelatie ingeschat"),
    "coaching.assessment_shared": gettext_lazy("Inschatting van de werkrelatie gedeeld met de leerkracht"),
    "coaching.assessment_unshared": gettext_lazy("Inschatting van de werkrelatie niet meer gedeeld met de leerkracht"),
    "coaching.reflection_written": gettext_lazy("Reflectie geschreven door de leerkracht"),
    "coaching.learned_added": gettext_lazy("Leerpunt toegevoegd door de leerkracht"),
    "coaching.session_recorded": _session_recorded,
    "coaching.session_changed": _session_changed,
    "coaching.visit_recorded": gettext_lazy("Klassenbezoek vastgelegd"),
    "coaching.letter_written": gettext_lazy("Brief geschreven"),
    "coaching.letter_pdf": gettext_lazy("Brief als PDF gedownload"),
}
