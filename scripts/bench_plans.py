"""Benchmark the group-plan PDFs: one plan, all 32 plans as one document, and 32 separate renders.

Usage: .venv/bin/python scripts/bench_plans.py [--runs 3] [--write docs/performance.md]

Builds a school with 8 groups x 4 subjects = 32 current plans, each with 3
instruction groups, 28 pupils placed and 2 goals per instruction group, in a
throwaway SQLite database (or DATABASE_URL). Times (median of --runs) the plan
PDF and the "all plans" PDF through Django's test client (queries, templates and
WeasyPrint; no network), and 32 requests for the single plans one after the other.
Prints a Markdown table; --write replaces the block between the PLANS-BENCH markers.
"""

import argparse
import datetime
import statistics
import time

from benchlib import setup_django, write_block

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

GROUPS = 8
SUBJECTS = ["spelling", "rekenen-wiskunde", "begrijpend-lezen", "technisch-lezen"]
PUPILS_PER_GROUP = 28
INSTRUCTION_GROUPS = [
    ("Verlengde instructie", "intensive", 4, 30),
    ("Basisinstructie", "basic", 5, 20),
    ("Verdiept aanbod", "extended", 2, 30),
]


def build():
    from groupplans.models import Goal, GroupPlan, InstructionGroup, Phase, Placement
    from pupils.models import Enrolment, Instrument, Pupil, ScaleLevel, Subject
    from schools.demo import school_year_bounds
    from schools.models import Group, Membership, Period, Role, School, SchoolYear, User

    school = School.objects.create(name="Bench School")
    user = User.objects.create_user("bench-ib", password="bench", first_name="Ilse", last_name="Bakker")
    Membership.objects.create(user=user, school=school, role=Role.COORDINATOR)
    start, end = school_year_bounds(datetime.date.today())
    year = SchoolYear.objects.create(school=school, name=f"{start.year}-{end.year}", start_date=start, end_date=end)
    period = Period.objects.create(
        school_year=year, name="Periode 1", start_date=start, end_date=start + datetime.timedelta(days=150)
    )
    instrument = Instrument.objects.get(code="lvs-spelling")
    level = ScaleLevel.objects.get(scale__code="i-v", code="III")
    subjects = [Subject.objects.get(code=code) for code in SUBJECTS]
    plans = []
    for g in range(GROUPS):
        group = Group.objects.create(
            school_year=year, name=f"Groep {g + 1}", year_level_low=g + 1, year_level_high=g + 1
        )
        teacher = User.objects.create_user(f"bench-juf-{g}", first_name=f"Juf{g}", last_name="Leerkracht")
        group.teachers.add(teacher)
        pupils = Pupil.objects.bulk_create(
            Pupil(
                school=school,
                first_name=f"Kind{g}-{i}",
                surname=f"Achternaam{i}",
                date_of_birth=datetime.date(2015, 1, 1),
            )
            for i in range(PUPILS_PER_GROUP)
        )
        Enrolment.objects.bulk_create(
            Enrolment(pupil=p, group=group, school_year=year, year_level=g + 1) for p in pupils
        )
        for subject in subjects:
            plan = GroupPlan.objects.create(
                group=group,
                period=period,
                subject=subject,
                phase=Phase.REALISE,
                updated_by=teacher,
                reflection="Deze groep vraagt korte instructie, veel herhaling en feedback die direct is.",
                observe_snapshot={  # the shape of groupplans.services.freeze_overview
                    "columns": [{"code": subject.code, "name": subject.name}],
                    "rows": [{"name": p.full_name, "cells": [{"level": "III"}]} for p in pupils],
                    "summaries": [
                        {
                            "subject": subject.name,
                            "levels": [
                                {"code": c, "count": n}
                                for c, n in zip("I II III IV V".split(), (3, 6, 10, 6, 3), strict=True)
                            ],
                            "with_level": 28,
                            "below_norm": 9,
                            "without_level": 0,
                        }
                    ],
                },
            )
            plans.append(plan)
            for order, (name, kind, times, minutes) in enumerate(INSTRUCTION_GROUPS):
                ig = InstructionGroup.objects.create(
                    plan=plan,
                    name=name,
                    kind=kind,
                    order=order,
                    times_per_week=times,
                    minutes=minutes,
                    who="leerkracht",
                    where="lokaal",
                    content="Werkwoordspelling: verleden tijd en voltooid deelwoord.",
                    approach="Modelen, samen oefenen, zelfstandig oefenen met directe feedback.",
                    materials="Methode, spellingkaart, wisbordjes.",
                )
                share = pupils[order * 9 : (order + 1) * 9 + (1 if order == 2 else 0)]
                Placement.objects.bulk_create(Placement(plan=plan, instruction_group=ig, pupil=p) for p in share)
                Goal.objects.bulk_create(
                    Goal(
                        instruction_group=ig,
                        what=f"Doel {n + 1}: de leerlingen van {name.lower()} halen niveau III",
                        instrument=instrument,
                        target_level=level,
                        date=period.end_date,
                    )
                    for n in range(2)
                )
    return user, plans


def timed(fn, runs):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write")
    args = parser.parse_args()
    started = time.perf_counter()
    user, plans = build()
    built = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    urls = [reverse("groupplans:plan_pdf", args=[plan.pk]) for plan in plans]
    sizes = {}

    def get(url, key=None):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if key:
            sizes[key] = len(response.content)

    get(urls[0])  # warm-up: WeasyPrint import, font loading, template compilation
    one = timed(lambda: get(urls[0], "one"), args.runs)
    together = timed(lambda: get(reverse("groupplans:plans_pdf"), "all"), args.runs)
    separate = timed(lambda: [get(url) for url in urls], args.runs)
    rows = [
        ("one plan PDF", one, sizes["one"]),
        (f"all {len(plans)} plans as one document", together, sizes["all"]),
        (f"{len(plans)} separate plan PDFs", separate, None),
    ]
    table = ["| render | median s | PDF size |", "|---|---:|---:|"]
    table += [
        f"| {name} | {seconds:.2f} | {f'{size / 1024:.0f} KiB' if size else '–'} |" for name, seconds, size in rows
    ]
    text = (
        "\n".join(table)
        + f"\n\nOne document for {len(plans)} plans is {separate / together:.1f}x faster than {len(plans)} separate "
        + f"renders ({together / len(plans):.2f} s a plan). {GROUPS} groups x {len(SUBJECTS)} subjects, "
        + f"{len(INSTRUCTION_GROUPS)} instruction groups and {PUPILS_PER_GROUP} pupils placed per plan, 2 goals per "
        + f"instruction group; median of {args.runs} runs on {connection.vendor}; building took {built:.1f} s.\n"
    )
    print(text)
    if args.write:
        write_block(args.write, "PLANS-BENCH", "Group-plan PDFs (scripts/bench_plans.py)", text)


if __name__ == "__main__":
    main()
