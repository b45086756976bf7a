"""End results (eindresultaten): the doorstroomtoets (eindtoets before 2024) against the inspectorate's
signaleringswaarden and the school's own ambitions.

How the figures are made, following the inspectorate's results model (Inspectie van het Onderwijs,
Onderwijsresultatenmodel po):

- A pupil counts in a school year when she is in year level 8 of a group in scope that year and has a
  doorstroomtoets result dated within that school year. Pupils with an exemption ground on that year's
  advice (``SecondaryAdvice.exemption``) are left out of every share and listed apart, with their ground.
- Per domain (lezen, taalverzorging, rekenen-wiskunde): the share of the pupils counted that reached 1F
  (level 1F or 2F/1S) and that reached 1S/2F (level 2F/1S). A pupil with two results in one domain and
  year counts once, with the best.
- The inspectorate judges two indicators, 1F and 1S/2F, each over the three domains combined. We combine
  them as the model does: the indicator is the mean of the three domain percentages. It is only given
  when all three domains have results.
- The three-year figure pools the pupils of the three school years per domain, so each year weighs with the
  number of pupils counted in it; the indicator is again the mean of the three (pooled) domain percentages.
- Signaleringswaarden come from ``reports.Threshold`` (installation data): 1F is the same for every
  weging; 1S/2F is the row with the largest ``weging_from`` at or below the school's mean schoolweging over
  the three years (the years without a weging are named and left out of the mean).
- The ambitions are those of the report's school year, or else of the latest earlier year that has them.
- Shares are rounded to one decimal and compared as shown: a share equal to its threshold or ambition is
  "op of boven".

Four queries whatever the size of the school: thresholds, weging and ambitions, the results per year
(aggregated in the database), and the exempted pupils.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from core import charts as svg
from pupils.models import Assessment, Enrolment, SecondaryAdvice
from reports.models import Threshold, YearTarget

INSTRUMENT = "doorstroomtoets"
# Subject codes of the three domains, in the order the report shows them.
DOMAINS = ("lezen", "taalverzorging", "rekenen-wiskunde")
REACHED_1F = ("1F", "2F/1S")
REACHED_1S2F = ("2F/1S",)
INDICATORS = (("1f", "1F"), ("1s2f", "1S/2F"))
YEARS = 3
FINAL_YEAR_LEVEL = 8


def compute(scope):
    if FINAL_YEAR_LEVEL not in scope.year_levels():
        return {"applies": False}
    years = scope.past_years(YEARS)
    targets = _targets(scope)
    mean_weging, weging = _weging(years, targets)
    thresholds = _thresholds(mean_weging)
    ambitions = _ambitions(scope, targets)
    rows = _results(scope, years)
    year_figures = [_year(year, rows.get(year[0]), thresholds, ambitions) for year in years]
    exempted = _exempted(scope, years)
    for figures in year_figures:
        figures["exempted"] = sum(1 for pupil in exempted if pupil["year_id"] == figures["id"])
    return {
        "applies": True,
        "years": year_figures,
        "average": _average(year_figures, thresholds, ambitions),
        "exempted": exempted,
        "weging": weging,
        "thresholds": thresholds,
        "ambitions": ambitions,
    }


# --- Queries -------------------------------------------------------------------------------------------------------


def _targets(scope):
    """Weging and ambitions of the school's years up to the report's, by year id."""
    ids = [year[0] for year in scope.years]
    rows = YearTarget.objects.filter(school_year_id__in=ids).values(
        "school_year_id", "schoolweging", "ambition_1f", "ambition_1s2f"
    )
    return {row["school_year_id"]: row for row in rows}


def _thresholds(weging):
    """The signaleringswaarden that apply at ``weging`` (a Decimal, or None when no year has one)."""
    rows = list(Threshold.objects.order_by("weging_from").values_list("weging_from", "share_1f", "share_1s2f"))
    applying = [row for row in rows if weging is not None and row[0] <= weging]
    if applying:
        weging_from, share_1f, share_1s2f = applying[-1]
        return {"weging_from": _float(weging_from), "share_1f": _float(share_1f), "share_1s2f": _float(share_1s2f)}
    # Without a weging the 1F threshold is still known when it is the same in every row (85 % in the table).
    same_1f = {row[1] for row in rows}
    return {"weging_from": None, "share_1f": _float(same_1f.pop()) if len(same_1f) == 1 else None, "share_1s2f": None}


def _results(scope, years):
    """Per school year id: the pupils counted and, per domain, counted and reached 1F and 1S/2F."""
    if not years:
        return {}
    in_group_8 = Enrolment.objects.filter(
        scope.enrolments_q(),
        pupil_id=OuterRef("pupil_id"),
        year_level=FINAL_YEAR_LEVEL,
        school_year__start_date__lte=OuterRef("date"),
        school_year__end_date__gte=OuterRef("date"),
    )
    exempt = SecondaryAdvice.objects.filter(
        pupil_id=OuterRef("pupil_id"),
        school_year__start_date__lte=OuterRef("date"),
        school_year__end_date__gte=OuterRef("date"),
    ).exclude(exemption="")
    school_year = Case(
        *[When(date__range=(start, end), then=Value(pk)) for pk, _name, start, end in years],
        output_field=IntegerField(),
    )
    counts = {}
    for code in DOMAINS:
        domain = Q(subject__code=code)
        counts[_alias(code, "counted")] = Count("pupil", distinct=True, filter=domain)
        counts[_alias(code, "1f")] = Count("pupil", distinct=True, filter=domain & Q(level__code__in=REACHED_1F))
        counts[_alias(code, "1s2f")] = Count("pupil", distinct=True, filter=domain & Q(level__code__in=REACHED_1S2F))
    rows = (
        Assessment.objects.filter(
            instrument__code=INSTRUMENT,
            subject__code__in=DOMAINS,
            pupil__school_id=scope.school_id,
            date__gte=years[0][2],
            date__lte=years[-1][3],
        )
        .filter(Exists(in_group_8))
        .exclude(Exists(exempt))
        .annotate(school_year=school_year)
        .values("school_year")
        .annotate(pupils=Count("pupil", distinct=True), **counts)
        .order_by()
    )
    return {row["school_year"]: row for row in rows}


def _alias(code, key):
    """The column of one count of one domain: a plain SQL alias (no hyphen, no double underscore)."""
    return f"{code.replace('-', '_')}_{key}"


def _exempted(scope, years):
    """The exempted pupils in year level 8 in scope: name, group and ground, oldest year first. The only
    place in the report where pupils are named."""
    if not years:
        return []
    enrolment = Enrolment.objects.filter(
        scope.enrolments_q(),
        pupil_id=OuterRef("pupil_id"),
        school_year_id=OuterRef("school_year_id"),
        year_level=FINAL_YEAR_LEVEL,
    )
    names = {pk: name for pk, name, _start, _end in years}
    rows = (
        SecondaryAdvice.objects.filter(school_year_id__in=list(names))
        .exclude(exemption="")
        .annotate(group_name=Subquery(enrolment.values("group__name")[:1]))
        .filter(group_name__isnull=False)
        .order_by("school_year__start_date", "pupil__surname", "pupil__first_name", "pk")
        .values(
            "school_year_id", "pupil__first_name", "pupil__name_prefix", "pupil__surname", "group_name", "exemption"
        )
    )
    return [
        {
            "year_id": row["school_year_id"],
            "year": names[row["school_year_id"]],
            "name": " ".join(
                part for part in (row["pupil__first_name"], row["pupil__name_prefix"], row["pupil__surname"]) if part
            ),
            "group": row["group_name"],
            "ground": row["exemption"],
        }
        for row in rows
    ]


# --- Weging and ambitions --------------------------------------------------------------------------------------------


def _weging(years, targets):
    """The mean schoolweging over the years that have one, rounded to one decimal as the CBS publishes it: as
    a Decimal to look the threshold up with, and for the report with the years it was taken over."""
    known = [(name, targets[pk]["schoolweging"]) for pk, name, _s, _e in years if _has(targets, pk, "schoolweging")]
    mean = None
    if known:
        mean = (sum(value for _name, value in known) / len(known)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return mean, {
        "mean": _float(mean),
        "years_with": [name for name, _value in known],
        "years_without": [name for pk, name, _s, _e in years if not _has(targets, pk, "schoolweging")],
    }


def _ambitions(scope, targets):
    """The ambitions of the report's year, or else of the latest earlier year that has any."""
    for pk, name, _start, _end in reversed(scope.years):
        if _has(targets, pk, "ambition_1f") or _has(targets, pk, "ambition_1s2f"):
            row = targets[pk]
            return {
                "share_1f": _float(row["ambition_1f"]),
                "share_1s2f": _float(row["ambition_1s2f"]),
                "year": name,
                "own_year": pk == scope.year_id,
            }
    return {"share_1f": None, "share_1s2f": None, "year": None, "own_year": False}


def _has(targets, pk, name):
    return pk in targets and targets[pk][name] is not None


# --- Figures -------------------------------------------------------------------------------------------------------


def _year(year, row, thresholds, ambitions):
    pk, name, _start, _end = year
    domains = [_domain(code, row or {}) for code in DOMAINS]
    return {
        "id": pk,
        "name": name,
        "pupils": row["pupils"] if row else 0,
        "domains": domains,
        "combined": _combined(domains, thresholds, ambitions),
    }


def _domain(code, row):
    counted, reached_1f, reached_1s2f = (row.get(_alias(code, key), 0) for key in ("counted", "1f", "1s2f"))
    return {
        "code": code,
        "counted": counted,
        "reached_1f": reached_1f,
        "reached_1s2f": reached_1s2f,
        "share_1f": _share(reached_1f, counted),
        "share_1s2f": _share(reached_1s2f, counted),
    }


def _average(year_figures, thresholds, ambitions):
    """The three years together: per domain the pupils of all years pooled (each year weighs with the pupils
    counted in it), combined as each year is."""
    pooled = {}
    for code in DOMAINS:
        for key in ("counted", "1f", "1s2f"):
            field = "counted" if key == "counted" else f"reached_{key}"
            pooled[_alias(code, key)] = sum(
                domain[field] for year in year_figures for domain in year["domains"] if domain["code"] == code
            )
    domains = [_domain(code, pooled) for code in DOMAINS]
    return {
        "pupils": sum(year["pupils"] for year in year_figures),
        "years": [year["name"] for year in year_figures if year["pupils"]],
        "domains": domains,
        "combined": _combined(domains, thresholds, ambitions),
    }


def _combined(domains, thresholds, ambitions):
    """Both indicators, each the mean of the three domain percentages, with how it stands against its
    threshold and ambition ("above": at or above; "below"; None: nothing to compare with)."""
    combined = []
    for key, name in INDICATORS:
        exact = [_exact(domain, key) for domain in domains]
        share = round(sum(exact) / len(exact), 1) if None not in exact else None
        threshold, ambition = thresholds[f"share_{key}"], ambitions[f"share_{key}"]
        combined.append(
            {
                "key": key,
                "indicator": name,
                "share": share,
                "threshold": threshold,
                "ambition": ambition,
                "vs_threshold": _against(share, threshold),
                "vs_ambition": _against(share, ambition),
            }
        )
    return combined


def _exact(domain, indicator):
    if not domain["counted"]:
        return None
    return 100 * domain[f"reached_{indicator}"] / domain["counted"]


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _against(share, level):
    if share is None or level is None:
        return None
    return "above" if share >= level else "below"


def _float(value):
    return float(value) if value is not None else None


# --- Chart -----------------------------------------------------------------------------------------------------------


def charts(data):
    if not data.get("applies"):
        return {}
    series = [
        (
            _("%(indicator)s, drie domeinen samen") % {"indicator": name},
            [(year["name"], _indicator(year, key)["share"]) for year in data["years"]],
        )
        for key, name in INDICATORS
    ]
    lines = _lines(data)
    return {
        "combined": svg.line_chart(
            series,
            x_labels=[year["name"] for year in data["years"]],
            bands=lines,
            y_ticks=_ticks(series, lines),
            height=260,
            y_label=_("percentage leerlingen"),
            title=_("Referentieniveaus van de laatste drie jaar, met signaleringswaarden en ambities"),
            empty_text=_("Nog geen uitslagen van de doorstroomtoets."),
            chart_id="end-results",
        )
    }


# A band this thin draws as a line; its label names it.
LINE = 0.3
THRESHOLD_COLOUR = "#333333"
AMBITION_COLOUR = "#999999"


def _lines(data):
    lines = []
    for key, name in INDICATORS:
        threshold = data["thresholds"][f"share_{key}"]
        ambition = data["ambitions"][f"share_{key}"]
        if threshold is not None:
            label = _("signaleringswaarde %(indicator)s: %(share)s %%") % {
                "indicator": name,
                "share": _percent(threshold),
            }
            lines.append((threshold - LINE, threshold, label, THRESHOLD_COLOUR))
        if ambition is not None:
            label = _("ambitie %(indicator)s: %(share)s %%") % {"indicator": name, "share": _percent(ambition)}
            lines.append((ambition - LINE, ambition, label, AMBITION_COLOUR))
    return lines


def _ticks(series, lines):
    """Every ten percent from just below the lowest share or line up to 100: a percentage axis that does not
    run past 100 % and still shows the difference between, say, 80 and 90."""
    values = [point[1] for _label, points in series for point in points if point[1] is not None]
    values += [line[0] for line in lines]
    # Room below the lowest line for its label.
    bottom = max(0, int((min(values, default=0) - 5) // 10) * 10)
    return [(value, str(value)) for value in range(bottom, 101, 10)]


def _indicator(figures, key):
    return next(item for item in figures["combined"] if item["key"] == key)


def _percent(value):
    return f"{value:.1f}".replace(".", ",")
