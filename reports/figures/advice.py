"""School advice against the doorstroomtoets outcome, per school year, over the group-8 pupils in scope.

The outcome (``SecondaryAdvice.test_indication``: the advice level that matches the test result) is compared
with the final advice, or else the provisional one, on the order of ``AdviceLevel`` (praktijkonderwijs up to
vwo), as ``SecondaryAdvice.comparison`` does for one pupil. "Far below" is an outcome at least
``FAR_BELOW`` steps below the advice in that order: more than a whole school type lower, for instance a havo
advice and a vmbo-kader outcome. Far-below pupils are also counted as below.

Reconsidered advices (``SecondaryAdvice.reconsidered``, after heroverweging) are counted per new advice
level, and how many of them are higher than the advice they replace.

The years: the last three school years that have ended, and the report's own year once it has outcomes.
At most three queries whatever the size of the school: whether the report's unfinished year has its
doorstroomtoets yet, the group-8 pupils per year, and the advices grouped by year and by their levels (the
database counts; the few level combinations are then compared on AdviceLevel's order). Comparing ranks in
SQL with Case/When expressions cost more to compile than the whole query took to run.
"""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from core import charts as svg
from pupils.models import ADVICE_ORDER, Assessment, Enrolment, SecondaryAdvice

YEARS = 3
FINAL_YEAR_LEVEL = 8
# At least this many steps down in AdviceLevel's order: more than one whole school type lower.
FAR_BELOW = 3
COUNTS = ("above", "as_expected", "below", "far_below")


def compute(scope):
    if FINAL_YEAR_LEVEL not in scope.year_levels():
        return {"applies": False}
    years = list(scope.past_years(YEARS))
    current = next(year for year in scope.years if year[0] == scope.year_id)
    if current not in years and _outcomes_known(scope, current):
        years.append(current)
    ids = [year[0] for year in years]
    pupils = _pupils(scope, ids)
    comparisons = _comparisons(scope, ids)
    figures = [_year(year, year[0] == current[0] and year[3] > scope.today, pupils, comparisons) for year in years]
    # The report's own year joins the past ones only once its outcomes are in.
    figures = [year for year in figures if not year["current"] or year["with_outcome"]]
    return {"applies": True, "far_below_steps": FAR_BELOW, "years": figures}


# --- Queries -------------------------------------------------------------------------------------------------------


def _outcomes_known(scope, year):
    """Whether the doorstroomtoets of the report's unfinished year was taken by the report's day: advice
    records may hold outcomes entered later (a report of February never shows April's outcomes)."""
    return Assessment.objects.filter(
        pupil__school_id=scope.school_id, instrument__code="doorstroomtoets", date__range=(year[2], scope.today)
    ).exists()


def _in_group_8(scope):
    return Enrolment.objects.filter(
        scope.enrolments_q(),
        pupil_id=OuterRef("pupil_id"),
        school_year_id=OuterRef("school_year_id"),
        year_level=FINAL_YEAR_LEVEL,
    )


def _advices(scope, ids):
    return SecondaryAdvice.objects.filter(school_year_id__in=ids).filter(Exists(_in_group_8(scope)))


def _pupils(scope, ids):
    """The group-8 pupils in scope per school year id."""
    rows = (
        Enrolment.objects.filter(scope.enrolments_q(), year_level=FINAL_YEAR_LEVEL, school_year_id__in=ids)
        .values("school_year_id")
        .annotate(pupils=Count("pupil", distinct=True))
        .order_by()
    )
    return {row["school_year_id"]: row["pupils"] for row in rows}


def _comparisons(scope, ids):
    """Per school year id: outcomes, how they stand against the advice, and the reconsidered advices per new
    level. The database groups the advices by their levels (a year has at most a few dozen combinations);
    the ranks are compared on those groups, so the count of rows read never grows with the pupils."""
    rows = (
        _advices(scope, ids)
        .values("school_year_id", "final", "provisional", "test_indication", "reconsidered")
        .annotate(count=Count("pk"))
        .order_by()
    )
    found = {}
    for row in rows:
        year = found.setdefault(row["school_year_id"], {key: 0 for key in TALLIES} | {"reconsidered_to": {}})
        _tally(year, row, row["count"])
    for year in found.values():
        levels = sorted(year.pop("reconsidered_to").items(), key=lambda item: ADVICE_ORDER[item[0]])
        year["reconsidered_to"] = [{"level": level, "count": count} for level, count in levels]
    return found


TALLIES = ("with_outcome", "no_advice", *COUNTS, "reconsidered", "reconsidered_up")


def _tally(year, row, count):
    advice = row["final"] or row["provisional"]
    advice_rank = ADVICE_ORDER.get(advice)
    if row["reconsidered"]:
        year["reconsidered"] += count
        year["reconsidered_to"][row["reconsidered"]] = year["reconsidered_to"].get(row["reconsidered"], 0) + count
        if advice_rank is not None and ADVICE_ORDER[row["reconsidered"]] > advice_rank:
            year["reconsidered_up"] += count
    if not row["test_indication"]:
        return
    year["with_outcome"] += count
    if advice_rank is None:
        year["no_advice"] += count
        return
    difference = ADVICE_ORDER[row["test_indication"]] - advice_rank
    if difference > 0:
        year["above"] += count
    elif difference == 0:
        year["as_expected"] += count
    else:
        year["below"] += count
        if difference <= -FAR_BELOW:
            year["far_below"] += count


# --- Figures -------------------------------------------------------------------------------------------------------


def _year(year, current, pupils, comparisons):
    pk, name, _start, _end = year
    row = comparisons.get(pk, {})
    with_outcome = row.get("with_outcome", 0)
    figures = {
        "id": pk,
        "name": name,
        "current": current,
        "pupils": pupils.get(pk, 0),
        "with_outcome": with_outcome,
        "no_outcome": max(pupils.get(pk, 0) - with_outcome, 0),
        "no_advice": row.get("no_advice", 0),
        "reconsidered": row.get("reconsidered", 0),
        "reconsidered_up": row.get("reconsidered_up", 0),
        "reconsidered_to": row.get("reconsidered_to", []),
    }
    figures.update({key: row.get(key, 0) for key in COUNTS})
    figures["compared"] = figures["above"] + figures["as_expected"] + figures["below"]
    return figures


# --- Chart -----------------------------------------------------------------------------------------------------------


def charts(data):
    if not data.get("applies"):
        return {}
    names = [year["name"] for year in data["years"]]
    labels = {
        "above": _("hoger dan advies"),
        "as_expected": _("zoals verwacht"),
        "below": _("lager dan advies"),
        "far_below": _("waarvan ver lager"),
    }
    series = [(labels[key], [(year["name"], year[key]) for year in data["years"]]) for key in COUNTS]
    # Counts of pupils: the axis starts at 0 and has whole steps.
    highest = max([year[key] for year in data["years"] for key in COUNTS], default=0)
    ticks = [value for value in svg.nice_ticks(0, max(highest, 4)) if value == int(value)]
    return {
        "comparison": svg.line_chart(
            series,
            x_labels=names,
            y_ticks=[(value, f"{value:g}") for value in ticks],
            width=620,
            y_label=_("leerlingen"),
            title=_("Uitslag van de doorstroomtoets tegenover het schooladvies, per schooljaar"),
            empty_text=_("Nog geen uitslagen van de doorstroomtoets."),
            chart_id="advice",
        )
    }
