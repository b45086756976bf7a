"""Measure the CSV import of a 10,000-row results file (the budget: under 10 s).

Usage: .venv/bin/python scripts/bench_import.py [--rows 10000] [--runs 3]

Builds a school with 400 numbered pupils in a throwaway SQLite database (or the
DATABASE_URL given), writes a results file the way Dutch Excel does (semicolons,
Windows-1252, decimal commas, dd-mm-jjjj) and times, per run, on an empty
results table:

- parse + validate: bytes -> text -> rows -> checked plan (what the upload and the preview do);
- apply: writing the plan (results and their revisions) in one transaction;
- confirm: what the confirm button does (claim the batch, check again, write);
- re-import: confirming the same file again, when every row is unchanged.

Prints the median of the runs in seconds, as a Markdown table.
"""

import argparse
import datetime
import statistics
import time

from benchlib import setup_django

setup_django()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

PUPILS = 400
# Per pupil and school year: 5 LVS tests at M and E, DMT, AVI and a method test (13 results); see results_file().
MONITORING = [
    "lvs-spelling",
    "lvs-begrijpend-lezen",
    "lvs-rekenen-wiskunde",
    "lvs-woordenschat",
    "lvs-studievaardigheden",
]
LEVELS = ["I", "II", "III", "IV", "V"]


def build_school():
    from pupils.models import Enrolment, Pupil
    from schools.demo import school_year_bounds
    from schools.models import Group, Membership, Role, School, SchoolYear, User

    start, end = school_year_bounds(timezone.localdate())
    school = School.objects.create(name="Benchschool")
    year = SchoolYear.objects.create(school=school, name=f"{start.year}-{end.year}", start_date=start, end_date=end)
    user = User.objects.create_user("bench-ib", password="x")
    Membership.objects.create(user=user, school=school, role=Role.COORDINATOR)
    groups = [
        Group.objects.create(school_year=year, name=f"Groep {level}", year_level_low=level, year_level_high=level)
        for level in range(3, 9)
    ]
    pupils = Pupil.objects.bulk_create(
        Pupil(
            school=school,
            source_id=str(100000 + n),
            first_name=f"Kind{n}",
            surname="Bench",
            date_of_birth=datetime.date(2015, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(PUPILS)
    )
    Enrolment.objects.bulk_create(
        Enrolment(pupil=pupil, group=groups[n % 6], school_year=year, year_level=groups[n % 6].year_level_low)
        for n, pupil in enumerate(pupils)
    )
    return school, user


def results_file(rows):
    """``rows`` results, cp1252 and semicolons; each pupil gets results on distinct (test, date) pairs."""
    this_year = timezone.localdate().year
    lines = ["Leerlingnummer;Naam;Toets;Vak;Datum;Toetsmoment;Score;Niveau;Percentage;Norm gehaald"]
    n = 0
    for back in range(1, 100):
        year = this_year - back
        for pupil in range(PUPILS):
            number = 100000 + pupil
            for index, code in enumerate(MONITORING):
                for moment, month in (("M", 1), ("E", 6)):
                    if n == rows:
                        return ("\r\n".join(lines) + "\r\n").encode("cp1252")
                    score = f"{120 + (pupil + index) % 80},{pupil % 10}"
                    lines.append(
                        f"{number};Zoë Bench;{code};;{15 + index:02d}-{month:02d}-{year};{moment}{3 + pupil % 6};"
                        f"{score};{LEVELS[(pupil + index) % 5]};;"
                    )
                    n += 1
            for code, level in (("dmt", LEVELS[pupil % 5]), ("avi", "E5")):
                if n == rows:
                    return ("\r\n".join(lines) + "\r\n").encode("cp1252")
                lines.append(f"{number};Zoë Bench;{code};;20-01-{year};;;{level};;")
                n += 1
            if n == rows:
                return ("\r\n".join(lines) + "\r\n").encode("cp1252")
            lines.append(f"{number};Zoë Bench;methode-rekenen;;10-03-{year};;;;{60 + pupil % 40};ja")
            n += 1
    raise ValueError("too many rows")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from core.models import Revision
    from pupils.imports import apply, check
    from pupils.imports.reading import decode
    from pupils.models import Assessment, ImportBatch

    school, user = build_school()
    data = results_file(args.rows)

    timings = {"parse + validate": [], "apply (write)": [], "confirm (claim, check again, write)": [], "re-import": []}
    for _run in range(args.runs):
        Assessment.objects.all().delete()
        Revision.objects.all()._forget()  # a benchmark's own throwaway database: revisions are append-only
        ImportBatch.objects.all().delete()

        start = time.perf_counter()
        text = decode(data)
        plan = check("results", text, school, user)
        timings["parse + validate"].append(time.perf_counter() - start)
        assert plan.ok, plan.problems[:5]
        assert plan.counts["new"] == args.rows, plan.counts

        start = time.perf_counter()
        with transaction.atomic():
            apply.WRITERS["results"](plan, user)
            timings["apply (write)"].append(time.perf_counter() - start)
            transaction.set_rollback(True)

        batch = ImportBatch.objects.create(school=school, user=user, kind="results", filename="b.csv", content=text)
        start = time.perf_counter()
        applied = apply.confirm(batch, user)
        timings["confirm (claim, check again, write)"].append(time.perf_counter() - start)
        assert applied.counts["new"] == args.rows and Assessment.objects.count() == args.rows

        again = ImportBatch.objects.create(school=school, user=user, kind="results", filename="b.csv", content=text)
        start = time.perf_counter()
        applied = apply.confirm(again, user)
        timings["re-import"].append(time.perf_counter() - start)
        assert applied.counts["unchanged"] == args.rows and Assessment.objects.count() == args.rows

    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"| step ({args.rows} rows, {connection.vendor}, median of {args.runs}) | seconds |")
    print("|---|---:|")
    for name, value in medians.items():
        print(f"| {name} | {value:.2f} |")
    total = medians["parse + validate"] + medians["apply (write)"]
    print(f"| **parse + validate + apply** | **{total:.2f}** |")
    print(f"\nfile: {len(data) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
