"""What tagging (PDF/UA-1) costs: the 32-plan batch and an 8-year dossier, tagged and untagged.

Usage: .venv/bin/python scripts/bench_pdf_tags.py [--runs 5] [--write docs/performance.md]

Builds the school of scripts/bench_plans.py (32 plans) and the one of scripts/bench_pupils.py
(1,000 pupils, 8 school years) in one throwaway database, then renders the "all plans" PDF and
the dossier PDF of a pupil in group 8 through Django's test client, alternating untagged
(``core.pdf.PDF_OPTIONS = {}``) and tagged renders so that load from other work on the machine
falls on both alike. Reports the median wall time and the median CPU time of this process (less
disturbed by other processes), and the file sizes. --write replaces the PDF-TAGS-BENCH block.
"""

import argparse
import statistics
import time

import benchlib

benchlib.setup_django()
# The two builders' modules set Django up when imported; once is all Django allows.
benchlib.setup_django = lambda: None

import bench_plans  # noqa: E402
import bench_pupils  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from core import pdf  # noqa: E402
from schools.models import User  # noqa: E402

TAGGED = dict(pdf.PDF_OPTIONS)
VARIANTS = {"untagged": {}, "tagged (PDF/UA-1)": TAGGED}


def render(client, url):
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
    return wall, cpu, len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write")
    args = parser.parse_args()
    plans_user, plans = bench_plans.build()
    # Both builders name their coordinator bench-ib.
    User.objects.filter(pk=plans_user.pk).update(username="bench-ib-plans")
    pupils_user, _group8, pupil, _results = bench_pupils.build()
    documents = [
        (f"all {len(plans)} plans as one document", plans_user, reverse("groupplans:plans_pdf")),
        ("dossier, pupil in group 8 (8 school years)", pupils_user, reverse("pupils:dossier_pdf", args=[pupil.pk])),
    ]
    rows = []
    for name, user, url in documents:
        client = Client()
        client.force_login(user)
        render(client, url)  # warm-up: WeasyPrint's import and font loading
        measured = {variant: [] for variant in VARIANTS}
        for run in range(args.runs):
            order = list(VARIANTS) if run % 2 == 0 else list(reversed(VARIANTS))
            for variant in order:
                pdf.PDF_OPTIONS = VARIANTS[variant]
                measured[variant].append(render(client, url))
        pdf.PDF_OPTIONS = TAGGED
        medians = {
            variant: tuple(statistics.median(m[i] for m in values) for i in range(3))
            for variant, values in measured.items()
        }
        (wall0, cpu0, size0), (wall1, cpu1, size1) = medians.values()
        for variant, (wall, cpu, size) in medians.items():
            rows.append(f"| {name} | {variant} | {wall:.2f} | {cpu:.2f} | {size / 1024:.0f} KiB |")
        rows.append(f"| | tagged / untagged | {wall1 / wall0:.2f}x | {cpu1 / cpu0:.2f}x | {size1 / size0:.2f}x |")
    table = ["| document | PDF | median s | median CPU s | size |", "|---|---|---:|---:|---:|", *rows]
    text = (
        "\n".join(table)
        + f"\n\n{args.runs} runs of each, tagged and untagged alternating, on {connection.vendor}; "
        + "through the test client (queries, templates, WeasyPrint).\n"
    )
    print(text)
    if args.write:
        benchlib.write_block(args.write, "PDF-TAGS-BENCH", "Tagged PDFs (scripts/bench_pdf_tags.py)", text)


if __name__ == "__main__":
    main()
