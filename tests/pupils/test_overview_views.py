"""The group overview page: access per role, what it shows, sorting and filtering by URL, audit, query budget."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditAction, AuditEntry
from pupils.services import set_care_level
from tests import factories as f

from .test_overview import LEVELS, MOMENTS, add_pupils, add_results, group_of, result, transition


def url(group, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("pupils:group_overview", args=[group.pk]) + (f"?{query}" if query else "")


def page_text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def row_names(text):
    """Pupil names in the order of the table rows (each row starts with a link to the dossier)."""
    return re.findall(r'<th scope="row" class="fw-normal text-nowrap"><a href="/leerlingen/\d+/">([^<]+)</a>', text)


# --- Access --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,group_key,status",
    [
        ("coordinator", "six", 200),
        ("coordinator", "last_year_five", 200),
        ("coordinator", "second", 404),  # another school of hers: switch first
        ("coordinator", "foreign", 404),
        ("teacher", "six", 200),
        ("teacher", "three", 404),  # not her group
        ("teacher", "last_year_five", 404),  # her group, but not this school year
        ("management", "three", 200),
        ("management", "foreign", 404),
        ("bouw", "six", 200),
        ("bouw", "three", 404),  # outside bouw 5-8
        ("remedial", "three", 200),  # the group of her assigned pupil
        ("remedial", "six", 404),
        ("admin", "six", 404),  # no care content, even of a group she manages
        ("admin", "foreign", 404),
    ],
)
def test_access_per_role(world, login, role, group_key, status):
    client = login(world.user(role), world.school)
    assert client.get(url(world.groups[group_key])).status_code == status


def test_anonymous_is_sent_to_the_login_page(world, client):
    response = client.get(url(world.groups["six"]))
    assert response.status_code == 302 and "/inloggen/" in response.url


def test_user_without_a_membership_gets_a_404(world, login):
    client = login(f.UserFactory())
    assert client.get(url(world.groups["six"])).status_code == 404


def test_remedial_teacher_sees_only_her_assigned_pupils_of_the_group(world, login):
    add_pupils(world.groups["three"], 1, first_name="Noor", surname="Niet-toegewezen")
    coordinator_text = page_text(login(world.user("coordinator"), world.school).get(url(world.groups["three"])))
    assert row_names(coordinator_text) == ["Dirk van Drie", "Noor Niet-toegewezen"]

    text = page_text(login(world.user("remedial"), world.school).get(url(world.groups["three"])))
    assert row_names(text) == ["Dirk van Drie"]
    assert "Noor" not in text


# --- What the page shows -------------------------------------------------------------------------------------------


def test_page_shows_levels_directions_care_level_needs_and_the_summary(world, login):
    group = world.groups["six"]
    sam = world.pupils["six"]
    pupils = add_pupils(group, 29)
    # 23 of 30 below the norm in spelling at the latest moment.
    spelling = ["V"] * 23 + ["II"] * 7
    for i, pupil in enumerate([sam, *pupils]):
        result(pupil, "lvs-spelling", "III", datetime.date(2025, 1, 20), "M5")
        result(pupil, "lvs-spelling", spelling[i], datetime.date(2025, 6, 20), "E5")
    set_care_level(sam, 3, "Intern onderzoek.", world.user("coordinator"))
    f.NeedFactory(pupil=sam, category="instruction", text="kort en visueel is")

    text = page_text(login(world.user("teacher"), world.school).get(url(group)))

    assert "Groepsoverzicht Groep 6" in text
    assert "30 leerlingen" in text
    assert text.count("23 van 30 onder de norm") == 2  # the summary card and the summary row
    # A level below the norm is marked in the count row by a * and words as well as red (not by colour alone).
    assert '>V<span aria-hidden="true">*</span><span class="visually-hidden"> (onder de norm)</span>: 23<' in text
    assert ">II: 7<" in text and ">I: 0<" in text
    assert "Sam heeft instructie nodig die kort en visueel is" in text
    assert reverse("pupils:dossier", args=[sam.pk]) in text
    sam_row = text[text.index("Sam Zes</a>") :].split("</tr>")[0]
    assert 'title="3 – speciale zorg na intern onderzoek">3<' in sam_row
    assert "<strong>V</strong>" in sam_row and "table-danger" in sam_row
    assert '<span aria-hidden="true">↓</span><span class="visually-hidden"> lager</span>' in sam_row
    assert "text-danger" in sam_row and "E5" in sam_row
    up_row = text[text.index(f"{pupils[-1].full_name}</a>") :].split("</tr>")[0]
    assert '<span aria-hidden="true">↑</span><span class="visually-hidden"> hoger</span>' in up_row


def test_page_is_printable(world, login):
    add_results([world.pupils["six"]])
    text = page_text(login(world.user("coordinator"), world.school).get(url(world.groups["six"])))
    assert "data-print>" in text and "Afdrukken" in text  # static/js/app.js prints (no inline script: CSP)
    assert 'href="/static/css/print-landscape.css" media="print"' in text
    landscape = (settings.BASE_DIR / "static/css/print-landscape.css").read_text()
    assert "@page { size: A4 landscape" in landscape
    assert '<form method="get" class="filters' in text  # hidden in print by print.css


def test_group_without_results_or_visible_pupils_says_so(world, login):
    client = login(world.user("coordinator"), world.school)
    assert "Er zijn nog geen toetsresultaten" in page_text(client.get(url(world.groups["six"])))
    empty = f.GroupFactory(school_year=world.groups["six"].school_year, name="Groep 1", year_level_low=1)
    assert "Er zijn geen leerlingen in deze groep die jij kunt zien." in page_text(client.get(url(empty)))


def test_viewing_writes_one_audit_entry_for_the_group(world, login):
    group = world.groups["six"]
    login(world.user("teacher"), world.school).get(url(group, vak="spelling"))
    [entry] = AuditEntry.objects.filter(action=AuditAction.VIEW)
    assert entry.event == "pupils.group_overview_viewed" and entry.description == "groepsoverzicht bekeken"
    assert entry.object_id == str(group.pk) and entry.object_repr == "Groep 6"
    assert entry.user == world.user("teacher") and entry.school_id == world.school.pk


def test_a_refused_view_writes_no_audit_entry(world, login):
    login(world.user("admin"), world.school).get(url(world.groups["six"]))
    login(world.user("teacher"), world.school).get(url(world.groups["three"]))
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


# --- Sorting and filtering by URL ----------------------------------------------------------------------------------


@pytest.fixture
def ranked(world):
    """Sam (no results), Anna III, Bram I, Cor V in spelling."""
    group = world.groups["six"]
    for first, surname, code in [("Anna", "Aal", "III"), ("Bram", "Bos", "I"), ("Cor", "Cool", "V")]:
        [pupil] = add_pupils(group, 1, first_name=first, surname=surname)
        result(pupil, "lvs-spelling", code, datetime.date(2025, 6, 20), "E5")
        result(pupil, "lvs-rekenen-wiskunde", "II", datetime.date(2025, 6, 20), "E5")
    return group


@pytest.mark.parametrize(
    "params,expected",
    [
        ({}, ["Anna Aal", "Bram Bos", "Cor Cool", "Sam Zes"]),
        ({"sorteer": "naam", "richting": "af"}, ["Sam Zes", "Cor Cool", "Bram Bos", "Anna Aal"]),
        ({"sorteer": "spelling"}, ["Cor Cool", "Anna Aal", "Bram Bos", "Sam Zes"]),
        ({"sorteer": "spelling", "richting": "af"}, ["Bram Bos", "Anna Aal", "Cor Cool", "Sam Zes"]),
        ({"sorteer": "onzin", "richting": "af"}, ["Anna Aal", "Bram Bos", "Cor Cool", "Sam Zes"]),
        ({"sorteer": "spelling", "richting": "zijwaarts"}, ["Cor Cool", "Anna Aal", "Bram Bos", "Sam Zes"]),
        ({"sorteer": "<script>", "vak": "onbekend"}, ["Anna Aal", "Bram Bos", "Cor Cool", "Sam Zes"]),
    ],
)
def test_sorting_by_url(world, login, ranked, params, expected):
    text = page_text(login(world.user("coordinator"), world.school).get(url(ranked, **params)))
    assert row_names(text) == expected


def test_sort_headers_link_to_sorting_and_toggle_the_direction(world, login, ranked):
    client = login(world.user("coordinator"), world.school)
    text = page_text(client.get(url(ranked, vak="spelling", sorteer="spelling")))
    assert 'aria-sort="ascending"' in text
    assert "?vak=spelling&amp;sorteer=spelling&amp;richting=af" in text  # again: the other way
    assert "?vak=spelling&amp;sorteer=zorgniveau&amp;richting=op" in text
    assert 'title="Sorteren op spelling"' in text and 'title="Sorteren op naam"' in text  # lower case mid-sentence
    text = page_text(client.get(url(ranked, sorteer="spelling", richting="af")))
    assert 'aria-sort="descending"' in text and "sorteer=spelling&amp;richting=op" in text


def test_filter_by_subject_by_url(world, login, ranked):
    client = login(world.user("coordinator"), world.school)
    text = page_text(client.get(url(ranked, vak="spelling")))
    assert ">Spelling" in text and ">Rekenen-wiskunde<" not in text.split("<tbody>")[0].split("<thead>")[1]
    assert '<option value="rekenen-wiskunde">Rekenen-wiskunde</option>' in text  # still to choose
    assert '<option value="spelling" selected>' in text
    assert "1 van 3 onder de norm" in text
    all_text = page_text(client.get(url(ranked, vak="bestaat-niet")))
    assert (
        '<abbr title="Rekenen-wiskunde" aria-hidden="true">RW</abbr>' in all_text
        and "0 van 3 onder de norm" in all_text
    )


# --- Query budget --------------------------------------------------------------------------------------------------


def count_page_queries(client, group):
    with CaptureQueriesContext(connection) as queries:
        text = page_text(client.get(url(group, sorteer="spelling", richting="af")))
    return len(queries), text


@pytest.mark.parametrize("role", ["coordinator", "teacher", "bouw"])
def test_query_budget_does_not_grow_with_pupils_and_results(world, login, django_assert_max_num_queries, role):
    group = world.groups["six"]
    pupils = add_pupils(group, 30)
    add_results(pupils)  # 30 pupils x 6 subjects x 6 moments
    for pupil in pupils[::3]:
        f.NeedFactory(pupil=pupil)
    client = login(world.user(role), world.school)
    client.get(url(group))  # the first request may fill caches (content types)
    with django_assert_max_num_queries(15):
        small, text = count_page_queries(client, group)
    assert len(row_names(text)) == 31

    more = add_pupils(group, 30)
    add_results(more, level_for=lambda i, j, k: LEVELS[(i * j + k) % 5])
    add_results(pupils + more, moments=[(m, d.replace(year=d.year + 10)) for m, d in MOMENTS])
    for pupil in more:
        f.NeedFactory(pupil=pupil)
        set_care_level(pupil, 2, "Extra zorg.", world.user("coordinator"))
    large, text = count_page_queries(client, group)

    assert len(row_names(text)) == 61
    print(f"overview queries {role}: {small} -> {large}")
    assert small == large, (small, large)


# --- Fits a laptop screen; the entrance test and the doorstroomtoets in group 8 ------------------------------------


def test_group_8_shows_every_subject_abbreviated_and_the_transition_tests(world, login):
    eight = group_of(world, 8)
    weak, strong = add_pupils(eight, 2)
    add_results([weak, strong])
    transition(weak, "entreetoets", {"spelling": "<1F", "begrijpend-lezen": "1F"})
    transition(strong, "entreetoets", {"spelling": "1F", "begrijpend-lezen": "2F/1S"})
    client = login(world.user("coordinator"), world.school)
    client.get(url(eight))
    with CaptureQueriesContext(connection) as queries:
        text = page_text(client.get(url(eight)))
    assert len(queries) <= 15
    head = text.split("<thead>")[1].split("</thead>")[0]
    for name, short in [
        ("Spelling", "Sp"),
        ("Begrijpend lezen", "BL"),
        ("Technisch lezen", "TL"),
        ("Zorgniveau", "ZN"),
        ("Entreetoets", "Entree"),
        ("Doorstroomtoets", "Doorstr."),
    ]:
        # Seen as the abbreviation, heard as the whole name (a screen reader reads the header with every cell).
        assert (
            f'<abbr title="{name}" aria-hidden="true">{short}</abbr><span class="visually-hidden">{name}</span>' in head
        )
    weak_row = text[text.index(f"{weak.full_name}</a>") :].split("</tr>")[0]
    assert "<strong>&lt;1F</strong>" in weak_row and '<abbr title="Spelling">Sp</abbr>' in weak_row
    assert "Spelling &lt;1F onder de norm" in weak_row  # the whole result for a screen reader
    strong_row = text[text.index(f"{strong.full_name}</a>") :].split("</tr>")[0]
    assert "geen domein onder de norm" in strong_row and "nog niet gemaakt" in strong_row  # no doorstroomtoets yet
    assert "1 van 2 onder de norm" in text.split("<tfoot")[1]
    assert "Sp = spelling" in text and "Entree = entreetoets" in text  # the key, also on paper
    assert "?sorteer=entreetoets&amp;richting=op" in head
