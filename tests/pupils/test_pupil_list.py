"""The school's pupil list (/leerlingen/): scope per role, search, filters, pagination, audit, query budget."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditAction, AuditEntry
from pupils.services import set_care_level
from tests import factories as f

URL = reverse("pupils:pupil_list")


def get(client, **params):
    return client.get(URL, params)


def page_text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(response):
    """The pupil names in the table, in order."""
    return re.findall(r'<th scope="row" class="fw-normal"><a href="/leerlingen/\d+/">([^<]+)</a>', page_text(response))


@pytest.mark.parametrize(
    "role,expected",
    [
        ("coordinator", ["Dirk van Drie", "Sam Zes"]),
        ("teacher", ["Sam Zes"]),
        ("management", ["Dirk van Drie", "Sam Zes"]),
        ("bouw", ["Sam Zes"]),  # groep 6 is in bouw 5-8, groep 3 is not
        ("remedial", ["Dirk van Drie"]),
    ],
)
def test_each_role_sees_its_pupils_of_the_current_school_only(world, login, role, expected):
    assert listed(get(login(world.user(role), world.school))) == expected


@pytest.mark.parametrize("user", ["admin", "nobody"])
def test_admin_and_users_without_a_membership_get_a_404(world, login, user):
    client = login(world.user(user) if user != "nobody" else f.UserFactory(), world.school)
    assert get(client).status_code == 404


def test_anonymous_is_sent_to_the_login_page(db, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/inloggen/" in response.url


def test_coordinator_of_two_schools_sees_the_school_she_works_in(world, login):
    client = login(world.user("coordinator"), world.second_school)
    assert listed(get(client)) == ["Kim Kompas"]


def test_row_shows_current_group_date_of_birth_care_level_and_links_to_the_dossier(world, login):
    sam = world.pupils["six"]
    sam.source_id = "L-1001"
    sam.save()
    set_care_level(sam, 2, "Extra instructie rekenen.", world.user("coordinator"))
    text = page_text(get(login(world.user("coordinator"), world.school)))
    row = text[text.index("Sam Zes</a>") :].split("</tr>")[0]
    assert f'href="{reverse("pupils:dossier", args=[sam.pk])}"' in text
    assert "<td>Groep 6</td>" in row  # this year's group, not last year's groep 5
    assert "14-03-2015" in row and "L-1001" in row
    assert '<td class="text-center">2</td>' in row


def test_pupil_without_a_group_this_year(world, login):
    f.PupilFactory(school=world.school, first_name="Oud", surname="Leerling")
    text = page_text(get(login(world.user("coordinator"), world.school)))
    assert "geen groep dit schooljaar" in text.split("Oud Leerling")[1].split("</tr>")[0]


# --- Search and filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,expected",
    [
        ("sam", ["Sam Zes"]),
        ("ZES", ["Sam Zes"]),
        ("van drie", ["Dirk van Drie"]),
        ("dirk drie", ["Dirk van Drie"]),
        ("L-20", ["Dirk van Drie"]),
        ("  ", ["Dirk van Drie", "Sam Zes"]),
        ("niemand", []),
        ("%", []),
        ("'; DROP TABLE pupils_pupil; --", []),
    ],
)
def test_search_on_name_and_pupil_number(world, login, query, expected):
    dirk = world.pupils["three"]
    dirk.source_id = "L-2002"
    dirk.save()
    assert listed(get(login(world.user("coordinator"), world.school), q=query)) == expected


def test_search_finds_nothing_outside_the_scope(world, login):
    assert listed(get(login(world.user("teacher"), world.school), q="dirk")) == []


def test_filter_by_group(world, login):
    client = login(world.user("coordinator"), world.school)
    assert listed(get(client, groep=world.groups["three"].pk)) == ["Dirk van Drie"]
    text = page_text(get(client, groep=world.groups["six"].pk))
    assert f'<option value="{world.groups["six"].pk}" selected>Groep 6</option>' in text


@pytest.mark.parametrize("value", ["abc", "", "999999", "-1"])
def test_an_unusable_group_filter_is_ignored(world, login, value):
    assert listed(get(login(world.user("coordinator"), world.school), groep=value)) == ["Dirk van Drie", "Sam Zes"]


def test_groups_outside_the_scope_are_neither_offered_nor_applied(world, login):
    client = login(world.user("teacher"), world.school)
    text = page_text(get(client))
    assert "Groep 6</option>" in text and "Groep 3</option>" not in text
    assert "Groep 5</option>" not in text  # last year's group: not a current group
    # A group of someone else does not widen the list, nor reveal anything.
    assert listed(get(client, groep=world.groups["three"].pk)) == ["Sam Zes"]
    assert listed(get(client, groep=world.groups["foreign"].pk)) == ["Sam Zes"]


def test_filter_by_care_level(world, login):
    set_care_level(world.pupils["three"], 3, "Intern onderzoek.", world.user("coordinator"))
    client = login(world.user("coordinator"), world.school)
    assert listed(get(client, zorgniveau=3)) == ["Dirk van Drie"]
    assert listed(get(client, zorgniveau=1)) == ["Sam Zes"]
    assert listed(get(client, zorgniveau=5)) == []
    for nonsense in ("9", "x", "0"):
        assert listed(get(client, zorgniveau=nonsense)) == ["Dirk van Drie", "Sam Zes"]


def test_filters_combine(world, login):
    set_care_level(world.pupils["three"], 3, "Intern onderzoek.", world.user("coordinator"))
    client = login(world.user("coordinator"), world.school)
    assert listed(get(client, q="dirk", groep=world.groups["three"].pk, zorgniveau=3)) == ["Dirk van Drie"]
    assert listed(get(client, q="dirk", groep=world.groups["six"].pk)) == []
    assert "Geen leerlingen gevonden" in page_text(get(client, q="dirk", zorgniveau=2))


# --- Pagination ----------------------------------------------------------------------------------------------------


@pytest.fixture
def many(world):
    group = world.groups["six"]
    for n in range(118):
        f.EnrolmentFactory(group=group, pupil=f.PupilFactory(school=world.school, surname=f"Naam{n:03d}"))
    return group  # 120 pupils in all at the school: 119 in groep 6, Dirk in groep 3


def test_fifty_per_page_and_filters_kept_in_the_page_links(world, login, many):
    client = login(world.user("coordinator"), world.school)
    first = listed(get(client))
    assert len(first) == 50 and first[0] == "Dirk van Drie"
    assert len(listed(get(client, pagina=2))) == 50
    last = listed(get(client, pagina=3))
    assert len(last) == 20 and last[-1] == "Sam Zes"
    assert not set(first) & set(last)
    text = page_text(get(client, groep=many.pk, pagina=2))
    assert "119 leerlingen" in text and "pagina 2 van 3" in text
    assert f"?groep={many.pk}&amp;pagina=3" in text and f"?groep={many.pk}&amp;pagina=1" in text


@pytest.mark.parametrize("value,expected_first", [("abc", "Dirk van Drie"), ("999", "Kind"), ("-4", "Kind")])
def test_an_unusable_page_number_shows_a_page_not_an_error(world, login, many, value, expected_first):
    names = listed(get(login(world.user("coordinator"), world.school), pagina=value))
    assert names and names[0].startswith(expected_first)


# --- Audit and queries ---------------------------------------------------------------------------------------------


def test_each_view_of_the_list_writes_one_audit_entry(world, login):
    client = login(world.user("teacher"), world.school)
    get(client)
    get(client, q="sam")
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW)
    assert entries.count() == 2
    entry = entries.first()
    assert entry.event == "pupils.pupil_list_viewed" and entry.object_id == "" and entry.content_type is None
    assert entry.user == world.user("teacher") and entry.school_id == world.school.pk
    assert "q=sam" in entry.path


def test_refused_list_writes_no_audit_entry(world, login):
    get(login(world.user("admin"), world.school))
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def count_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        names = listed(get(client, **params))
    return len(queries), names


@pytest.mark.parametrize("role", ["coordinator", "teacher", "bouw"])
def test_query_budget_does_not_grow_with_the_number_of_pupils(world, login, django_assert_max_num_queries, role):
    group = world.groups["six"]
    last_year = world.groups["last_year_five"]
    for n in range(30):
        pupil = f.PupilFactory(school=world.school, surname=f"Eerst{n:02d}")
        f.EnrolmentFactory(group=group, pupil=pupil)
        f.EnrolmentFactory(group=last_year, pupil=pupil)
    client = login(world.user(role), world.school)
    params = {"groep": group.pk, "zorgniveau": 1}
    get(client, **params)
    with django_assert_max_num_queries(14):
        small, names = count_queries(client, **params)
    assert len(names) == 31

    for n in range(60):
        pupil = f.PupilFactory(school=world.school, surname=f"Later{n:02d}")
        f.EnrolmentFactory(group=group, pupil=pupil)
        f.EnrolmentFactory(group=last_year, pupil=pupil)
    large, names = count_queries(client, **params)

    print(f"pupil list queries {role}: {small} -> {large}")
    assert len(names) == 50
    assert small == large, (small, large)


def test_a_search_of_100000_characters_is_answered_not_refused_by_the_database(world, login):
    client = login(world.user("coordinator"), world.school)
    response = client.get(reverse("pupils:pupil_list"), {"q": "x" * 100_000})
    assert response.status_code == 200
