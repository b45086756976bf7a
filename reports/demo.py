"""The progress report of the demo school: its weging and ambitions per school year, a half-yearly report of
last year's first half finalized by the director in February, and this year's first half as a draft.

The director's texts quote the demo's own figures (computed here with plain queries, so the text and the
figures never drift apart) and follow the seed's story: a school judged weak after years of low end results,
improving; rekenen and spelling lag behind; the current group 8 starts with a weak entrance test. Deterministic.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import localize_input

from pupils.models import ADVICE_ORDER, Assessment, SecondaryAdvice
from schools.access import ReportReach
from schools.demo import MAIN_SCHOOL, REMEDIAL_PUPILS_IN_GROUP_8

from . import services
from .forms import ReportTextForm, YearTargetForm
from .models import Half, HalfYearReport, Threshold, YearTarget

# Oldest year first, as demo.years: (schoolweging, ambition 1F, ambition 1S/2F). The school set ambitions
# for the first time in 2025-2026, after the inspectorate's visit.
TARGETS = [
    (Decimal("33.9"), None, None),
    (Decimal("33.6"), None, None),
    (Decimal("33.4"), Decimal("88.0"), Decimal("45.0")),
    (Decimal("33.5"), Decimal("88.0"), Decimal("45.0")),
]
FINALIZED_ON = (2, 12)  # month, day in the second calendar year of last school year: after the middentoetsen
ENTRANCE_SUBJECTS = ("spelling", "begrijpend-lezen", "woordenschat", "rekenen-wiskunde", "studievaardigheden")


def extend(demo):
    school = demo.schools[MAIN_SCHOOL]
    years = demo.years[MAIN_SCHOOL]
    director, ib = demo.users["directeur"], demo.users["ib"]
    for year, (weging, ambition_1f, ambition_1s2f) in zip(years, TARGETS, strict=True):
        _set_targets(year, weging, ambition_1f, ambition_1s2f, director)

    last, current = years[-2], years[-1]
    finalized_on = datetime.date(last.end_date.year, *FINALIZED_ON)
    report = _report(school, last, director)
    for section, (analysis, interventions) in _last_year_texts(school, years[:-1], finalized_on).items():
        _write(report, section, analysis, interventions, director)
    report.refresh_from_db()
    services.finalize(report, report.version, director, today=finalized_on)
    # The demo plays the finalizing out on the day it happened, not on the day the demo was loaded.
    moment = timezone.make_aware(datetime.datetime.combine(finalized_on, datetime.time(16, 30)))
    HalfYearReport.objects.filter(pk=report.pk).update(
        created_at=moment - datetime.timedelta(days=9), finalized_at=moment
    )

    draft = _report(school, current, director)
    group_8 = demo.groups[(MAIN_SCHOOL, "Groep 8")]
    end_results, interim = _current_texts(school, years, group_8, REMEDIAL_PUPILS_IN_GROUP_8)
    _write(draft, "end_results", *end_results, director)
    _write(draft, "interim", *interim, ib)


def _set_targets(year, weging, ambition_1f, ambition_1s2f, user):
    values = {"schoolweging": weging, "ambition_1f": ambition_1f, "ambition_1s2f": ambition_1s2f}
    data = {name: localize_input(value) if value is not None else "" for name, value in values.items()}
    form = YearTargetForm({**data, "version": 0}, instance=YearTarget(school_year=year))
    if not form.is_valid():
        raise ValueError(form.errors)
    services.set_targets(form, user)


def _report(school, year, user):
    report, _created = services.start_report(school, year, Half.FIRST, ReportReach(), user)
    return report


def _write(report, section, analysis, interventions, user):
    text = report.texts.get(section=section)
    form = ReportTextForm(
        {"analysis": analysis, "interventions": interventions, "version": text.version}, instance=text
    )
    if not form.is_valid():
        raise ValueError(form.errors)
    services.save_text(form, user)


# --- The figures the texts quote ----------------------------------------------------------------------------------


def _pct(part, whole):
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "–"


def _number(count, one, many):
    return f"{count} {one if count == 1 else many}"


def _end_results(school, years):
    """Per school year (and over all ``years`` together): doorstroomtoets results of the pupils who count
    (no exemption), how many reached 1F or higher and 2F/1S, per domain and combined."""
    exempted = SecondaryAdvice.objects.filter(pupil__school=school).exclude(exemption="")
    figures = {}
    for year in years:
        rows = (
            Assessment.objects.filter(
                pupil__school=school,
                instrument__code="doorstroomtoets",
                date__range=(year.start_date, year.end_date),
            )
            .exclude(pupil__in=exempted.filter(school_year=year).values("pupil"))
            .values("subject__code")
            .annotate(
                results=Count("pk"),
                at_1f=Count("pk", filter=~Q(level__code="<1F")),
                at_2f=Count("pk", filter=Q(level__code="2F/1S")),
            )
        )
        domains = {row["subject__code"]: row for row in rows}
        figures[year.pk] = {
            "domains": domains,
            **{key: sum(row[key] for row in domains.values()) for key in ("results", "at_1f", "at_2f")},
        }
    together = {key: sum(f[key] for f in figures.values()) for key in ("results", "at_1f", "at_2f")}
    return figures, together


def _threshold_1s2f(year):
    """The 1S/2F signaleringswaarde for ``year``'s weging as the text shows it: " (42,4 %)", or nothing when
    the installation holds no table (a test database flushed after its migrations)."""
    weging = YearTarget.objects.get(school_year=year).schoolweging
    row = Threshold.objects.filter(weging_from__lte=weging).order_by("-weging_from").first()
    return f" ({str(row.share_1s2f).replace('.', ',')} %)" if row else ""


def _advice_split(school, year):
    higher = expected = lower = far = raised = 0
    for advice in SecondaryAdvice.objects.filter(pupil__school=school, school_year=year).exclude(test_indication=""):
        steps = ADVICE_ORDER[advice.test_indication] - ADVICE_ORDER[advice.final or advice.provisional]
        higher += steps > 0
        expected += steps == 0
        lower += steps < 0
        far += steps <= -3
        raised += bool(advice.reconsidered)
    return higher, expected, lower, far, raised


def _below_norm(school, year, moment, levels):
    """(below the norm, results) of the LVS tests at ``moment`` (M or E) in ``year`` for pupils in
    ``levels``, per subject code."""
    rows = (
        Assessment.objects.filter(
            pupil__school=school,
            instrument__kind="monitoring",
            date__range=(year.start_date, year.end_date),
            moment__in=[f"{moment}{level}" for level in levels],
        )
        .values("subject__code")
        .annotate(results=Count("pk"), below=Count("pk", filter=Q(level__below_norm=True)))
    )
    return {row["subject__code"]: (row["below"], row["results"]) for row in rows}


def _share_below(per_subject):
    below = sum(b for b, _n in per_subject.values())
    return _pct(below, sum(n for _b, n in per_subject.values()))


# --- The texts ----------------------------------------------------------------------------------------------------


def _last_year_texts(school, years, finalized_on):
    """The director's analysis and interventions for every section of last year's first half, as written in
    February: the end results of the years before, the middentoetsen of January, and what the school starts."""
    year = years[-1]
    before = [y for y in years if y.end_date < finalized_on]
    figures, together = _end_results(school, before)
    first, second = (figures[y.pk] for y in before[-2:])
    reken = second["domains"]["rekenen-wiskunde"]
    threshold = _threshold_1s2f(year)
    higher, expected, lower, far, raised = _advice_split(school, before[-1])
    group_7 = _below_norm(school, year, "M", [7])
    lower_grades, upper_grades = _below_norm(school, year, "M", [3, 4]), _below_norm(school, year, "M", [5, 6, 7, 8])
    return {
        "end_results": (
            f"In {before[-2].name} haalde {_pct(first['at_1f'], first['results'])} van de leerlingen 1F (lezen, "
            f"taalverzorging en rekenen samen) en {_pct(first['at_2f'], first['results'])} 1S/2F. In "
            f"{before[-1].name} was dat {_pct(second['at_1f'], second['results'])} en "
            f"{_pct(second['at_2f'], second['results'])}. We gaan vooruit, maar beide jaren liggen onder de "
            f"signaleringswaarde van 85 % voor 1F, en voor 1S/2F onder de signaleringswaarde die bij onze "
            f"schoolweging hoort{threshold}. Over de twee jaren samen is het "
            f"{_pct(together['at_1f'], together['results'])} voor 1F.\n\n"
            f"Rekenen blijft het zwakste domein: in {before[-1].name} haalden {reken['at_1f']} van de "
            f"{reken['results']} leerlingen 1F, maar slechts {reken['at_2f']} van hen haalden 1S.",
            "Rekenen krijgt voorrang. Groep 7 en 8 krijgen er twee instructiemomenten per week bij voor procenten, "
            "breuken en verhoudingen, met verlengde instructie aan de instructietafel. De rekencoördinator kijkt "
            "in maart in beide groepen mee.\n\n"
            "Vanaf dit schooljaar leggen we ambities vast: 88 % op 1F en 45 % op 1S/2F. In juni bespreken we de "
            "uitslag van de doorstroomtoets met het hele team, naast deze ambities.",
        ),
        "advice": (
            f"Van de leerlingen van {before[-1].name} met een uitslag scoorden er {higher} hoger dan hun advies, "
            f"{expected} zoals verwacht en {lower} lager, van wie {far} drie of meer niveaus lager. "
            f"Na de uitslag hebben we {_number(raised, 'advies', 'adviezen')} naar boven bijgesteld.\n\n"
            "Dat meer leerlingen lager dan hoger uitkomen, zegt dat we eerder te hoog dan te laag adviseren. Bij de "
            "leerlingen die ver onder hun advies bleven, woog het beeld in de klas zwaarder dan hun toetsen.",
            "Het voorlopig advies in november onderbouwen we voortaan met de toetsen van groep 6 en 7 en de "
            "entreetoets naast elkaar. Leerkracht, intern begeleider en directeur stellen het samen vast.\n\n"
            "Valt de uitslag hoger uit dan het advies, dan plannen we binnen twee weken een gesprek met ouders en "
            "kind over heroverweging.",
        ),
        "interim": (
            f"De middentoetsen van januari laten het bekende beeld zien. In groep 7 scoren "
            f"{group_7['begrijpend-lezen'][0]} van de {group_7['begrijpend-lezen'][1]} leerlingen bij begrijpend "
            f"lezen onder de norm (niveau IV of V), bij rekenen {group_7['rekenen-wiskunde'][0]} en bij spelling "
            f"{group_7['spelling'][0]}.\n\n"
            f"In groep 3 en 4 ligt {_share_below(lower_grades)} van alle uitslagen onder de norm, in groep 5 tot "
            f"en met 8 {_share_below(upper_grades)}: hoe hoger de groep, hoe groter de achterstand.",
            "Groep 7, volgend jaar groep 8, krijgt in periode 2 groepsplannen voor spelling, begrijpend lezen en "
            "rekenen met verlengde instructie vier keer per week.\n\n"
            "De intern begeleider bespreekt de middentoetsen in de groepsbesprekingen van februari met elke "
            "leerkracht. In juni vergelijken we de eindtoetsen met dezelfde jaargroep van vorig jaar.",
        ),
        "care": (
            "Tot nu toe hielden de leerkrachten de zorgniveaus bij in hun eigen map. Het overzicht in het systeem "
            "is daardoor nog niet volledig. Uit de groepsbesprekingen weten we dat vooral groep 7 veel leerlingen "
            "heeft die extra instructie in de groep nodig hebben.",
            "Voor de meivakantie legt de intern begeleider van elke leerling met extra zorg het zorgniveau vast, "
            "met de reden. Voor leerlingen op niveau 3 schrijven we een handelingsplan.\n\n"
            "Het zorgteam (intern begeleider, remedial teacher en directeur) bespreekt het overzicht elke zes "
            "weken.",
        ),
        "cycle": (
            "Voor periode 1 staan er nog geen groepsplannen in het systeem: de groepen werkten met hun eigen "
            "documenten, zonder vaste evaluatie op de toetsen. We kunnen dus niet laten zien welke doelen zijn "
            "gehaald.",
            "Vanaf periode 2 schrijft groep 7 als eerste zijn groepsplannen voor spelling, begrijpend lezen en "
            "rekenen in het systeem, gevuld met de middentoetsen. Na de eindtoetsen evalueert de leerkracht de "
            "doelen en bespreekt hij de evaluatie met de intern begeleider.\n\n"
            "De andere groepen volgen na de zomer.",
        ),
        "conversations": (
            "Dit halfjaar zijn er geen gespreksrondes vastgelegd. De oudergesprekken gingen zoals altijd over het "
            "rapport, zonder het kind erbij.",
            "In de laatste week voor de zomer houden de intern begeleider en de leerkracht van de nieuwe groep 8 "
            "startgesprekken van een kwartier met elke leerling en de ouders, op twee middagen, met een "
            "uitnodiging per brief.\n\n"
            "In november volgen de voortgangsgesprekken met het voorlopig advies, dan voor het eerst met het kind "
            "erbij. Na elk gesprek vragen we kind en ouders hoe nuttig het was.",
        ),
        "coaching": (
            "Er lopen geen coachingstrajecten. Na jaren van lage eindresultaten vraagt de bovenbouw veel van de "
            "leerkrachten, en die staan er nu alleen voor.",
            "Na de zomer geeft de directie de intern begeleider het mandaat om de leerkracht van groep 8 te "
            "coachen, als hij dat zelf ook wil. Wat in de coaching besproken wordt, blijft tussen hen; de "
            "directie hoort alleen dat het traject loopt.",
        ),
    }


def _current_texts(school, years, group_8, remedial_pupils):
    """This year's draft: the end results now that three years are in, written by the director, and the
    entrance test of the current group 8, written by the intern begeleider."""
    past = years[-4:-1]
    figures, together = _end_results(school, past)
    shares = ", ".join(f"{_pct(figures[y.pk]['at_1f'], figures[y.pk]['results'])}" for y in past)
    shares_2f = ", ".join(f"{_pct(figures[y.pk]['at_2f'], figures[y.pk]['results'])}" for y in past)
    latest = figures[past[-1].pk]
    reken_now, reken_before = (figures[y.pk]["domains"]["rekenen-wiskunde"] for y in (past[-1], past[-2]))
    threshold = _threshold_1s2f(past[-1])
    entrance = _entrance(group_8, years[-2])
    pupils = entrance.pop("pupils")
    as_expected = entrance.pop("as_expected")
    end_results = (
        f"Nu de uitslag van {past[-1].name} binnen is, hebben we drie jaren doorstroomtoets. Het aandeel op 1F "
        f"was {shares}; op 1S/2F {shares_2f}. Over de drie jaren samen komen we op "
        f"{_pct(together['at_1f'], together['results'])} voor 1F, net onder de 85 %, en op "
        f"{_pct(together['at_2f'], together['results'])} voor 1S/2F, onder de signaleringswaarde{threshold}.\n\n"
        f"Vorig jaar kwam de groep uit op {_pct(latest['at_1f'], latest['results'])} voor 1F (ambitie 88 %) en "
        f"{_pct(latest['at_2f'], latest['results'])} voor 1S/2F (ambitie 45 %). De extra rekeninstructie lijkt "
        f"te werken: {reken_now['at_2f']} van de {reken_now['results']} leerlingen haalden 1S, het jaar ervoor "
        f"{reken_before['at_2f']} van de {reken_before['results']}.",
        "We houden de extra rekeninstructie in groep 7 en 8 vast en breiden die uit naar groep 6.\n\n"
        "Het driejaarsgemiddelde komt pas boven de 85 % als ook de huidige groep 8 het goed doet: zie de "
        "tussentijdse resultaten.",
    )
    interim = (
        f"De entreetoets die de huidige groep 8 in april in groep 7 maakte, baart ons zorgen. Van de {pupils} "
        f"leerlingen scoorden er {entrance['spelling']} onvoldoende op spelling, {entrance['begrijpend-lezen']} "
        f"op begrijpend lezen, {entrance['woordenschat']} op woordenschat, {entrance['rekenen-wiskunde']} op "
        f"rekenen en {entrance['studievaardigheden']} op studievaardigheden. Slechts {as_expected} leerlingen "
        "scoorden op alles zoals verwacht.",
        "Groep 8 krijgt extra lessen werkwoordspelling, procenten en breuken in de weekplanning. De remedial "
        f"teacher neemt {remedial_pupils} leerlingen wekelijks mee voor begrijpend lezen.\n\n"
        "Bij de middentoetsen van januari kijken we of het aandeel onder de norm daalt.",
    )
    return end_results, interim


def _entrance(group, year):
    """Per subject how many pupils of ``group`` scored below the norm on last year's entreetoets, how many
    pupils took it and how many were nowhere below the norm."""
    results = Assessment.objects.filter(
        pupil__enrolments__group=group, instrument__code="entreetoets", date__range=(year.start_date, year.end_date)
    )
    counts = dict(
        results.filter(level__below_norm=True).values_list("subject__code").annotate(n=Count("pupil", distinct=True))
    )
    below = results.filter(level__below_norm=True).values("pupil")
    return {
        **{code: counts.get(code, 0) for code in ENTRANCE_SUBJECTS},
        "pupils": results.values("pupil").distinct().count(),
        "as_expected": results.exclude(pupil__in=below).values("pupil").distinct().count(),
    }
