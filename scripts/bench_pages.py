"""Measure the main pages on the demo school: queries and time per request.

Usage: .venv/bin/python scripts/bench_pages.py [--runs 30] [--write docs/performance.md]

Builds the demo school in a throwaway SQLite database (or the DATABASE_URL
given), signs in as each demo account with the test client and requests each
page ``--runs`` times. Prints a Markdown table; --write replaces the table in
the given file between the BENCH markers.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = {
    "ib": ["/", "/groepen/", "/groepen/{group8}/", "/auditlog/"],
    "leerkracht8": ["/", "/groepen/", "/groepen/{group8}/"],
    "bouwcoordinator": ["/", "/groepen/"],
    "rt": ["/"],
    "beheer": ["/", "/auditlog/", "/beheer/"],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write")
    args = parser.parse_args()

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", "--reset", stdout=open(os.devnull, "w"))
    from schools.models import Group

    group8 = Group.objects.filter(name="Groep 8").order_by("-school_year__start_date").first().pk

    rows = []
    for username, paths in PAGES.items():
        client = Client()
        client.post("/inloggen/", {"username": username, "password": "demo"})
        for template in paths:
            path = template.format(group8=group8)
            client.get(path)  # warm up
            timings = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (username, path, response.status_code)
            timings.sort()
            rows.append(
                (username, template, len(queries), statistics.median(timings), timings[int(len(timings) * 0.95) - 1])
            )

    table = ["| account | page | queries | median ms | p95 ms |", "|---|---|---:|---:|---:|"]
    table += [f"| {u} | `{p}` | {q} | {m:.1f} | {p95:.1f} |" for u, p, q, m, p95 in rows]
    vendor = connection.vendor
    text = "\n".join(table) + f"\n\n{args.runs} runs per page, {vendor}, demo school (170 + 54 pupils).\n"
    print(text)
    if args.write:
        target = ROOT / args.write
        content = target.read_text()
        start, end = "<!-- BENCH:START -->", "<!-- BENCH:END -->"
        before, _, rest = content.partition(start)
        _, _, after = rest.partition(end)
        target.write_text(f"{before}{start}\n{text}{end}{after}")


if __name__ == "__main__":
    main()
