"""The group overview (groepsoverzicht): the basis of the observe phase of HGW.

``build_overview(group, pupils_qs)`` gives one row per pupil of the group the
user may see: care level, open educational needs and, per tested subject, the
latest result with its direction since the previous one; and per subject a
summary counting pupils per level ("23 van 30 onder de norm").

In groups 7 and 8 the entrance test (entreetoets, group 7) and the
doorstroomtoets (group 8) get a column each: per pupil the lowest reference
level over the test's domains and the domains below the norm.

It runs a fixed number of queries whatever the number of pupils and results:
the pupils, their open needs, the latest two results per pupil and subject
(one query with a window function, on SQLite and PostgreSQL alike; the
transition tests' results come with it), the subjects and the levels of the
scales in use.
"""

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from .models import CARE_LEVELS, Assessment, EducationalNeed, InstrumentKind, Pupil, ScaleLevel, Subject

# Besides the monitoring tests (LVS), technical reading by DMT fills a subject
# column: it is reported in the same I-V levels. AVI levels are left out: they
# are a reading level, not a position against the norm group.
EXTRA_INSTRUMENT_CODES = ("dmt",)

# The transition tests that have a column in the groups they belong to, even before anyone took them:
# instrument code -> (from which year level, column name, abbreviation). The entrance test is taken in
# group 7 and still read in group 8. Another transition test gets a column when a pupil has a result.
TRANSITION_TESTS = {
    "entreetoets": (7, _("Entreetoets"), _("Entree")),
    "doorstroomtoets": (8, _("Doorstroomtoets"), _("Doorstr.")),
}

# Short column heads, so that every subject fits a 1366 px screen; the full name goes in <abbr title>.
SUBJECT_ABBREVIATIONS = {
    "spelling": _("Sp"),
    "begrijpend-lezen": _("BL"),
    "rekenen-wiskunde": _("RW"),
    "woordenschat": _("WS"),
    "studievaardigheden": _("SV"),
    "technisch-lezen": _("TL"),
    "lezen": _("Lz"),
    "taalverzorging": _("TV"),
}


def abbreviation(subject):
    """The short column head of a subject: a known abbreviation, else the initials of a name of more words
    (Begrijpend lezen: BL), else the first three letters."""
    known = SUBJECT_ABBREVIATIONS.get(subject.code)
    if known:
        return str(known)
    words = [w for w in subject.name.replace("-", " ").split() if w]
    if len(words) > 1:
        return "".join(w[0].upper() for w in words[:3])
    return subject.name[:3]


# How many open needs a row shows in full; the rest is counted.
NEEDS_SHOWN = 2

UP, DOWN, SAME = "up", "down", "same"
DIRECTION_LABELS = {UP: _("hoger"), DOWN: _("lager"), SAME: _("gelijk")}
DIRECTION_ARROWS = {UP: "↑", DOWN: "↓", SAME: "="}

SORT_NAME, SORT_CARE_LEVEL, SORT_NEEDS = "naam", "zorgniveau", "behoeften"
CARE_LEVEL_LABELS = dict(CARE_LEVELS)


@dataclass
class Cell:
    """The latest result of one pupil in one subject, compared with the one before."""

    level_code: str = ""
    rank: int | None = None
    below_norm: bool = False
    scale_id: int | None = None
    score: object = None
    moment: str = ""
    date: object = None
    instrument: str = ""
    previous_code: str = ""
    previous_rank: int | None = None
    previous_moment: str = ""
    direction: str | None = None

    @property
    def direction_arrow(self):
        return DIRECTION_ARROWS.get(self.direction, "")

    @property
    def direction_label(self):
        return DIRECTION_LABELS.get(self.direction, "")

    @property
    def score_display(self):
        if self.score is None:
            return ""
        score = self.score.normalize() if isinstance(self.score, Decimal) else self.score
        return f"{score:f}".replace(".", ",") if isinstance(score, Decimal) else f"{score:g}".replace(".", ",")

    @property
    def label(self):
        """The moment of the result (M5, E6), or its date when the test has no moment."""
        if self.moment:
            return self.moment
        return f"{self.date:%d-%m-%Y}" if self.date else ""


@dataclass
class Domain:
    """One domain of a transition test: its subject and the reference level reached."""

    name: str
    abbreviation: str
    level_code: str
    rank: int | None
    below_norm: bool


@dataclass
class TransitionColumn:
    """A column for a transition test (entrance test, doorstroomtoets)."""

    code: str  # the instrument code, also the sort key
    name: str
    abbreviation: str


@dataclass
class TransitionCell:
    """A pupil's latest result on a transition test: the lowest level over the domains, and which are below."""

    instrument: str
    date: object
    domains: list  # Domain, in the subjects' order

    @property
    def lowest(self):
        ranked = [d for d in self.domains if d.rank is not None]
        return min(ranked, key=lambda d: d.rank) if ranked else None

    @property
    def level_code(self):
        lowest = self.lowest
        return lowest.level_code if lowest else ""

    @property
    def below(self):
        return [d for d in self.domains if d.below_norm]

    @property
    def below_norm(self):
        return bool(self.below)

    @property
    def label(self):
        return f"{self.date:%d-%m-%Y}" if self.date else ""

    @property
    def sort_value(self):
        """Lowest level first, then more domains below the norm lower."""
        lowest = self.lowest
        if lowest is None:
            return None
        return (lowest.rank, -len(self.below))


@dataclass
class Row:
    pupil: Pupil
    needs: list
    cells: dict  # subject code -> Cell
    columns: list = field(default_factory=list)  # the cells in column order, None where there is no result
    tests: dict = field(default_factory=dict)  # instrument code -> TransitionCell
    test_columns: list = field(default_factory=list)  # the TransitionCells in column order, None where none

    @property
    def care_level(self):
        return self.pupil.care_level

    @property
    def care_level_label(self):
        return CARE_LEVEL_LABELS.get(self.pupil.care_level, "")

    @property
    def needs_count(self):
        return len(self.needs)

    @property
    def needs_shown(self):
        return self.needs[:NEEDS_SHOWN]

    @property
    def needs_more(self):
        return max(0, len(self.needs) - NEEDS_SHOWN)


@dataclass
class LevelCount:
    code: str
    count: int
    below_norm: bool


@dataclass
class Summary:
    """Per subject: pupils per level (in the scale's order), and how many are below the norm."""

    subject: Subject
    levels: list  # LevelCount, best level first
    with_level: int  # pupils whose latest result has a level
    below_norm: int  # of those, how many are below the norm
    without_level: int  # pupils without a result, or with a score only

    @property
    def below_norm_share(self):
        return round(100 * self.below_norm / self.with_level) if self.with_level else 0


@dataclass
class TransitionSummary:
    """Per transition test: how many pupils took it and how many are below the norm in a domain."""

    test: TransitionColumn
    with_level: int
    below_norm: int


@dataclass
class Overview:
    group: object
    subjects: list  # every subject column available (for the filter)
    columns: list  # the subject columns shown (all, or the filtered one)
    rows: list
    summaries: list  # Summary per shown column
    subject_filter: str = ""  # the code of the subject filtered on, or ""
    sort: str = SORT_NAME
    descending: bool = False
    tests: list = field(default_factory=list)  # TransitionColumn shown (none when filtered on a subject)
    test_summaries: list = field(default_factory=list)  # TransitionSummary per test column

    @property
    def sort_keys(self):
        return [SORT_NAME, SORT_CARE_LEVEL, SORT_NEEDS] + [s.code for s in self.columns] + [t.code for t in self.tests]

    def sort_by(self, key, descending=False):
        """Sort the rows by ``key`` (a name from ``sort_keys``); an unknown key sorts by name.

        Pupils without a value (no result in a subject) come last in either
        direction; equal values keep name order. Returns the key applied.
        """
        if key not in self.sort_keys:
            key, descending = SORT_NAME, False
        name_sorted = sorted(self.rows, key=lambda row: name_key(row.pupil))
        if key == SORT_NAME:
            self.rows = list(reversed(name_sorted)) if descending else name_sorted
        else:
            value = _sort_value(key, {t.code for t in self.tests})
            present = [row for row in name_sorted if value(row) is not None]
            missing = [row for row in name_sorted if value(row) is None]
            # sorted() is stable, also with reverse=True: equal values stay in name order.
            self.rows = sorted(present, key=value, reverse=descending) + missing
        self.sort, self.descending = key, descending
        return key


def _sort_value(key, test_keys=()):
    if key == SORT_CARE_LEVEL:
        return lambda row: row.care_level
    if key == SORT_NEEDS:
        return lambda row: row.needs_count
    if key in test_keys:

        def test_value(row):
            cell = row.tests.get(key)
            return cell.sort_value if cell is not None else None

        return test_value

    def subject_value(row):
        cell = row.cells.get(key)
        if cell is None or (cell.rank is None and cell.score is None):
            return None
        # By level first, then by score within a level; a missing part sorts lowest.
        return (
            cell.rank if cell.rank is not None else float("-inf"),
            cell.score if cell.score is not None else float("-inf"),
        )

    return subject_value


def name_key(pupil):
    """Sort key for a pupil's name: surname first (without prefix, as Dutch lists do), case and accents ignored."""
    return (_fold(pupil.surname), _fold(pupil.first_name), _fold(pupil.name_prefix), pupil.pk)


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _result_filter():
    """Subject columns: monitoring tests and DMT in a tested subject. Transition tests: every domain."""
    columns = Q(instrument__kind=InstrumentKind.MONITORING) | Q(instrument__code__in=EXTRA_INSTRUMENT_CODES)
    return (columns & Q(subject__is_tested=True)) | Q(instrument__kind=InstrumentKind.TRANSITION)


def _latest_two_results(pupil_ids):
    """The latest and the previous result per (pupil, subject) of the subject-column tests, and per (pupil,
    transition test, domain) of the transition tests, in one query."""
    # Transition tests are counted apart per test (the entrance test and the doorstroomtoets share domains);
    # every other test shares the partition of its subject.
    test = Case(
        When(instrument__kind=InstrumentKind.TRANSITION, then=F("instrument_id")),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        Assessment.objects.filter(_result_filter(), pupil_id__in=pupil_ids)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("pupil_id"), F("subject_id"), test],
                order_by=[F("date").desc(), F("id").desc()],
            )
        )
        .filter(position__lte=2)
        .values(
            "pupil_id",
            "subject_id",
            "position",
            "date",
            "moment",
            "score",
            "instrument__name",
            "instrument__code",
            "instrument__kind",
            "level__code",
            "level__rank",
            "level__below_norm",
            "level__scale_id",
        )
        .order_by()
    )


def _direction(latest, previous):
    """Up, down or same since the previous result; None when there is nothing to compare."""
    if previous is None:
        return None
    if latest["level__rank"] is not None and previous["level__rank"] is not None:
        if latest["level__scale_id"] != previous["level__scale_id"]:
            return None  # levels of different scales do not compare
        a, b = latest["level__rank"], previous["level__rank"]
    elif latest["score"] is not None and previous["score"] is not None:
        if latest["instrument__name"] != previous["instrument__name"]:
            return None  # scores of different tests do not compare
        a, b = latest["score"], previous["score"]
    else:
        return None
    return UP if a > b else DOWN if a < b else SAME


def _cell(latest, previous):
    return Cell(
        level_code=latest["level__code"] or "",
        rank=latest["level__rank"],
        below_norm=bool(latest["level__below_norm"]),
        scale_id=latest["level__scale_id"],
        score=latest["score"],
        moment=latest["moment"],
        date=latest["date"],
        instrument=latest["instrument__name"],
        previous_code=(previous or {}).get("level__code") or "",
        previous_rank=(previous or {}).get("level__rank"),
        previous_moment=(previous or {}).get("moment") or "",
        direction=_direction(latest, previous),
    )


def build_overview(group, pupils_qs, subject=None):
    """The overview of ``group`` for the pupils in ``pupils_qs`` (the user's readable pupils, from
    ``schools.access.pupils``); only those enrolled in the group become rows.

    ``subject`` is a subject code: when it is one of the columns, only that column
    (and its summary) is shown; any other value shows every column, and the
    transition test columns of the group. Rows come in name order; use
    ``Overview.sort_by`` for another order.
    """
    open_needs = EducationalNeed.objects.filter(is_open=True).order_by("-created_at", "-id")
    pupils = list(
        Pupil.objects.filter(pk__in=pupils_qs.filter(enrolments__group=group).values("pk")).prefetch_related(
            Prefetch("needs", queryset=open_needs, to_attr="open_needs")
        )
    )
    pupils.sort(key=name_key)

    results = {}  # pupil id -> subject id -> [latest, previous]
    transition = {}  # pupil id -> instrument code -> subject id -> latest
    if pupils:
        for result in _latest_two_results([p.pk for p in pupils]):
            if result["instrument__kind"] == InstrumentKind.TRANSITION:
                if result["position"] == 1:
                    by_test = transition.setdefault(result["pupil_id"], {})
                    by_test.setdefault(result["instrument__code"], {})[result["subject_id"]] = result
                continue
            pair = results.setdefault(result["pupil_id"], {}).setdefault(result["subject_id"], [None, None])
            pair[result["position"] - 1] = result

    subject_ids = {subject_id for by_subject in results.values() for subject_id in by_subject}
    domain_ids = {
        subject_id for by_test in transition.values() for domains in by_test.values() for subject_id in domains
    }
    all_subjects = list(Subject.objects.filter(pk__in=subject_ids | domain_ids)) if subject_ids | domain_ids else []
    subjects = [s for s in all_subjects if s.pk in subject_ids]
    code_of = {s.pk: s.code for s in subjects}
    domain_of = {s.pk: s for s in all_subjects}

    rows = []
    for pupil in pupils:
        cells = {
            code_of[subject_id]: _cell(latest, previous)
            for subject_id, (latest, previous) in results.get(pupil.pk, {}).items()
        }
        tests = {code: _test_cell(domains, domain_of) for code, domains in transition.get(pupil.pk, {}).items()}
        rows.append(Row(pupil=pupil, needs=pupil.open_needs, cells=cells, tests=tests))

    columns = subjects
    subject_filter = ""
    if subject and any(s.code == subject for s in subjects):
        columns = [s for s in subjects if s.code == subject]
        subject_filter = subject
    tests = [] if subject_filter else _test_columns(group, transition)
    for row in rows:
        row.columns = [row.cells.get(s.code) for s in columns]
        row.test_columns = [row.tests.get(t.code) for t in tests]

    return Overview(
        group=group,
        subjects=subjects,
        columns=columns,
        rows=rows,
        summaries=_summaries(columns, rows),
        subject_filter=subject_filter,
        tests=tests,
        test_summaries=[_test_summary(test, rows) for test in tests],
    )


def _test_cell(domains, subjects):
    """A TransitionCell from the latest result per domain of one transition test."""
    ordered = sorted(domains.items(), key=lambda item: (subjects[item[0]].order, subjects[item[0]].name))
    first = next(iter(domains.values()))
    return TransitionCell(
        instrument=first["instrument__name"],
        date=max(result["date"] for result in domains.values()),
        domains=[
            Domain(
                name=subjects[subject_id].name,
                abbreviation=abbreviation(subjects[subject_id]),
                level_code=result["level__code"] or "",
                rank=result["level__rank"],
                below_norm=bool(result["level__below_norm"]),
            )
            for subject_id, result in ordered
        ],
    )


def _test_columns(group, transition):
    """The transition tests that apply to the group's year levels, and any other one a pupil took."""
    taken = {}
    for by_test in transition.values():
        for code, domains in by_test.items():
            taken.setdefault(code, next(iter(domains.values()))["instrument__name"])
    high = getattr(group, "year_level_high", None) or 0
    columns = [
        TransitionColumn(code, str(name), str(short))
        for code, (from_level, name, short) in TRANSITION_TESTS.items()
        if high >= from_level or code in taken
    ]
    others = sorted((code, name) for code, name in taken.items() if code not in TRANSITION_TESTS)
    columns += [TransitionColumn(code, name, name[:7]) for code, name in others]
    return columns


def _test_summary(test, rows):
    cells = [row.tests.get(test.code) for row in rows]
    taken = [cell for cell in cells if cell is not None and cell.lowest is not None]
    return TransitionSummary(test=test, with_level=len(taken), below_norm=sum(1 for cell in taken if cell.below_norm))


def _summaries(columns, rows):
    """Count the latest levels per subject, in the order of each scale used (best first)."""
    scale_ids = {
        cell.scale_id for row in rows for s in columns if (cell := row.cells.get(s.code)) and cell.scale_id is not None
    }
    levels_by_scale = {}
    if scale_ids:
        for level in ScaleLevel.objects.filter(scale_id__in=scale_ids).order_by("scale__name", "-rank"):
            levels_by_scale.setdefault(level.scale_id, []).append(level)
    summaries = []
    for subject in columns:
        cells = [row.cells.get(subject.code) for row in rows]
        leveled = [cell for cell in cells if cell is not None and cell.level_code]
        counts = {}
        for cell in leveled:
            counts[(cell.scale_id, cell.level_code)] = counts.get((cell.scale_id, cell.level_code), 0) + 1
        used_scales = [scale_id for scale_id in levels_by_scale if any(key[0] == scale_id for key in counts)]
        levels = [
            LevelCount(level.code, counts.get((scale_id, level.code), 0), level.below_norm)
            for scale_id in used_scales
            for level in levels_by_scale[scale_id]
        ]
        summaries.append(
            Summary(
                subject=subject,
                levels=levels,
                with_level=len(leveled),
                below_norm=sum(1 for cell in leveled if cell.below_norm),
                without_level=len(cells) - len(leveled),
            )
        )
    return summaries
