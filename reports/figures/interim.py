"""Interim results (trendanalyse): the level spread, the share at or above the norm and the growth in ability
scores of the LVS tests, per subject and test moment (M5 = midden groep 5, January; E5 = eind groep 5, June) over
the last four school years, in two views:

- the same year group over the years (``year_groups``): the M5 results of each of the four years side by side,
  "is this year's group 5 doing better than last year's?" (school-wide and bouw scopes only: a teacher's scope
  would show other groups' pupils);
- the same cohort over the years (``cohorts``): the pupils now in a group, followed back through their test
  moments, "how did this group develop?"; with the entrance test of the group where it took one.

A result counts when its test has a moment and reports on a scale with a norm (I-V: IV and V below; A-E: D and E
below): the LVS tests and the DMT. The figures are aggregated in the database, grouped by subject, moment, school
year and level (ids), with the names from two small queries: seven queries whatever the size of the school (six
for a teacher, who gets no year-group view).
"""

import re

from django.db.models import Case, Count, Exists, F, IntegerField, Max, OuterRef, Q, Sum, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import line_chart, stacked_bars
from pupils.models import MOMENT_RE, Assessment, Enrolment, Instrument, InstrumentKind, ScaleLevel, Subject
from schools.models import Group

YEARS = 4
KINDS = (InstrumentKind.MONITORING, InstrumentKind.READING_LEVEL)
ENTRANCE = "entreetoets"
LETTERS = ("M", "E")
# The share of pupils at or above the norm nationally, per scale: Cito's I-V are five equal fifths (I-III: 60 %),
# the older A-E are 25/25/25/15/10 % (A-C: 75 %). A scale not listed here gets no national band.
NATIONAL_AT_NORM = {"i-v": 60, "a-e": 75}
# Fills by position in a scale, best level first (Okabe-Ito); the levels below the norm are hatched as well.
LEVEL_FILLS = ["#009E73", "#56B4E9", "#F0E442", "#E69F00", "#D55E00"]
NORM_FILL = "#e3f1e9"


# --- compute --------------------------------------------------------------------------------------------------------


def compute(scope):
    years = scope.last_years(YEARS)
    if not years:
        return {"years": [], "report_year": None, "year_groups": False, "scales": [], "subjects": [], "groups": []}
    names = [name for _pk, name, _start, _end in years]
    index = {pk: number for number, (pk, _name, _start, _end) in enumerate(years)}
    reference = _reference()
    scales = reference[0]
    # A teacher's scope gets no year-group view: last year's group 5 is not hers.
    year_groups = None if scope.own_groups_only else _year_group_figures(scope, years, index, reference)
    groups = _current_groups(scope)
    cohorts = _cohort_figures(scope, years, index, reference)
    entrance = _entrance(scope, years)
    subjects, shown = _subjects(scales, year_groups, cohorts, groups, names)
    return {
        "years": names,
        "report_year": names[-1],
        "year_groups": year_groups is not None,
        "scales": [
            {
                **scale,
                "norm": [level for level in scale["levels"] if level not in scale["below"]],
                "national": NATIONAL_AT_NORM.get(scale["code"]),
            }
            for scale in scales
            if scale["code"] in shown
        ],
        "subjects": subjects,
        "groups": [
            {"id": pk, "name": name, "pupils": pupils, "entrance": entrance.get(pk)}
            for pk, name, pupils, _low, _high in groups
        ],
    }


def _subjects(scales, year_groups, cohorts, groups, names):
    """Per subject with results, in the school's subject order: its level columns (per scale it was reported in),
    both views, and the scales shown anywhere."""
    meta, used = {}, {}
    for figures in filter(None, (year_groups, cohorts)):
        meta.update(figures["subjects"])
        for (subject, _cohort), mine in figures["rows"].items():
            for figure in mine.values():
                used.setdefault(subject, set()).update(figure["levels"])
    out = []
    for code, subject in sorted(meta.items(), key=lambda item: (item[1]["order"], item[1]["name"])):
        mine = [scale for scale in scales if scale["code"] in used[code]]
        columns = [
            {"scale": scale["code"], "code": level, "below": level in scale["below"]}
            for scale in mine
            for level in scale["levels"]
        ]
        grades = None if year_groups is None else _year_group_view(code, year_groups["rows"], columns, names)
        out.append(
            {
                "code": code,
                "name": subject["name"],
                "scales": [scale["code"] for scale in mine],
                "columns": columns,
                "year_groups": grades,
                "spread": _spread(grades) if grades else None,
                **_cohort_view(code, cohorts["rows"], columns, groups, names),
            }
        )
    return out, set().union(*used.values())


def _reference():
    """The scales that know a norm (their levels best first, the levels below the norm) and what the result rows
    refer to by id: level id -> (scale, code, below the norm), subject id -> (code, name, order). Two queries on
    small tables, so that the big ones group by ids alone."""
    scales, levels = {}, {}
    rows = (
        ScaleLevel.objects.filter(Exists(ScaleLevel.objects.filter(scale=OuterRef("scale"), below_norm=True)))
        .order_by("scale_id", "-rank")
        .values_list("pk", "scale__code", "scale__name", "code", "below_norm")
    )
    for pk, scale, name, code, below in rows:
        entry = scales.setdefault(scale, {"code": scale, "name": name, "levels": [], "below": []})
        entry["levels"].append(code)
        if below:
            entry["below"].append(code)
        levels[pk] = (scale, code, below)
    subjects = {
        pk: (code, name, order) for pk, code, name, order in Subject.objects.values_list("pk", "code", "name", "order")
    }
    return list(scales.values()), levels, subjects


def _results(scope, years):
    """Results with a test moment, of a test that reports on a scale with a norm (the LVS tests, the DMT), within
    the four years and not after the report's day."""
    normed = Instrument.objects.filter(
        kind__in=KINDS, scale__in=ScaleLevel.objects.filter(below_norm=True).values("scale")
    ).values("pk")
    return Assessment.objects.filter(instrument__in=normed, date__gte=years[0][2], date__lte=scope.today).exclude(
        moment=""
    )


SUMS = {"n": Count("pk"), "scored": Count("score"), "score_sum": Sum("score")}


def _year_group_figures(scope, years, index, reference):
    """Per subject, moment and school year: the results of the pupils whose enrolment of that year is in scope.
    The school year is the one of the pupil's enrolment whose dates hold the result's date. One query."""
    rows = (
        _results(scope, years)
        .filter(
            scope.enrolments_q("pupil__enrolments__"),
            pupil__enrolments__school_year_id__in=list(index),
            pupil__enrolments__school_year__start_date__lte=F("date"),
            pupil__enrolments__school_year__end_date__gte=F("date"),
        )
        .values("subject_id", "level_id", "moment", year=F("pupil__enrolments__school_year_id"))
        .annotate(**SUMS)
        .order_by()
    )
    grades = set(scope.year_levels())
    return _collect(
        (row for row in rows if re.fullmatch(MOMENT_RE, row["moment"]) and int(row["moment"][1:]) in grades),
        lambda row: (None, row["moment"], index[row["year"]]),
        reference,
    )


def _cohort_figures(scope, years, index, reference):
    """Per current group and year level in scope (a combination group 7/8 has two cohorts), subject, moment and
    school year: the results of the pupils now in that group (their enrolment of the report's year in scope).
    The school year from the result's date. One query."""
    year = Case(
        *[When(date__gte=start, date__lte=end, then=Value(pk)) for pk, _name, start, end in years],
        default=None,
        output_field=IntegerField(),
    )
    rows = (
        _results(scope, years)
        .filter(scope.enrolments_q("pupil__enrolments__"), pupil__enrolments__school_year_id=scope.year_id)
        .values(
            "subject_id",
            "level_id",
            "moment",
            result_year=year,
            group=F("pupil__enrolments__group_id"),
            grade=F("pupil__enrolments__year_level"),
        )
        .annotate(**SUMS)
        .order_by()
    )
    return _collect(
        # A result in the summer between two school years belongs to none of them.
        (row for row in rows if row["result_year"] is not None and re.fullmatch(MOMENT_RE, row["moment"])),
        lambda row: ((row["group"], row["grade"]), row["moment"], index[row["result_year"]]),
        reference,
    )


def _collect(rows, key, reference):
    """Adds the per-level rows up to one figure per subject, cohort (or None) and moment, with ``key(row)`` giving
    ``(cohort, moment, year)``: results, scores, and the count per scale and level. Figures are kept by
    ``(subject code, cohort)``, then by ``(moment, year)``."""
    _scales, levels, subjects = reference
    figures, seen = {}, {}
    for row in rows:
        code, name, order = subjects[row["subject_id"]]
        seen[code] = {"name": name, "order": order}
        cohort, moment, year = key(row)
        figure = figures.setdefault((code, cohort), {}).setdefault(
            (moment, year), {"n": 0, "scored": 0, "score_sum": 0.0, "levels": {}, "at_norm": 0}
        )
        figure["n"] += row["n"]
        figure["scored"] += row["scored"]
        figure["score_sum"] += float(row["score_sum"] or 0)
        if row["level_id"] in levels:
            scale, level, below = levels[row["level_id"]]
            counts = figure["levels"].setdefault(scale, {})
            counts[level] = counts.get(level, 0) + row["n"]
            if not below:
                figure["at_norm"] += row["n"]
    return {"rows": figures, "subjects": seen}


def _current_groups(scope):
    """The groups of the report's year in scope, with their pupils in scope. One query."""
    rows = (
        Group.objects.filter(scope.groups_q(), school_year_id=scope.year_id)
        .annotate(pupils=Count("enrolments", filter=scope.enrolments_q("enrolments__")))
        .order_by("year_level_low", "year_level_high", "name")
        .values_list("pk", "name", "pupils", "year_level_low", "year_level_high")
    )
    return list(rows)


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


def _moment_key(moment):
    """M5 -> (5, 0), E5 -> (5, 1): the order of the test moments."""
    return int(moment[1:]), LETTERS.index(moment[0])


def _previous(moment, year):
    """The test moment before ``moment`` in school year number ``year``: E5 -> M5 of the same year; M5 -> E4 of
    the year before."""
    grade, letter = _moment_key(moment)
    return (f"M{grade}", year) if letter else (f"E{grade - 1}", year - 1)


def _row(figure, columns, figures, moment, year):
    """The JSON of one figure: results, at the norm, share, levels aligned with ``columns``, mean score and
    growth since the previous moment that has scores (``figures`` by ``(moment, year)``)."""
    rated = sum(sum(levels.values()) for levels in figure["levels"].values())
    mean = round(figure["score_sum"] / figure["scored"], 1) if figure["scored"] else None
    growth = since = None
    if mean is not None:
        before, back = _previous(moment, year)
        while back >= 0 and int(before[1:]) >= 1:
            earlier = figures.get((before, back))
            if earlier and earlier["scored"]:
                growth = round(mean - earlier["score_sum"] / earlier["scored"], 1)
                since = before
                break
            before, back = _previous(before, back)
    return {
        "moment": moment,
        "n": figure["n"],
        "rated": rated,
        "at_norm": figure["at_norm"],
        "share_norm": round(100 * figure["at_norm"] / rated, 1) if rated else None,
        "levels": [figure["levels"].get(column["scale"], {}).get(column["code"], 0) for column in columns],
        "mean_score": mean,
        "growth": growth,
        "since": since,
    }


def _year_group_view(code, rows, columns, names):
    """Per year level: per school year the figures at M and at E, and the latest figure in words with the same
    moment a year before."""
    mine = rows.get((code, None), {})
    out = []
    for grade in sorted({_moment_key(moment)[0] for moment, _year in mine}):
        years = [
            {
                "year": name,
                "moments": [
                    _row(mine[(moment, year)], columns, mine, moment, year) if (moment, year) in mine else None
                    for moment in (f"{letter}{grade}" for letter in LETTERS)
                ],
            }
            for year, name in enumerate(names)
        ]
        out.append({"grade": grade, "years": years, "latest": _latest(years)})
    return out or None


def _latest(years):
    """The last figure with a share at the norm, and the share at the same moment a school year earlier."""
    for year in range(len(years) - 1, -1, -1):
        for letter in (1, 0):
            cell = years[year]["moments"][letter]
            if cell and cell["share_norm"] is not None:
                before = years[year - 1]["moments"][letter] if year else None
                return {
                    "moment": cell["moment"],
                    "letter": LETTERS[letter],
                    "year": years[year]["year"],
                    "share": cell["share_norm"],
                    "at_norm": cell["at_norm"],
                    "rated": cell["rated"],
                    "previous": before["share_norm"] if before else None,
                }
    return None


def _spread(grades):
    """What the year-group spread chart shows: the latest moment (M or E) with results, and per year level the last
    two school years with results at that moment (this year's group against last year's)."""
    letter = next(
        (
            number
            for year in range(len(grades[0]["years"]) - 1, -1, -1)
            for number in (1, 0)
            if any(grade["years"][year]["moments"][number] for grade in grades)
        ),
        0,
    )
    bars = []
    for grade in grades:
        cells = [(year["year"], year["moments"][letter]) for year in grade["years"] if year["moments"][letter]]
        bars.extend(
            {"grade": grade["grade"], "year": name, "levels": cell["levels"], "n": cell["n"]}
            for name, cell in cells[-2:]
        )
    return {"letter": LETTERS[letter], "bars": bars}


def _cohort_view(code, rows, columns, groups, names):
    """The cohorts (a current group, or one year level of a combination group) with results in this subject: per
    half school year (M and E of each year, oldest first) the figures of the moments its pupils took then (one,
    or more when a few took a test of another year level), and its first and latest moment (the spread)."""
    cohorts = []
    for pk, name, _pupils, low, high in groups:
        for grade in range(low, high + 1):
            mine = rows.get((code, (pk, grade)))
            if not mine:
                continue
            slots = [[] for _slot in range(len(LETTERS) * len(names))]
            ordered = sorted(mine, key=lambda item: (item[1], _moment_key(item[0])[1], _moment_key(item[0])[0]))
            for moment, year in ordered:
                slots[2 * year + _moment_key(moment)[1]].append(_row(mine[(moment, year)], columns, mine, moment, year))
            cohorts.append(
                {
                    "group": pk,
                    "name": name,
                    "grade": grade,
                    "combined": high > low,
                    "slots": slots,
                    "ends": [_end(mine, columns, *key, names) for key in dict.fromkeys((ordered[0], ordered[-1]))],
                }
            )
    return {"cohorts": cohorts}


def _end(figures, columns, moment, year, names):
    """A cohort's first or latest moment, for the spread chart: the level counts and the number of results."""
    row = _row(figures[(moment, year)], columns, figures, moment, year)
    return {
        "moment": moment,
        "year": names[year],
        "levels": row["levels"],
        "n": row["n"],
        "share_norm": row["share_norm"],
    }


# --- charts ----------------------------------------------------------------------------------------------------------


def _short(year):
    """2023-2024 -> 23-24, to keep the axis labels short."""
    match = re.fullmatch(r"\d\d(\d\d)-\d\d(\d\d)", year)
    return f"{match[1]}-{match[2]}" if match else year


def _cohort_label(cohort):
    """The group's name; in a combination group with the year level (short: it goes into legends and labels)."""
    if cohort["combined"]:
        return _("%(group)s, gr. %(grade)s") % {"group": cohort["name"], "grade": cohort["grade"]}
    return cohort["name"]


def _legend_width(labels):
    """The width a line chart needs for its one-line legend (line_chart gives a label 30 px + 6 px a character,
    after a left margin of about 60 px), and at least the usual 560."""
    return max(560, 72 + sum(30 + 6 * len(label) for label in labels))


def _bands(subject, scales):
    """A band from each of the subject's scales' national share at the norm up to 100 %."""
    return [
        (
            scale["national"],
            100,
            _("landelijk %(share)s %% op of boven de norm (%(scale)s)")
            % {"share": scale["national"], "scale": scale["name"]},
            NORM_FILL,
        )
        for scale in scales
        if scale["code"] in subject["scales"] and scale.get("national") is not None
    ]


def _categories(subject, scales):
    """The stacked-bar categories of a subject: its levels per scale, with fills by position and the levels
    below the norm hatched."""
    positions = {scale["code"]: scale["levels"] for scale in scales}
    categories, colours, hatched = [], {}, set()
    for column in subject["columns"]:
        key = f"{column['scale']}:{column['code']}"
        categories.append((key, column["code"]))
        colours[key] = LEVEL_FILLS[positions[column["scale"]].index(column["code"]) % len(LEVEL_FILLS)]
        if column["below"]:
            hatched.add(key)
    return {"categories": categories, "colours": colours, "hatched": hatched}


def _counts(subject, row):
    pairs = zip(subject["columns"], row["levels"], strict=True)
    return {f"{column['scale']}:{column['code']}": count for column, count in pairs}


def _pupils(total):
    return ngettext("%(n)s leerling", "%(n)s leerlingen", int(total)) % {"n": f"{total:g}"}


def _percent_ticks():
    return [(value, f"{value} %") for value in (0, 25, 50, 75, 100)]


def charts(data):
    years, scales = data.get("years", []), data.get("scales", [])
    out = {}
    for subject in data.get("subjects", []):
        code, name = subject["code"], subject["name"]
        levels = _categories(subject, scales) | {"total_text": _pupils}
        if subject["year_groups"]:
            out[f"jaargroep-norm-{code}"] = _year_group_line(subject, years, scales)
            spread = subject["spread"]
            bars, grade = [], None
            for bar in spread["bars"]:
                if grade is not None and bar["grade"] != grade:
                    bars.append(None)
                grade = bar["grade"]
                label = _("groep %(grade)s, %(year)s") % {"grade": grade, "year": bar["year"]}
                bars.append((label, _counts(subject, bar)))
            out[f"jaargroep-spread-{code}"] = stacked_bars(
                bars,
                title=_("%(subject)s: niveauverdeling per jaargroep bij de %(letter)s-toetsen")
                % {"subject": name, "letter": spread["letter"]},
                chart_id=f"interim-jaargroep-spread-{code}",
                **levels,
            )
        if subject["cohorts"]:
            out[f"cohort-norm-{code}"] = _cohort_line(subject, years, scales)
        # The year-group spread already holds this year's groups against last year's; only a scope without it
        # (a teacher's) gets the spread of its own groups, first and latest moment.
        if subject["cohorts"] and not subject["year_groups"]:
            bars = []
            for cohort in subject["cohorts"]:
                if bars:
                    bars.append(None)
                bars.extend(
                    (f"{_cohort_label(cohort)}, {row['moment']} {row['year']}", _counts(subject, row))
                    for row in cohort["ends"]
                )
            out[f"cohort-spread-{code}"] = stacked_bars(
                bars,
                title=_("%(subject)s: niveauverdeling per groep bij het eerste en het laatste toetsmoment")
                % {"subject": name},
                chart_id=f"interim-cohort-spread-{code}",
                **levels,
            )
    return out


def _year_group_line(subject, years, scales):
    """Share at or above the norm per test moment (x), one line per school year."""
    series = []
    for year, name in enumerate(years):
        points = [
            (cell["moment"], cell["share_norm"])
            for grade in subject["year_groups"]
            for cell in grade["years"][year]["moments"]
            if cell
        ]
        if any(value is not None for _moment, value in points):  # a year without results gets no legend entry
            series.append((name, points))
    return line_chart(
        series,
        x_labels=[f"{letter}{grade['grade']}" for grade in subject["year_groups"] for letter in LETTERS],
        bands=_bands(subject, scales),
        y_label=_("aandeel op of boven de norm"),
        y_ticks=_percent_ticks(),
        title=_("%(subject)s: aandeel op of boven de norm per toetsmoment en schooljaar")
        % {"subject": subject["name"]},
        chart_id=f"interim-jaargroep-norm-{subject['code']}",
        width=560,
        height=240,
    )


def _cohort_line(subject, years, scales):
    """Share at or above the norm per half school year (x), one line per cohort. A cohort whose pupils took two
    moments in one half year (a few at another year level) counts them together there."""
    labels = [f"{letter} {_short(year)}" for year in years for letter in LETTERS]
    series = []
    for cohort in subject["cohorts"]:
        points = []
        for label, rows in zip(labels, cohort["slots"], strict=True):
            rated = sum(row["rated"] for row in rows)
            if rated:
                points.append((label, round(100 * sum(row["at_norm"] for row in rows) / rated, 1)))
        series.append((_cohort_label(cohort), points))
    return line_chart(
        series,
        x_labels=labels,
        bands=_bands(subject, scales),
        y_label=_("aandeel op of boven de norm"),
        y_ticks=_percent_ticks(),
        title=_("%(subject)s: aandeel op of boven de norm per groep door de jaren heen") % {"subject": subject["name"]},
        chart_id=f"interim-cohort-norm-{subject['code']}",
        width=_legend_width([label for label, _points in series]),
        height=240,
    )
