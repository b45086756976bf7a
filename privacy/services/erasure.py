"""Erasure on request (AVG art. 17), and the primitives the retention run uses.

    summary = erase_pupil(pupil, by=coordinator, reason="verzoek van de ouders")
    summary = erase_dossier(pupil, by=None, reason="bewaartermijn verstreken", keep=(Enrolment,))
    summary = erase_record(observation, by=coordinator, reason="onjuist genoteerd")
    preview = plan_pupil(pupil)  # what erase_pupil would remove, without removing it

What goes and what stays is in docs/privacy-erasure.md. In short: every row that ``pupils.datamap``
finds for the pupil (``HANDLING`` says how each kind is treated, and a test fails for a kind that is
not listed), the revisions of each of them (also of records deleted earlier, found by the parent id in
their stored data), the pupil's lines in stored import files, and her name in the free text of her
school's other records. Audit entries stay, pseudonymised: who did what and when is kept, about whom
becomes "gewiste leerling L-…".
"""

import csv
import hashlib
import hmac
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import audit, history
from core.models import AuditAction, AuditEntry, Revision
from core.redaction import Replacer
from pupils.datamap import pupil_paths
from pupils.imports import pupils as pupils_file
from pupils.imports import results as results_file
from pupils.imports.reading import normalise, sniff_delimiter
from pupils.models import Assessment, ImportBatch, Pupil
from schools.models import School

from ..models import LegalHold

# How erasure treats each model with a path to the pupil (pupils.datamap). A new model with such a path
# must be added here (tests/privacy/test_erasure_walk.py fails until it is), after deciding which it is:
ERASE = "erase"  # rows about the pupil go, with their revisions
ERASE_WITH_PARENT = "erase with parent"  # rows go when the record they belong to goes
SHARED = "shared"  # a record about several pupils: goes when she is its only pupil, else she is taken out
HANDLING = {
    "pupils.Pupil": ERASE,  # erase_dossier keeps the pupil row
    "pupils.Enrolment": ERASE,
    "pupils.RemedialAssignment": ERASE,
    "pupils.Assessment": ERASE,
    "pupils.SecondaryAdvice": ERASE,
    "pupils.Observation": ERASE,
    "pupils.Factor": ERASE,
    "pupils.EducationalNeed": ERASE,
    "pupils.CareLevelChange": ERASE,
    "groupplans.Placement": ERASE,
    "groupplans.IndividualPlan": ERASE,
    "groupplans.Goal": ERASE_WITH_PARENT,  # of an individual plan
    # A meeting that discussed other pupils too stays for them, without her; its actions stay with it
    # (an action is the meeting's, not one pupil's) with her name taken out of their text.
    "groupplans.Meeting": SHARED,
    "groupplans.Action": ERASE_WITH_PARENT,
    "conversations.Conversation": ERASE,
    "conversations.ConversationNeed": ERASE_WITH_PARENT,
    "conversations.Note": ERASE_WITH_PARENT,
    "conversations.ScaleAnswer": ERASE_WITH_PARENT,
    "conversations.AskedQuestion": ERASE_WITH_PARENT,
    "conversations.Agreement": ERASE_WITH_PARENT,
    # The retention run's own bookkeeping about her goes with her; erasing is refused while a hold runs
    # (refuse_under_hold), so a hold erased here has ended.
    "privacy.LegalHold": ERASE,
    "privacy.Removal": ERASE,
}

# Import files: which lines are the pupil's, and which kind of erased data takes them along.
IMPORT_KINDS = {ImportBatch.Kind.PUPILS: Pupil, ImportBatch.Kind.RESULTS: Assessment}


def _column_names(key):
    return {name for module in (pupils_file, results_file) for c in module.COLUMNS if c.key == key for name in c.names}


NUMBER_COLUMNS = _column_names("leerlingnummer")
FIRST_NAME_COLUMNS = _column_names("voornaam")
SURNAME_COLUMNS = _column_names("achternaam")


def pseudonym(pupil_id):
    """'gewiste leerling L-7F3A9C': the same for the same pupil every time (a keyed hash of her id), so
    entries about her still read as one person; without the key it leads back to no one."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"pupil:{pupil_id}".encode(), hashlib.sha256).hexdigest()
    return _("gewiste leerling L-%(code)s") % {"code": digest[:6].upper()}


def name_variants(pupil):
    """How the pupil's name appears in free text: in full, without the prefix, surname first."""
    first, prefix, surname = pupil.first_name.strip(), pupil.name_prefix.strip(), pupil.surname.strip()
    variants = {pupil.full_name, f"{first} {surname}", f"{surname}, {first}"}
    if prefix:
        variants |= {f"{prefix} {surname}, {first}", f"{surname}, {first} {prefix}"}
    return sorted(v for v in variants if v.strip(" ,"))


@dataclass
class Summary:
    """What an erasure removed (or, from ``plan_*``, would remove)."""

    pupil_id: int
    pseudonym: str
    counts: Counter = field(default_factory=Counter)  # model label -> rows erased
    meetings_left: int = 0  # meetings that stay for other pupils, without her
    revisions: int = 0
    audit_entries: int = 0
    texts: int = 0  # rows of other records whose text named her
    import_rows: int = 0
    name_shared: bool = False  # another pupil of the school has the same name: free text was left alone

    @property
    def total(self):
        return sum(self.counts.values())

    def ordered_counts(self):
        """{label: count} in the datamap's order (the pupil first), without zeros."""
        order = [model._meta.label for model in pupil_paths()]
        return {label: self.counts[label] for label in order if self.counts.get(label)}


# --- Which rows --------------------------------------------------------------------------------------------------


def _cascading_links(model, among):
    """The foreign keys of ``model`` to models in ``among`` that take a row along when its target goes."""
    return [
        f
        for f in model._meta.concrete_fields
        if (f.many_to_one or f.one_to_one) and f.related_model in among and f.remote_field.on_delete is models.CASCADE
    ]


def _shared_link(model):
    """The many-to-many field by which a shared record (a meeting) names its pupils."""
    return next(f for f in model._meta.many_to_many if f.related_model is Pupil)


def _stored_ids(model, content_type, link, parent_ids):
    """Ids of ``model`` rows, existing or deleted earlier, whose stored revisions point at ``parent_ids``."""
    found = set()
    parent_ids = list(parent_ids)
    for start in range(0, len(parent_ids), 500):
        chunk = parent_ids[start : start + 500]
        found.update(
            Revision.objects.filter(content_type=content_type, **{f"data__{link.name}__in": chunk}).values_list(
                "object_id", flat=True
            )
        )
    return {model._meta.pk.to_python(pk) for pk in found}


class _Plan:
    """The rows to erase, by model: ``ids[model]`` (existing and deleted-earlier ones alike), and the shared
    records that stay without her (``left[model]``)."""

    def __init__(self, pupil, seed, keep=()):
        self.pupil = pupil
        self.paths = pupil_paths()
        self.types = ContentType.objects.get_for_models(*self.paths)
        self.keep = set(keep)
        self.ids = defaultdict(set)
        self.left = defaultdict(set)
        self._check_keep()
        for model, ids in seed.items():
            self.ids[model] |= set(ids)
        self._follow()

    def _check_keep(self):
        # A kept kind whose rows hang from an erased kind would go with it by cascade.
        for model in self.keep:
            for link in _cascading_links(model, self.paths):
                if link.related_model is not Pupil and link.related_model not in self.keep:
                    raise ValueError(f"{model._meta.label} cannot be kept without {link.related_model._meta.label}")

    def _follow(self):
        # Every kind whose rows belong to a row already in the plan, until nothing is added.
        changed = True
        while changed:
            changed = False
            for model in self.paths:
                if model in self.keep or model is Pupil:
                    continue
                before = len(self.ids[model])
                for link in _cascading_links(model, self.paths):
                    parent_ids = self.ids.get(link.related_model)
                    if not parent_ids:
                        continue
                    existing = model._default_manager.filter(**{f"{link.name}__in": parent_ids})
                    self.ids[model] |= set(existing.values_list("pk", flat=True))
                    self.ids[model] |= _stored_ids(model, self.types[model], link, parent_ids)
                changed |= len(self.ids[model]) != before

    def add_shared(self, pupil):
        """Shared records (meetings) naming the pupil: erased when she is their only pupil, else left."""
        for model in self.paths:
            if HANDLING.get(model._meta.label) != SHARED or model in self.keep:
                continue
            link = _shared_link(model)
            # Counted apart from the filter on her: in one join the count would only ever see her.
            hers = model._default_manager.filter(**{link.name: pupil}).values("pk")
            rows = model._default_manager.filter(pk__in=hers).annotate(pupil_count=Count(link.name))
            for pk, pupil_count in rows.values_list("pk", "pupil_count"):
                (self.ids if pupil_count == 1 else self.left)[model].add(pk)
        self._follow()

    def existing(self, model):
        return model._default_manager.filter(pk__in=self.ids[model])

    def counts(self):
        # Deleted-earlier records are no longer there to count: what a person would call erased.
        return Counter({model._meta.label: self.existing(model).count() for model in self.paths if self.ids.get(model)})


def _plan_pupil(pupil, keep=()):
    seed = {} if Pupil in keep else {Pupil: {pupil.pk}}
    plan = _Plan(pupil, seed, keep)
    if Pupil in keep:  # the dossier: her own records go, the pupil row stays
        for model in plan.paths:
            if model in keep or model is Pupil:
                continue
            for link in _cascading_links(model, {Pupil}):
                plan.ids[model] |= set(model._default_manager.filter(**{link.name: pupil}).values_list("pk", flat=True))
                plan.ids[model] |= _stored_ids(model, plan.types[model], link, [pupil.pk])
        plan._follow()
    plan.add_shared(pupil)
    return plan


def plan_pupil(pupil):
    """What :func:`erase_pupil` would remove: a :class:`Summary` with ``counts`` only."""
    plan = _plan_pupil(pupil)
    return Summary(pupil.pk, pseudonym(pupil.pk), plan.counts(), meetings_left=sum(map(len, plan.left.values())))


def plan_dossier(pupil, keep=()):
    """What :func:`erase_dossier` would remove (for the retention run's ``--dry-run``)."""
    plan = _plan_pupil(pupil, {Pupil, *keep})
    return Summary(pupil.pk, pseudonym(pupil.pk), plan.counts(), meetings_left=sum(map(len, plan.left.values())))


def plan_record(obj):
    """What :func:`erase_record` would remove."""
    plan = _Plan(_pupil_of(obj), {type(obj): {obj.pk}})
    return Summary(plan.pupil.pk, pseudonym(plan.pupil.pk), plan.counts())


def _pupil_of(obj):
    """The one pupil a record is about; shared records (a meeting about several pupils) are not erased one
    by one, as they are about others too."""
    model = type(obj)
    if model is Pupil or model._meta.label not in HANDLING:
        raise ValueError(f"{model._meta.label} is not a record of one pupil")
    path = pupil_paths()[model]
    if any(f.many_to_many for f in _fields_on(model, path)):
        raise ValueError(f"{model._meta.label} is shared by several pupils")
    return Pupil.objects.get(pk=model._default_manager.filter(pk=obj.pk).values_list(path, flat=True).get())


def _fields_on(model, path):
    for name in path.split("__"):
        found = model._meta.get_field(name)
        yield found
        model = found.related_model


# --- Erasing ---------------------------------------------------------------------------------------------------


def _erase(plan, summary, *, replacer):
    pupil = plan.pupil
    summary.counts = plan.counts()
    for model, ids in plan.left.items():  # shared records stay without her
        link = _shared_link(model)
        link.remote_field.through.objects.filter(
            **{f"{link.m2m_field_name()}__in": ids, link.m2m_reverse_field_name(): pupil.pk}
        ).delete()
        summary.meetings_left += len(ids)
        history.redact(
            Revision.objects.filter(content_type=plan.types[model], object_id__in=[str(pk) for pk in ids]),
            lambda data, name=link.name: (
                {**data, name: [pk for pk in data.get(name) or [] if pk != pupil.pk]} if name in data else data
            ),
        )
    for model in reversed(list(plan.paths)):  # children before the records they belong to
        if plan.ids.get(model):
            plan.existing(model).delete()
    for model, ids in plan.ids.items():
        summary.revisions += history.forget(plan.types[model], ids)
        entries = AuditEntry.objects.filter(content_type=plan.types[model], object_id__in=[str(pk) for pk in ids])
        shown = summary.pseudonym if model is Pupil else f"{model._meta.verbose_name} ({summary.pseudonym})"
        summary.audit_entries += audit.pseudonymise(entries, replacer.pairs, object_repr=shown)


def _import_lines(pupil, kinds):
    """Take the pupil's lines out of the school's stored import files of ``kinds``; the header stays."""
    removed = 0
    number = pupil.source_id.strip().casefold()
    first, surname = pupil.first_name.strip().casefold(), pupil.surname.strip().casefold()
    for batch in ImportBatch.objects.filter(school_id=pupil.school_id, kind__in=kinds):
        lines = batch.content.splitlines(keepends=True)
        header_at = next((i for i, line in enumerate(lines) if line.strip()), None)
        if header_at is None:
            continue
        delimiter = sniff_delimiter(lines[header_at].strip("\r\n")) or ";"
        header = [normalise(cell) for cell in next(csv.reader([lines[header_at]], delimiter=delimiter))]

        def hers(line, header=header, delimiter=delimiter):
            try:
                cells = next(csv.reader([line], delimiter=delimiter), [])
            except csv.Error:
                cells = line.split(delimiter)
            by_column = defaultdict(set)
            for name, cell in zip(header, cells, strict=False):
                by_column[name].add(cell.strip().casefold())

            def has(columns, value):
                return bool(value) and any(value in by_column[c] for c in columns)

            return has(NUMBER_COLUMNS, number) or (has(FIRST_NAME_COLUMNS, first) and has(SURNAME_COLUMNS, surname))

        kept = lines[: header_at + 1] + [line for line in lines[header_at + 1 :] if not hers(line)]
        if len(kept) != len(lines):
            removed += len(lines) - len(kept)
            ImportBatch.objects.filter(pk=batch.pk).update(content="".join(kept))
    return removed


def school_models():
    """{model: [lookups to its school]} for every model whose rows belong to one school, found by walking
    foreign keys back from ``School``: the free text that may name a pupil (plans, meetings, reports...).
    Every link counts (a goal belongs to an instruction group or to an individual plan). Not the datamap:
    this is the school's reach, not the pupil's."""
    paths = {School: ["pk"]}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model is School or model._meta.app_label in ("core", "auth", "contenttypes", "sessions", "admin"):
                continue
            found = list(paths.get(model, []))
            for link in model._meta.concrete_fields:
                target = link.related_model if (link.many_to_one or link.one_to_one) else None
                if target is None or target is model or target not in paths:
                    continue
                rest = paths[target][0]
                lookup = link.name if rest == "pk" else f"{link.name}__{rest}"
                if lookup not in found:
                    found.append(lookup)
            if found and found != paths.get(model):
                paths[model] = found
                changed = True
    return paths


def _text_columns(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
    ]


def _scrub_texts(school_id, replacer):
    """Replace her name in every text column of every row of her school, and in those rows' revisions."""
    changed = 0
    needles = replacer.needles()
    for model, lookups in school_models().items():
        columns = _text_columns(model)
        if not columns:
            continue
        of_school = Q()
        for lookup in lookups:
            of_school |= Q(**{lookup: school_id})
        rows = model._default_manager.filter(pk__in=model._default_manager.filter(of_school).values("pk"))
        named = Q()
        for column in columns:
            for needle in needles:
                named |= Q(**{f"{column.name}__icontains": needle})
        has_version = any(f.name == "version" for f in model._meta.concrete_fields)
        for row in rows.filter(named):
            fields = {}
            for column in columns:
                value = getattr(row, column.attname)
                new = replacer.json(value) if isinstance(column, models.JSONField) else replacer.text(value)
                if new != value:
                    fields[column.attname] = new
            if fields:
                if has_version:  # an edit form opened before this sees that the text changed
                    fields["version"] = F("version") + 1
                model._default_manager.filter(pk=row.pk).update(**fields)
                changed += 1
        # Revisions of the school's rows that name her: few, so found by their text first.
        content_type = ContentType.objects.get_for_model(model)
        named = Q()
        for needle in needles:
            named |= Q(data__icontains=needle)
        revisions = list(Revision.objects.filter(named, content_type=content_type))
        ids = {model._meta.pk.to_python(r.object_id) for r in revisions}
        ours = {str(pk) for pk in rows.filter(pk__in=ids).values_list("pk", flat=True)}
        history.redact([r for r in revisions if r.object_id in ours], replacer.json)
    return changed


def name_is_shared(pupil):
    """Whether another pupil of her school has the same first name and surname."""
    others = Pupil.objects.filter(school_id=pupil.school_id).exclude(pk=pupil.pk)
    return others.filter(first_name__iexact=pupil.first_name, surname__iexact=pupil.surname).exists()


class UnderLegalHold(Exception):
    """Erasing is refused while a legal hold keeps the pupil's data (AVG art. 17 lid 3 sub e): the data
    are kept for a claim or complaint that still runs. The hold must be ended first."""

    def __init__(self, hold):
        self.hold = hold
        super().__init__(
            _(
                "De bewaartermijn van deze leerling is verlengd tot en met %(until)s (%(reason)s). "
                "Beëindig die verlenging op de pagina Bewaartermijnen voordat je iets van deze leerling wist."
            )
            % {"until": date_format(hold.until, "j F Y"), "reason": hold.reason}
        )


def active_hold(pupil, on=None):
    """The hold that keeps ``pupil``'s data on ``on`` (today), or None."""
    on = on or timezone.localdate()
    return LegalHold.objects.active(on).filter(pupil=pupil).order_by("-until").first()


def _locked_unheld(pupil, on):
    """``pupil`` locked for the erasure, after checking no hold runs on ``on`` (today; the retention run's
    day when it runs for another date). The lock comes first: a hold placed by a colleague in the same
    moment waits for the erasure, or the erasure sees it."""
    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    hold = active_hold(pupil, on)
    if hold is not None:
        raise UnderLegalHold(hold)
    return pupil


class _Names(Replacer):
    def __init__(self, pairs):
        self.pairs = list(pairs)
        super().__init__(self.pairs)


def _finish(summary, *, event, by, reason, school_id, replacer):
    audit.record(
        None,
        AuditAction.DELETE,
        event=event,
        data={
            "pupil": summary.pseudonym,
            "counts": summary.ordered_counts(),
            "reason": replacer.text(reason)[:500],
            "revisions": summary.revisions,
            "audit_entries": summary.audit_entries,
            "texts": summary.texts,
            "import_rows": summary.import_rows,
        },
        school_id=school_id,
        user=by,
    )
    return summary


@transaction.atomic
def erase_pupil(pupil, *, by, reason, on=None):
    """Remove everything about ``pupil`` (docs/privacy-erasure.md). ``by`` is the coordinator, or None for
    the retention run. Refused with :class:`UnderLegalHold` while a hold runs."""
    pupil = _locked_unheld(pupil, on)
    summary = Summary(pupil.pk, pseudonym(pupil.pk))
    summary.name_shared = name_is_shared(pupil)
    # With a namesake at school the name in free text may be hers: it is left (and the page says so).
    names = _Names([] if summary.name_shared else [(name, summary.pseudonym) for name in name_variants(pupil)])
    plan = _plan_pupil(pupil)
    school_id = pupil.school_id
    summary.import_rows = _import_lines(pupil, list(IMPORT_KINDS))
    _erase(plan, summary, replacer=names)
    if names:
        summary.texts = _scrub_texts(school_id, names)
        summary.audit_entries += _scrub_audit(school_id, names)
    return _finish(summary, event="privacy.pupil_erased", by=by, reason=reason, school_id=school_id, replacer=names)


@transaction.atomic
def erase_dossier(pupil, *, by, reason, keep=(), on=None):
    """Remove the pupil's records except those of the models in ``keep``; the pupil row stays (the retention
    run drops the care dossier first and the enrolment data later). Her name in free text stays: she is
    still on the school's lists. Refused with :class:`UnderLegalHold` while a hold runs."""
    pupil = _locked_unheld(pupil, on)
    keep = {Pupil, *keep}
    summary = Summary(pupil.pk, pseudonym(pupil.pk))
    names = _Names([])
    plan = _plan_pupil(pupil, keep)
    summary.import_rows = _import_lines(pupil, [kind for kind, model in IMPORT_KINDS.items() if model not in keep])
    _erase(plan, summary, replacer=names)
    return _finish(
        summary, event="privacy.dossier_erased", by=by, reason=reason, school_id=pupil.school_id, replacer=names
    )


@transaction.atomic
def erase_record(obj, *, by, reason, on=None):
    """Remove one record about a pupil (an observation, a need, a conversation...) with the records that
    belong to it (a conversation's notes), their revisions, and its text in the audit log. Refused with
    :class:`UnderLegalHold` while a hold runs: the record may be what the claim is about."""
    pupil = _locked_unheld(_pupil_of(obj), on)
    summary = Summary(pupil.pk, pseudonym(pupil.pk))
    names = _Names([])
    plan = _Plan(pupil, {type(obj): {obj.pk}})
    _erase(plan, summary, replacer=names)
    return _finish(
        summary, event="privacy.record_erased", by=by, reason=reason, school_id=pupil.school_id, replacer=names
    )


def _scrub_audit(school_id, replacer):
    """Her name in entries of the school about other things: searches, group moves, imports."""
    named = Q()
    for needle in replacer.needles():
        for column in ("object_repr", "path", "detail", "data"):
            named |= Q(**{f"{column}__icontains": needle})
    return audit.pseudonymise(AuditEntry.objects.filter(school_id=school_id).filter(named), replacer.pairs)


# --- One record, as the coordinator picks it ---------------------------------------------------------------------


def kind_slug(model):
    return f"{model._meta.app_label}-{model._meta.model_name}"


def erasable_kinds():
    """{slug: model} of the records the coordinator can erase one by one: every kind of record that
    belongs to the pupil directly (a conversation takes its notes along)."""
    return {
        kind_slug(model): model
        for model in pupil_paths()
        if HANDLING.get(model._meta.label) == ERASE and model is not Pupil
    }


def records_of(pupil):
    """[(model, [records])] of the pupil, per kind in the datamap's order; one query per kind."""
    result = []
    for model in erasable_kinds().values():
        related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name != "pupil"]
        rows = list(model._default_manager.filter(pupil=pupil).select_related(*related))
        if rows:
            result.append((model, rows))
    return result


def record_of(pupil, kind, pk):
    """The pupil's record of ``kind`` (a slug of :func:`erasable_kinds`) with id ``pk``, or None."""
    model = erasable_kinds().get(kind)
    if model is None:
        return None
    return model._default_manager.filter(pupil=pupil, pk=pk).first()
