"""Pages kept per session (core.pagecache): served again only to the same session, in the same school,
role and language, until the next write commits; a colleague's change in another browser, an erasure or a
revoked role shows at once, and every page served from the cache still logs the read."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditAction, AuditEntry
from privacy.services.erasure import erase_pupil
from pupils.models import Pupil
from schools.models import Membership, Role
from tests.world import World


@pytest.fixture
def world(reference_data, settings):
    # Transactional: a write commits (and raises the generation) as it does on a site.
    settings.DATA_CACHE = True
    settings.PAGE_CACHE = True
    cache.clear()
    yield World.build()
    cache.clear()


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def get(client, url):
    """(status, HTML, queries) of one GET."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, response.content.decode(), len(queries)


def warm(client, url):
    """The first GET sets the CSRF cookie (a page is kept per CSRF secret), the second keeps the page."""
    get(client, url)
    return get(client, url)


def dossier_url(world):
    return reverse("pupils:dossier", args=[world.pupils["six"].pk])


def test_a_page_is_served_again_and_every_read_is_logged(world):
    coordinator = browser(world.user("coordinator"))
    url = dossier_url(world)
    status, built, built_queries = warm(coordinator, url)
    status_again, served, served_queries = get(coordinator, url)
    assert status == status_again == 200
    assert served == built and "Zes" in served
    assert served_queries < built_queries / 2
    reads = AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_id=str(world.pupils["six"].pk), user=world.user("coordinator")
    )
    assert reads.count() == 3
    assert {entry.path for entry in reads} == {url}


def test_a_colleagues_change_in_another_browser_shows_at_once(world):
    coordinator = browser(world.user("coordinator"))
    url = reverse("pupils:group_overview", args=[world.groups["six"].pk])
    assert "Zes" in warm(coordinator, url)[1]
    # Another session changes the pupil (autocommit: the write commits at once).
    Pupil.objects.filter(pk=world.pupils["six"].pk).update(surname="Zesser")
    assert "Zesser" in get(coordinator, url)[1]


def test_an_erasure_makes_the_kept_pages_unreadable_at_once(world):
    coordinator = browser(world.user("coordinator"))
    overview = reverse("pupils:group_overview", args=[world.groups["six"].pk])
    dossier = dossier_url(world)
    assert "Zes" in warm(coordinator, overview)[1]
    assert warm(coordinator, dossier)[0] == 200
    erase_pupil(world.pupils["six"], by=world.user("coordinator"), reason="Verzoek ouders")
    assert "Zes" not in get(coordinator, overview)[1]
    assert get(coordinator, dossier)[0] == 404


def test_a_revoked_role_counts_at_once(world):
    coordinator = browser(world.user("coordinator"))
    url = dossier_url(world)
    assert warm(coordinator, url)[0] == 200
    Membership.objects.filter(user=world.user("coordinator"), school=world.school).update(role=Role.TEACHER)
    assert get(coordinator, url)[0] == 404


def test_a_page_is_kept_for_one_session_only(world):
    url = dossier_url(world)
    _, coordinators_page, built_queries = warm(browser(world.user("coordinator")), url)
    # The same user signing in again (another browser) gets a page built for that session.
    assert get(browser(world.user("coordinator")), url)[2] >= built_queries
    # A teacher with the pupil in her group gets her own page, a teacher without it a 404.
    status, teachers_page, _ = get(browser(world.user("teacher")), url)
    assert status == 200 and teachers_page != coordinators_page
    assert get(browser(world.user("other_teacher")), url)[0] == 404


def test_without_a_shared_cache_nothing_is_kept(world, settings):
    settings.PAGE_CACHE = False
    coordinator = browser(world.user("coordinator"))
    url = dossier_url(world)
    built_queries = warm(coordinator, url)[2]
    assert get(coordinator, url)[2] == built_queries
