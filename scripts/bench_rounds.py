"""Benchmark a conversation round: schedule 60 pupils with 3 staff, then their invitation letters as one PDF.

Usage: .venv/bin/python scripts/bench_rounds.py [--runs 5] [--write docs/performance.md]

Builds a school with a group of 60 pupils (10 families with two or three children
in the group) and a round in SPLIT mode: 3 staff, each at her own table, two
afternoons of 13:00-17:00 with a break, 15-minute slots. Two of the staff already
have conversations elsewhere on those afternoons, so the schedule must step around
them. Times ``services.plan_conversations`` (median of --runs, each on an empty schedule,
with its query count) and the letters PDF through Django's test client (queries,
template and WeasyPrint, no network). Aims: scheduling under 1 s, letters under 5 s.
Prints a Markdown table; --write replaces the block between the ROUNDS-BENCH markers.
"""

import argparse
import datetime
import io
import statistics
import time

from benchlib import setup_django, write_block

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

PUPILS = 60
STAFF = 3
FAMILIES = [3, 3] + [2] * 8  # children per family within the group: 22 pupils in 10 families
DAY_HOURS = (datetime.time(13), datetime.time(17), "15:00-15:15")


def build():
    from django.utils import timezone

    from conversations.models import Conversation, ConversationModel, Kind, Round, RoundDay
    from pupils.models import Enrolment, Pupil
    from schools.demo import school_year_bounds
    from schools.models import Group, Membership, Role, School, SchoolYear, User

    school = School.objects.create(name="Bench School")
    start, end = school_year_bounds(datetime.date.today())
    year = SchoolYear.objects.create(school=school, name=f"{start.year}-{end.year}", start_date=start, end_date=end)
    group = Group.objects.create(school_year=year, name="Groep 8", year_level_low=8, year_level_high=8)
    staff = []
    for n, (first, last, role) in enumerate(
        [("Ilse", "Bakker", Role.COORDINATOR), ("Mark", "de Vries", Role.TEACHER), ("Fatima", "Yilmaz", Role.REMEDIAL)]
    ):
        user = User.objects.create_user(f"bench-{n}", password="bench", first_name=first, last_name=last)
        Membership.objects.create(user=user, school=school, role=role)
        staff.append(user)
    group.teachers.add(staff[1])
    families = [f"G{n:03d}" for n, size in enumerate(FAMILIES) for _ in range(size)]
    families += [""] * (PUPILS - len(families))
    pupils = Pupil.objects.bulk_create(
        Pupil(
            school=school,
            first_name=f"Kind{i:02d}",
            surname=f"Gezin{families[i]}" if families[i] else f"Achternaam{i:02d}",
            family=families[i],
            date_of_birth=datetime.date(2014, 1, 1),
        )
        for i in range(PUPILS)
    )
    Enrolment.objects.bulk_create(Enrolment(pupil=p, group=group, school_year=year, year_level=8) for p in pupils)
    round_ = Round.objects.create(
        group=group,
        kind=Kind.PROGRESS,
        name="Voortgangsgesprekken groep 8",
        conversation_model=ConversationModel.default(),
        slot_minutes=15,
        mode=Round.Mode.SPLIT,
        leader=staff[0],
        purpose="We bespreken hoe het gaat, wat goed werkt en wat uw kind nog nodig heeft.",
        created_by=staff[0],
    )
    round_.staff.add(*staff)
    first_day = end - datetime.timedelta(days=30)
    days = [first_day, first_day + datetime.timedelta(days=2)]
    for date in days:
        RoundDay.objects.create(
            round=round_, date=date, start_time=DAY_HOURS[0], end_time=DAY_HOURS[1], breaks=DAY_HOURS[2]
        )
    # Busy elsewhere: the coordinator and the teacher each have two conversations outside the round.
    other = Pupil.objects.create(
        school=school, first_name="Ander", surname="Kind", date_of_birth=datetime.date(2016, 1, 1)
    )

    for user, hour in ((staff[0], 13), (staff[0], 16), (staff[1], 14), (staff[1], 15)):
        conversation = Conversation.objects.create(
            pupil=other,
            kind=Kind.PARENT,
            conversation_model=ConversationModel.default(),
            starts_at=timezone.make_aware(datetime.datetime.combine(days[0], datetime.time(hour, 30))),
            duration_minutes=30,
            leader=user,
        )
        conversation.staff.add(user)
    return staff[0], round_


def timed(fn, runs, before=None):
    timings = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main():
    from pypdf import PdfReader

    from conversations import services
    from conversations.models import Conversation
    from core.models import Revision

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write")
    args = parser.parse_args()
    started = time.perf_counter()
    user, round_ = build()
    built = time.perf_counter() - started

    def clear():
        ids = [str(pk) for pk in Conversation.objects.filter(round=round_).values_list("pk", flat=True)]
        Revision.objects.filter(content_type__model="conversation", object_id__in=ids)._forget()  # throwaway data
        Conversation.objects.filter(round=round_).delete()

    counts = {}

    def schedule():
        with CaptureQueriesContext(connection) as queries:
            result = services.plan_conversations(round_, user)
        counts["queries"] = len(queries)
        counts["planned"] = len(result.created)

    scheduling_s = timed(schedule, args.runs, before=clear)
    assert counts["planned"] == PUPILS, counts

    client = Client()
    client.force_login(user)
    url = reverse("conversations:round_letters", args=[round_.pk])
    sizes = {}

    def letters():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        sizes["bytes"] = len(response.content)
        sizes["queries"] = len(queries)
        sizes["pages"] = len(PdfReader(io.BytesIO(response.content)).pages)

    letters()  # warm-up: WeasyPrint import, font loading, template compilation
    letters_s = timed(letters, args.runs)
    families = len({f for f in Conversation.objects.filter(round=round_).values_list("pupil__family", flat=True) if f})
    singles = Conversation.objects.filter(round=round_, pupil__family="").count()
    table = [
        "| step | median s | queries | result |",
        "|---|---:|---:|---|",
        f"| schedule {PUPILS} pupils, {STAFF} staff (SPLIT) | {scheduling_s:.3f} | {counts['queries']} | "
        f"{counts['planned']} conversations |",
        f"| invitation letters as one PDF | {letters_s:.2f} | {sizes['queries']} | {sizes['pages']} pages, "
        f"{sizes['bytes'] / 1024:.0f} KiB |",
    ]
    text = (
        "\n".join(table)
        + f"\n\n{PUPILS} pupils of whom {sum(FAMILIES)} in {families} families (a letter each) and {singles} on their "
        + f"own: {families + singles} letters. Two afternoons of 13:00-17:00 with a 15-minute break, 15-minute slots, "
        + "two of the three staff busy elsewhere for an hour each; median of "
        + f"{args.runs} runs on {connection.vendor}; building the school took {built:.1f} s.\n"
    )
    print(text)
    if args.write:
        write_block(args.write, "ROUNDS-BENCH", "Conversation rounds (scripts/bench_rounds.py)", text)


if __name__ == "__main__":
    main()
