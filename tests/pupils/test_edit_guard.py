"""Nothing a user saves in a dossier is silently lost: educational needs, school advice and the care level
are saved through the edit guard. A save started from an older version writes nothing (no record, no
history) and the page shows the stored values beside what the user typed."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from core import editguard, history
from core.models import Revision
from pupils import services
from pupils.forms import AdviceForm, NeedForm
from pupils.models import CareLevelChange, EducationalNeed, Pupil, SecondaryAdvice
from tests import factories as f
from tests.world import World


def url(name, pk):
    return reverse(f"pupils:{name}", args=[pk])


def need_data(need, **changes):
    data = {
        "category": need.category,
        "text": need.text,
        "goal": need.goal,
        "source": need.source,
        "is_open": "on" if need.is_open else "",
        "version": need.version,
    }
    return {**data, **changes}


@pytest.fixture
def need(world):
    return history.save(
        f.NeedFactory.build(pupil=world.pupils["six"], author=world.user("teacher"), text="kort en visueel is"),
        world.user("teacher"),
    )


@pytest.fixture
def teacher_client(world, login):
    return login(world.user("teacher"), world.school)


# --- the services ----------------------------------------------------------------------------------------------


def test_update_need_from_a_stale_version_writes_nothing(world, need):
    seen = need.version
    form = NeedForm(need_data(need, text="mijn versie"), school=world.school, instance=need)
    assert form.is_valid(), form.errors
    EducationalNeed.objects.filter(pk=need.pk).update(text="versie van de collega", version=seen + 1)
    revisions = Revision.objects.count()

    with pytest.raises(editguard.Stale):
        services.update_need(form, world.user("teacher"))

    stored = EducationalNeed.objects.get(pk=need.pk)
    assert (stored.text, stored.version) == ("versie van de collega", seen + 1)
    assert Revision.objects.count() == revisions


def test_update_need_moves_the_version_on(world, need):
    form = NeedForm(need_data(need, text="kort, visueel en herhaald is"), school=world.school, instance=need)
    assert form.is_valid(), form.errors
    services.update_need(form, world.user("teacher"))
    stored = EducationalNeed.objects.get(pk=need.pk)
    assert (stored.text, stored.version) == ("kort, visueel en herhaald is", 2)
    assert [r.action for r in history.revisions(stored)] == ["create", "change"]


def test_set_advice_from_a_stale_version_writes_nothing(world):
    pupil, year = world.pupils["six"], world.school.current_year()
    advice = SecondaryAdvice.objects.create(pupil=pupil, school_year=year, provisional="havo")
    form = AdviceForm({"provisional": "vwo", "version": advice.version}, instance=advice)
    assert form.is_valid(), form.errors
    SecondaryAdvice.objects.filter(pk=advice.pk).update(provisional="vmbo_gt", version=advice.version + 1)

    with pytest.raises(editguard.Stale):
        services.set_advice(form, world.user("teacher"))

    assert SecondaryAdvice.objects.get(pk=advice.pk).provisional == "vmbo_gt"
    assert not Revision.objects.exists()


def test_set_advice_refuses_a_second_first_advice(world):
    """Two people save the first advice of the year at the same moment: the second is told, not merged."""
    pupil, year = world.pupils["six"], world.school.current_year()
    form = AdviceForm({"provisional": "vwo", "version": 0}, instance=SecondaryAdvice(pupil=pupil, school_year=year))
    assert form.is_valid(), form.errors
    SecondaryAdvice.objects.create(pupil=pupil, school_year=year, provisional="vmbo_gt")

    with pytest.raises(editguard.Stale):
        services.set_advice(form, world.user("teacher"))

    assert SecondaryAdvice.objects.get(pupil=pupil).provisional == "vmbo_gt"
    assert not Revision.objects.exists()


def test_set_care_level_from_a_stale_version_writes_nothing(world):
    pupil, ib = world.pupils["six"], world.user("coordinator")
    seen = pupil.version
    services.set_care_level(Pupil.objects.get(pk=pupil.pk), 3, "Na intern onderzoek.", ib, version=seen)
    revisions = Revision.objects.count()

    with pytest.raises(editguard.Stale):
        services.set_care_level(pupil, 2, "Gaat goed.", ib, version=seen)

    pupil.refresh_from_db()
    assert (pupil.care_level, pupil.version) == (3, seen + 1)
    assert list(CareLevelChange.objects.values_list("level", flat=True)) == [3]
    assert Revision.objects.count() == revisions


def test_set_care_level_keeps_the_pupil_and_its_history_together(world):
    pupil, ib = world.pupils["six"], world.user("coordinator")
    change = services.set_care_level(pupil, 3, "Na intern onderzoek.", ib, version=pupil.version)
    assert pupil.version == 2
    stored = Pupil.objects.get(pk=pupil.pk)
    assert (stored.care_level, stored.version) == (3, 2)
    assert CareLevelChange.objects.filter(pupil=pupil).first() == change


# --- the pages: a stale save shows both ------------------------------------------------------------------------


def test_a_stale_need_shows_the_stored_text_beside_the_typed_one(world, need, teacher_client):
    loaded = need_data(need, text="mijn versie")
    EducationalNeed.objects.filter(pk=need.pk).update(text="versie van de collega", version=need.version + 1)

    response = teacher_client.post(url("need_update", need.pk), loaded)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="conflict"' in page
    conflict = page.split('id="conflict"')[1].split("</div>")[0]
    assert "versie van de collega" in conflict
    assert 'value="mijn versie"' in page
    assert EducationalNeed.objects.get(pk=need.pk).text == "versie van de collega"
    # Saving again after comparing is a deliberate choice: it goes through.
    again = teacher_client.post(url("need_update", need.pk), need_data(need, text="mijn versie", version=2))
    assert again.status_code == 302
    assert EducationalNeed.objects.get(pk=need.pk).text == "mijn versie"


def test_an_advice_saved_by_a_colleague_after_the_page_was_opened_is_not_overwritten(world, teacher_client):
    pupil = world.pupils["six"]
    page = teacher_client.get(url("advice", pupil.pk)).content.decode()
    assert 'name="version" value="0"' in page
    SecondaryAdvice.objects.create(pupil=pupil, school_year=world.school.current_year(), provisional="vmbo_gt")

    response = teacher_client.post(url("advice", pupil.pk), {"provisional": "vwo", "version": "0"})

    assert response.status_code == 200
    conflict = response.content.decode().split('id="conflict"')[1].split("</div>")[0]
    assert "vmbo gemengd/theoretisch" in conflict
    assert SecondaryAdvice.objects.get(pupil=pupil).provisional == "vmbo_gt"
    assert not Revision.objects.exists()


def test_a_stale_care_level_shows_the_level_and_reason_a_colleague_set(world, login):
    pupil, ib = world.pupils["six"], world.user("coordinator")
    client = login(ib, world.school)
    seen = pupil.version
    services.set_care_level(Pupil.objects.get(pk=pupil.pk), 4, "Extern onderzoek afgesproken.", ib, version=seen)

    response = client.post(url("care_level", pupil.pk), {"level": "2", "reason": "Gaat goed.", "version": seen})

    assert response.status_code == 200
    page = response.content.decode()
    conflict = page.split('id="conflict"')[1].split("</div>")[0]
    assert "4 – speciale zorg na extern onderzoek" in conflict
    assert "Extern onderzoek afgesproken." in conflict
    assert "Gaat goed." in page
    pupil.refresh_from_db()
    assert pupil.care_level == 4
    assert CareLevelChange.objects.filter(pupil=pupil).count() == 1


def test_a_care_level_form_without_its_version_saves_nothing(world, login):
    client = login(world.user("coordinator"), world.school)
    response = client.post(url("care_level", world.pupils["six"].pk), {"level": "3", "reason": "x"})
    assert response.status_code == 200
    assert "Laad de pagina opnieuw" in response.content.decode()
    assert not CareLevelChange.objects.exists()


# --- twenty at once (PostgreSQL: SQLite takes writers one at a time anyway) -------------------------------------

RACERS = 20


def race(world, role, posts):
    """Post each of ``posts`` ((url, data)) from its own logged-in client, all at the same moment."""
    clients = []
    for _ in posts:
        client = Client()
        client.force_login(world.user(role))
        session = client.session
        session["school_id"] = world.school.pk
        session.save()
        clients.append(client)
    start, responses = threading.Barrier(len(posts)), [None] * len(posts)

    def post(index):
        try:
            start.wait(10)
            responses[index] = clients[index].post(*posts[index])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return responses


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks between connections")


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_twenty_care_level_saves_at_once_one_wins_and_record_and_history_agree(reference_data):
    world = World.build()
    pupil = world.pupils["six"]
    posts = [
        (url("care_level", pupil.pk), {"level": str(2 + n % 4), "reason": f"reden {n}", "version": pupil.version})
        for n in range(RACERS)
    ]

    responses = race(world, "coordinator", posts)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * (RACERS - 1) + [302]
    refused = [response for response in responses if response.status_code == 200]
    assert all('id="conflict"' in response.content.decode() for response in refused)
    pupil.refresh_from_db()
    [change] = CareLevelChange.objects.filter(pupil=pupil)
    assert pupil.care_level == change.level
    assert pupil.version == 2


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_twenty_unguarded_care_level_saves_keep_the_level_and_the_newest_history_entry_together(reference_data):
    """Services that set a level on the school's behalf (no form, no version) are taken one after the other."""
    world = World.build()
    pupil_id, ib = world.pupils["six"].pk, world.user("coordinator")
    start = threading.Barrier(RACERS)

    def save(n):
        try:
            start.wait(10)
            services.set_care_level(Pupil.objects.get(pk=pupil_id), 1 + n % 5, f"reden {n}", ib)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    pupil = Pupil.objects.get(pk=pupil_id)
    assert CareLevelChange.objects.filter(pupil=pupil).count() == RACERS
    assert pupil.care_level == CareLevelChange.objects.filter(pupil=pupil).first().level
    assert pupil.version == 1 + RACERS


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_twenty_saves_of_one_need_at_once_one_wins_the_others_are_told(reference_data):
    world = World.build()
    need = history.save(f.NeedFactory.build(pupil=world.pupils["six"], author=world.user("teacher")), None)
    posts = [(url("need_update", need.pk), need_data(need, text=f"versie {n}")) for n in range(RACERS)]

    responses = race(world, "teacher", posts)

    saved = [n for n, response in enumerate(responses) if response.status_code == 302]
    assert len(saved) == 1
    refused = [response for response in responses if response.status_code == 200]
    assert len(refused) == RACERS - 1
    assert all('id="conflict"' in response.content.decode() for response in refused)
    stored = EducationalNeed.objects.get(pk=need.pk)
    assert (stored.text, stored.version) == (f"versie {saved[0]}", 2)
    newest = history.revisions(stored).last()
    assert newest.data["text"] == stored.text
    assert history.revisions(stored).count() == 2
