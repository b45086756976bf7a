"""Choosing pupils: by search, with the group shown, only this school year's pupils the user may read.

The world (tests/world.py): Sam Zes is in group 6 this year (and was in group 5 last year, taught by the
same teacher), Dirk van Drie in group 3; the teacher teaches group 6, the remedial teacher has Dirk.
"""

import json

import pytest
from django.urls import reverse

from core.models import AuditEntry
from groupplans.models import Meeting
from tests import factories as f

PICKER = reverse("pupils:pupil_picker")
CREATE = reverse("groupplans:meeting_create")
ERROR = "Kies leerlingen van dit schooljaar die je mag zien."


def found(client, q):
    response = client.get(PICKER, {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)["results"]


def test_the_search_finds_a_pupil_with_her_group(world, login):
    client = login(world.user("coordinator"), world.school)
    results = found(client, "zes")
    sam = world.pupils["six"]
    assert results == [{"value": str(sam.pk), "text": "Sam Zes (Groep 6)", "name": "Sam Zes", "optgroup": "Groep 6"}]
    assert [r["text"] for r in found(client, "van drie")] == ["Dirk van Drie (Groep 3)"]


def test_the_search_reaches_only_the_users_own_pupils(world, login):
    teacher = login(world.user("teacher"), world.school)
    assert [r["name"] for r in found(teacher, "zes")] == ["Sam Zes"]
    assert found(teacher, "drie") == []  # group 3 is not hers
    assert found(teacher, "kompas") == [] and found(teacher, "ver") == []  # other schools
    remedial = login(world.user("remedial"), world.school)
    assert [r["name"] for r in found(remedial, "d")] == ["Dirk van Drie"]


def test_pupils_of_past_years_only_are_not_found(world, login):
    gone = f.PupilFactory(school=world.school, first_name="Lotte", surname="Zes")
    f.EnrolmentFactory(pupil=gone, group=world.groups["last_year_five"])
    client = login(world.user("coordinator"), world.school)
    assert [r["name"] for r in found(client, "zes")] == ["Sam Zes"]


def test_nothing_typed_finds_nothing_and_logs_nothing(world, login):
    client = login(world.user("coordinator"), world.school)
    assert found(client, "") == [] and found(client, "   ") == []
    assert not AuditEntry.objects.filter(event="pupils.picker_searched").exists()


def test_at_most_twenty_names_and_each_search_that_finds_names_is_logged(world, login):
    for number in range(25):
        f.EnrolmentFactory(
            pupil=f.PupilFactory(school=world.school, surname=f"Veel{number}"), group=world.groups["six"]
        )
    client = login(world.user("coordinator"), world.school)
    assert len(found(client, "veel")) == 20
    entry = AuditEntry.objects.get(event="pupils.picker_searched")
    assert entry.user == world.user("coordinator") and entry.school_id == world.school.pk
    assert entry.data == {"count": 20}


def test_the_admin_finds_no_pupils(world, login):
    client = login(world.user("admin"), world.school)
    assert client.get(PICKER, {"q": "zes"}).status_code == 404


def test_a_long_query_is_no_error(world, login):
    client = login(world.user("coordinator"), world.school)
    assert [r["name"] for r in found(client, "zes " * 5000)] == ["Sam Zes"]


def meeting_data(world, **changes):
    data = {
        "version": 0,
        "kind": Meeting.Kind.GROUP,
        "date": "25-01-2027",
        "group": world.groups["six"].pk,
        "participants": [world.user("coordinator").pk],
        "pupils": [world.pupils["six"].pk],
        "notes": "",
        "decisions": "",
        "acties-TOTAL_FORMS": 0,
        "acties-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_the_meeting_form_lists_this_years_pupils_by_group(world, login):
    gone = f.PupilFactory(school=world.school, first_name="Lotte", surname="Vorig")
    f.EnrolmentFactory(pupil=gone, group=world.groups["last_year_five"])
    page = login(world.user("coordinator"), world.school).get(CREATE).content.decode()
    assert 'data-picker="search"' in page and f'data-picker-url="{PICKER}"' in page
    assert '<optgroup label="Groep 3">' in page and '<optgroup label="Groep 6">' in page
    assert "Sam Zes (Groep 6)" in page and "Dirk van Drie (Groep 3)" in page
    assert "Lotte Vorig" not in page
    assert page.index('<optgroup label="Groep 3">') < page.index('<optgroup label="Groep 6">')


def test_the_meeting_group_is_one_of_this_year(world, login):
    client = login(world.user("coordinator"), world.school)
    page = client.get(CREATE).content.decode()
    group_select = page[page.index('name="group"') : page.index("</select>", page.index('name="group"'))]
    assert f'value="{world.groups["six"].pk}"' in group_select
    assert f'value="{world.groups["last_year_five"].pk}"' not in group_select
    response = client.post(CREATE, meeting_data(world, group=world.groups["last_year_five"].pk))
    assert response.status_code == 200
    assert "Kies een groep van dit schooljaar." in response.content.decode()
    assert not Meeting.objects.filter(notes="").exclude(pk__in=[m.pk for m in world.meetings.values()]).exists()


@pytest.mark.parametrize("who", ["gone", "three", "foreign", "huge", "text"])
def test_a_pupil_outside_reach_or_of_another_year_is_refused_in_dutch(world, login, who):
    gone = f.PupilFactory(school=world.school, first_name="Lotte", surname="Vorig")
    f.EnrolmentFactory(pupil=gone, group=world.groups["last_year_five"])
    pupil = {"gone": gone.pk, "three": world.pupils["three"].pk, "foreign": world.pupils["foreign"].pk}
    pupil.update({"huge": 10**30, "text": "Sam"})
    before = Meeting.objects.count()
    client = login(world.user("teacher"), world.school)
    response = client.post(CREATE, meeting_data(world, pupils=[world.pupils["six"].pk, pupil[who]]))
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    assert Meeting.objects.count() == before


def test_a_meeting_is_saved_with_the_chosen_pupils(world, login):
    client = login(world.user("teacher"), world.school)
    response = client.post(CREATE, meeting_data(world))
    assert response.status_code == 302
    meeting = Meeting.objects.latest("pk")
    assert list(meeting.pupils.all()) == [world.pupils["six"]]


def test_an_old_meeting_keeps_its_pupils_when_changed(world, login):
    gone = f.PupilFactory(school=world.school, first_name="Lotte", surname="Vorig")
    f.EnrolmentFactory(pupil=gone, group=world.groups["last_year_five"])
    meeting = world.meetings["six"]
    meeting.pupils.add(gone)
    client = login(world.user("coordinator"), world.school)
    url = reverse("groupplans:meeting_edit", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Lotte Vorig (niet in een groep dit schooljaar)" in page
    meeting.refresh_from_db()
    data = meeting_data(world, version=meeting.version, pupils=[gone.pk, world.pupils["six"].pk])
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(meeting.pupils.all()) == {gone, world.pupils["six"]}


def test_the_meeting_form_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    for number in range(60):
        group = world.groups["six" if number % 2 else "three"]
        f.EnrolmentFactory(pupil=f.PupilFactory(school=world.school, surname=f"Veel{number}"), group=group)
    client = login(world.user("coordinator"), world.school)
    with django_assert_max_num_queries(30):
        page = client.get(CREATE)
    assert page.content.decode().count("(Groep 6)") >= 30


def test_an_individual_plan_offers_this_years_periods_only(world, login):
    this_year = world.plans["six"].period
    last_year = f.PeriodFactory(school_year=world.groups["last_year_five"].school_year, name="Periode 1")
    client = login(world.user("coordinator"), world.school)
    url = reverse("groupplans:individual_plan_create", args=[world.pupils["six"].pk])
    page = client.get(url).content.decode()
    period_select = page[page.index('name="period"') : page.index("</select>", page.index('name="period"'))]
    assert f'value="{this_year.pk}"' in period_select
    assert f'value="{last_year.pk}"' not in period_select
    data = {"version": 0, "period": last_year.pk, "subject": "", "approach": "Elke dag lezen.", "who": "juf"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Kies een periode van dit schooljaar." in response.content.decode()


def test_a_new_meeting_has_the_user_herself_as_participant(world, login):
    page = login(world.user("coordinator"), world.school).get(CREATE).content.decode()
    participants = page[page.index('name="participants"') : page.index("</select>", page.index('name="participants"'))]
    assert f'<option value="{world.user("coordinator").pk}" selected>' in participants


def test_a_need_offers_this_years_periods_only(world, login):
    this_year = world.plans["six"].period
    last_year = f.PeriodFactory(school_year=world.groups["last_year_five"].school_year, name="Periode 1")
    client = login(world.user("coordinator"), world.school)
    url = reverse("pupils:need_create", args=[world.pupils["six"].pk])
    page = client.get(url).content.decode()
    period_select = page[page.index('name="period"') : page.index("</select>", page.index('name="period"'))]
    assert f'value="{this_year.pk}"' in period_select
    assert f'value="{last_year.pk}"' not in period_select
    data = {"category": "instruction", "text": "kort is", "source": "observation", "period": last_year.pk}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Kies een periode van dit schooljaar." in response.content.decode()
    assert not world.pupils["six"].needs.filter(text="kort is").exists()
