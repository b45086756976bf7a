import pytest
from django.test import RequestFactory
from django.urls import reverse

from core import audit
from core.models import AuditAction, AuditEntry


@pytest.fixture
def request_from(world):
    def _make(user, address="192.0.2.7"):
        request = RequestFactory().get("/groepen/1/", REMOTE_ADDR=address)
        request.user = user
        request.school = world.school
        return request

    return _make


def test_record_keeps_who_what_which_when_and_where(world, request_from):
    group = world.groups["six"]
    entry = audit.record(request_from(world.user("coordinator")), AuditAction.VIEW, group)
    entry.refresh_from_db()
    assert entry.user_repr == "ib-test"
    assert entry.action == "view"
    assert entry.object_repr == "Groep 6"
    assert entry.object_id == str(group.pk)
    assert entry.content_type.model == "group"
    assert entry.school_id == world.school.pk
    assert entry.ip_address == "192.0.2.7"
    assert entry.path == "/groepen/1/"
    assert entry.at is not None


def test_entries_cannot_be_changed_or_deleted(world, request_from):
    entry = audit.record(request_from(world.user("coordinator")), AuditAction.EXPORT, world.groups["six"])
    entry.detail = "anders"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="anders")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_entry_outlives_the_object_it_describes(world, request_from):
    pupil = world.pupils["three"]
    audit.record(request_from(world.user("coordinator")), AuditAction.VIEW, pupil)
    pupil.delete()
    assert AuditEntry.objects.filter(object_repr="Dirk van Drie").count() == 1


def test_viewing_a_group_is_logged(world, login):
    client = login(world.user("teacher"), world.school)
    client.get(reverse("group_detail", args=[world.groups["six"].pk]))
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert (entry.user_repr, entry.object_repr) == ("juf-zes", "Groep 6")


def test_audit_page_shows_only_this_schools_entries_and_filters(world, login, request_from):
    coordinator = world.user("coordinator")
    audit.record(request_from(coordinator), AuditAction.VIEW, world.groups["six"])
    audit.record(request_from(world.user("teacher")), AuditAction.VIEW, world.groups["three"])
    other = request_from(coordinator)
    other.school = world.second_school
    audit.record(other, AuditAction.VIEW, world.groups["second"])

    client = login(coordinator, world.school)
    page = client.get(reverse("audit_log")).content.decode()
    assert "Groep 6" in page and "Groep 3" in page
    assert "Groep 7/8" not in page

    filtered = client.get(reverse("audit_log"), {"user": "juf"}).content.decode()
    assert "Groep 3" in filtered and "Groep 6" not in filtered
    by_object = client.get(reverse("audit_log"), {"object": "groep 6"}).content.decode()
    assert "Groep 6" in by_object and "Groep 3" not in by_object


def test_audit_page_refuses_reversed_dates_in_dutch(world, login):
    client = login(world.user("admin"), world.school)
    response = client.get(reverse("audit_log"), {"date_from": "2026-11-02", "date_to": "2026-11-01"})
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_audit_page_handles_nonsense_dates_without_error(world, login):
    client = login(world.user("admin"), world.school)
    response = client.get(reverse("audit_log"), {"date_from": "gisteren", "pagina": "x"})
    assert response.status_code == 200
    assert "Voer een geldige datum in." in response.content.decode()


def test_audit_page_query_budget_does_not_grow_with_rows(world, login, request_from, django_assert_max_num_queries):
    request = request_from(world.user("coordinator"))
    for _ in range(60):
        audit.record(request, AuditAction.VIEW, world.groups["six"])
    client = login(world.user("coordinator"), world.school)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    assert "Pagina 1 van 2" in response.content.decode()


def test_an_event_is_shown_in_the_readers_language_from_its_data(world, request_from, monkeypatch):
    from django.utils import translation
    from django.utils.translation import gettext_lazy, ngettext_lazy

    monkeypatch.setattr(
        audit,
        "_events",
        {
            "test.planned": ngettext_lazy("%(count)s gesprek gepland", "%(count)s gesprekken gepland", "count"),
            "test.exported": gettext_lazy("Mijn groepen"),  # a text the English catalogue holds
            "test.phase": lambda data: {"observe": gettext_lazy("waarnemen")}[data["phase"]],
        },
    )
    request = request_from(world.user("coordinator"))
    one = audit.record(request, AuditAction.CHANGE, world.groups["six"], event="test.planned", data={"count": 1})
    many = audit.record(request, AuditAction.CHANGE, world.groups["six"], event="test.planned", data={"count": 12})
    exported = audit.record(request, AuditAction.EXPORT, world.groups["six"], event="test.exported")
    phase = audit.record(
        request, AuditAction.CHANGE, world.groups["six"], event="test.phase", data={"phase": "observe"}
    )
    one, many, exported, phase = (AuditEntry.objects.get(pk=e.pk) for e in (one, many, exported, phase))
    assert (one.description, many.description) == ("1 gesprek gepland", "12 gesprekken gepland")
    assert phase.description == "waarnemen"
    with translation.override("en"):
        assert exported.description == "My groups"


def test_an_entry_from_before_events_shows_its_text_as_it_was(world, request_from):
    entry = AuditEntry.objects.create(action=AuditAction.EXPORT, school_id=world.school.pk, detail="pdf")
    assert AuditEntry.objects.get(pk=entry.pk).description == "pdf"


def test_data_that_no_longer_fits_its_text_shows_the_text(world, request_from, monkeypatch):
    from django.utils.translation import gettext_lazy

    monkeypatch.setattr(audit, "_events", {"test.moved": gettext_lazy("%(pupil)s verplaatst")})
    entry = audit.record(request_from(world.user("coordinator")), AuditAction.CHANGE, None, event="test.moved")
    assert AuditEntry.objects.get(pk=entry.pk).description == "%(pupil)s verplaatst"


def test_the_audit_page_says_what_happened_in_the_readers_words(world, login, request_from):
    action = world.actions["teacher"]
    audit.record(request_from(world.user("coordinator")), AuditAction.CHANGE, action, event="groupplans.action_done")
    client = login(world.user("coordinator"), world.school)
    page = client.get(reverse("audit_log")).content.decode()
    assert "Actie afgevinkt" in page and "Action ticked off" not in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("audit_log")).content.decode()
    assert "Action ticked off" in page and "Actie afgevinkt" not in page
