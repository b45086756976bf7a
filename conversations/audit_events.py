"""What the audit log says about conversations: an event code with data, put into words when read
(core.audit.describe), in the reader's language."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def _count(data):
    return {"count": int(data.get("count") or 0)}


def _agreement_status(data):
    from .models import Agreement

    status = Agreement.Status(data["status"]).label if data.get("status") in Agreement.Status.values else "–"
    return _("Afspraak uit een eerder gesprek opgevolgd: %(status)s") % {"status": status}


def _question_switched(data):
    if data.get("active"):
        return str(_("Vraag weer in de vragenbank gezet"))
    return str(_("Vraag uit de vragenbank uitgezet"))


EVENTS = {
    # Reading and exporting.
    "conversations.pupil_conversations_viewed": _("Gesprekken van de leerling bekeken"),
    "conversations.conversation_viewed": _("Gesprek bekeken"),
    "conversations.conversation_pdf": _("Gesprek als PDF gemaakt"),
    "conversations.notes_compared": _("Aantekeningen naast elkaar gelegd"),
    "conversations.round_viewed": _("Rooster van de gespreksronde bekeken"),
    "conversations.round_letters": lambda data: (
        ngettext(
            "Uitnodigingsbrieven als PDF gemaakt: %(count)d brief",
            "Uitnodigingsbrieven als PDF gemaakt: %(count)d brieven",
            _count(data)["count"],
        )
        % _count(data)
    ),
    # One conversation.
    "conversations.conversation_planned": _("Gesprek gepland"),
    "conversations.conversation_changed": _("Gesprek gewijzigd"),
    "conversations.notes_saved": lambda data: (
        ngettext(
            "Eigen aantekeningen opgeslagen bij %(count)d stap",
            "Eigen aantekeningen opgeslagen bij %(count)d stappen",
            _count(data)["count"],
        )
        % _count(data)
    ),
    "conversations.scale_answer_saved": _("Schaalvraag opgeslagen"),
    "conversations.scale_answer_deleted": _("Schaalvraag verwijderd"),
    "conversations.question_added": _("Gestelde vraag toegevoegd"),
    "conversations.question_deleted": _("Gestelde vraag verwijderd"),
    "conversations.outcomes_saved": _("Uitkomsten van het gesprek opgeslagen"),
    "conversations.agreement_followed_up": _agreement_status,
    "conversations.agreement_saved": _("Afspraak opgeslagen"),
    "conversations.agreement_deleted": _("Afspraak verwijderd"),
    "conversations.need_saved": _("Onderwijsbehoefte uit het gesprek opgeslagen"),
    # The question bank.
    "conversations.bank_question_added": _("Vraag aan de vragenbank toegevoegd"),
    "conversations.bank_question_changed": _("Vraag in de vragenbank gewijzigd"),
    "conversations.bank_question_switched": _question_switched,
    # Rounds.
    "conversations.round_created": _("Gespreksronde aangemaakt"),
    "conversations.round_changed": _("Gespreksronde gewijzigd"),
    "conversations.round_planned": lambda data: (
        ngettext("%(count)d gesprek gepland", "%(count)d gesprekken gepland", _count(data)["count"]) % _count(data)
    ),
    "conversations.slot_moved": _("Gesprek verplaatst"),
}
