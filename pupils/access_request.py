"""Everything stored about a pupil, for a parent's access request (inzageverzoek, AVG article 15).

    request = gather(pupil, user, school)    # the PDF and the JSON export show the same object

``EXPORTED`` and ``EXCLUDED`` below are the one declaration of what the export holds: every model with a
path to the pupil (``pupils.datamap.pupil_paths``) is in one of them, and ``NOT_INCLUDED`` lists what is
left out on purpose, with the reason the parent reads in the export. The completeness test
(tests/pupils/test_export_completeness.py) fails when a new model is in neither.

Every record shows all its stored fields in words (field labels, choice labels, names instead of ids,
Dutch dates), with its change history (``core.Revision``) and the history of records deleted since; and
the audit log says who viewed or exported the pupil's data. The records of other apps are read through
the datamap and the app registry, not by importing those apps (imports flow upwards only).

Only the coordinator makes the complete export: she may read every record, the listeners' own
conversation notes and the audit log (``schools.access``). For anyone else the export holds the dossier
they see and says that it is not the complete access-request export.

Queries: one per model, one per many-to-many field, one per kind of name looked up, one for all revisions
and one for the audit log, whatever the number of records.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import history
from core.display import EMPTY, plain
from core.models import AuditAction, AuditEntry, Revision
from schools import access

from .datamap import about, pupil_paths
from .models import CARE_LEVELS, Pupil

# --- The declaration: what the export holds and what it leaves out ----------------------------------------------

# Every model with a path to the pupil that the export shows, in the order of the export, with the heading the
# parent reads. Each record with all its stored fields, except the bookkeeping in ``HIDDEN_FIELDS``.
EXPORTED = {
    "pupils.Pupil": gettext_lazy("Gegevens van de leerling"),
    "pupils.Enrolment": gettext_lazy("Groepen per schooljaar"),
    "pupils.RemedialAssignment": gettext_lazy("Remedial teaching"),
    "pupils.CareLevelChange": gettext_lazy("Wijzigingen van het zorgniveau"),
    "pupils.EducationalNeed": gettext_lazy("Onderwijsbehoeften"),
    "conversations.ConversationNeed": gettext_lazy("Onderwijsbehoeften die in een gesprek zijn genoemd"),
    "pupils.Factor": gettext_lazy("Stimulerende en belemmerende factoren"),
    "pupils.Observation": gettext_lazy("Observaties"),
    "pupils.Assessment": gettext_lazy("Toetsresultaten"),
    "pupils.SecondaryAdvice": gettext_lazy("Schooladvies voortgezet onderwijs"),
    "groupplans.Placement": gettext_lazy("Plaatsing in een instructiegroep van een groepsplan"),
    "groupplans.IndividualPlan": gettext_lazy("Handelingsplannen"),
    "groupplans.Goal": gettext_lazy("Doelen van de handelingsplannen"),
    "groupplans.Meeting": gettext_lazy("Besprekingen waarin de leerling is besproken"),
    "groupplans.Action": gettext_lazy("Acties uit die besprekingen"),
    "conversations.Conversation": gettext_lazy("Gesprekken"),
    "conversations.Note": gettext_lazy("Aantekeningen bij de gesprekken"),
    "conversations.ScaleAnswer": gettext_lazy("Antwoorden op schaalvragen"),
    "conversations.AskedQuestion": gettext_lazy("Vragen die in de gesprekken zijn gesteld"),
    "conversations.Agreement": gettext_lazy("Afspraken uit de gesprekken"),
    # The retention run's own records (privacy app): why the school keeps data longer, and what it removed.
    "privacy.LegalHold": gettext_lazy("Verlengde bewaartermijnen"),
    "privacy.Removal": gettext_lazy("Gegevens die na de bewaartermijn zijn verwijderd"),
}

# Models with a path to the pupil that the export leaves out on purpose: {label: reason shown to the parent}.
# Empty today: every such model is exported. A model added here needs a reason a parent understands.
EXCLUDED = {}

# What is deliberately not in the export, with the reason, as the parent reads it ("Niet opgenomen: … omdat …").
NOT_INCLUDED = (
    (
        gettext_lazy("coaching van leerkrachten"),
        gettext_lazy(
            "coaching over de leerkracht en haar of zijn manier van werken gaat, niet over uw kind. Een "
            "coachingstraject is niet aan een leerling gekoppeld"
        ),
    ),
    (
        gettext_lazy("de groepsplannen zelf"),
        gettext_lazy(
            "een groepsplan over de hele groep gaat. Wel opgenomen: in welke instructiegroep uw kind zat en de "
            "doelen van een handelingsplan voor uw kind"
        ),
    ),
    (
        gettext_lazy("namen en gegevens van andere leerlingen"),
        gettext_lazy(
            "die over andere kinderen gaan. Bij een bespreking met meer leerlingen staat alleen hoeveel andere "
            "leerlingen er zijn besproken; hun namen zijn in de aantekeningen vervangen door '[andere leerling]'"
        ),
    ),
    (
        gettext_lazy("kopieën van eerdere momenten"),
        gettext_lazy(
            "dat kopieën zijn van de gegevens van de hele groep of school op één moment: een groepsplan bewaart "
            "hoe het groepsoverzicht eruitzag toen de groep werd bekeken, en een vastgestelde halfjaarrapportage "
            "voor de schoolleiding kan de naam van uw kind noemen bij de uitzonderingen op de eindtoets. De "
            "gegevens van uw kind zelf staan hierboven"
        ),
    ),
    (
        gettext_lazy("de bestanden uit de leerlingadministratie waarmee de school gegevens heeft ingelezen"),
        gettext_lazy(
            "zo'n bestand de gegevens van alle leerlingen van de school bevat. Wat Wat Helpt eruit over uw kind "
            "heeft overgenomen, staat hierboven"
        ),
    ),
    (
        gettext_lazy("persoonlijke werkaantekeningen van leerkrachten buiten Wat Helpt"),
        gettext_lazy("Wat Helpt die niet vastlegt; ze kunnen er dus niet in staan"),
    ),
    (
        gettext_lazy("interne nummers en versienummers van records"),
        gettext_lazy("de computer ze gebruikt om records terug te vinden; ze zeggen niets over uw kind"),
    ),
    (
        gettext_lazy("het netwerkadres en de pagina bij het bekijken van het dossier"),
        gettext_lazy(
            "dat technische gegevens over de computer van de medewerker zijn. Wie het dossier wanneer "
            "bekeek of exporteerde, staat er wel in"
        ),
    ),
)

# Bookkeeping of the database, never shown (see "interne nummers" above).
HIDDEN_FIELDS = {"id", "version"}

# Labels for fields whose model gives no Dutch one (the label Django derives from the field name).
LABELS = {
    "school": gettext_lazy("school"),
    "score": gettext_lazy("score"),
    "plan": gettext_lazy("groepsplan"),
    "instruction_group": gettext_lazy("instructiegroep"),
    "individual_plan": gettext_lazy("handelingsplan"),
    "pupil": gettext_lazy("leerling"),
    "conversation": gettext_lazy("gesprek"),
    "need": gettext_lazy("onderwijsbehoefte"),
    "created_by": gettext_lazy("vastgelegd door"),
    "created_at": gettext_lazy("vastgelegd op"),
    "updated_at": gettext_lazy("laatst gewijzigd op"),
    "ends_at": gettext_lazy("einde"),
    "status": gettext_lazy("status"),
    "asked_by": gettext_lazy("gesteld door"),
}

# Stored values whose words the field itself does not know: {"app.Model.field": function(model, stored value)
# -> text}. A conversation's guardians are codes ("mother") whose labels the model knows; a pupil's care level
# is a number whose meaning is in CARE_LEVELS.
IN_WORDS = {
    "conversations.Conversation.guardians": lambda model, codes: ", ".join(
        model(guardians=codes or []).guardian_labels()
    ),
    "pupils.Pupil.care_level": lambda model, level: str(dict(CARE_LEVELS).get(level, level)),
}

TABLE_COLUMNS = 8
OTHER_PUPIL = gettext_lazy("[andere leerling]")
ACTIONS = {
    AuditAction.CREATE: gettext_lazy("aangemaakt"),
    AuditAction.CHANGE: gettext_lazy("gewijzigd"),
    AuditAction.DELETE: gettext_lazy("verwijderd"),
}


def undeclared():
    """Labels of models with a path to the pupil that are neither exported nor excluded: must be none."""
    declared = set(EXPORTED) | set(EXCLUDED)
    return sorted(model._meta.label for model in pupil_paths() if model._meta.label not in declared)


def exported_models():
    return [apps.get_model(name) for name in EXPORTED]


def label(model_field):
    """The field's Dutch label: its own, or ours when the model gives none."""
    derived = model_field.name.replace("_", " ")
    if str(model_field.verbose_name) == derived and model_field.name in LABELS:
        return capfirst(str(LABELS[model_field.name]))
    return capfirst(str(model_field.verbose_name))


@cache
def shown_fields(model):
    """The fields of ``model`` the export shows: every stored field but bookkeeping and the pupil herself."""
    result = []
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if f.name in HIDDEN_FIELDS:
            continue
        if model is not Pupil and f.is_relation and f.related_model is Pupil and not f.many_to_many:
            continue  # "leerling: <this pupil>" on every row says nothing
        result.append(f)
    return result


# --- What the export shows ---------------------------------------------------------------------------------------


@dataclass
class Change:
    at: object
    by: str
    action: str
    fields: list  # [(label, old, new)]


@dataclass
class Record:
    pk: object
    title: str
    fields: list  # [(name, label, value)]
    history: list = field(default_factory=list)
    deleted: bool = False


@dataclass
class Section:
    label: str  # "conversations.Note"
    title: str  # "Aantekeningen bij de gesprekken"
    records: list
    columns: list  # the field labels, in the order of each record's fields
    # Records of short fields print as a table (results: one line each), others as a paragraph per record.
    table: bool = False

    @property
    def current(self):
        return [r for r in self.records if not r.deleted]

    @property
    def deleted(self):
        return [r for r in self.records if r.deleted]


@dataclass
class Viewed:
    at: object
    by: str
    action: str
    what: str


@dataclass
class AccessRequest:
    complete: bool
    sections: list
    viewed: list
    not_included: list  # [(what, reason)]

    @property
    def about(self):
        return about_text(self)

    @property
    def not_included_texts(self):
        return [not_included_text(what, why) for what, why in self.not_included]


def is_complete_for(user, school):
    """Whether ``user`` makes the complete export: only the coordinator may read every part of it."""
    return access.has_role(user, school, access.COORDINATOR_ONLY)


def gather(pupil, user, school):
    not_included = [(str(what), str(why)) for what, why in NOT_INCLUDED]
    not_included += [(str(apps.get_model(lbl)._meta.verbose_name_plural), str(why)) for lbl, why in EXCLUDED.items()]
    if not is_complete_for(user, school):
        return AccessRequest(complete=False, sections=[], viewed=[], not_included=not_included)
    paths = pupil_paths()
    querysets = about(pupil)
    # Joined: what each record's name (its __str__) reads, e.g. a note's step and author.
    rows = {model: list(querysets[model].select_related(*_joins(model))) for model in exported_models()}
    many = _many_to_many(rows)
    masker = _Masker(pupil, many.get((apps.get_model("groupplans.Meeting"), "pupils"), {}))
    names = _names(rows, many)
    sections = []
    for model, objs in rows.items():
        fields = shown_fields(model)
        columns = [(f, label(f)) for f in fields]
        records = [_record(obj, model, columns, names, many, pupil, masker) for obj in objs]
        table = len(fields) <= TABLE_COLUMNS and not any(isinstance(f, models.TextField) for f in fields)
        title = str(EXPORTED[model._meta.label])
        sections.append(Section(model._meta.label, title, records, [lbl for _f, lbl in columns], table))
    _attach_history(sections, rows, pupil, paths, masker)
    viewed = _viewed(pupil, rows)
    return AccessRequest(complete=True, sections=sections, viewed=viewed, not_included=not_included)


def not_included_text(what, reason):
    return _("Niet opgenomen: %(what)s, omdat %(reason)s.") % {"what": what, "reason": reason}


def about_text(request):
    """What the export holds, honestly: all, apart from what is listed as not included; or, for anyone but the
    coordinator, that it is not the complete export."""
    if request.complete:
        return _(
            "Deze export bevat alle gegevens die de school in Wat Helpt over de leerling heeft vastgelegd: elk "
            "gegeven met alle velden, de wijzigingsgeschiedenis en wie het dossier heeft bekeken of geëxporteerd. "
            "Wat er bewust niet in staat, staat hieronder onder 'Niet opgenomen', met de reden."
        )
    return _(
        "Dit is niet de volledige export voor een inzageverzoek. Hij bevat alleen het dossier zoals jij het mag "
        "inzien. Vraagt een ouder om inzage, dan maakt de intern begeleider de volledige export."
    )


def _joins(model):
    """Foreign keys two steps deep: what a record's name (its ``__str__``) reads, e.g. a note's step and author,
    a result's level, a placement's plan with its group."""
    joins = []
    for f in model._meta.concrete_fields:
        if f.is_relation:
            joins.append(f.name)
            joins += [f"{f.name}__{g.name}" for g in f.related_model._meta.concrete_fields if g.many_to_one]
    return joins


def _many_to_many(rows):
    """{(model, field name): {object id: [related ids]}}: one query per many-to-many field."""
    result = {}
    for model, objs in rows.items():
        ids = [o.pk for o in objs]
        for f in model._meta.many_to_many:
            through = f.remote_field.through
            source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
            linked = defaultdict(list)
            if ids:
                pairs = through.objects.filter(**{f"{source}__in": ids}).values_list(f"{source}_id", f"{target}_id")
                for owner, other in pairs.order_by("pk"):
                    linked[owner].append(other)
            result[(model, f.name)] = linked
    return result


def _names(rows, many):
    """{related model: {pk: name}} for every related record the rows refer to: one query per model."""
    wanted = defaultdict(set)
    for model, objs in rows.items():
        for f in shown_fields(model):
            if not f.is_relation:
                continue
            if f.many_to_many:
                for related in many[(model, f.name)].values():
                    wanted[f.related_model].update(related)
            else:
                wanted[f.related_model].update(getattr(o, f.attname) for o in objs if getattr(o, f.attname))
    return {
        related: {obj.pk: str(obj) for obj in related._default_manager.select_related().filter(pk__in=pks)}
        for related, pks in wanted.items()
        if pks
    }


def _value(obj, f, names, many, pupil):
    if f.many_to_many:
        ids = many[(type(obj), f.name)].get(obj.pk, [])
        if f.related_model is Pupil:  # the pupils of a meeting: this one, and only how many others
            others = len([pk for pk in ids if pk != pupil.pk])
            if not others:
                return str(pupil)
            text = ngettext(
                "%(pupil)s en %(count)s andere leerling", "%(pupil)s en %(count)s andere leerlingen", others
            )
            return text % {"pupil": pupil, "count": others}
        return ", ".join(names.get(f.related_model, {}).get(pk, "") for pk in ids) or EMPTY
    value = getattr(obj, f.attname)
    words = IN_WORDS.get(f"{f.model._meta.label}.{f.name}")
    if words is not None:
        return words(type(obj), value) or EMPTY
    if f.is_relation:
        return names.get(f.related_model, {}).get(value, EMPTY) if value is not None else EMPTY
    if f.choices:
        return str(_choices(f).get(value, value)) if value not in (None, "") else EMPTY
    if isinstance(f, models.JSONField):
        return _json(obj, f, value)
    return str(plain(value))


@cache
def _choices(f):
    return dict(f.flatchoices)


def _json(obj, f, value):
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value) if value else EMPTY


def _record(obj, model, columns, names, many, pupil, masker):
    fields = []
    for f, shown_label in columns:
        value = _value(obj, f, names, many, pupil)
        fields.append((f.name, shown_label, masker.mask(model, value)))
    title = masker.mask(model, str(obj)) if model is not Pupil else str(obj)
    return Record(pk=obj.pk, title=title, fields=fields)


class _Masker:
    """Replaces the names of the other pupils discussed in a meeting by '[andere leerling]' in the meeting's
    texts and its actions: the parent sees what was said about her child, not about other children."""

    def __init__(self, pupil, meeting_pupils):
        Meeting = apps.get_model("groupplans.Meeting")
        other_ids = {pk for ids in meeting_pupils.values() for pk in ids if pk != pupil.pk}
        names = set()
        if other_ids:
            for first, prefix, surname in Pupil.objects.filter(pk__in=other_ids).values_list(
                "first_name", "name_prefix", "surname"
            ):
                full = " ".join(part for part in (first, prefix, surname) if part)
                names.update(name for name in (full, f"{first} {surname}", first) if name)
        self.models = {Meeting, apps.get_model("groupplans.Action")}
        self.pattern = (
            re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
            if names
            else None
        )

    def mask(self, model, text):
        if self.pattern is None or model not in self.models or not isinstance(text, str):
            return text
        return self.pattern.sub(str(OTHER_PUPIL), text)


def _attach_history(sections, rows, pupil, paths, masker):
    """Every revision of the exported records, and of records about the pupil deleted since (one query for the
    revisions, one per kind of name they refer to)."""
    models_ = list(rows)
    types = ContentType.objects.get_for_models(*models_)
    condition = Q(pk__in=[])
    for model, objs in rows.items():
        if objs:
            condition |= Q(content_type=types[model], object_id__in=[str(o.pk) for o in objs])
        deleted = _deleted_condition(model, pupil, paths, rows)
        if deleted is not None:
            condition |= Q(content_type=types[model], action=AuditAction.DELETE) & deleted
    revisions = list(Revision.objects.filter(condition).select_related("content_type", "user").order_by("at", "id"))
    # The deleted records' own earlier revisions come with the same ids: fetch them in the same pass.
    gone = {(r.content_type_id, r.object_id) for r in revisions if r.action == AuditAction.DELETE}
    live = {(types[m].pk, str(o.pk)) for m, objs in rows.items() for o in objs}
    gone -= live
    if gone:
        extra = Q(pk__in=[])
        for ct_id, object_id in gone:
            extra |= Q(content_type_id=ct_id, object_id=object_id)
        seen = {r.pk for r in revisions}
        more = Revision.objects.filter(extra).select_related("content_type", "user")
        revisions += [r for r in more if r.pk not in seen]
        revisions.sort(key=lambda r: (r.at, r.id))
    # A creation is shown as "aangemaakt door …" (its values are the record's, or the "old" of the first change):
    # only changes are read, so names are looked up for what changed.
    pairs = [
        (revision, _in_words(revision, diff))
        for revision, diff in history.with_changes(revisions)
        if revision.action != AuditAction.CREATE
    ]
    # A deleted record shows its last stored fields: its delete revision read against nothing.
    last = {}
    for revision in revisions:
        last[(revision.content_type_id, revision.object_id)] = revision
    deleted = [last[key] for key in sorted(gone, key=lambda key: (last[key].at, last[key].id))]
    full = [(r, _in_words(r, {name: (None, value) for name, value in r.data.items()})) for r in deleted]
    # One reading for all of them: one query per kind of name referred to, however many records.
    read = history.readable(pairs + full, hide=("pupil",))
    changes = {revision.pk: rows_ for revision, rows_ in read[: len(pairs)]}
    last_fields = {revision.pk: rows_ for revision, rows_ in read[len(pairs) :]}
    by_object = defaultdict(list)
    for revision in revisions:
        model = revision.content_type.model_class()
        fields = changes.get(revision.pk, [])
        by_object[(model, revision.object_id)].append(
            Change(
                at=revision.at,
                by=str(revision.user) if revision.user_id else revision.user_repr,  # "" when nobody signed in
                action=str(ACTIONS.get(revision.action, revision.get_action_display())),
                fields=_shown_history(model, fields, masker),
            )
        )
    for section in sections:
        model = apps.get_model(section.label)
        for record in section.records:
            record.history = by_object.get((model, str(record.pk)), [])
        for revision in deleted:
            if revision.content_type_id != types[model].pk:
                continue
            fields = [(lbl, lbl, new) for lbl, _old, new in _shown_history(model, last_fields[revision.pk], masker)]
            section.records.append(
                Record(
                    pk=revision.object_id,
                    title=capfirst(str(model._meta.verbose_name)),  # the PDF adds "(verwijderd)"
                    fields=fields,
                    history=by_object[(model, revision.object_id)],
                    deleted=True,
                )
            )


def _shown_history(model, rows_, masker):
    """History lines of ``core.history.readable`` with our labels, other pupils' names masked, and without the
    list of pupils of a meeting (the record says "this pupil and N others")."""
    hidden = {capfirst(str(f.verbose_name)) for f in model._meta.many_to_many if f.related_model is Pupil}
    return [
        (_relabel(model, lbl), masker.mask(model, old), masker.mask(model, new))
        for lbl, old, new in rows_
        if lbl not in hidden
    ]


def _in_words(revision, diff):
    """The diff with stored codes replaced by their words (``IN_WORDS``), before it is read."""
    model = revision.content_type.model_class()
    result = dict(diff)
    for name, (old, new) in diff.items():
        words = IN_WORDS.get(f"{model._meta.label}.{name}") if model else None
        if words is not None:
            # A JSON field's value is read as a list of words (core.history), any other as text.
            wrap = (lambda text: [text]) if isinstance(model._meta.get_field(name), models.JSONField) else str
            result[name] = tuple(None if v is None else wrap(words(model, v)) for v in (old, new))
    return result


def _relabel(model, shown):
    """Our Dutch label for a field that ``core.history.readable`` labelled with the model's own (English when
    the model gives none)."""
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if capfirst(str(f.verbose_name)) == shown:
            return label(f)
    return shown


def _deleted_condition(model, pupil, paths, rows):
    """How to find the revisions of deleted records of ``model`` about the pupil: by the pupil's id in the
    stored data, or by the id of the record it belonged to (a note's conversation). None for a model reached
    through a many-to-many field (a meeting): its deleted rows cannot be told apart by their data."""
    path = paths[model]
    if not path:
        return None
    first = path.split("__")[0]
    f = model._meta.get_field(first)
    if f.many_to_many:
        return None
    if f.related_model is Pupil:
        return Q(**{f"data__{first}": pupil.pk})
    parents = [o.pk for o in rows.get(f.related_model, [])]
    return Q(**{f"data__{first}__in": parents}) if parents else None


def _viewed(pupil, rows):
    """Who viewed, changed or exported the pupil's data: the audit entries about the pupil and her records
    (one query), newest first."""
    types = ContentType.objects.get_for_models(*rows)
    condition = Q(pk__in=[])
    for model, objs in rows.items():
        if objs:
            condition |= Q(content_type=types[model], object_id__in=[str(o.pk) for o in objs])
    entries = AuditEntry.objects.filter(condition).select_related("user").order_by("-at", "-id")
    return [
        Viewed(
            at=entry.at,
            by=str(entry.user) if entry.user_id else (entry.user_repr or _("onbekend")),
            action=entry.get_action_display(),
            what=entry.description or f"{entry.get_action_display()}: {entry.object_repr}",
        )
        for entry in entries
    ]
