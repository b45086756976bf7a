"""Group plans of the demo school, following the seed: group 8 works on verb
spelling, percentages and fractions, and a remedial group of 13 pupils has
reading comprehension once a week. Last period's plans (group 7, last school
year) are evaluated; the other groups' plans stand in different phases; one
group meeting with actions. Deterministic."""

import datetime

from django.db.models import Max

from core import history
from core.models import AuditAction
from pupils.models import Assessment, Instrument, Pupil, RemedialAssignment, ScaleLevel, Subject
from pupils.overview import build_overview

from .models import Action, Goal, GroupPlan, InstructionGroup, Meeting, Phase, Placement
from .services import freeze_overview

# Per subject: (instruction group kind, name, content, approach, times per week, minutes, who, where).
# Every text fits its subject: a maths plan's basic instruction is a maths lesson (issue 12).
GROUP_SPECS = {
    "spelling": [
        (
            "intensive",
            "Verlengde instructie werkwoordspelling",
            "Werkwoordspelling: tegenwoordige en verleden tijd, voltooid deelwoord.",
            "Stappenplan voordoen, samen oefenen, daarna zelfstandig met directe feedback.",
            4,
            20,
            "leerkracht",
            "instructietafel",
        ),
        (
            "basic",
            "Basisinstructie",
            "Spellingles volgens de methode.",
            "Klassikale instructie, daarna zelfstandig.",
            3,
            30,
            "leerkracht",
            "groep",
        ),
        (
            "extended",
            "Verdiept aanbod",
            "Moeilijke werkwoorden en leenwoorden.",
            "Korte instructie, zelfstandig werken met een uitdagende taak.",
            3,
            30,
            "leerkracht",
            "groep",
        ),
    ],
    "begrijpend-lezen": [
        (
            "intensive",
            "RT-groep begrijpend lezen",
            "Leesstrategieën: voorspellen, vragen stellen, samenvatten.",
            "Hardop denkend voordoen; wekelijks buiten de groep bij de remedial teacher.",
            1,
            45,
            "remedial teacher",
            "RT-lokaal",
        ),
        (
            "basic",
            "Basisinstructie",
            "Les begrijpend lezen volgens de methode: de leesstrategie van de week op een informatieve tekst.",
            "Klassikale instructie met hardop denkend voordoen, daarna in tweetallen een tekst lezen.",
            2,
            45,
            "leerkracht",
            "groep",
        ),
        (
            "extended",
            "Verdiept aanbod",
            "Lange en moeilijke teksten: betogen en krantenartikelen beoordelen.",
            "Korte instructie, zelfstandig een tekst samenvatten en er een mening over schrijven.",
            2,
            45,
            "leerkracht",
            "groep",
        ),
    ],
    "rekenen-wiskunde": [
        (
            "intensive",
            "Verlengde instructie procenten en breuken",
            "Procenten en breuken met concreet materiaal en de strook.",
            "Voordoen met materiaal, daarna de stap naar de som.",
            4,
            20,
            "leerkracht",
            "instructietafel",
        ),
        (
            "basic",
            "Basisinstructie",
            "Rekenles volgens de methode: procenten, breuken en kommagetallen.",
            "Klassikale instructie met het model van de dag, daarna zelfstandig oefenen.",
            5,
            45,
            "leerkracht",
            "groep",
        ),
        (
            "extended",
            "Verdiept aanbod",
            "Verhoudingen en problemen in meer stappen.",
            "Korte instructie, zelfstandig werken aan verrijkingsopdrachten.",
            5,
            45,
            "leerkracht",
            "groep",
        ),
    ],
    "technisch-lezen": [
        (
            "intensive",
            "Verlengde instructie technisch lezen",
            "Klankzuiver en vlot lezen van woorden met meer lettergrepen.",
            "Dagelijks herhaald lezen met de leerkracht, daarna duolezen.",
            4,
            15,
            "leerkracht",
            "instructietafel",
        ),
        (
            "basic",
            "Basisinstructie",
            "Leesles technisch lezen volgens de methode.",
            "Klassikale instructie, daarna stillezen en duolezen.",
            4,
            20,
            "leerkracht",
            "groep",
        ),
        (
            "extended",
            "Verdiept aanbod",
            "Vrij lezen van boeken op eigen niveau, met een boekpresentatie.",
            "Korte instructie, zelfstandig lezen.",
            4,
            20,
            "leerkracht",
            "groep",
        ),
    ],
}
# The demo's old name, kept for code that imports it.
SPELLING_GROUPS = GROUP_SPECS["spelling"]

MONTHS = {1: "januari", 2: "februari", 3: "maart", 4: "april", 5: "mei", 6: "juni", 7: "juli", 9: "september"}


def goal_text(subject, level_code, date):
    """A demo goal: who, by when, what level on which test; the instruction group's name is not repeated."""
    month = MONTHS.get(date.month, "")
    return (
        f"De leerlingen van deze instructiegroep halen in {month} minstens niveau {level_code} "
        f"op de LVS-toets {subject.name.lower()}."
    )


def _rank_by_latest(pupils, subject):
    """Latest monitoring level rank per pupil for a subject (one query)."""
    latest = (
        Assessment.objects.filter(pupil__in=pupils, subject=subject, instrument__kind="monitoring")
        .values("pupil")
        .annotate(last=Max("date"))
    )
    dates = {row["pupil"]: row["last"] for row in latest}
    ranks = {}
    for a in Assessment.objects.filter(pupil__in=pupils, subject=subject).select_related("level"):
        if dates.get(a.pupil_id) == a.date and a.level_id:
            ranks[a.pupil_id] = a.level.rank
    return ranks


def _plan(group, period, subject, phase, user, previous=None, **texts):
    """A plan; one of this year that is past observing holds the group overview frozen when observing
    closed, as the product does. Last year's plans have none (they say so: older plans may lack it)."""
    plan = GroupPlan(
        group=group, period=period, subject=subject, phase=phase, previous=previous, updated_by=user, **texts
    )
    if phase not in (Phase.OBSERVE, Phase.DONE):
        pupils = Pupil.objects.filter(school=group.school_year.school)
        plan.observe_snapshot = freeze_overview(build_overview(group, pupils, subject=subject.code))
    return history.save(plan, user)


def _groups_with_goals(plan, specs, pupils, ranks, instrument, user, date, target, evaluated=False):
    groups = []
    for order, (kind, name, content, approach, times, minutes, who, where) in enumerate(specs):
        groups.append(
            history.save(
                InstructionGroup(
                    plan=plan,
                    kind=kind,
                    name=name,
                    order=order,
                    content=content,
                    approach=approach,
                    times_per_week=times,
                    minutes=minutes,
                    who=who,
                    where=where,
                ),
                user,
            )
        )
    for pupil in pupils:
        rank = ranks.get(pupil.pk, 3)
        index = 0 if rank <= 2 else (1 if rank == 3 or len(groups) < 3 else 2)
        Placement.objects.create(plan=plan, instruction_group=groups[min(index, len(groups) - 1)], pupil=pupil)
    for group, level_code in zip(groups, target, strict=False):
        goal = Goal(
            instruction_group=group,
            what=goal_text(plan.subject, level_code, date),
            instrument=instrument,
            target_level=ScaleLevel.objects.get(scale=instrument.scale, code=level_code),
            date=date,
        )
        if evaluated:
            goal.evaluation = {"IV": Goal.Evaluation.PARTLY, "III": Goal.Evaluation.ACHIEVED}.get(
                level_code, Goal.Evaluation.NOT_ACHIEVED
            )
            goal.evaluation_remark = "Besproken in de groepsbespreking."
        history.save(goal, user)
    return groups


def extend(demo):
    from schools.demo import MAIN_SCHOOL

    teacher8, teacher5, rt, ib = (demo.users[u] for u in ("leerkracht8", "leerkracht5", "rt", "ib"))
    years = demo.years[MAIN_SCHOOL]
    current, last = years[-1], years[-2]
    period_now = current.periods.order_by("start_date").first()
    period_last = last.periods.order_by("start_date").last()
    subjects = {s.code: s for s in Subject.objects.all()}
    instruments = {i.code: i for i in Instrument.objects.select_related("scale")}
    group8 = demo.groups[(MAIN_SCHOOL, "Groep 8")]
    pupils8 = list(Pupil.objects.filter(enrolments__group=group8).order_by("surname", "first_name"))
    last_group7 = last.groups.get(name="Groep 7")

    plans = {}
    for code, instrument in (
        ("spelling", "lvs-spelling"),
        ("begrijpend-lezen", "lvs-begrijpend-lezen"),
        ("rekenen-wiskunde", "lvs-rekenen-wiskunde"),
    ):
        ranks = _rank_by_latest(pupils8, subjects[code])
        specs = GROUP_SPECS[code]
        # Last period (group 7, last school year): evaluated.
        previous = _plan(
            last_group7,
            period_last,
            subjects[code],
            Phase.DONE,
            teacher8,
            reflection="De groep heeft veel herhaling nodig.",
            evaluation_notes=f"Te weinig groei in {subjects[code].name.lower()}; "
            "volgende periode meer verlengde instructie.",
        )
        _groups_with_goals(
            previous,
            specs,
            pupils8,
            ranks,
            instruments[instrument],
            teacher8,
            period_last.end_date - datetime.timedelta(days=20),
            ["IV", "III", "II"],
            evaluated=True,
        )
        phase = Phase.PLAN if code == "rekenen-wiskunde" else Phase.REALISE
        plan = _plan(
            group8,
            period_now,
            subjects[code],
            phase,
            teacher8,
            previous=previous,
            observe_notes=f"Uit de entreetoets: bij {subjects[code].name.lower()} scoren de meeste leerlingen "
            "onvoldoende; zie het groepsoverzicht.",
            reflection="De groep vraagt om korte instructie, veel herhaling en een duidelijke weekplanning.",
        )
        _groups_with_goals(
            plan,
            specs,
            pupils8,
            ranks,
            instruments[instrument],
            teacher8,
            datetime.date(current.start_date.year + 1, 1, 25),
            ["IV", "III", "II"],
        )
        plans[code] = plan
    # The remedial group of 13 is exactly the pupils assigned to the remedial teacher.
    rt_pupils = set(RemedialAssignment.objects.filter(staff=rt).values_list("pupil", flat=True))
    reading = plans["begrijpend-lezen"]
    rt_group = reading.instruction_groups.get(kind="intensive")
    basic = reading.instruction_groups.get(kind="basic")
    for placement in reading.placements.all():
        target = (
            rt_group
            if placement.pupil_id in rt_pupils
            else (basic if placement.instruction_group_id == rt_group.pk else placement.instruction_group)
        )
        if placement.instruction_group_id != target.pk:
            placement.instruction_group = target
            placement.save()
    reading.execution_notes = "RT-groep gestart op dinsdag; de eerste twee weken gaan goed."
    history.save(reading, teacher8)

    # Other groups: plans in other phases.
    for group_name, code, phase, teacher in (
        ("Groep 5", "spelling", Phase.OBSERVE, teacher5),
        ("Groep 6", "rekenen-wiskunde", Phase.UNDERSTAND, demo.users["leerkracht6"]),
        ("Groep 7", "begrijpend-lezen", Phase.OBSERVE, demo.users["leerkracht7"]),
    ):
        _plan(demo.groups[(MAIN_SCHOOL, group_name)], period_now, subjects[code], phase, teacher)

    meeting = Meeting.objects.create(
        school=demo.schools[MAIN_SCHOOL],
        kind=Meeting.Kind.GROUP,
        date=current.start_date + datetime.timedelta(days=40),
        group=group8,
        notes="Resultaten entreetoets besproken; spelling en rekenen blijven achter.",
        decisions="Extra lessen werkwoordspelling, procenten en breuken; RT-groep van "
        "13 leerlingen voor begrijpend lezen.",
        created_by=ib,
    )
    meeting.participants.add(ib, teacher8, demo.users["bouwcoordinator"])
    meeting.pupils.add(*pupils8[:5])
    # Recorded after the participants and pupils, so the first revision holds them.
    history.record([meeting], ib, AuditAction.CREATE)
    today = demo.today
    for text, owner, due, done in (
        ("RT-groep begrijpend lezen inroosteren", ib, today - datetime.timedelta(days=30), True),
        (
            "Extra lessen werkwoordspelling in de weekplanning zetten",
            teacher8,
            today - datetime.timedelta(days=3),
            False,
        ),
        ("Materiaal voor procenten en breuken bestellen", teacher8, today + datetime.timedelta(days=10), False),
    ):
        history.save(Action(meeting=meeting, text=text, owner=owner, due_date=due, done=done), ib)
