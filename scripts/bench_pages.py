"""Measure the main pages on the demo school: queries and time per request.

Usage: .venv/bin/python scripts/bench_pages.py [--runs 30] [--write docs/performance.md]

Builds the demo school in a throwaway SQLite database (or the DATABASE_URL
given), signs in as each demo account with the test client and requests each
page ``--runs`` times. Prints a Markdown table; --write replaces the table in
the given file between the BENCH markers.
"""

import argparse
import os

from benchlib import measure_get, setup_django, write_block

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = {
    "ib": ["/", "/groepen/", "/groepen/{group8}/", "/auditlog/", "/leerlingen/", "/coaching/", "/coaching/{traj}/"],
    "leerkracht8": [
        "/",
        "/groepen/",
        "/groepen/{group8}/",
        "/groepen/{group8}/overzicht/",
        "/leerlingen/{pupil}/",
        "/coaching/{traj}/",
    ],
    "directeur": ["/coaching/", "/coaching/{traj}/"],
    "bouwcoordinator": ["/", "/groepen/"],
    "rt": ["/"],
    "beheer": ["/", "/auditlog/", "/beheer/"],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write")
    args = parser.parse_args()

    call_command("load_demo", "--reset", stdout=open(os.devnull, "w"))
    from coaching.models import Trajectory
    from pupils.models import Pupil
    from schools.models import Group

    group8 = Group.objects.filter(name="Groep 8").order_by("-school_year__start_date").first().pk
    traj = Trajectory.objects.get().pk
    pupil = Pupil.objects.filter(enrolments__group=group8, care_level=3).first().pk

    rows = []
    for username, paths in PAGES.items():
        client = Client()
        client.post("/inloggen/", {"username": username, "password": "demo"})
        for template in paths:
            path = template.format(group8=group8, traj=traj, pupil=pupil)
            rows.append((username, template, *measure_get(client, path, args.runs)))

    table = ["| account | page | queries | median ms | p95 ms |", "|---|---|---:|---:|---:|"]
    table += [f"| {u} | `{p}` | {q} | {m:.1f} | {p95:.1f} |" for u, p, q, m, p95 in rows]
    vendor = connection.vendor
    text = (
        "\n".join(table)
        + f"\n\n{args.runs} runs per page, {vendor}, demo school (170 + 54 pupils, three years of results).\n"
    )
    print(text)
    if args.write:
        write_block(args.write, "BENCH", "Pages of the demo school", text)


if __name__ == "__main__":
    main()
