"""Conversations in the progress report (reports.figures.conversations): per round the pupils of the group, the
pupils planned and spoken to, and the usefulness answers per round and respondent, for the whole school and a
bovenbouw (5-8). Aggregates only. Every expected number is counted by hand from the world built below."""

import datetime
import json

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conversations.models import Conversation, Kind
from reports.figures import conversations
from reports.scope import Scope
from schools.access import ReportReach
from tests import factories as f

START = datetime.date(2025, 8, 18)
END = datetime.date(2026, 7, 17)
TODAY = datetime.date(2026, 3, 2)
HELD, PLANNED = Conversation.Status.HELD, Conversation.Status.PLANNED
CANCELLED, RESCHEDULE = Conversation.Status.CANCELLED, Conversation.Status.RESCHEDULE


def enrol(school, group, count, year_level=None):
    pupils = []
    for _number in range(count):
        pupil = f.PupilFactory(school=school, first_name=f"Geheimenaam{group.pk}x{len(pupils)}")
        f.EnrolmentFactory(pupil=pupil, group=group, year_level=year_level or group.year_level_low)
        pupils.append(pupil)
    return pupils


def new_round(group, name, kind, day=None):
    round_ = f.RoundFactory(group=group, name=name, kind=kind)
    if day:
        f.RoundDayFactory(round=round_, date=day)
    return round_


def talk(round_, pupil, status, pupil_says=(), parent_says=(), teacher_says=()):
    conversation = f.ConversationFactory(
        pupil=pupil,
        round=round_,
        status=status,
        kind=round_.kind,
        starts_at=timezone.make_aware(datetime.datetime(2025, 9, 8, 15, 0)),
    )
    for respondent, values in (("pupil", pupil_says), ("parent", parent_says), ("teacher", teacher_says)):
        for value in values:
            f.ScaleAnswerFactory(conversation=conversation, respondent=respondent, value=value)
    return conversation


def build_world(extra=0):
    school = f.SchoolFactory(name="De Wilg")
    year = f.SchoolYearFactory(school=school, name="2025-2026", start_date=START, end_date=END)
    last_year = f.SchoolYearFactory(
        school=school, name="2024-2025", start_date=datetime.date(2024, 8, 19), end_date=datetime.date(2025, 7, 18)
    )
    g3 = f.GroupFactory(school_year=year, name="Groep 3", year_level_low=3)
    g45 = f.GroupFactory(school_year=year, name="Groep 4/5", year_level_low=4, year_level_high=5)
    g6 = f.GroupFactory(school_year=year, name="Groep 6", year_level_low=6)
    three = enrol(school, g3, 4)
    fours, fives = enrol(school, g45, 2, year_level=4), enrol(school, g45, 3, year_level=5)
    six = enrol(school, g6, 5 + extra)

    start6 = new_round(g6, "Startgesprekken", Kind.START, datetime.date(2025, 9, 8))
    talk(start6, six[0], HELD, pupil_says=[7], parent_says=[6])
    talk(start6, six[1], HELD, pupil_says=[8], parent_says=[9])
    talk(start6, six[2], HELD, pupil_says=[9])
    talk(start6, six[3], HELD)
    talk(start6, six[4], CANCELLED)
    # A scaling question that is not the usefulness question: not counted.
    f.ScaleAnswerFactory(conversation=start6.conversations.first(), is_usefulness=False, value=2)
    f.NoteFactory(conversation=start6.conversations.first(), text="GEHEIME-AANTEKENING over thuis.")

    progress6 = new_round(g6, "Voortgangsgesprekken", Kind.PROGRESS, datetime.date(2025, 11, 17))
    talk(progress6, six[0], CANCELLED)
    talk(progress6, six[0], HELD, pupil_says=[6], parent_says=[8], teacher_says=[9])  # the same pupil: once
    talk(progress6, six[1], HELD, pupil_says=[7])
    talk(progress6, six[2], HELD)
    talk(progress6, six[3], PLANNED)
    talk(progress6, six[4], RESCHEDULE)
    for pupil in six[5:]:
        talk(progress6, pupil, HELD, pupil_says=[8])

    start45 = new_round(g45, "Startgesprekken", Kind.START, datetime.date(2025, 9, 15))
    talk(start45, fours[0], HELD, parent_says=[5])
    talk(start45, fours[1], HELD)
    talk(start45, fives[0], HELD, parent_says=[9])
    talk(start45, fives[1], HELD, parent_says=[7])
    talk(start45, fives[2], PLANNED)

    child3 = new_round(g3, "Kindgesprekken", Kind.CHILD, datetime.date(2026, 1, 12))
    talk(child3, three[0], HELD, pupil_says=[10])
    talk(child3, three[1], HELD, pupil_says=[4])
    talk(child3, three[2], PLANNED)
    talk(child3, three[3], CANCELLED)

    new_round(g6, "Rapportgesprekken maart", Kind.PROGRESS)  # no days and no conversations yet

    # Not counted: a conversation outside a round, last year's round and another school's.
    f.ScaleAnswerFactory(conversation=f.ConversationFactory(pupil=six[0], status=HELD), value=1)
    old = f.GroupFactory(school_year=last_year, name="Groep 5", year_level_low=5)
    old_pupil = enrol(school, old, 1)[0]
    talk(new_round(old, "Startgesprekken", Kind.START, datetime.date(2024, 9, 9)), old_pupil, HELD, parent_says=[1])
    other = f.SchoolFactory(name="Het Kompas")
    other_year = f.SchoolYearFactory(school=other, name="2025-2026", start_date=START, end_date=END)
    other_group = f.GroupFactory(school_year=other_year, name="Groep 6", year_level_low=6)
    stranger = enrol(other, other_group, 1)[0]
    talk(new_round(other_group, "Startgesprekken", Kind.START, START), stranger, HELD, pupil_says=[0])
    return school


def scope_of(school, low=1, high=8):
    return Scope.build(school, ReportReach(low=low, high=high), today=TODAY)


def counts(item):
    return (item["group"], item["name"], item["pupils"], item["scheduled"], item["held"], item["held_share"])


def useful(item):
    return {answer["respondent"]: (answer["answers"], answer["mean"]) for answer in item["usefulness"]}


@pytest.mark.django_db
def test_whole_school_pupils_spoken_to_per_round():
    data = conversations.compute(scope_of(build_world()))

    assert [counts(item) for item in data["rounds"]] == [
        ("Groep 6", "Startgesprekken", 5, 4, 4, 80.0),
        ("Groep 4/5", "Startgesprekken", 5, 5, 4, 80.0),
        ("Groep 6", "Voortgangsgesprekken", 5, 5, 3, 60.0),
        ("Groep 3", "Kindgesprekken", 4, 3, 2, 50.0),
        ("Groep 6", "Rapportgesprekken maart", 5, 0, 0, 0.0),
    ]
    assert [item["number"] for item in data["rounds"]] == [1, 2, 3, 4, 5]
    assert [item["first_day"] for item in data["rounds"]] == [
        "2025-09-08",
        "2025-09-15",
        "2025-11-17",
        "2026-01-12",
        None,
    ]
    assert [item["kind"] for item in data["rounds"]] == ["start", "start", "progress", "child", "progress"]
    totals = data["totals"]
    assert (totals["pupils"], totals["scheduled"], totals["held"], totals["held_share"]) == (24, 17, 13, 54.2)


@pytest.mark.django_db
def test_whole_school_usefulness_per_round_and_respondent():
    data = conversations.compute(scope_of(build_world()))

    assert data["respondents"] == ["pupil", "parent", "teacher"]
    assert [useful(item) for item in data["rounds"]] == [
        {"pupil": (3, 8.0), "parent": (2, 7.5), "teacher": (0, None)},
        {"pupil": (0, None), "parent": (3, 7.0), "teacher": (0, None)},
        {"pupil": (2, 6.5), "parent": (1, 8.0), "teacher": (1, 9.0)},
        {"pupil": (2, 7.0), "parent": (0, None), "teacher": (0, None)},
        {"pupil": (0, None), "parent": (0, None), "teacher": (0, None)},
    ]
    # Pupils 7+8+9+6+7+10+4 = 51 over 7 answers; parents 6+9+5+9+7+8 = 44 over 6.
    assert useful(data["totals"]) == {"pupil": (7, 7.3), "parent": (6, 7.3), "teacher": (1, 9.0)}


@pytest.mark.django_db
def test_bovenbouw_counts_only_its_groups_and_pupils():
    """Group 3 does not count; of the combination group 4/5 only the year-5 pupils and their answers do."""
    data = conversations.compute(scope_of(build_world(), low=5, high=8))

    assert [counts(item) for item in data["rounds"]] == [
        ("Groep 6", "Startgesprekken", 5, 4, 4, 80.0),
        ("Groep 4/5", "Startgesprekken", 3, 3, 2, 66.7),
        ("Groep 6", "Voortgangsgesprekken", 5, 5, 3, 60.0),
        ("Groep 6", "Rapportgesprekken maart", 5, 0, 0, 0.0),
    ]
    assert useful(data["rounds"][1]) == {"pupil": (0, None), "parent": (2, 8.0), "teacher": (0, None)}
    totals = data["totals"]
    assert (totals["pupils"], totals["scheduled"], totals["held"], totals["held_share"]) == (18, 12, 9, 50.0)
    # Pupils 7+8+9+6+7 = 37 over 5; parents 6+9+9+7+8 = 39 over 5.
    assert useful(totals) == {"pupil": (5, 7.4), "parent": (5, 7.8), "teacher": (1, 9.0)}


@pytest.mark.django_db
def test_aggregates_only_no_names_and_no_notes():
    data = conversations.compute(scope_of(build_world()))
    stored = json.dumps(data)
    assert json.loads(stored) == data
    assert "Geheimenaam" not in stored and "GEHEIME" not in stored

    charts = conversations.charts(data)
    html = render_to_string("reports/sections/conversations.html", {"data": data, "charts": charts, "scope": None})
    assert "Geheimenaam" not in html and "GEHEIME" not in html


@pytest.mark.django_db
def test_the_usefulness_chart_runs_from_0_to_10_and_has_its_table():
    data = conversations.compute(scope_of(build_world()))
    chart = str(conversations.charts(data)["usefulness"])
    assert chart.startswith("<svg") and 'role="img"' in chart
    assert ">0</text>" in chart and ">10</text>" in chart
    assert 'data-series="kind"' in chart and 'data-series="ouder"' in chart and 'data-series="leerkracht"' in chart
    assert "Startgesprekken (Groep 6): gemiddeld 8,0 uit 3 antwoorden" in chart
    assert "Voortgangsgesprekken (Groep 6): gemiddeld 9,0 uit 1 antwoord" in chart

    html = render_to_string(
        "reports/sections/conversations.html", {"data": data, "charts": {"usefulness": chart}, "scope": None}
    )
    assert html.index("<svg") < html.index("Antwoorden op de nuttigheidsvraag per gespreksronde")
    assert "Dit schooljaar zijn er 5 gespreksrondes." in html
    assert "Opgeteld over de rondes is met 13 van de 24 leerlingen gesproken (54,2 %)" in html
    assert "15-09-2025" in html and "nog geen dagen" in html
    assert "startgesprek" in html and "kindgesprek" in html
    assert ">7,3<" in html and ">9,0<" in html


@pytest.mark.django_db
def test_no_rounds_reads_plainly_and_draws_no_chart():
    school = f.SchoolFactory()
    f.SchoolYearFactory(school=school, name="2025-2026", start_date=START, end_date=END)
    data = conversations.compute(scope_of(school))
    assert data["rounds"] == [] and data["respondents"] == []
    assert conversations.charts(data) == {}
    html = render_to_string("reports/sections/conversations.html", {"data": data, "charts": {}, "scope": None})
    assert "Dit schooljaar zijn er nog geen gespreksrondes." in html


def count_queries(school, **reach):
    scope = scope_of(school, **reach)
    with CaptureQueriesContext(connection) as captured:
        conversations.compute(scope)
    return len(captured)


@pytest.mark.django_db
def test_a_fixed_number_of_queries_whatever_the_number_of_conversations():
    assert count_queries(build_world()) == count_queries(build_world(extra=10)) == 4
    assert count_queries(build_world(extra=3), low=5, high=8) == 4
