"""What falls due under the retention terms, and the daily run that removes it.

- :func:`due` lists, for one school, what is due on or before a date: per pupil who left, each kind of
  record whose term has passed (the dossier, conversations, end results, and at last the pupil with the
  enrolment data), and the contents of old import files and closed coaching trajectories.
- :func:`run` removes what is due in every school, skipping pupils under a legal hold. Pupil data goes
  through the erasure service (``privacy.services.erasure``), which also takes the revisions and
  pseudonymises the audit entries; import file contents are emptied here, as no pupil is erased.
- :func:`shorten_term`, :func:`place_hold` and :func:`end_hold` are what the Bewaartermijnen page writes.

The terms are data (``RetentionTerm``, a school's ``SchoolTerm``); which stored models belong to which kind
follows from ``pupils.datamap``, so a new model with a path to ``Pupil`` is in the dossier by default.
"""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, editguard, history
from pupils.datamap import pupil_paths
from pupils.models import ImportBatch, Pupil
from schools.models import School

from ..models import LegalHold, RecordKind, Removal, RetentionTerm, SchoolTerm, TermStart

# The kinds that remove part of a pupil's records, in the order their terms usually end. The enrolment
# data goes last and takes the pupil (and everything still left) with it.
PUPIL_KINDS = (RecordKind.DOSSIER, RecordKind.CONVERSATIONS, RecordKind.END_RESULTS, RecordKind.ENROLMENT)
# Stored models per kind, by label or app label; every other model with a path to Pupil is dossier.
KIND_MODELS = {
    RecordKind.ENROLMENT: {"pupils.Pupil", "pupils.Enrolment"},
    RecordKind.END_RESULTS: {"pupils.Assessment", "pupils.SecondaryAdvice"},
    RecordKind.CONVERSATIONS: {"conversations"},
}
# Kept until the pupil goes: what this app itself knows of the pupil (holds, what was removed when).
KEPT_APPS = {"privacy"}


def kind_of(model):
    """The kind of record a model with a path to Pupil belongs to."""
    if model._meta.app_label in KEPT_APPS:
        return None
    for kind, names in KIND_MODELS.items():
        if model._meta.label in names or model._meta.app_label in names:
            return kind
    return RecordKind.DOSSIER


def models_of(kind):
    return [model for model in pupil_paths() if kind_of(model) == kind]


def kept_with(kind):
    """The models the removal of ``kind`` keeps: all others, less those whose rows hang (by a cascading foreign
    key) from a row that goes; they would go with it anyway (a need noted in a conversation goes with the need)."""
    paths = pupil_paths()
    going = set(models_of(kind))
    grown = True
    while grown:
        grown = False
        for model in paths:
            if model in going or model is Pupil:
                continue
            links = [
                f
                for f in model._meta.concrete_fields
                if (f.many_to_one or f.one_to_one)
                and f.related_model in going
                and f.remote_field.on_delete is models.CASCADE
            ]
            if links:
                going.add(model)
                grown = True
    return tuple(model for model in paths if model not in going)


def add_months(day, months):
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day where it has none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def school_year_end(day):
    """The last day of the Dutch school year ``day`` falls in: 31 July (the year runs August to July)."""
    return datetime.date(day.year if day.month <= 7 else day.year + 1, 7, 31)


@dataclass(frozen=True)
class Term:
    """A kind's term as it holds for one school: the legal one, or the school's shorter one."""

    kind: str
    months: int
    legal_months: int
    minimum_months: int
    start: str
    basis: str
    source: str
    school_term: SchoolTerm | None = None

    @property
    def label(self):
        return RecordKind(self.kind).label

    @property
    def start_label(self):
        return TermStart(self.start).label

    @property
    def shortened(self):
        return self.months < self.legal_months

    @property
    def may_shorten(self):
        return self.legal_months > self.minimum_months


def terms(school):
    """{kind: Term} for ``school``: two queries."""
    own = {t.term_id: t for t in SchoolTerm.objects.filter(school=school)}
    result = {}
    for term in RetentionTerm.objects.all():
        mine = own.get(term.pk)
        result[term.kind] = Term(
            kind=term.kind,
            months=mine.months if mine else term.months,
            legal_months=term.months,
            minimum_months=term.minimum_months,
            start=term.start,
            basis=term.basis,
            source=term.source,
            school_term=mine,
        )
    return result


@dataclass
class DueItem:
    """One thing that is due: a kind of a pupil's records, or one other record (import file, trajectory)."""

    kind: str
    due_on: datetime.date
    months: int
    started_on: datetime.date  # the day the term started running
    pupil: Pupil | None = None
    record: object = None
    hold: LegalHold | None = None  # set when a legal hold keeps it for now

    @property
    def kind_label(self):
        return RecordKind(self.kind).label

    @property
    def held(self):
        return self.hold is not None

    @property
    def subject(self):
        """Whose or what record, as the page and the command name it."""
        if self.pupil is not None:
            return self.pupil.full_name
        if self.kind == RecordKind.IMPORT_FILES:
            return _("Importbestand %(filename)s") % {"filename": self.record.filename}
        return _("Afgesloten coachingstraject")


def _pupil_start(pupil, term):
    return school_year_end(pupil.date_out) if term.start == TermStart.SCHOOL_YEAR_END else pupil.date_out


def due(school, on=None):
    """What of ``school`` is due on or before ``on`` (default today), oldest first. Pupils under a legal
    hold on ``on`` are listed with their hold (``item.held``), and :func:`run` skips them. A fixed number
    of queries, however many pupils left."""
    on = on or timezone.localdate()
    term_by_kind = terms(school)
    items = []
    pupil_terms = [term_by_kind[kind] for kind in PUPIL_KINDS if kind in term_by_kind]
    if pupil_terms:
        items += _pupil_items(school, on, pupil_terms)
    if RecordKind.IMPORT_FILES in term_by_kind:
        items += _import_items(school, on, term_by_kind[RecordKind.IMPORT_FILES])
    if RecordKind.COACHING in term_by_kind:
        items += _coaching_items(school, on, term_by_kind[RecordKind.COACHING])
    return sorted(items, key=lambda item: (item.due_on, item.subject, item.kind))


def _pupil_items(school, on, pupil_terms):
    # Nobody is due whose earliest term has not passed: the latest leaving day that can be due.
    latest_left = max(add_months(on, -term.months) for term in pupil_terms)
    leavers = list(
        Pupil.objects.filter(school=school, date_out__isnull=False, date_out__lte=latest_left).order_by(
            "date_out", "surname", "first_name"
        )
    )
    ids = [pupil.pk for pupil in leavers]
    done = set(Removal.objects.filter(pupil_id__in=ids).values_list("pupil_id", "kind"))
    holds = {}
    for hold in LegalHold.objects.active(on).filter(pupil_id__in=ids).order_by("-until"):
        holds.setdefault(hold.pupil_id, hold)
    # Conversations and end results are listed only for pupils who have them; the dossier always is (its
    # models are many, and the erasure finds what there is).
    holding = {kind: _holding(kind, ids) for kind in (RecordKind.CONVERSATIONS, RecordKind.END_RESULTS)}
    items = []
    for pupil in leavers:
        found = []
        for term in pupil_terms:
            started = _pupil_start(pupil, term)
            due_on = add_months(started, term.months)
            if term.kind in holding and pupil.pk not in holding[term.kind]:
                continue
            if due_on <= on and (pupil.pk, term.kind) not in done:
                found.append(DueItem(term.kind, due_on, term.months, started, pupil=pupil, hold=holds.get(pupil.pk)))
        # When the enrolment data is due, the pupil goes with everything else: one item says it all.
        whole = [item for item in found if item.kind == RecordKind.ENROLMENT]
        items += whole or found
    return items


def _holding(kind, ids):
    """Which of the pupils ``ids`` have records of ``kind``: one query per model of the kind."""
    found = set()
    for model in models_of(kind):
        path = pupil_paths()[model]
        if "__" not in path and model._meta.get_field(path).many_to_one:
            found |= set(model._default_manager.filter(**{f"{path}_id__in": ids}).values_list(f"{path}_id", flat=True))
    return found


def _import_items(school, on, term):
    cutoff = add_months(on, -term.months)
    batches = (
        ImportBatch.objects.filter(
            school=school,
            status__in=[ImportBatch.Status.APPLIED, ImportBatch.Status.CANCELLED],
            created_at__date__lte=cutoff,
        )
        .exclude(content="")
        .defer("content", "summary")
    )
    items = []
    for batch in batches:
        # The term runs from when the file was read in (or, when cancelled, uploaded).
        started = timezone.localdate(batch.applied_at or batch.created_at)
        due_on = add_months(started, term.months)
        if due_on <= on:
            items.append(DueItem(term.kind, due_on, term.months, started, record=batch))
    return items


def _coaching_items(school, on, term):
    from coaching.models import Trajectory

    closed = Trajectory.objects.filter(
        school=school,
        status=Trajectory.Status.CLOSED,
        end_date__isnull=False,
        end_date__lte=add_months(on, -term.months),
    ).only("pk", "end_date", "school_id")
    return [
        DueItem(
            term.kind, add_months(trajectory.end_date, term.months), term.months, trajectory.end_date, record=trajectory
        )
        for trajectory in closed
    ]


# --- The run ------------------------------------------------------------------------------------------------------


@dataclass
class SchoolRun:
    """What the run found and did at one school."""

    school: School
    items: list
    removed: Counter = field(default_factory=Counter)  # kind -> number removed
    failed: list = field(default_factory=list)  # (item, error text)

    @property
    def skipped(self):
        return [item for item in self.items if item.held]

    @property
    def to_remove(self):
        return [item for item in self.items if not item.held]


def reason_for(item):
    """Why the record goes, as the erasure keeps it with its summary."""
    return _("Bewaartermijn verstreken: %(kind)s, %(months)s maanden, vervallen op %(due)s.") % {
        "kind": item.kind_label,
        "months": item.months,
        "due": f"{item.due_on:%d-%m-%Y}",
    }


def run(on=None, dry_run=True, by=None, schools=None):
    """Remove, in every school (or ``schools``), what is due on ``on``; with ``dry_run`` only list it.

    Each item is removed in a transaction of its own, so one failure leaves the rest of the run standing
    and is reported. Returns a :class:`SchoolRun` per school."""
    on = on or timezone.localdate()
    results = []
    for school in schools if schools is not None else School.objects.order_by("name"):
        result = SchoolRun(school=school, items=due(school, on))
        if not dry_run:
            for item in result.to_remove:
                try:
                    with transaction.atomic():
                        _remove(item, by, on)
                except Exception as error:  # noqa: BLE001 - reported per item; the run goes on
                    result.failed.append((item, str(error)))
                else:
                    result.removed[item.kind] += 1
            if result.removed or result.failed:
                _audit_run(school, result, on, by)
        results.append(result)
    return results


def _remove(item, by, on):
    if item.kind == RecordKind.IMPORT_FILES:
        # Not a pupil's erasure: the file's rows are in the pupils' records already (or were never read in).
        ImportBatch.objects.filter(pk=item.record.pk).update(content="")
        return
    from . import erasure

    reason = reason_for(item)
    if item.kind == RecordKind.COACHING:
        _remove_trajectory(item.record)
    elif item.kind == RecordKind.ENROLMENT:
        erasure.erase_pupil(item.pupil, by=by, reason=reason, on=on)
    else:
        keep = kept_with(item.kind)
        summary = erasure.erase_dossier(item.pupil, by=by, reason=reason, keep=keep, on=on)
        Removal.objects.create(pupil=item.pupil, kind=item.kind, summary=_jsonable(summary))


def _remove_trajectory(trajectory):
    """A closed coaching trajectory with everything that hangs from it (sessions, visits, letters...) and the
    revisions of all of it. Not the erasure's ``erase_record``: a trajectory is about a teacher, not a pupil.
    Its audit entries stay as they are: they name staff, and the coaching ones are on no school's page."""
    collector = Collector(using=router.db_for_write(type(trajectory)))
    collector.collect([trajectory])
    found = {model: [obj.pk for obj in objs] for model, objs in collector.data.items()}
    types = ContentType.objects.get_for_models(*found)
    type(trajectory)._default_manager.filter(pk=trajectory.pk).delete()
    for model, ids in found.items():
        history.forget(types[model], ids)


def _jsonable(summary):
    """What the erasure's summary says, as stored with the removal: rows per model, revisions, audit entries."""
    counts = getattr(summary, "ordered_counts", None)
    if counts is None:
        return {}
    return {
        "counts": counts(),
        "revisions": getattr(summary, "revisions", 0),
        "audit_entries": getattr(summary, "audit_entries", 0),
    }


def _audit_run(school, result, on, by):
    audit.record(
        None,
        audit.AuditAction.DELETE,
        event="privacy.retention_run",
        data={
            "on": on.isoformat(),
            "count": sum(result.removed.values()),
            "kinds": dict(result.removed),
            "failed": len(result.failed),
        },
        school_id=school.pk,
        user=by,
    )


# --- What the Bewaartermijnen page writes --------------------------------------------------------------------------


@transaction.atomic
def shorten_term(school, term, months, version, by, request=None):
    """Set the school's own term for ``term`` (a :class:`RetentionTerm`). ``version`` 0 means the user
    started from the legal term (no own term yet); a colleague who saved one in between makes it stale."""
    if not version:
        try:
            with transaction.atomic():
                own = SchoolTerm.objects.create(school=school, term=term, months=months)
        except IntegrityError as error:
            raise editguard.Stale from error
    else:
        own = SchoolTerm.objects.filter(school=school, term=term).first()
        if own is None:  # a version of a term that is not there (any more): the form is not of now
            raise editguard.Stale
        editguard.claim(own, version)
        own.months = months
        own.save(update_fields=["months", "version"])
    audit.record(
        request,
        audit.AuditAction.CHANGE,
        own,
        event="privacy.retention_term_set",
        data={"kind": term.kind, "months": months, "legal": term.months},
        user=by,
    )
    return own


@transaction.atomic
def place_hold(pupil, until, reason, by, request=None):
    """Keep ``pupil``'s data past its terms until ``until``."""
    hold = LegalHold.objects.create(pupil=pupil, until=until, reason=reason, created_by=by)
    # The reason stays out of the audit data: it may name people, and audit entries outlive the pupil.
    audit.record(
        request,
        audit.AuditAction.CREATE,
        pupil,
        event="privacy.legal_hold_placed",
        data={"until": until.isoformat()},
        school_id=pupil.school_id,
        user=by,
    )
    return hold


@transaction.atomic
def end_hold(hold, version, by, request=None):
    """End a hold now, as of the ``version`` the user saw; :class:`core.editguard.Stale` when a colleague
    ended or changed it in between (nothing is written then)."""
    if hold.ended_at is not None:
        raise editguard.Stale
    editguard.claim(hold, version)
    hold.ended_at, hold.ended_by = timezone.now(), by
    hold.save(update_fields=["ended_at", "ended_by", "version"])
    audit.record(
        request,
        audit.AuditAction.CHANGE,
        hold.pupil,
        event="privacy.legal_hold_ended",
        data={"until": hold.until.isoformat()},
        school_id=hold.pupil.school_id,
        user=by,
    )
