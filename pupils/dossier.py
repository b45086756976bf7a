"""A pupil's dossier, gathered once for the page, the PDF and the JSON export.

    dossier = build_dossier(pupil, request.user, request.school)
    data = to_json(dossier)          # the export for a parent's access request

The caller has fetched ``pupil`` through ``schools.access.pupils``: whoever may
read the pupil may read all of the pupils app's records about her. Every part
is one query (``QUERIES``), whatever the number of years and results; the
timeline providers of this app reuse the rows loaded here (``records``), so the
timeline costs no second round of the same queries. The JSON structure is
documented in docs/dossier.md; change both together.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import charts
from core.models import Revision
from schools import access

from . import timeline
from .models import (
    CARE_LEVELS,
    Assessment,
    CareLevelChange,
    EducationalNeed,
    Enrolment,
    Factor,
    InstrumentKind,
    Observation,
    Pupil,
    RemedialAssignment,
    ScaleLevel,
    SecondaryAdvice,
)

SCHEMA = "wat-helpt/leerlingdossier"
SCHEMA_VERSION = 1
CHART_SIZE = {"width": 640, "height": 220}


# --- One query per kind of record --------------------------------------------------------------------------------


def _enrolments(pupil, user, school):
    visible = access.groups(user, school).filter(pk=OuterRef("group_id"))
    return (
        Enrolment.objects.filter(pupil=pupil)
        .select_related("group", "school_year")
        .prefetch_related("group__teachers")
        .annotate(group_visible=Exists(visible))
        .order_by("-school_year__start_date")
    )


QUERIES = {
    "enrolments": _enrolments,
    "care_level_changes": lambda pupil, user, school: (
        CareLevelChange.objects.filter(pupil=pupil).select_related("author").order_by("-created_at", "-id")
    ),
    "needs": lambda pupil, user, school: (
        EducationalNeed.objects.filter(pupil=pupil)
        .select_related("author", "subject", "period__school_year")
        .order_by("-is_open", "category", "-created_at", "-id")
    ),
    "factors": lambda pupil, user, school: (
        Factor.objects.filter(pupil=pupil)
        .select_related("author")
        .order_by("kind", "-is_current", "-created_at", "-id")
    ),
    "observations": lambda pupil, user, school: (
        Observation.objects.filter(pupil=pupil).select_related("author").order_by("-date", "-id")
    ),
    "assessments": lambda pupil, user, school: (
        Assessment.objects.filter(pupil=pupil)
        .select_related("instrument__scale", "subject", "level")
        .order_by("subject__order", "subject__name", "date", "instrument__name", "id")
    ),
    "advice": lambda pupil, user, school: (
        SecondaryAdvice.objects.filter(pupil=pupil).select_related("school_year").order_by("school_year__start_date")
    ),
    "remedial": lambda pupil, user, school: (
        RemedialAssignment.objects.filter(pupil=pupil).select_related("staff").order_by("-start_date", "-id")
    ),
}

_CACHE_ATTR = "_dossier_records"


def records(pupil, user, school, name):
    """The rows of ``QUERIES[name]`` for this pupil and user: loaded once per pupil object."""
    cache = pupil.__dict__.setdefault(_CACHE_ATTR, {})
    key = (name, getattr(user, "pk", None), getattr(school, "pk", None))
    if key not in cache:
        cache[key] = list(QUERIES[name](pupil, user, school))
    return cache[key]


# --- What the page, the PDF and the JSON show --------------------------------------------------------------------


ARROWS = {"up": "↑", "down": "↓", "same": "="}
DIRECTION_LABELS = {
    "up": gettext_lazy("hoger dan de vorige keer"),
    "down": gettext_lazy("lager dan de vorige keer"),
    "same": gettext_lazy("gelijk aan de vorige keer"),
}


@dataclass
class ResultRow:
    assessment: Assessment
    direction: str | None  # "up", "down", "same" against the previous result of the same test, or None
    arrow: str = ""
    direction_label: str = ""

    def __post_init__(self):
        if self.direction:
            self.arrow, self.direction_label = ARROWS[self.direction], str(DIRECTION_LABELS[self.direction])


@dataclass
class Chart:
    title: str
    svg: str


@dataclass
class SubjectResults:
    subject: object
    rows: list
    charts: list


@dataclass
class Dossier:
    pupil: Pupil
    user: object
    school: object
    generated_at: datetime.datetime
    enrolments: list
    current: Enrolment | None
    care_level_label: str
    care_level_changes: list
    open_needs: list
    closed_needs: list
    stimulating: list
    hindering: list
    observations: list
    assessments: list
    subjects: list
    advice: list
    show_advice: bool
    remedial: list
    timeline: list = field(default_factory=list)

    @property
    def teachers(self):
        return list(self.current.group.teachers.all()) if self.current else []

    @property
    def needs(self):
        return self.open_needs + self.closed_needs

    @property
    def factors(self):
        return self.stimulating + self.hindering


def build_dossier(pupil, user, school):
    """Everything the school holds about ``pupil`` that ``user`` may read, in a fixed number of queries."""
    today = timezone.localdate()
    rows = {name: records(pupil, user, school, name) for name in QUERIES}
    enrolments = rows["enrolments"]
    current = next((e for e in enrolments if e.school_year.start_date <= today <= e.school_year.end_date), None)
    needs, factors = rows["needs"], rows["factors"]
    levels = _scale_levels(rows["assessments"])
    dossier = Dossier(
        pupil=pupil,
        user=user,
        school=school,
        generated_at=timezone.now(),
        enrolments=enrolments,
        current=current,
        care_level_label=str(dict(CARE_LEVELS).get(pupil.care_level, pupil.care_level)),
        care_level_changes=rows["care_level_changes"],
        open_needs=[n for n in needs if n.is_open],
        closed_needs=[n for n in needs if not n.is_open],
        stimulating=[f for f in factors if f.kind == Factor.Kind.STIMULATING],
        hindering=[f for f in factors if f.kind == Factor.Kind.HINDERING],
        observations=rows["observations"],
        assessments=rows["assessments"],
        subjects=_subjects(rows["assessments"], levels),
        advice=rows["advice"],
        show_advice=bool(rows["advice"]) or (current is not None and current.year_level == 8),
        remedial=rows["remedial"],
    )
    dossier.timeline = timeline.for_pupil(pupil, user, school)
    return dossier


def _scale_levels(assessments):
    """All levels of the scales the results use, by scale id (one query, none without levels)."""
    scale_ids = {a.level.scale_id for a in assessments if a.level_id}
    by_scale = defaultdict(list)
    if scale_ids:
        for level in ScaleLevel.objects.filter(scale_id__in=scale_ids).order_by("rank"):
            by_scale[level.scale_id].append(level)
    return by_scale


def _direction(previous, current):
    if previous is None:
        return None
    pairs = [
        (previous.level.rank if previous.level_id else None, current.level.rank if current.level_id else None),
        (previous.score, current.score),
        (previous.percentage, current.percentage),
    ]
    for before, now in pairs:
        if before is not None and now is not None:
            return "up" if now > before else "down" if now < before else "same"
    return None


def _subjects(assessments, levels):
    grouped = {}
    for assessment in assessments:  # ordered by subject, then date
        grouped.setdefault(assessment.subject_id, (assessment.subject, []))[1].append(assessment)
    result = []
    for subject, items in grouped.values():
        previous, rows = {}, []
        for item in items:
            rows.append(ResultRow(item, _direction(previous.get(item.instrument_id), item)))
            previous[item.instrument_id] = item
        result.append(SubjectResults(subject, rows, _charts(subject, items, levels)))
    return result


def _x_labels(assessments):
    """A label per result: the moment (M5, E5, ...), with the year when a moment occurs in two school years
    (a pupil who repeated a year); the month for results without a moment."""
    years = defaultdict(set)
    for a in assessments:
        if a.moment:
            years[a.moment].add(a.date.year)
    return {
        a.pk: (f"{a.moment} ({a.date:%Y})" if len(years[a.moment]) > 1 else a.moment) if a.moment else f"{a.date:%m-%Y}"
        for a in assessments
    }


def _series(assessments, value, labels):
    by_instrument = {}
    for a in assessments:
        by_instrument.setdefault(a.instrument.name, []).append((labels[a.pk], value(a), a.result_display))
    return list(by_instrument.items())


def _charts(subject, assessments, levels):
    """The growth chart(s) of one subject: skill scores of the monitoring tests per moment, or, where only levels
    exist, the level rank per scale with the levels below the norm as a band."""
    scored = [a for a in assessments if a.instrument.kind == InstrumentKind.MONITORING and a.score is not None]
    if scored:
        labels = _x_labels(scored)
        title = _("%(subject)s: vaardigheidsscore per toetsmoment") % {"subject": subject.name}
        svg = charts.line_chart(
            _series(scored, lambda a: a.score, labels),
            x_labels=list(dict.fromkeys(labels[a.pk] for a in sorted(scored, key=lambda a: a.date))),
            y_label=_("vaardigheidsscore"),
            title=title,
            chart_id=f"groei-{subject.code}",
            **CHART_SIZE,
        )
        return [Chart(title, svg)]
    leveled = [
        a
        for a in assessments
        if a.level_id and a.instrument.kind in (InstrumentKind.MONITORING, InstrumentKind.READING_LEVEL)
    ]
    by_scale = {}
    for a in leveled:
        by_scale.setdefault(a.level.scale_id, []).append(a)
    result = []
    for scale_id, items in by_scale.items():
        scale = items[0].instrument.scale
        scale_levels = levels.get(scale_id, [])
        below = [lvl.rank for lvl in scale_levels if lvl.below_norm]
        bands = [(min(below) - 0.5, max(below) + 0.5, _("onder de norm"), "#f6e0e0")] if below else []
        labels = _x_labels(items)
        title = _("%(subject)s: niveau (%(scale)s)") % {"subject": subject.name, "scale": scale.name}
        svg = charts.line_chart(
            _series(items, lambda a: a.level.rank, labels),
            x_labels=list(dict.fromkeys(labels[a.pk] for a in sorted(items, key=lambda a: a.date))),
            y_label=_("niveau"),
            y_ticks=[(lvl.rank, lvl.code) for lvl in scale_levels],
            bands=bands,
            title=title,
            chart_id=f"groei-{subject.code}-{scale.code}",
            **CHART_SIZE,
        )
        result.append(Chart(title, svg))
    return result


# --- The export for an access request ----------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value is not None else None


def _person(user):
    return str(user) if user is not None else None


def _revisions(dossier):
    """Every stored revision of the pupil and her records, deleted records included (one query)."""
    pupil = dossier.pupil
    models = [Pupil, Enrolment, RemedialAssignment, Assessment, SecondaryAdvice, Observation, Factor]
    models += [EducationalNeed, CareLevelChange]
    types = ContentType.objects.get_for_models(*models)
    owned = {
        Pupil: [pupil],
        Enrolment: dossier.enrolments,
        RemedialAssignment: dossier.remedial,
        Assessment: dossier.assessments,
        SecondaryAdvice: dossier.advice,
        Observation: dossier.observations,
        Factor: dossier.factors,
        EducationalNeed: dossier.needs,
        CareLevelChange: dossier.care_level_changes,
    }
    condition = Q(content_type__in=[types[m] for m in models if m is not Pupil], data__pupil=pupil.pk)
    for model, objects in owned.items():
        if objects:
            condition |= Q(content_type=types[model], object_id__in=[str(o.pk) for o in objects])
    grouped = defaultdict(list)
    for revision in Revision.objects.filter(condition).order_by("at", "id"):
        grouped[(revision.content_type_id, revision.object_id)].append(
            {
                "at": _iso(revision.at),
                "by": revision.user_repr,
                "action": revision.action,
                "data": revision.data,
            }
        )
    return types, owned, grouped


def to_json(dossier):
    """The whole dossier as plain JSON-ready data (schema: docs/dossier.md)."""
    types, owned, grouped = _revisions(dossier)
    listed = set()

    def history(obj):
        key = (types[type(obj)].pk, str(obj.pk))
        listed.add(key)
        return grouped.get(key, [])

    pupil = dossier.pupil
    member = access.membership(dossier.user, dossier.school)
    data = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": _iso(dossier.generated_at),
        "exported_by": {
            "username": dossier.user.get_username(),
            "name": _person(dossier.user),
            "role": member.role if member else None,
        },
        "school": {"id": dossier.school.pk, "name": dossier.school.name, "brin": dossier.school.brin},
        "pupil": {
            "id": pupil.pk,
            "first_name": pupil.first_name,
            "name_prefix": pupil.name_prefix,
            "surname": pupil.surname,
            "full_name": pupil.full_name,
            "date_of_birth": _iso(pupil.date_of_birth),
            "pupil_number": pupil.source_id,
            "date_in": _iso(pupil.date_in),
            "date_out": _iso(pupil.date_out),
            "care_level": pupil.care_level,
            "care_level_label": dossier.care_level_label,
            "revisions": history(pupil),
        },
        "enrolments": [
            {
                "id": e.pk,
                "school_year": e.school_year.name,
                "start_date": _iso(e.school_year.start_date),
                "end_date": _iso(e.school_year.end_date),
                "group": e.group.name,
                "year_level": e.year_level,
                "teachers": [str(t) for t in e.group.teachers.all()],
                "current": e == dossier.current,
                "revisions": history(e),
            }
            for e in dossier.enrolments
        ],
        "remedial_assignments": [
            {
                "id": r.pk,
                "remedial_teacher": _person(r.staff),
                "subject": r.subject,
                "start_date": _iso(r.start_date),
                "end_date": _iso(r.end_date),
                "revisions": history(r),
            }
            for r in dossier.remedial
        ],
        "care_level_changes": [
            {
                "id": c.pk,
                "level": c.level,
                "level_label": c.get_level_display(),
                "reason": c.reason,
                "author": _person(c.author),
                "created_at": _iso(c.created_at),
                "revisions": history(c),
            }
            for c in dossier.care_level_changes
        ],
        "educational_needs": [
            {
                "id": n.pk,
                "category": n.category,
                "category_label": n.get_category_display(),
                "text": n.text,
                "goal": n.goal,
                "sentence": str(n.sentence),
                "subject": n.subject.code if n.subject_id else None,
                "source": n.source,
                "period": str(n.period) if n.period_id else None,
                "is_open": n.is_open,
                "author": _person(n.author),
                "created_at": _iso(n.created_at),
                "revisions": history(n),
            }
            for n in dossier.needs
        ],
        "factors": [
            {
                "id": f.pk,
                "kind": f.kind,
                "kind_label": f.get_kind_display(),
                "text": f.text,
                "is_current": f.is_current,
                "author": _person(f.author),
                "created_at": _iso(f.created_at),
                "revisions": history(f),
            }
            for f in dossier.factors
        ],
        "observations": [
            {
                "id": o.pk,
                "date": _iso(o.date),
                "kind": o.kind,
                "kind_label": o.get_kind_display(),
                "text": o.text,
                "author": _person(o.author),
                "created_at": _iso(o.created_at),
                "revisions": history(o),
            }
            for o in dossier.observations
        ],
        "assessments": [
            {
                "id": a.pk,
                "instrument": {"code": a.instrument.code, "name": a.instrument.name, "kind": a.instrument.kind},
                "subject": {"code": a.subject.code, "name": a.subject.name},
                "date": _iso(a.date),
                "moment": a.moment,
                "score": float(a.score) if a.score is not None else None,
                "percentage": a.percentage,
                "level": (
                    {"scale": a.instrument.scale.code if a.instrument.scale_id else None, "code": a.level.code}
                    if a.level_id
                    else None
                ),
                "meets_norm": a.meets_norm,
                "revisions": history(a),
            }
            for a in dossier.assessments
        ],
        "secondary_advice": [
            {
                "id": s.pk,
                "school_year": s.school_year.name,
                "provisional": s.provisional or None,
                "final": s.final or None,
                "test_indication": s.test_indication or None,
                "comparison": s.comparison.value if s.comparison else None,
                "revisions": history(s),
            }
            for s in dossier.advice
        ],
        "timeline": [
            {
                "date": _iso(item.date),
                "kind": str(item.kind),
                "title": str(item.title),
                "text": str(item.text),
                "author": str(item.author),
            }
            for item in dossier.timeline
        ],
    }
    by_type = {ct.pk: model for model, ct in types.items()}
    data["deleted_records"] = [
        {"type": by_type[ct_id]._meta.model_name, "id": object_id, "revisions": revisions}
        for (ct_id, object_id), revisions in sorted(grouped.items())
        if (ct_id, object_id) not in listed
    ]
    data["not_included"] = _(
        "Persoonlijke werkaantekeningen van leerkrachten legt Wat Helpt niet vast; ze kunnen dus niet in deze export "
        "staan. Al het andere dat over de leerling is vastgelegd, staat erin."
    )
    return data


def export_filename(dossier, extension):
    """``dossier-sam-zes-2026-11-25.pdf``."""
    return f"dossier-{slugify(dossier.pupil.full_name)}-{timezone.localdate():%Y-%m-%d}.{extension}"
