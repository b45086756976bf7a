"""Interim results (trendanalyse): the LVS tests and the DMT over the last four school years, per subject in one
compact block of three parts:

- the same year group over the years (``grades``): per year group (the M5 and E5 tests are group 5's) and school
  year the share at or above the norm at the M and the E test, "is this year's group 5 doing better than last
  year's?", with the growth in mean score at the latest test moment. Not in a teacher's scope: last year's group 5
  is not hers;
- the spread over the levels at the latest test moment (``spread``): per year group (a teacher: per own group) how
  many pupils scored each level;
- the same group over the years (``cohorts``): the pupils now in a group, followed back through the school years,
  "how did this group develop?" (a combination group per year level).

Plus the entrance test of a current group that took one. A result counts when its test has a moment and reports on
a scale with a norm (I-V: IV and V below; A-E: D and E below). Everything is summed in the database, grouped by
ids; six queries whatever the size of the school (five for a teacher).
"""

from django.db.models import Case, Count, Exists, F, FloatField, IntegerField, Max, OuterRef, Q, Sum, Value, When
from django.utils.translation import gettext as _

from core.charts import stacked_bars
from pupils.models import Assessment, Enrolment, InstrumentKind, ScaleLevel
from schools.models import Group

YEARS = 4
KINDS = (InstrumentKind.MONITORING, InstrumentKind.READING_LEVEL)
ENTRANCE = "entreetoets"
LETTERS = ("M", "E")
FIRST_GRADE = 3  # the year groups of the LVS tests: groep 3 to 8
# The test moments pupils.models.MOMENT_RE accepts (M1 ... E8), as (letter number, year group).
MOMENTS = {f"{letter}{grade}": (number, grade) for number, letter in enumerate(LETTERS) for grade in range(1, 9)}
# The share of pupils at or above the norm nationally, per scale: Cito's I-V are five equal fifths (I-III: 60 %),
# the older A-E are 25/25/25/15/10 % (A-C: 75 %). A scale not listed here gets no national figure.
NATIONAL_AT_NORM = {"i-v": 60, "a-e": 75}
# Fills by position in a scale, best level first (Okabe-Ito); the levels below the norm are hatched as well.
LEVEL_FILLS = ["#009E73", "#56B4E9", "#F0E442", "#E69F00", "#D55E00"]


# --- compute --------------------------------------------------------------------------------------------------------


def compute(scope):
    years = scope.last_years(YEARS)
    if not years:
        return {"years": [], "year_groups": False, "scales": [], "subjects": [], "entrance": []}
    tests = _tests()
    groups = _current_groups(scope)
    current = _results_of_current_pupils(scope, years, tests)
    # A teacher's scope gets no year-group view: last year's group 5 is not hers.
    former = None if scope.own_groups_only else _results_of_former_pupils(scope, years, tests)
    cohorts, grades = _figures(scope, years, current, former)
    entrance = _entrance(scope, years)
    names = [name for _pk, name, _start, _end in years]
    # Only the school years with results get a column: before its first test the report's year has none.
    shown = sorted({key[1] for figures in (cohorts, grades or {}) for rows in figures.values() for key in rows})
    subjects = []
    for subject, (code, name) in tests["subjects"].items():
        block = _subject(subject, grades, cohorts, groups, tests, names, shown)
        if block:
            subjects.append({"code": code, "name": name, **block})
    used = {scale for subject in subjects for scale in subject.pop("scales")}
    return {
        "years": [names[year] for year in shown],
        "year_groups": grades is not None,
        "scales": [scale for code, scale in tests["scales"].items() if code in used],
        "subjects": subjects,
        "entrance": [{"group": name, **entrance[pk]} for pk, name, _low, _high in groups if pk in entrance],
    }


def _tests():
    """The tests that count (kind LVS or DMT, on a scale with a norm) and what their results refer to by id:
    ``subjects`` (id -> code, name; in the school's subject order), ``scales`` (code -> its levels at or above the
    norm and below it, best first, and the national share at the norm) and ``levels`` (id -> scale code, level
    code, below the norm), and the ids of those scales. One query on small tables, so that the big ones group by ids
    alone."""
    rows = (
        ScaleLevel.objects.filter(
            scale__instrument__kind__in=KINDS,
            scale__instrument__subject__isnull=False,
            scale__in=ScaleLevel.objects.filter(below_norm=True).values("scale"),
        )
        .order_by("scale__instrument__subject__order", "scale__instrument__subject__name", "scale_id", "-rank")
        .values_list(
            "pk",
            "code",
            "below_norm",
            "scale_id",
            "scale__code",
            "scale__name",
            "scale__instrument__subject",
            "scale__instrument__subject__code",
            "scale__instrument__subject__name",
        )
    )
    tests = {"subjects": {}, "scales": {}, "levels": {}, "scale_ids": set()}
    for pk, code, below, scale_id, scale, scale_name, subject, subject_code, subject_name in rows:
        tests["subjects"][subject] = (subject_code, subject_name)
        tests["scale_ids"].add(scale_id)
        entry = tests["scales"].setdefault(
            scale, {"code": scale, "name": scale_name, "norm": [], "below": [], "national": NATIONAL_AT_NORM.get(scale)}
        )
        if pk not in tests["levels"]:
            tests["levels"][pk] = (scale, code, below)
            entry["below" if below else "norm"].append(code)
    return tests


# Both result queries start from enrolments and reach a pupil's results of one school year through the index on
# (pupil, subject, date); SQLite (which keeps no statistics here) and PostgreSQL then read only the results of the
# pupils in scope. They group by ids and the test moment, and count, per level, how many results and scores.
RESULT = "pupil__assessments__"
ROW = {
    "subject": F(f"{RESULT}subject_id"),
    "moment": F(f"{RESULT}moment"),
    "level": F(f"{RESULT}level_id"),
    "year": F("school_year_id"),
}
COUNTS = ("subject", "moment", "level", "year", "n", "scored", "score_sum")
SUMS = {
    "n": Count("*"),
    "scored": Count(f"{RESULT}score"),
    # A float: no Decimal to convert per row.
    "score_sum": Sum(f"{RESULT}score", output_field=FloatField()),
}


def _counted(tests, **dates):
    """The filter on the results that count (a test of the right kind, with a moment, on a scale with a norm),
    with ``dates`` the bounds on their date."""
    return Q(
        **{
            f"{RESULT}instrument__kind__in": KINDS,
            f"{RESULT}instrument__scale_id__in": sorted(tests["scale_ids"]),
            f"{RESULT}subject_id__in": list(tests["subjects"]),
            f"{RESULT}moment__gt": "",
            **{f"{RESULT}date__{bound}": value for bound, value in dates.items()},
        }
    )


def _results_of_current_pupils(scope, years, tests):
    """The results of the pupils now in scope, per current group and year level (a combination group 7/8 has a
    cohort per year level), subject, test moment, level and school year: the school year of the pupil's
    enrolment (of any group: a bouw follows its pupils back into earlier year levels) whose year holds the
    result; a result from before the pupil came to the school, or from a summer holiday, belongs to no year.
    One query."""
    enrolled_then = Case(
        *[When(**{f"{RESULT}date__range": (start, end)}, then=Value(pk)) for pk, _name, start, end in years],
        default=None,
        output_field=IntegerField(),
    )
    return (
        Enrolment.objects.filter(scope.enrolments_q(), school_year_id=scope.year_id, year_level__gte=FIRST_GRADE)
        .filter(_counted(tests, gte=years[0][2], lte=scope.today), pupil__enrolments__school_year_id=enrolled_then)
        .values("group_id", "year_level", **ROW | {"year": F("pupil__enrolments__school_year_id")})
        .annotate(**SUMS)
        .order_by()
        .values_list(*COUNTS, "group_id", "year_level")
    )


def _results_of_former_pupils(scope, years, tests):
    """The results of the pupils who were in scope in one of the four years but are not now (they left the
    school, or a bouw), per subject, test moment, level and school year: within the dates of their enrolment's
    year. With the current pupils' results these are the year groups of every year. One query."""
    now = Enrolment.objects.filter(scope.enrolments_q(), school_year_id=scope.year_id).values("pupil_id")
    return (
        Enrolment.objects.filter(
            scope.enrolments_q(),
            school_year_id__in=[pk for pk, _name, _start, _end in years],
            year_level__gte=FIRST_GRADE,
        )
        .exclude(pupil_id__in=now)
        .filter(
            _counted(tests, lte=scope.today),
            **{f"{RESULT}date__gte": F("school_year__start_date"), f"{RESULT}date__lte": F("school_year__end_date")},
        )
        .values(**ROW)
        .annotate(**SUMS)
        .order_by()
        .values_list(*COUNTS)
    )


def _figures(scope, years, current, former):
    """The rows summed up per subject, as figures (per level id how many results; how many scores and their sum):
    the cohorts keyed by ``((group, year level), year, letter)`` and, unless ``former`` is None, the year groups
    keyed by ``(year group, year, letter)`` with the year group the test's (M5: groep 5) in scope."""
    index = {pk: number for number, (pk, _name, _start, _end) in enumerate(years)}
    grades = set(scope.year_levels()) & set(range(FIRST_GRADE, 9))
    cohorts, year_groups = {}, None if former is None else {}
    for rows, cohort in ((current, True), (() if former is None else former, False)):
        for subject, moment, level, year, n, scored, score_sum, *group in rows:
            if moment not in MOMENTS:
                continue
            letter, grade = MOMENTS[moment]
            counts = (level, n, scored, score_sum or 0)
            if cohort:
                _add(cohorts.setdefault(subject, {}), (tuple(group), index[year], letter), counts)
            if year_groups is not None and grade in grades:
                _add(year_groups.setdefault(subject, {}), (grade, index[year], letter), counts)
    return cohorts, year_groups


def _add(figures, key, counts):
    """Adds ``(level id, results, scores, sum of the scores)`` to the figure at ``key``."""
    level, n, scored, score_sum = counts
    figure = figures.setdefault(key, {"levels": {}, "scored": 0, "score_sum": 0.0})
    figure["levels"][level] = figure["levels"].get(level, 0) + n
    figure["scored"] += scored
    figure["score_sum"] += score_sum


def _current_groups(scope):
    """The groups of the report's year in scope, in their order. One query."""
    return list(
        Group.objects.filter(scope.groups_q(), school_year_id=scope.year_id)
        .order_by("year_level_low", "year_level_high", "name")
        .values_list("pk", "name", "year_level_low", "year_level_high")
    )


def _entrance(scope, years):
    """Per current group in scope: the entrance test of its pupils, per domain how many of how many scored below
    the norm, and how many scored at or above it on every domain. Two queries."""
    tests = Assessment.objects.filter(instrument__code=ENTRANCE, date__gte=years[0][2], date__lte=scope.today)
    domains = (
        tests.filter(scope.enrolments_q("pupil__enrolments__"), pupil__enrolments__school_year_id=scope.year_id)
        .values(group=F("pupil__enrolments__group_id"), code=F("subject__code"), name=F("subject__name"))
        .annotate(
            n=Count("pupil", distinct=True),
            below=Count("pupil", distinct=True, filter=Q(level__below_norm=True)),
            last=Max("date"),
            order=Max("subject__order"),
        )
        .order_by("order", "name")
    )
    pupils = (
        Enrolment.objects.filter(scope.enrolments_q(), school_year_id=scope.year_id)
        .filter(Exists(tests.filter(pupil=OuterRef("pupil"))))
        .annotate(weak=Exists(tests.filter(pupil=OuterRef("pupil"), level__below_norm=True)))
        .values("group_id")
        .annotate(tested=Count("pk"), as_expected=Count("pk", filter=Q(weak=False)))
        .order_by()
    )
    out = {}
    for row in domains:
        entry = out.setdefault(row["group"], {"year": None, "tested": 0, "as_expected": 0, "domains": [], "last": None})
        share = round(100 * row["below"] / row["n"], 1) if row["n"] else None
        entry["domains"].append(
            {"code": row["code"], "name": row["name"], "n": row["n"], "below": row["below"], "share_below": share}
        )
        entry["last"] = max(filter(None, (entry["last"], row["last"])))
    for row in pupils:
        if row["group_id"] in out:
            out[row["group_id"]].update(tested=row["tested"], as_expected=row["as_expected"])
    for entry in out.values():
        last = entry.pop("last")
        entry["year"] = next((name for _pk, name, start, end in years if start <= last <= end), None)
    return out


# --- shaping ---------------------------------------------------------------------------------------------------------


def _share(figure, levels):
    """The share at or above the norm in whole percents (half up), or None without levels; and how many were
    rated."""
    rated = at_norm = 0
    for level, count in figure["levels"].items():
        if level in levels:
            rated += count
            at_norm += 0 if levels[level][2] else count
    return (100 * at_norm + rated // 2) // rated if rated else None, rated


def _share_at(figures, key, levels):
    figure = figures.get(key)
    return _share(figure, levels)[0] if figure else None


def _cells(figures, row, shown, levels):
    """Per shown school year ``[share at M, share at E]`` of a row (a year group, or a cohort)."""
    return [[_share_at(figures, (row, year, letter), levels) for letter in range(len(LETTERS))] for year in shown]


def _latest(figures, levels):
    """The latest ``(year, letter)`` at which a figure has levels, or None."""
    rated = [key[1:] for key, figure in figures.items() if _share(figure, levels)[1]]
    return max(rated) if rated else None


def _subject(subject, grades, cohorts, groups, tests, names, shown):
    """One subject's block: the year groups, the spread, the groups over the years, the sentences that carry the
    message and the scales its results are in. None when it has no results in scope."""
    levels = tests["levels"]
    by_grade = (grades or {}).get(subject, {})
    by_cohort = cohorts.get(subject, {})
    if not by_grade and not by_cohort:
        return None
    present = {key[0] for key in by_cohort}
    rows = [
        ((pk, grade), name, high > low)
        for pk, name, low, high in groups
        for grade in range(low, high + 1)
        if (pk, grade) in present
    ]
    # A subject, or a row, without a single level (only scores) has no share at the norm to show.
    latest = _latest(by_cohort if grades is None else by_grade, levels)
    if latest is None:
        return None
    cohort_rows = [
        {"group": name, "grade": row[1], "combined": combined, "cells": _cells(by_cohort, row, shown, levels)}
        for row, name, combined in rows
    ]
    cohort_rows = [row for row in cohort_rows if any(share is not None for pair in row["cells"] for share in pair)]
    if grades is None:
        spread_rows = [(name, row[1], by_cohort.get((row, *latest))) for row, name, _c in rows]
        grade_rows = None
        headlines = [_cohort_headline(by_cohort, row, name, combined, names, levels) for row, name, combined in rows]
    else:
        numbers = sorted({key[0] for key in by_grade})
        grade_rows = [
            {
                "grade": grade,
                "cells": _cells(by_grade, grade, shown, levels),
                "growth": _growth(by_grade, grade, latest),
            }
            for grade in numbers
        ]
        grade_rows = [row for row in grade_rows if any(share is not None for pair in row["cells"] for share in pair)]
        spread_rows = [(None, grade, by_grade.get((grade, *latest))) for grade in numbers]
        headlines = [_grade_headline(by_grade, numbers, latest, names, levels)]
    scales = {
        levels[level][0]
        for figures in (by_grade, by_cohort)
        for figure in figures.values()
        for level in figure["levels"]
        if level in levels
    }
    return {
        "latest": {"year": names[latest[0]], "letter": LETTERS[latest[1]]},
        "headlines": [line for line in headlines if line],
        "grades": grade_rows,
        "spread": _spread([row for row in spread_rows if row[2] and _share(row[2], levels)[1]], latest, tests, names),
        "cohorts": cohort_rows,
        "scales": scales,
    }


def _growth(figures, grade, latest):
    """The mean score at the latest moment minus that at the moment before (E5 after M5; M5 after E4 a year
    earlier), in one decimal; None unless both have scores."""
    year, letter = latest
    before = (grade, year, 0) if letter else (grade - 1, year - 1, 1)
    now, then = figures.get((grade, year, letter)), figures.get(before)
    if not (now and then and now["scored"] and then["scored"]):
        return None
    return round(now["score_sum"] / now["scored"] - then["score_sum"] / then["scored"], 1)


def _moment(names, year, letter, share):
    return {"year": names[year], "letter": LETTERS[letter], "share": share}


def _grade_headline(figures, numbers, latest, names, levels):
    """The year group whose share at the norm at the latest test changed most since the same test a year earlier
    (the lowest year group on a tie); None when no year group has both."""
    year, letter = latest
    changes = []
    for grade in numbers:
        now = _share_at(figures, (grade, year, letter), levels)
        then = _share_at(figures, (grade, year - 1, letter), levels)
        if now is not None and then is not None:
            changes.append((abs(now - then), -grade, then, now))
    if not changes:
        return None
    _change, grade, then, now = max(changes)
    return {
        "group": None,
        "grade": -grade,
        "combined": False,
        "before": _moment(names, year - 1, letter, then),
        "after": _moment(names, year, letter, now),
    }


def _cohort_headline(figures, row, name, combined, names, levels):
    """A cohort's last two test moments with a share at the norm (or its only one)."""
    moments = sorted(
        (key[1], key[2], share)
        for key in figures
        if key[0] == row and (share := _share_at(figures, key, levels)) is not None
    )
    if not moments:
        return None
    return {
        "group": name,
        "grade": row[1],
        "combined": combined,
        "before": _moment(names, *moments[-2]) if len(moments) > 1 else None,
        "after": _moment(names, *moments[-1]),
    }


def _spread(rows, latest, tests, names):
    """The level counts at the latest moment per row ``(group name or None, year group, figure)``, in a column for
    every level of the scales those results are in (best first: in a scale with a norm the levels at or above it
    rank above those below it)."""
    levels, scales = tests["levels"], tests["scales"]
    used = {levels[level][0] for _name, _grade, figure in rows for level in figure["levels"] if level in levels}
    columns = [
        (code, level) for code, scale in scales.items() if code in used for level in scale["norm"] + scale["below"]
    ]
    position = {column: number for number, column in enumerate(columns)}
    out = []
    for name, grade, figure in rows:
        counts = [0] * len(columns)
        for level, count in figure["levels"].items():
            if level in levels:
                counts[position[levels[level][:2]]] += count
        out.append({"group": name, "grade": grade, "counts": counts})
    if not out:
        return None
    return {
        "year": names[latest[0]],
        "letter": LETTERS[latest[1]],
        "levels": [level for _code, level in columns],
        "below": [level for code, level in columns if level in scales[code]["below"]],
        "rows": out,
    }


# --- charts ----------------------------------------------------------------------------------------------------------


def _bar_label(row):
    """A bar's label: the group (with its year level in a combination group), or the year group."""
    if row["group"] is None:
        return _("groep %(grade)s") % {"grade": row["grade"]}
    return row["group"]


def charts(data):
    """One small chart per subject: the spread over the levels at the latest test moment, a bar per year group (a
    teacher: per own group). Its numbers are in the table under it."""
    out = {}
    for subject in data.get("subjects", []):
        spread = subject.get("spread")
        if not spread:
            continue
        codes = spread["levels"]
        out[subject["code"]] = stacked_bars(
            [(_bar_label(row), dict(zip(codes, row["counts"], strict=True))) for row in spread["rows"]],
            [(code, code) for code in codes],
            colours={code: LEVEL_FILLS[number % len(LEVEL_FILLS)] for number, code in enumerate(codes)},
            hatched=spread["below"],
            title=_("%(subject)s: spreiding over de niveaus bij de %(letter)s-toets van %(year)s")
            % {"subject": subject["name"], "letter": spread["letter"], "year": spread["year"]},
            # The counts and totals are in the table under the chart: a short description, no totals.
            desc=_("Per balk het aandeel leerlingen per niveau; de aantallen staan in de tabel onder de grafiek."),
            totals=False,
            segment_labels=False,
            chart_id=f"interim-{subject['code']}",
        )
    return out
