"""Benchmark the progress reports on a large school: 1,000 pupils now, 8 school years of history.

Usage: .venv/bin/python scripts/bench_reports.py [--runs 20] [--pdf-runs 3] [--write docs/performance.md]

Builds the school in a throwaway SQLite database (or DATABASE_URL): every cohort that passed through the
school in those 8 years (the 1,000 pupils of today and the group 8s that left), with LVS results M and E per
subject from group 3 on, the entreetoets in group 7, the doorstroomtoets and the advice of every leaver,
care levels with their history, handelingsplannen, remedial teaching, group plans with goals for every
group, subject and period, group meetings with actions, conversation rounds in groups 7 and 8 with the
usefulness answers, and coaching trajectories. It finalizes last year's first half-yearly report and starts
this year's, then signs in as the director (management, no bouw) and times the report pages and the PDF
(server time through Django's test client: middleware, views, templates and queries; no network).
Prints a Markdown table; --write replaces the block between the REPORTS-BENCH markers in the given file.
Aims (issue 11): every page under 200 ms median on SQLite, the PDF under 3 s.
"""

import argparse
import datetime
import random
import statistics
import time

from benchlib import measure_get, setup_django, write_block, year_results

setup_django()

from django.conf import settings  # noqa: E402

# Templates render as in production (DEBUG=0): without the per-node debug information a development
# server records. Set before the first render, when the template engine is created.
settings.DEBUG = False

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from pupils.demo import MONITORING  # noqa: E402

PUPILS = 1000  # enrolled today
YEARS = 8
GROUPS_PER_LEVEL = 4
PER_COHORT = PUPILS // 8  # pupils per year group
PLAN_SUBJECTS = ("spelling", "begrijpend-lezen", "rekenen-wiskunde")
TRANSITION_DOMAINS = ("lezen", "taalverzorging", "rekenen-wiskunde")
ENTRANCE_SUBJECTS = ("spelling", "begrijpend-lezen", "woordenschat", "rekenen-wiskunde", "studievaardigheden")
PAGE_AIM_MS, PDF_AIM_S = 200, 3  # issue 11
MISSING_PLAN_EVERY = 12  # one in twelve group plans was never written: the report shows it missing


def build():
    """The school and everything the report reads. Returns (director, school, counts)."""
    from pupils.models import AdviceLevel, Instrument, ScaleLevel, Subject
    from schools.demo import school_year_bounds
    from schools.models import Group, Membership, Period, Role, School, SchoolYear, User

    school = School.objects.create(name="Grote School", brin="88ZZ")
    director = User.objects.create_user("bench-directeur", password="bench")
    Membership.objects.create(user=director, school=school, role=Role.MANAGEMENT)
    ib = User.objects.create_user("bench-ib", password="bench")
    Membership.objects.create(user=ib, school=school, role=Role.COORDINATOR)
    teachers = []
    for n in range(8):
        teacher = User.objects.create_user(f"bench-leerkracht{n}", password="bench")
        Membership.objects.create(user=teacher, school=school, role=Role.TEACHER)
        teachers.append(teacher)

    start, end = school_year_bounds(datetime.date.today())
    years = [
        SchoolYear.objects.create(
            school=school,
            name=f"{start.year - b}-{end.year - b}",
            start_date=start.replace(year=start.year - b),
            end_date=end.replace(year=end.year - b),
        )
        for b in range(YEARS - 1, -1, -1)
    ]
    periods = {}
    for t, year in enumerate(years):
        half = datetime.date(year.start_date.year + 1, 1, 31)
        periods[t] = [
            Period.objects.create(school_year=year, name="Periode 1", start_date=year.start_date, end_date=half),
            Period.objects.create(
                school_year=year, name="Periode 2", start_date=half + datetime.timedelta(days=1), end_date=year.end_date
            ),
        ]
    groups = {}
    for t, year in enumerate(years):
        for level in range(1, 9):
            for g in range(GROUPS_PER_LEVEL):
                groups[(t, level, g)] = Group.objects.create(
                    school_year=year, name=f"Groep {level}{'ABCD'[g]}", year_level_low=level, year_level_high=level
                )
    world = {
        "school": school,
        "years": years,
        "periods": periods,
        "groups": groups,
        "ib": ib,
        "director": director,
        "teachers": teachers,
        "subjects": {s.code: s for s in Subject.objects.all()},
        "instruments": {i.code: i for i in Instrument.objects.all()},
        "levels": {(lv.scale.code, lv.code): lv for lv in ScaleLevel.objects.select_related("scale")},
        "advice": list(AdviceLevel.values),
        "rng": random.Random(11),
    }
    counts = _pupils(world)
    counts.update(_care(world))
    counts.update(_plans(world))
    counts.update(_meetings(world))
    counts.update(_rounds(world))
    counts.update(_coaching(world))
    _targets(world, director)
    return director, school, counts


def _pupils(world):
    """Every cohort with a year in the window: cohort ``e`` is in group 8 in year ``e`` (0 = the oldest);
    e <= 6 left the school, e >= 7 is here today (in group 15 - e)."""
    from pupils.models import Assessment, Enrolment, Pupil, SecondaryAdvice

    years, groups, rng = world["years"], world["groups"], world["rng"]
    current = len(years) - 1
    i_v = [world["levels"][("i-v", code)] for code in ("I", "II", "III", "IV", "V")]
    ref = {code: world["levels"][("referentieniveau", code)] for code in ("<1F", "1F", "2F/1S")}
    monitoring = [world["instruments"][code] for code in MONITORING]
    subjects, instruments, steps = world["subjects"], world["instruments"], world["advice"]
    enrolments, results, advice = [], [], []
    number = 0
    for e in range(current + 8):
        first_year = max(0, e - 7)
        born = datetime.date(years[0].start_date.year + e - 12, 3, 1)  # 12 when their group 8 starts
        cohort = Pupil.objects.bulk_create(
            Pupil(
                school=world["school"],
                first_name=f"Kind{number + i}",
                surname=f"Achternaam{(number + i) % 97}",
                date_of_birth=born,
                source_id=f"B{number + i:05d}",
                date_in=datetime.date(born.year + 4, 9, 1),
                date_out=years[e].end_date if e < current else None,
            )
            for i in range(PER_COHORT)
        )
        number += PER_COHORT
        for i, pupil in enumerate(cohort):
            ability = rng.gauss(-0.2, 1)
            pupil.ability = ability
            for t in range(first_year, min(e, current) + 1):
                level = 8 - (e - t)
                year = years[t]
                enrolments.append(
                    Enrolment(
                        pupil=pupil,
                        group=groups[(t, level, i % GROUPS_PER_LEVEL)],
                        school_year=year,
                        year_level=level,
                    )
                )
                if level < 3:
                    continue
                # This year's M and E too (dated ahead, as in bench_pupils.py): the live pages then read a full
                # year of results, the heaviest case.
                results += year_results(pupil, year, level, ability, monitoring, i_v, rng)
                april = datetime.date(year.start_date.year + 1, 4, 15)
                if level == 7:
                    for code in ENTRANCE_SUBJECTS:
                        z = ability + rng.gauss(0, 0.4)
                        results.append(
                            Assessment(
                                pupil=pupil,
                                instrument=instruments["entreetoets"],
                                subject=subjects[code],
                                date=april,
                                level=ref["2F/1S" if z > 0.6 else ("1F" if z > -0.9 else "<1F")],
                            )
                        )
                if level == 8:
                    advice.append(_advice(pupil, year, ability, left=e < current, rng=rng, steps=steps))
                    if e < current and advice[-1].exemption != "exempt_from_test":
                        for code in TRANSITION_DOMAINS:
                            z = ability + rng.gauss(0, 0.4)
                            results.append(
                                Assessment(
                                    pupil=pupil,
                                    instrument=instruments["doorstroomtoets"],
                                    subject=subjects[code],
                                    date=april,
                                    level=ref["2F/1S" if z > 0.3 else ("1F" if z > -1.1 else "<1F")],
                                )
                            )
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    Assessment.objects.bulk_create(results, batch_size=2000)
    SecondaryAdvice.objects.bulk_create(advice, batch_size=2000)
    world["current_pupils"] = [row.pupil for row in enrolments if row.school_year_id == years[-1].pk]
    return {"pupils in all": number, "results": len(results), "advice records": len(advice)}


def _advice(pupil, year, ability, *, left, rng, steps):
    from pupils.models import Exemption, SecondaryAdvice

    given = min(len(steps) - 1, max(0, round(4.5 + 2 * ability)))
    if not left:  # this year's group 8: only the provisional advice so far
        return SecondaryAdvice(pupil=pupil, school_year=year, provisional=steps[given])
    outcome = min(len(steps) - 1, max(0, given + round(rng.gauss(0, 1.1))))
    exemption = ""
    if rng.random() < 0.02:
        exemption = rng.choice([Exemption.IQ_BELOW_75, Exemption.UNDER_FOUR_YEARS, Exemption.EXEMPT_FROM_TEST])
    return SecondaryAdvice(
        pupil=pupil,
        school_year=year,
        provisional=steps[given],
        final=steps[given],
        test_indication="" if exemption == Exemption.EXEMPT_FROM_TEST else steps[outcome],
        reconsidered=steps[given + 1] if outcome > given and rng.random() < 0.6 else "",
        exemption=exemption,
    )


def _care(world):
    """Care levels of today's pupils (the weakest higher), with their history, handelingsplannen for level
    3 and up, and remedial teaching."""
    from groupplans.models import IndividualPlan
    from pupils.models import CareLevelChange, Pupil, RemedialAssignment

    pupils = sorted(world["current_pupils"], key=lambda p: p.ability)
    ib, period = world["ib"], world["periods"][len(world["years"]) - 1][0]
    changes, plans, levels = [], [], {}
    for index, pupil in enumerate(pupils[: len(pupils) // 6]):
        level = 4 if index < 10 else (3 if index < 40 else 2)
        for step in range(2, level + 1):
            changes.append(
                CareLevelChange(pupil=pupil, author=ib, level=step, reason="Besproken in de groepsbespreking.")
            )
        levels.setdefault(level, []).append(pupil.pk)
        if level >= 3:
            plans.append(
                IndividualPlan(pupil=pupil, period=period, approach="Eigen leerlijn.", who="leerkracht", created_by=ib)
            )
    CareLevelChange.objects.bulk_create(changes, batch_size=2000)
    for level, pks in levels.items():
        Pupil.objects.filter(pk__in=pks).update(care_level=level)
    IndividualPlan.objects.bulk_create(plans)
    rt_start = world["years"][-1].start_date
    RemedialAssignment.objects.bulk_create(
        RemedialAssignment(pupil=pupil, staff=ib, subject="begrijpend lezen", start_date=rt_start)
        for pupil in pupils[:40]
    )
    return {"care changes": len(changes), "handelingsplannen": len(plans)}


def _plans(world):
    """A group plan per group, subject and period (one in MISSING_PLAN_EVERY missing), three instruction
    groups each with a goal; past periods evaluated, this year's first period in every phase."""
    from groupplans.models import Goal, GroupPlan, InstructionGroup, Phase

    subjects, levels, today = world["subjects"], world["levels"], datetime.date.today()
    instruments = {code: world["instruments"][f"lvs-{code}"] for code in PLAN_SUBJECTS}
    phases = [Phase.OBSERVE, Phase.UNDERSTAND, Phase.PLAN, Phase.REALISE, Phase.EVALUATE]
    plans = []
    n = 0
    for (t, _level, _g), group in world["groups"].items():
        for period in world["periods"][t]:
            if period.start_date > today:
                continue
            for code in PLAN_SUBJECTS:
                n += 1
                if n % MISSING_PLAN_EVERY == 0:
                    continue
                phase = Phase.DONE if period.end_date < today else phases[n % len(phases)]
                plans.append(GroupPlan(group=group, period=period, subject=subjects[code], phase=phase))
    GroupPlan.objects.bulk_create(plans, batch_size=1000)
    kinds = [("intensive", "Verlengde instructie"), ("basic", "Basisinstructie"), ("extended", "Verdiept aanbod")]
    groups = InstructionGroup.objects.bulk_create(
        [
            InstructionGroup(plan=plan, kind=kind, name=name, order=o)
            for plan in plans
            for o, (kind, name) in enumerate(kinds)
        ],
        batch_size=1000,
    )
    outcomes = [Goal.Evaluation.ACHIEVED, Goal.Evaluation.PARTLY, Goal.Evaluation.NOT_ACHIEVED, ""]
    goals = []
    for index, instruction_group in enumerate(groups):
        plan = instruction_group.plan
        done = plan.phase == Phase.DONE
        goals.append(
            Goal(
                instruction_group=instruction_group,
                what="Minstens niveau III op de volgende LVS-toets.",
                instrument=instruments[plan.subject.code],
                target_level=levels[("i-v", "III")],
                date=plan.period.end_date - datetime.timedelta(days=14),
                evaluation=outcomes[index % len(outcomes)] if done else "",
            )
        )
    Goal.objects.bulk_create(goals, batch_size=1000)
    return {"group plans": len(plans), "goals": len(goals)}


def _meetings(world):
    """A group meeting per group and period so far, each with an action done and one open (some overdue)."""
    from groupplans.models import Action, Meeting

    today, ib = datetime.date.today(), world["ib"]
    meetings = []
    for (t, _level, _g), group in world["groups"].items():
        for period in world["periods"][t]:
            date = period.start_date + datetime.timedelta(days=40)
            if date <= today:
                meetings.append(
                    Meeting(school=world["school"], kind=Meeting.Kind.GROUP, date=date, group=group, created_by=ib)
                )
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    actions = []
    for meeting in meetings:
        actions.append(
            Action(meeting=meeting, text="Groepsplan bijstellen", owner=ib, due_date=meeting.date, done=True)
        )
        actions.append(
            Action(
                meeting=meeting,
                text="Ouders uitnodigen",
                owner=ib,
                due_date=meeting.date + datetime.timedelta(days=30),
                done=meeting.date + datetime.timedelta(days=60) < today,
            )
        )
    Action.objects.bulk_create(actions, batch_size=2000)
    return {"meetings": len(meetings), "actions": len(actions)}


def _rounds(world):
    """A start round and a progress round every year in every group 7 and 8, a conversation per pupil (held
    when past), and the usefulness question answered by pupil and parent."""
    from django.utils import timezone

    from conversations.models import Conversation, ConversationModel, Kind, Round, ScaleAnswer
    from pupils.models import Enrolment

    model = ConversationModel.objects.filter(is_default=True).first() or ConversationModel.objects.first()
    ib, rng, now = world["ib"], world["rng"], timezone.now()
    rounds, conversations = [], []
    by_group = {}
    for enrolment in Enrolment.objects.filter(group__school_year__school=world["school"], year_level__gte=7):
        by_group.setdefault(enrolment.group_id, []).append(enrolment.pupil_id)
    for (t, level, _g), group in world["groups"].items():
        if level < 7:
            continue
        for kind, name, month in ((Kind.START, "Startgesprekken", 9), (Kind.PARENT, "Voortgangsgesprekken", 11)):
            round_ = Round(
                group=group,
                kind=kind,
                name=f"{name} {group.name}",
                conversation_model=model,
                leader=ib,
                purpose="Kennismaken en doelen afspreken.",
                created_by=ib,
            )
            day = datetime.datetime(world["years"][t].start_date.year, month, 14, 15, 0)
            rounds.append((round_, timezone.make_aware(day)))
    Round.objects.bulk_create([round_ for round_, _day in rounds])
    for round_, day in rounds:
        for slot, pupil_id in enumerate(by_group.get(round_.group_id, [])):
            starts = day + datetime.timedelta(minutes=15 * slot)
            conversations.append(
                Conversation(
                    pupil_id=pupil_id,
                    round=round_,
                    kind=round_.kind,
                    conversation_model=model,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(minutes=15),
                    duration_minutes=15,
                    status=Conversation.Status.HELD if starts < now else Conversation.Status.PLANNED,
                    leader=ib,
                    pupil_present=True,
                    created_by=ib,
                )
            )
    Conversation.objects.bulk_create(conversations, batch_size=2000)
    answers = [
        ScaleAnswer(
            conversation=c,
            respondent=who,
            question="Hoe nuttig was dit gesprek?",
            is_usefulness=True,
            value=min(10, max(0, round(rng.gauss(7, 1.5)))),
        )
        for c in conversations
        if c.status == Conversation.Status.HELD
        for who in ("pupil", "parent")
    ]
    ScaleAnswer.objects.bulk_create(answers, batch_size=2000)
    return {"rounds": len(rounds), "conversations": len(conversations)}


def _coaching(world):
    from coaching.models import Trajectory

    statuses, origins = list(Trajectory.Status.values), list(Trajectory.Origin.values)
    start = world["years"][-2].start_date
    trajectories = [
        Trajectory(
            school=world["school"],
            coach=world["ib"],
            coachee=teacher,
            start_date=start + datetime.timedelta(days=30 * n),
            status=statuses[n % len(statuses)],
            origin=origins[n % len(origins)],
            mandate_given_by=world["director"]
            if origins[n % len(origins)] == Trajectory.Origin.MANAGEMENT_MANDATE
            else None,
        )
        for n, teacher in enumerate(world["teachers"])
    ]
    Trajectory.objects.bulk_create(trajectories)
    return {"trajectories": len(trajectories)}


def _targets(world, director):
    from decimal import Decimal

    from reports.models import YearTarget

    YearTarget.objects.bulk_create(
        YearTarget(
            school_year=year,
            schoolweging=Decimal("31.0") + Decimal(t % 3) / 2,
            ambition_1f=Decimal("90.0") if t >= YEARS - 3 else None,
            ambition_1s2f=Decimal("50.0") if t >= YEARS - 3 else None,
            updated_by=director,
        )
        for t, year in enumerate(world["years"])
    )


def reports(school, director):
    """Last year's first half finalized in February, this year's first half as a draft; texts in every
    section. Returns (draft, final, seconds and queries of the finalize)."""
    from reports import services
    from reports.models import Half, ReportText
    from reports.sections import SECTIONS
    from schools.access import ReportReach

    years = list(school.school_years.order_by("start_date"))
    final, _created = services.start_report(school, years[-2], Half.FIRST, ReportReach(), director)
    draft, _created = services.start_report(school, years[-1], Half.FIRST, ReportReach(), director)
    text = "Analyse van dit onderdeel, met de cijfers erbij.\n\nEn wat we eraan doen."
    ReportText.objects.filter(report__in=[final, draft]).update(analysis=text, interventions=text)
    assert ReportText.objects.filter(report=final).count() == len(SECTIONS)
    final.refresh_from_db()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        services.finalize(final, final.version, director, today=datetime.date(years[-2].end_date.year, 2, 12))
    return draft, final, time.perf_counter() - started, len(queries)


def measure_pdf(client, url, runs):
    """(queries, median s, max s, size in KiB) of the PDF, after one warm-up render."""
    client.get(url)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
    return len(queries), statistics.median(timings), max(timings), len(response.content) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--write")
    args = parser.parse_args()
    started = time.perf_counter()
    director, school, counts = build()
    built = time.perf_counter() - started
    draft, final, finalize_s, finalize_q = reports(school, director)

    client = Client()
    client.force_login(director)
    pages = [
        ("dashboard `/rapportage/` (this year, live)", reverse("reports:dashboard")),
        ("draft half-yearly report (live figures)", reverse("reports:report_detail", args=[draft.pk])),
        ("finalized half-yearly report (stored figures)", reverse("reports:report_detail", args=[final.pk])),
    ]
    rows = [(name, *measure_get(client, url, args.runs)) for name, url in pages]
    pdfs = [
        ("PDF of the draft", reverse("reports:report_pdf", args=[draft.pk])),
        ("PDF of the finalized report", reverse("reports:report_pdf", args=[final.pk])),
    ]
    pdf_rows = [(name, *measure_pdf(client, url, args.pdf_runs)) for name, url in pdfs]

    table = ["| page | queries | median ms | p95 ms |", "|---|---:|---:|---:|"]
    table += [f"| {name} | {q} | {m:.1f} | {p:.1f} |" for name, q, m, p in rows]
    table += ["", "| PDF | queries | median s | slowest s | size |", "|---|---:|---:|---:|---:|"]
    table += [f"| {name} | {q} | {m:.2f} | {s:.2f} | {kib:.0f} KiB |" for name, q, m, s, kib in pdf_rows]
    made = ", ".join(f"{value} {key}" for key, value in counts.items())
    over = [name for name, _q, median, _p in rows if median >= PAGE_AIM_MS]
    over += [name for name, _q, median, _s, _kib in pdf_rows if median >= PDF_AIM_S]
    text = (
        "\n".join(table)
        + f"\n\nAs the director (management, no bouw). {PUPILS} pupils today, {YEARS} school years ({made}); "
        + f"{args.runs} runs per page and {args.pdf_runs} per PDF on {connection.vendor}; finalizing a report "
        + f"(computing and storing every section) took {finalize_s:.2f} s in {finalize_q} queries; building the "
        + f"school took {built:.1f} s. Templates rendered with DEBUG off, as in production. "
        + f"Aims: every page under {PAGE_AIM_MS} ms median, the PDF under {PDF_AIM_S} s"
        + (f"; over the aim: {'; '.join(over)}.\n" if over else ": all met.\n")
    )
    print(text)
    if args.write:
        write_block(args.write, "REPORTS-BENCH", "Progress reports (scripts/bench_reports.py)", text)


if __name__ == "__main__":
    main()
