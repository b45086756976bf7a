"""What the product fills in for the teacher, from data: the organisation of each kind of instruction
group (set once per school by the coordinator) and who gives the instruction (the group's teachers).

A school that has not set its own organisation gets the values below, stored for the school the first
time they are needed (the coordinator opens ``/groepsplannen/standaarden/`` or a teacher proposes a
grouping); from then on they are the school's own data, changed on that page.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, editguard, history
from core.models import AuditAction

from ..models import InstructionDefaults, InstructionGroup

Kind = InstructionGroup.Kind

# The documented starting values (docs/groupplans.md, "Tien invoeren"): what most Dutch schools do
# with the three instruction groups of the model of direct instruction; a school changes them once.
DOCUMENTED = {
    Kind.INTENSIVE: {
        "times_per_week": 4,
        "minutes": 20,
        "content": gettext_lazy("Verlengde instructie op het doel van de les, met extra oefening."),
        "approach": gettext_lazy(
            "Voordoen, samen oefenen en daarna zelfstandig verder, met directe feedback van de leerkracht."
        ),
        "where": gettext_lazy("aan de instructietafel"),
    },
    Kind.BASIC: {
        "times_per_week": 4,
        "minutes": 30,
        "content": gettext_lazy("De les volgens de methode."),
        "approach": gettext_lazy("Klassikale instructie volgens het directe-instructiemodel, daarna zelfstandig."),
        "where": gettext_lazy("in de klas"),
    },
    Kind.EXTENDED: {
        "times_per_week": 3,
        "minutes": 30,
        "content": gettext_lazy("Verdiepende en verrijkende opdrachten bij het doel van de les."),
        "approach": gettext_lazy("Korte instructie, daarna zelfstandig aan een uitdagende taak; nabespreken."),
        "where": gettext_lazy("in de klas"),
    },
    Kind.CUSTOM: {"times_per_week": None, "minutes": None, "content": "", "approach": "", "where": ""},
}

ORGANISATION_FIELDS = ("content", "approach", "times_per_week", "minutes", "where")


def _documented(school, kind):
    # The texts in the school's language, stored as plain text.
    values = {
        name: value if value is None or isinstance(value, int) else str(value)
        for name, value in DOCUMENTED[kind].items()
    }
    return InstructionDefaults(school=school, kind=kind, **values)


def school_defaults(school):
    """kind -> the school's organisation of that kind of instruction group: stored, or the documented
    values (not saved) when the school has none yet. One query."""
    stored = {row.kind: row for row in InstructionDefaults.objects.filter(school=school)}
    return {kind: stored.get(kind) or _documented(school, kind) for kind in Kind.values}


def ensure_defaults(school, user=None):
    """The school's organisation per kind, the documented values stored (with history) where missing."""
    rows = school_defaults(school)
    for kind, row in rows.items():
        if row.pk is None:
            try:
                with transaction.atomic():
                    rows[kind] = history.save(row, user)
            except IntegrityError:  # stored by a colleague at the same moment
                rows[kind] = InstructionDefaults.objects.get(school=school, kind=kind)
    return rows


def teachers_text(group):
    """Who gives the instruction: the group's teachers by name, or "leerkracht" when it has none."""
    names = [str(teacher) for teacher in group.teachers.all()]
    if not names:
        return _("leerkracht")
    if len(names) == 1:
        return names[0]
    text = _("%(names)s en %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    return text[:100]


def organisation_for(kind, defaults, group):
    """The values a new instruction group of ``kind`` starts with (``defaults``: :func:`school_defaults`)."""
    row = defaults[kind]
    values = {name: getattr(row, name) for name in ORGANISATION_FIELDS}
    values["who"] = teachers_text(group)
    return values


def save_defaults(form, user, *, request=None):
    """Save the organisation of one kind (``InstructionDefaultsForm``) as of the version the user started
    from; the first save of a kind stores it for the school. A colleague's save in between (also a first
    one at the same moment) raises :class:`core.editguard.Stale` and writes nothing."""
    try:
        return _save_defaults(form, user, request)
    except IntegrityError:  # a colleague stored this kind for the school at the same moment
        raise editguard.Stale from None


@transaction.atomic
def _save_defaults(form, user, request):
    row = form.instance
    if row.pk is not None:
        editguard.claim(row, form.cleaned_data["version"])
    row = history.save_form(form, user)
    audit.record(
        request,
        AuditAction.CHANGE,
        row,
        event="groupplans.instruction_defaults_saved",
        user=user,
        data={"kind": row.kind},
        school_id=row.school_id,
    )
    return row
