"""The figures cache (core.datacache): a value is reused until the next write commits, whatever the
write (save, bulk update, raw SQL), and never after it; page views that only log (audit entries, the
start page's visit) leave it. The management start page's headline figures go through it."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import audit, datacache
from core.models import AuditEntry
from schools.models import School
from tests import factories as f
from tests.startpage.conftest import build_week


@pytest.fixture
def shared_cache(settings):
    settings.DATA_CACHE = True
    cache.clear()
    yield
    cache.clear()


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"computed": self.calls}


def read(counter, parts=("school", 1)):
    return datacache.get_or_compute("test", parts, counter)


def test_a_value_is_reused_until_a_write_commits(db, shared_cache, django_capture_on_commit_callbacks):
    counter = Counter()
    assert read(counter) == read(counter) == {"computed": 1}
    with django_capture_on_commit_callbacks(execute=True):
        f.SchoolFactory(name="Nieuwe school")
    assert read(counter) == {"computed": 2}
    assert read(counter) == {"computed": 2}
    # Other parts are other values.
    assert read(counter, ("school", 2)) == {"computed": 3}


def test_bulk_updates_and_raw_sql_are_writes_too(db, shared_cache, django_capture_on_commit_callbacks):
    # Each block stands for a transaction of its own; the test itself runs in one that never commits.
    with django_capture_on_commit_callbacks(execute=True):
        school = f.SchoolFactory(name="Oud")
    counter = Counter()
    read(counter)
    with django_capture_on_commit_callbacks(execute=True):
        School.objects.filter(pk=school.pk).update(name="Nieuw")
    assert read(counter) == {"computed": 2}
    with django_capture_on_commit_callbacks(execute=True):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {School._meta.db_table} WHERE id = %s", [school.pk])
    assert read(counter) == {"computed": 3}


def test_a_write_that_is_rolled_back_changes_nothing(db, shared_cache, django_capture_on_commit_callbacks):
    counter = Counter()
    read(counter)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                f.SchoolFactory(name="Nooit bewaard")
                raise RuntimeError
        except RuntimeError:
            pass
    assert read(counter) == {"computed": 1}


def test_reads_and_logging_leave_the_value(db, shared_cache, django_capture_on_commit_callbacks):
    school = f.SchoolFactory()
    counter = Counter()
    read(counter)
    with django_capture_on_commit_callbacks(execute=True):
        list(School.objects.all())
        audit.record(None, audit.AuditAction.VIEW, school_id=school.pk)
    assert AuditEntry.objects.exists()
    assert read(counter) == {"computed": 1}


def test_a_lost_generation_never_brings_back_an_older_value(db, shared_cache):
    counter = Counter()
    read(counter)
    cache.delete(datacache.GENERATION_KEY)
    assert read(counter) == {"computed": 2}


def test_without_a_shared_cache_every_read_computes(db, settings):
    settings.DATA_CACHE = False
    counter = Counter()
    read(counter)
    read(counter)
    assert counter.calls == 2


def headline(response):
    section = next(s for s in response.context["sections"] if s.key == "headline")
    return [(str(item.text), str(item.note or "")) for item in section.items]


def visit(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries), headline(response)


def test_the_management_start_page_shows_figures_as_of_the_last_write(
    db, login, settings, shared_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # logging in writes last_login
        week = build_week(many=2)
        client = login(week.user("management"), week.school)
    client.get(reverse("home"))  # the first visit creates the visit row; measure usual ones
    pupil = next(iter(week.pupils.values()))

    def change(level):
        with django_capture_on_commit_callbacks(execute=True):
            type(pupil).objects.filter(pk=pupil.pk).update(care_level=level)

    change(2)
    computed_queries, computed = visit(client)
    cached_queries, cached = visit(client)
    assert cached == computed
    assert cached_queries <= computed_queries - 10, "the headline figures come from the cache"

    # The pupil moves to care level 3: the next visit computes again and shows what a page without cache shows.
    change(3)
    after_queries, after = visit(client)
    assert after_queries == computed_queries
    settings.DATA_CACHE = False
    _uncached_queries, uncached = visit(client)
    assert after == uncached
