"""Retention terms: the legal ones come with the installation; a school may shorten them, never lengthen
them, and never below what a law obliges it to keep."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEntry
from privacy.models import RecordKind, RetentionTerm, SchoolTerm
from privacy.services import retention


@pytest.fixture
def dossier_term(db):
    return RetentionTerm.objects.get(kind=RecordKind.DOSSIER)


def test_every_kind_has_a_legal_term_with_a_source(db):
    terms = {term.kind: term for term in RetentionTerm.objects.all()}
    assert set(terms) == set(RecordKind.values)
    assert terms[RecordKind.DOSSIER].months == 24
    assert terms[RecordKind.ENROLMENT].months == 60
    assert terms[RecordKind.ENROLMENT].minimum_months == 60  # the law obliges five years
    assert all(term.source for term in terms.values())


def test_a_school_may_shorten_a_term(world, dossier_term):
    own = SchoolTerm(school=world.school, term=dossier_term, months=12)
    own.full_clean()  # no error
    own.save()
    assert retention.terms(world.school)[RecordKind.DOSSIER].months == 12
    assert retention.terms(world.foreign_school)[RecordKind.DOSSIER].months == 24


def test_a_school_may_not_lengthen_a_term(world, dossier_term):
    with pytest.raises(ValidationError) as refused:
        SchoolTerm(school=world.school, term=dossier_term, months=25).full_clean()
    assert "mag een bewaartermijn inkorten, niet verlengen" in str(refused.value)
    assert "24 maanden" in str(refused.value)


def test_a_school_may_not_keep_enrolment_data_shorter_than_the_law_obliges(world):
    term = RetentionTerm.objects.get(kind=RecordKind.ENROLMENT)
    with pytest.raises(ValidationError) as refused:
        SchoolTerm(school=world.school, term=term, months=24).full_clean()
    assert "minstens 60 maanden" in str(refused.value)


def test_the_coordinator_shortens_a_term_on_the_page(world, client, dossier_term):
    client.force_login(world.user("coordinator"))
    url = reverse("privacy:retention_term", kwargs={"kind": "dossier"})
    page = client.get(url)
    assert "De langste termijn is 24 maanden" in page.content.decode()

    response = client.post(url, {"months": "12", "version": "0"})
    assert response.status_code == 302
    assert SchoolTerm.objects.get(school=world.school, term=dossier_term).months == 12
    entry = AuditEntry.objects.get(event="privacy.retention_term_set")
    assert "12 maanden" in entry.description
    overview = client.get(reverse("privacy:retention")).content.decode()
    assert "ingekort, langste 24" in overview


def test_lengthening_on_the_page_is_refused_with_a_dutch_error_and_saves_nothing(world, client):
    client.force_login(world.user("admin"))
    url = reverse("privacy:retention_term", kwargs={"kind": "dossier"})
    response = client.post(url, {"months": "36", "version": "0"})
    assert response.status_code == 200
    assert "mag een bewaartermijn inkorten, niet verlengen" in response.content.decode()
    assert not SchoolTerm.objects.exists()


def test_the_enrolment_term_cannot_be_shortened_on_the_page(world, client):
    client.force_login(world.user("coordinator"))
    url = reverse("privacy:retention_term", kwargs={"kind": "enrolment"})
    assert "ligt vast in de wet" in client.get(url).content.decode()
    client.post(url, {"months": "60", "version": "0"})
    assert not SchoolTerm.objects.exists()


def test_an_unknown_kind_is_not_found(world, client):
    client.force_login(world.user("coordinator"))
    assert client.get(reverse("privacy:retention_term", kwargs={"kind": "geheim"})).status_code == 404


def test_two_first_saves_at_once_the_second_is_refused(world, client, dossier_term):
    """Both opened the form before the school had a term of its own (version 0): the colleague's save
    lands first, and the user's is refused rather than overwriting it."""
    SchoolTerm.objects.create(school=world.school, term=dossier_term, months=18)
    client.force_login(world.user("coordinator"))
    url = reverse("privacy:retention_term", kwargs={"kind": "dossier"})
    response = client.post(url, {"months": "12", "version": "0"})
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert SchoolTerm.objects.get(school=world.school).months == 18
