"""Benchmark the pupil pages on a large school: 1,000 pupils, 8 years of results.

Usage: .venv/bin/python scripts/bench_pupils.py [--runs 20] [--write docs/performance.md]

Builds the school in a throwaway SQLite database (or DATABASE_URL), then signs
in as its coordinator and times the group overview, a dossier with 8 years of
results and the school's pupil list (server time through Django's test client:
middleware, views, templates and queries; no network). Prints a Markdown table;
--write replaces the block between the PUPILS-BENCH markers in the given file.
"""

import argparse
import datetime
import random
import time

from benchlib import measure_get, setup_django, write_block, year_results

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from pupils.demo import MONITORING  # noqa: E402

PUPILS = 1000
YEARS = 8
GROUPS_PER_LEVEL = 4


def build():
    from pupils.models import Assessment, Enrolment, Instrument, Pupil, ScaleLevel
    from schools.demo import school_year_bounds
    from schools.models import Group, Membership, Role, School, SchoolYear, User

    school = School.objects.create(name="Grote School")
    user = User.objects.create_user("bench-ib", password="bench")
    Membership.objects.create(user=user, school=school, role=Role.COORDINATOR)
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
    groups = {}
    for year in years:
        for level in range(1, 9):
            for g in range(GROUPS_PER_LEVEL):
                groups[(year.pk, level, g)] = Group.objects.create(
                    school_year=year, name=f"Groep {level}{'ABCD'[g]}", year_level_low=level, year_level_high=level
                )
    instruments = [Instrument.objects.get(code=c) for c in MONITORING]
    levels = list(ScaleLevel.objects.filter(scale__code="i-v").order_by("-rank"))
    rng = random.Random(1)
    pupils = Pupil.objects.bulk_create(
        Pupil(
            school=school,
            first_name=f"Kind{i}",
            surname=f"Achternaam{i % 97}",
            date_of_birth=datetime.date(2015, 1, 1),
            source_id=f"B{i:05d}",
        )
        for i in range(PUPILS)
    )
    enrolments, results = [], []
    for i, pupil in enumerate(pupils):
        level_now = 1 + i % 8
        ability = rng.gauss(0, 1)
        for back, year in enumerate(reversed(years)):
            level = level_now - back
            if level < 1:
                break
            enrolments.append(
                Enrolment(
                    pupil=pupil,
                    group=groups[(year.pk, level, (i // 8) % GROUPS_PER_LEVEL)],
                    school_year=year,
                    year_level=level,
                )
            )
            if level < 3:
                continue
            results += year_results(pupil, year, level, ability, instruments, levels, rng)
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    Assessment.objects.bulk_create(results, batch_size=2000)
    group8 = groups[(years[-1].pk, 8, 0)]
    oldest = next(p for i, p in enumerate(pupils) if i % 8 == 7)  # in group 8 now: 6 years of results
    return user, group8, oldest, len(results)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--write")
    args = parser.parse_args()
    started = time.perf_counter()
    user, group8, pupil, result_count = build()
    built = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    pages = [
        ("group overview (group 8, ~31 pupils)", reverse("pupils:group_overview", args=[group8.pk])),
        ("dossier (6 years of results)", reverse("pupils:dossier", args=[pupil.pk])),
        ("pupil list (1,000 pupils, page 1)", reverse("pupils:pupil_list")),
        ("pupil list, search", reverse("pupils:pupil_list") + "?q=Kind99"),
    ]
    rows = [(name, *measure_get(client, url, args.runs)) for name, url in pages]
    table = ["| page | queries | median ms | p95 ms |", "|---|---:|---:|---:|"]
    table += [f"| {name} | {q} | {m:.1f} | {p:.1f} |" for name, q, m, p in rows]
    text = (
        "\n".join(table)
        + f"\n\n{PUPILS} pupils, {YEARS} school years, {result_count} results; {args.runs} runs per page on "
        + f"{connection.vendor}; building the school took {built:.1f} s.\n"
    )
    print(text)
    if args.write:
        write_block(args.write, "PUPILS-BENCH", "Pupil pages on a large school (scripts/bench_pupils.py)", text)


if __name__ == "__main__":
    main()
