"""What the audit log says of each event of the group plans app, in the reader's language
(``core.audit``). Data holds codes and counts, turned into words here."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import GroupPlan, Phase


def _phase(data):
    code = data.get("phase")
    return Phase(code).label if code in Phase.values else code or ""


def _field(data):
    try:
        return GroupPlan._meta.get_field(data.get("field", "")).verbose_name
    except Exception:  # a field that no longer exists
        return data.get("field", "")


def _evaluation(data):
    from .models import Goal

    code = data.get("evaluation")
    return Goal.Evaluation(code).label if code in Goal.Evaluation.values else code or ""


def _count(data):
    try:
        return int(data.get("count", 0))
    except (TypeError, ValueError):  # data that no longer fits: no number
        return 0


EVENTS = {
    "groupplans.plan_started": _("Groepsplan gestart"),
    "groupplans.plan_text_saved": lambda data: _("Tekst '%(field)s' opgeslagen") % {"field": _field(data)},
    "groupplans.phase_closed": lambda data: _("Fase %(phase)s afgesloten") % {"phase": _phase(data)},
    "groupplans.phase_reopened": lambda data: _("Fase %(phase)s heropend") % {"phase": _phase(data)},
    "groupplans.grouping_proposed": _(
        "Indeling voorgesteld: %(intensive)s intensief, %(basic)s basis, %(extended)s verdiept"
    ),
    "groupplans.pupil_moved": _("Leerling verplaatst naar een andere instructiegroep"),
    "groupplans.instruction_group_saved": _("Instructiegroep opgeslagen"),
    "groupplans.goal_saved": _("Doel opgeslagen"),
    "groupplans.goal_evaluated": lambda data: _("Doel geëvalueerd: %(evaluation)s") % {"evaluation": _evaluation(data)},
    "groupplans.next_plan_started": _("Plan voor de volgende periode gestart"),
    "groupplans.instruction_defaults_saved": _("Standaardorganisatie van een soort instructiegroep opgeslagen"),
    "groupplans.plan_pdf": _("Groepsplan als PDF"),
    "groupplans.schedule_pdf": _("Weekrooster als PDF"),
    "groupplans.plans_pdf": lambda data: (
        ngettext("Groepsplannen als PDF: %(count)d plan", "Groepsplannen als PDF: %(count)d plannen", _count(data))
        % {"count": _count(data)}
    ),
    "groupplans.individual_plan_saved": _("Handelingsplan opgeslagen"),
    "groupplans.individual_plan_viewed": _("Handelingsplan bekeken"),
    "groupplans.individual_plan_pdf": _("Handelingsplan als PDF"),
    "groupplans.individual_goal_saved": _("Doel van een handelingsplan opgeslagen"),
    "groupplans.meeting_saved": _("Bespreking opgeslagen"),
    "groupplans.meeting_viewed": _("Bespreking bekeken"),
    "groupplans.action_saved": _("Actie opgeslagen"),
    "groupplans.action_deleted": _("Actie verwijderd"),
    "groupplans.action_done": _("Actie afgevinkt"),
    "groupplans.action_reopened": _("Actie weer opengezet"),
}
