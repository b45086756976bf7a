"""A pupil's dossier, gathered once for the page, the PDF and the JSON export.

    dossier = build_dossier(pupil, request.user, request.school)
    data = dossier_json.to_json(dossier)   # the export for a parent's access request (pupils.dossier_json)

The caller has fetched ``pupil`` through ``schools.access.pupils``: whoever may
read the pupil may read all of the pupils app's records about her. Every part
is one query (``QUERIES``), whatever the number of years and results; the
timeline providers of this app reuse the rows loaded here (``records``), so the
timeline costs no second round of the same queries. The JSON export is
``pupils.dossier_json``; the exports add every stored record with its history
(``pupils.access_request``), which the page does not need.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import charts
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
        .select_related("author", "subject", "period__school_year", "pupil")
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
    # Everything stored about the pupil, for the exports only (pupils.access_request.gather).
    access_request: object = None

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


# Behind a growth chart, a band per level of the scale; the levels below the norm in red tints. The label of
# each band is its text, so the bands read in black and white too.
BAND_FILLS = ("#f4f4f4", "#e8e8e8")
BELOW_NORM_FILLS = ("#f9e1e1", "#f2cccc")


def level_bands(scale_levels):
    """A band ``(rank - 0.5, rank + 0.5, label, fill)`` per level of a scale (``ScaleLevel``, any order)."""
    bands = []
    for index, level in enumerate(sorted(scale_levels, key=lambda lvl: lvl.rank)):
        fills = BELOW_NORM_FILLS if level.below_norm else BAND_FILLS
        label = (
            _("%(code)s: onder de norm") % {"code": level.code}
            if level.below_norm
            else _("niveau %(code)s") % {"code": level.code}
        )
        bands.append((level.rank - 0.5, level.rank + 0.5, label, fills[index % 2]))
    return bands


def _charts(subject, assessments, levels):
    """The growth chart(s) of one subject: per scale the level at each test moment, drawn in the bands of the
    scale's levels, so that a pupil who stays at level V stays in band V (the skill score rises with every year
    and means nothing without the norm of its moment; it is in the tooltip and the results table). Monitoring
    tests with a score and no level get a score chart."""
    leveled = [
        a
        for a in assessments
        if a.level_id and a.instrument.kind in (InstrumentKind.MONITORING, InstrumentKind.READING_LEVEL)
    ]
    result = []
    by_scale = {}
    for a in leveled:
        by_scale.setdefault(a.level.scale_id, []).append(a)
    for scale_id, items in by_scale.items():
        scale = items[0].instrument.scale
        scale_levels = levels.get(scale_id, [])
        labels = _x_labels(items)
        title = _("%(subject)s: niveau per toetsmoment (%(scale)s)") % {"subject": subject.name, "scale": scale.name}
        svg = charts.line_chart(
            _series(items, lambda a: a.level.rank, labels),
            x_labels=list(dict.fromkeys(labels[a.pk] for a in sorted(items, key=lambda a: a.date))),
            y_label=_("niveau"),
            y_ticks=[(lvl.rank, lvl.code) for lvl in scale_levels],
            bands=level_bands(scale_levels),
            band_labels="right",
            title=title,
            chart_id=f"groei-{subject.code}-{scale.code}",
            **CHART_SIZE,
        )
        result.append(Chart(title, svg))
    scored = [
        a
        for a in assessments
        if a.instrument.kind == InstrumentKind.MONITORING and a.score is not None and not a.level_id
    ]
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
        result.append(Chart(title, svg))
    return result


def export_filename(dossier, extension):
    """``dossier-sam-zes-2026-11-25.pdf``."""
    return f"dossier-{slugify(dossier.pupil.full_name)}-{timezone.localdate():%Y-%m-%d}.{extension}"
