"""The coordinator's pages: what will be erased, confirming with the pupil's name and a reason, and the
message afterwards; odd input is refused in Dutch and erases nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pupils.datamap import about
from pupils.models import Observation, Pupil
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(world):
    pupil = world.pupils["six"]
    for text in ("Leest graag", "Helpt anderen", "Werkt snel"):
        f.ObservationFactory(pupil=pupil, text=text)
    f.ConversationFactory(pupil=pupil)  # a second one: the world holds one already
    return pupil


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_confirmation_page_counts_what_goes_in_dutch(client, world, sam):
    client.force_login(world.user("coordinator"))
    response = client.get(reverse("privacy:erase_pupil", args=[sam.pk]))
    text = response.content.decode()
    assert "1 leerling" in text and "3 observaties" in text and "2 gesprekken" in text
    assert "2 inschrijvingen" in text and "1 handelingsplan" in text
    assert "gewiste leerling L-" in text


def test_erasing_with_the_name_and_a_reason(client, world, sam):
    client.force_login(world.user("coordinator"))
    response = client.post(
        reverse("privacy:erase_pupil", args=[sam.pk]), {"name": " sam  ZES ", "reason": "Verzoek ouders"}
    )
    assert response.status_code == 302 and response.url == reverse("pupils:pupil_list")
    assert not Pupil.objects.filter(pk=sam.pk).exists()
    (message,) = _messages(response)
    assert message.startswith("De leerling is gewist. Er zijn ")
    assert "3 observaties" in message and "2 gesprekken" in message and "Sam" not in message and "Zes" not in message


@pytest.mark.parametrize(
    "data,error",
    [
        ({"name": "Sam Drie", "reason": "Verzoek"}, "Dat is niet de naam van deze leerling"),
        ({"name": "", "reason": "Verzoek"}, "Typ de naam van de leerling"),
        ({"name": "Sam Zes", "reason": ""}, "Schrijf op waarom je wist"),
        ({"name": "Sam Zes", "reason": "   "}, "Schrijf op waarom je wist"),
        ({"name": "Sam Zes", "reason": "x" * 501}, "Schrijf de reden in hoogstens 500 tekens"),
        ({"name": "Sam\x00Zes", "reason": "Verzoek"}, None),
        ({"name": "x" * 100_000, "reason": "Verzoek"}, "Dat is niet de naam"),
    ],
    ids=["wrong name", "no name", "no reason", "blank reason", "long reason", "nul", "long name"],
)
def test_odd_input_is_refused_and_erases_nothing(client, world, sam, data, error):
    client.force_login(world.user("coordinator"))
    before = {model: set(rows.values_list("pk", flat=True)) for model, rows in about(sam).items()}
    response = client.post(reverse("privacy:erase_pupil", args=[sam.pk]), data)
    if error is None:  # a NUL byte is refused before any form sees it
        assert response.status_code == 400
    else:
        assert response.status_code == 200 and error in response.content.decode()
    assert {model: set(rows.values_list("pk", flat=True)) for model, rows in about(sam).items()} == before


def test_one_record_is_erased_with_what_belongs_to_it(client, world, sam):
    client.force_login(world.user("coordinator"))
    conversation = sam.conversations.latest("pk")
    f.NoteFactory(conversation=conversation)
    f.NoteFactory(conversation=conversation)
    listing = client.get(reverse("privacy:erase_records", args=[sam.pk])).content.decode()
    url = reverse("privacy:erase_record", args=[sam.pk, "conversations-conversation", conversation.pk])
    assert url in listing and "Dit gegeven wissen" in listing
    page = client.get(url).content.decode()
    assert "1 gesprek" in page and "2 aantekeningen" in page
    response = client.post(url, {"record": conversation.pk, "reason": "Verkeerde leerling"})
    assert response.status_code == 302
    assert _messages(response) == ["Er zijn 3 gegevens gewist: 1 gesprek en 2 aantekeningen."]
    assert Pupil.objects.filter(pk=sam.pk).exists() and not sam.conversations.filter(pk=conversation.pk).exists()


def test_one_observation_reads_in_the_singular(client, world, sam):
    client.force_login(world.user("coordinator"))
    observation = Observation.objects.filter(pupil=sam).first()
    url = reverse("privacy:erase_record", args=[sam.pk, "pupils-observation", observation.pk])
    response = client.post(url, {"record": observation.pk, "reason": "Onjuist"})
    assert _messages(response) == ["Er is 1 gegeven gewist: 1 observatie."]


def test_a_form_of_another_record_erases_nothing(client, world, sam):
    client.force_login(world.user("coordinator"))
    first, second = Observation.objects.filter(pupil=sam)[:2]
    url = reverse("privacy:erase_record", args=[sam.pk, "pupils-observation", first.pk])
    response = client.post(url, {"record": second.pk, "reason": "Onjuist"})
    assert response.status_code == 200 and "hoort bij een ander gegeven" in response.content.decode()
    assert Observation.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_an_unknown_kind_is_a_404(client, world, sam):
    client.force_login(world.user("coordinator"))
    observation = Observation.objects.filter(pupil=sam).first()
    assert client.get(reverse("privacy:erase_record", args=[sam.pk, "core-revision", 1])).status_code == 404
    other = world.pupils["three"]
    url = reverse("privacy:erase_record", args=[other.pk, "pupils-observation", observation.pk])
    assert client.get(url).status_code == 404


def test_the_dossier_links_to_erasure_for_the_coordinator_only(client, world, sam):
    url = reverse("pupils:dossier", args=[sam.pk])
    erase = reverse("privacy:erase_pupil", args=[sam.pk])
    client.force_login(world.user("coordinator"))
    assert erase in client.get(url).content.decode()
    client.force_login(world.user("teacher"))
    assert erase not in client.get(url).content.decode()


def test_the_record_list_has_a_query_budget(client, world, sam, django_assert_max_num_queries):
    client.force_login(world.user("coordinator"))
    for day in range(1, 21):
        f.ObservationFactory(pupil=sam)
        f.AssessmentFactory(pupil=sam, date=datetime.date(2026, 1, day))
        f.NeedFactory(pupil=sam)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("privacy:erase_records", args=[sam.pk]))
    assert response.status_code == 200


def test_a_pupil_under_a_legal_hold_is_not_erased_until_the_hold_ends(client, world, sam):
    from privacy.models import LegalHold

    hold = LegalHold.objects.create(
        pupil=sam, until=datetime.date.today() + datetime.timedelta(days=90), reason="Klacht loopt nog"
    )
    client.force_login(world.user("coordinator"))
    url = reverse("privacy:erase_pupil", args=[sam.pk])
    response = client.post(url, {"name": "Sam Zes", "reason": "Verzoek ouders"})
    assert response.status_code == 200
    assert "Beëindig die verlenging op de pagina Bewaartermijnen" in response.content.decode()
    assert Pupil.objects.filter(pk=sam.pk).exists()

    LegalHold.objects.filter(pk=hold.pk).update(until=datetime.date.today() - datetime.timedelta(days=1))
    assert client.post(url, {"name": "Sam Zes", "reason": "Verzoek ouders"}).status_code == 302
    assert not Pupil.objects.filter(pk=sam.pk).exists()


def test_one_record_of_a_pupil_under_a_legal_hold_is_not_erased(client, world, sam):
    # The record may be what the complaint is about: the hold keeps every record, not only the pupil.
    from privacy.models import LegalHold
    from privacy.services.erasure import kind_slug

    LegalHold.objects.create(pupil=sam, until=datetime.date.today() + datetime.timedelta(days=30), reason="Bezwaar")
    observation = Observation.objects.filter(pupil=sam).first()
    client.force_login(world.user("coordinator"))
    url = reverse("privacy:erase_record", args=[sam.pk, kind_slug(Observation), observation.pk])
    response = client.post(url, {"reason": "Onjuist genoteerd", "record": observation.pk})
    assert response.status_code == 200
    assert "Beëindig die verlenging op de pagina Bewaartermijnen" in response.content.decode()
    assert Observation.objects.filter(pk=observation.pk).exists()


def test_the_service_itself_refuses_under_a_hold_whoever_calls_it(world, sam):
    # Not only the form: a script, the retention run or a second browser that confirmed before the hold was
    # placed all meet the same refusal, checked after the pupil is locked.
    from privacy.models import LegalHold
    from privacy.services import erasure

    LegalHold.objects.create(pupil=sam, until=datetime.date.today(), reason="Klacht")
    observation = Observation.objects.filter(pupil=sam).first()
    for attempt in (
        lambda: erasure.erase_pupil(sam, by=None, reason="x"),
        lambda: erasure.erase_dossier(sam, by=None, reason="x"),
        lambda: erasure.erase_record(observation, by=None, reason="x"),
    ):
        with pytest.raises(erasure.UnderLegalHold):
            attempt()
    assert Observation.objects.filter(pupil=sam).count() == 3
    assert Pupil.objects.filter(pk=sam.pk).exists()
