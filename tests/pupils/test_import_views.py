"""The import pages: who may use them, upload -> preview -> confirm or cancel, audit, the sample files."""

import io
import threading
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from core.models import AuditAction, AuditEntry
from pupils.imports import apply
from pupils.imports.reading import MAX_BYTES
from pupils.models import Assessment, Enrolment, ImportBatch, Pupil
from tests import factories as f
from tests.world import World

SAMPLES = Path(settings.BASE_DIR) / "docs" / "samples"
UPLOAD = reverse("pupils:import_upload")
HEADER = "leerlingnummer;voornaam;tussenvoegsel;achternaam;geboortedatum;groep"


def pupils_file(*rows, name="leerlingen.csv", header=HEADER, encoding="utf-8-sig"):
    text = "\r\n".join([header, *rows]) + "\r\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def preview_url(batch):
    return reverse("pupils:import_preview", args=[batch.pk])


def upload(client, file, kind="pupils"):
    return client.post(UPLOAD, {"kind": kind, "file": file})


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form_errors(response):
    return " ".join(str(error) for errors in response.context["form"].errors.values() for error in errors)


@pytest.fixture
def coordinator(world, login):
    return login(world.user("coordinator"), world.school)


# --- access ---


@pytest.mark.parametrize("role", ["teacher", "other_teacher", "management", "bouw", "remedial"])
def test_roles_without_an_import_right_get_a_404_on_both_pages(world, login, role):
    batch = ImportBatch.objects.create(
        school=world.school, user=world.user(role), kind="pupils", filename="x.csv", content="x"
    )
    client = login(world.user(role), world.school)
    assert client.get(UPLOAD).status_code == 404
    assert client.post(UPLOAD, {"kind": "pupils", "file": pupils_file("1;a;;b;01-01-2015;Groep 6")}).status_code == 404
    assert client.get(preview_url(batch)).status_code == 404
    assert client.post(preview_url(batch), {"action": "confirm"}).status_code == 404
    assert batch.__class__.objects.get(pk=batch.pk).status == "pending"


def test_anonymous_users_are_sent_to_the_login_page(world, client):
    assert client.get(UPLOAD).status_code == 302
    assert client.get(reverse("pupils:import_preview", args=[1])).status_code == 302


def test_the_admin_may_import_pupils_but_not_results(world, login):
    client = login(world.user("admin"), world.school)
    text = text_of(client.get(UPLOAD))
    assert 'value="pupils"' in text and 'value="results"' not in text
    response = upload(client, pupils_file("2001;Zoë;;Berg;17-11-2015;Groep 6"), kind="results")
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    assert not ImportBatch.objects.exists()
    response = upload(client, pupils_file("2001;Zoë;;Berg;17-11-2015;Groep 6"))
    assert response.status_code == 302


def test_the_coordinator_may_import_both(coordinator):
    text = text_of(coordinator.get(UPLOAD))
    assert 'value="pupils"' in text and 'value="results"' in text
    assert 'enctype="multipart/form-data"' in text


def test_someone_elses_batch_and_a_batch_of_another_school_are_a_404(world, login, coordinator):
    admins = ImportBatch.objects.create(
        school=world.school, user=world.user("admin"), kind="pupils", filename="a.csv", content="x"
    )
    other_school = ImportBatch.objects.create(
        school=world.second_school, user=world.user("coordinator"), kind="pupils", filename="b.csv", content="x"
    )
    assert coordinator.get(preview_url(admins)).status_code == 404
    assert coordinator.post(preview_url(admins), {"action": "cancel"}).status_code == 404
    assert coordinator.get(preview_url(other_school)).status_code == 404
    assert ImportBatch.objects.filter(status="pending").count() == 2


def test_a_results_batch_of_an_admin_is_a_404_for_her_as_results_are_not_hers_to_import(world, login):
    batch = ImportBatch.objects.create(
        school=world.school, user=world.user("admin"), kind="results", filename="r.csv", content="x"
    )
    assert login(world.user("admin"), world.school).get(preview_url(batch)).status_code == 404


# --- upload, preview, confirm ---


def test_upload_preview_confirm_with_audit_entries_and_row_counts(world, coordinator):
    response = upload(
        coordinator,
        pupils_file("2001;Zoë;van der;Berg;17-11-2015;Groep 6", "2002;Sem;;Jansen;09-09-2019;Groep 3", ""),
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == preview_url(batch)
    assert (batch.kind, batch.filename, batch.status, batch.user) == (
        "pupils",
        "leerlingen.csv",
        "pending",
        world.user("coordinator"),
    )
    assert batch.content.startswith("leerlingnummer")  # decoded, without the BOM
    uploaded = AuditEntry.objects.get(action=AuditAction.CREATE, event="pupils.import_uploaded")
    assert uploaded.data == {"kind": "pupils", "file": "leerlingen.csv", "rows": 2}
    assert uploaded.description == "leerlingen en groepen geüpload: leerlingen.csv, 2 regels"
    assert uploaded.school_id == world.school.pk

    entries = AuditEntry.objects.count()
    text = text_of(coordinator.get(preview_url(batch)))
    assert AuditEntry.objects.count() == entries  # viewing the preview is not audited
    assert 'data-count="new">2<' in text
    assert "Zoë van der Berg" in text
    assert 'value="confirm"' in text
    assert not Pupil.objects.filter(source_id="2001").exists()

    response = coordinator.post(preview_url(batch), {"action": "confirm"}, follow=True)
    text = text_of(response)
    assert "leerlingen.csv is ingelezen: 2 regels, waarvan 2 nieuw, 0 gewijzigd en 0 ongewijzigd." in text
    assert Pupil.objects.filter(school=world.school, source_id__in=["2001", "2002"]).count() == 2
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.applied_at is not None
    assert batch.summary == {"rows": 2, "new": 2, "changed": 0, "unchanged": 0, "problems": 0}
    applied = AuditEntry.objects.get(event="pupils.import_applied")
    assert applied.action == AuditAction.CREATE
    assert applied.description == (
        "leerlingen en groepen ingelezen: leerlingen.csv, 2 regels: 2 nieuw, 0 gewijzigd, 0 ongewijzigd"
    )
    assert applied.object_id == str(batch.pk)

    # A second click (or a second tab) applies nothing twice.
    response = coordinator.post(preview_url(batch), {"action": "confirm"}, follow=True)
    assert "al verwerkt" in text_of(response)
    assert Pupil.objects.filter(source_id="2001").count() == 1
    assert AuditEntry.objects.filter(event="pupils.import_applied").count() == 1


def test_the_preview_lists_every_problem_and_offers_no_confirm_button(world, coordinator):
    upload(
        coordinator,
        pupils_file(
            "2001;Tess;;Visser;31-02-2015;Groep 6",
            "2002;Luuk;;Smit;14-03-2015;Groep 9",
            "2001;Tess;;Visser;28-02-2015;Groep 6",
        ),
    )
    batch = ImportBatch.objects.get()
    response = coordinator.get(preview_url(batch))
    text = text_of(response)
    assert [(p.line, p.column) for p in response.context["problems"]] == [
        (2, "geboortedatum"),
        (3, "groep"),
        (4, "leerlingnummer"),
    ]
    assert "De datum 31-02-2015 bestaat niet." in text
    assert "Er zijn 3 problemen" in text
    assert 'value="confirm"' not in text and 'value="cancel"' in text

    # Posting confirm anyway stores nothing and says why.
    response = coordinator.post(preview_url(batch), {"action": "confirm"})
    assert "Er is niets ingelezen" in text_of(response)
    assert not Pupil.objects.filter(source_id__in=["2001", "2002"]).exists()
    batch.refresh_from_db()
    assert batch.status == "pending"


def test_confirming_in_a_tab_after_cancelling_in_another_says_it_was_cancelled(world, coordinator):
    upload(coordinator, pupils_file("2001;Zoë;;Berg;17-11-2015;Groep 6"))
    batch = ImportBatch.objects.get()
    coordinator.post(preview_url(batch), {"action": "cancel"})  # the other tab
    response = coordinator.post(preview_url(batch), {"action": "confirm"}, follow=True)
    assert "Deze import is al geannuleerd, bijvoorbeeld in een ander tabblad. Er is niets ingelezen." in text_of(
        response
    )
    assert not Pupil.objects.filter(source_id="2001").exists()
    # And cancelling after confirming in another tab says it was read in.
    upload(coordinator, pupils_file("2002;Sem;;Jansen;09-09-2019;Groep 3"))
    second = ImportBatch.objects.get(status="pending")
    coordinator.post(preview_url(second), {"action": "confirm"})
    response = coordinator.post(preview_url(second), {"action": "cancel"}, follow=True)
    assert "Deze import is al ingelezen, bijvoorbeeld in een ander tabblad. Annuleren kan niet meer." in text_of(
        response
    )
    assert Pupil.objects.filter(source_id="2002").exists()


def test_cancel_stores_nothing_and_frees_the_way_for_a_new_upload(world, coordinator):
    upload(coordinator, pupils_file("2001;Zoë;;Berg;17-11-2015;Groep 6"))
    batch = ImportBatch.objects.get()
    response = coordinator.post(preview_url(batch), {"action": "cancel"}, follow=True)
    assert "geannuleerd" in text_of(response)
    batch.refresh_from_db()
    assert batch.status == "cancelled"
    assert not Pupil.objects.filter(source_id="2001").exists()
    cancelled = AuditEntry.objects.get(action=AuditAction.CHANGE, event="pupils.import_cancelled")
    assert cancelled.description == "import van leerlingen en groepen geannuleerd: leerlingen.csv"
    assert "geannuleerd" in text_of(coordinator.get(preview_url(batch)))
    assert upload(coordinator, pupils_file("2001;Zoë;;Berg;17-11-2015;Groep 6")).status_code == 302


def test_a_second_upload_while_one_is_pending_is_refused_with_a_link_to_it(world, coordinator):
    upload(coordinator, pupils_file("2001;Zoë;;Berg;17-11-2015;Groep 6", name="eerste.csv"))
    pending = ImportBatch.objects.get()
    response = upload(coordinator, pupils_file("2002;Sem;;Jansen;09-09-2019;Groep 3", name="tweede.csv"))
    text = text_of(response)
    assert "Je hebt al een import van leerlingen en groepen die wacht op bevestiging (eerste.csv)" in text
    assert preview_url(pending) in text
    assert ImportBatch.objects.count() == 1
    # Another kind may wait next to it.
    Pupil.objects.filter(pk=world.pupils["six"].pk).update(source_id="1001")
    results = SimpleUploadedFile("r.csv", b"leerlingnummer;toets;datum;toetsmoment;niveau\n1001;dmt;20-01-2026;;III\n")
    assert upload(coordinator, results, kind="results").status_code == 302


@pytest.mark.parametrize(
    "file,message",
    [
        (SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n\x00\x00"), "geen ‘.png’"),
        (SimpleUploadedFile("leerlingen.csv", b"\x89PNG\r\n\x1a\n\x00\x00"), "afbeelding"),
        (SimpleUploadedFile("leerlingen.xlsx", b"PK\x03\x04"), "Opslaan als"),
        (SimpleUploadedFile("leerlingen.csv", b"\x00\x01\x02\x03" * 10), "geen tekst"),
        (SimpleUploadedFile("leeg.csv", b""), "leeg"),
        (SimpleUploadedFile("verkeerd.csv", b"naam;adres\nPiet;Dorpsstraat 1\n"), "geen enkele bekende kolom"),
        (SimpleUploadedFile("half.csv", b"leerlingnummer;voornaam\n1;Piet\n"), "achternaam, geboortedatum, groep"),
    ],
)
def test_files_that_are_not_a_csv_of_this_kind_are_refused_with_a_clear_message(coordinator, file, message):
    response = upload(coordinator, file)
    assert response.status_code == 200
    assert message in form_errors(response)
    assert message.split("‘")[0] in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_xlsx_workbook_named_csv_is_refused(coordinator):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    response = upload(coordinator, SimpleUploadedFile("leerlingen.csv", buffer.getvalue()))
    assert "Excel" in form_errors(response)
    assert not ImportBatch.objects.exists()


def test_an_oversized_file_is_refused_before_it_is_read(coordinator):
    big = SimpleUploadedFile("groot.csv", (HEADER + "\n").encode() + b"x" * MAX_BYTES)
    response = upload(coordinator, big)
    assert "te groot" in form_errors(response) and "5 MB" in form_errors(response)
    assert not ImportBatch.objects.exists()


def test_a_windows_1252_comma_file_with_columns_in_another_order_is_uploaded(world, coordinator):
    file = pupils_file(
        "Groep 6,René,,Brouwer,01-01-2015,2001",
        header="Groep,Voornaam,Tussenvoegsel,Achternaam,Geboortedatum,Leerling nummer",
        encoding="cp1252",
    )
    response = upload(coordinator, file)
    assert response.status_code == 302
    text = text_of(coordinator.get(response.url))
    assert "René Brouwer" in text


# --- the sample files in docs/samples ---


@pytest.fixture
def demo_groups(world):
    year = world.school.current_year()
    for name, low, high in [("Groep 1/2", 1, 2), ("Groep 4", 4, 4), ("Groep 5", 5, 5), ("Groep 7", 7, 7),
                            ("Groep 8", 8, 8)]:  # fmt: skip
        f.GroupFactory(school_year=year, name=name, year_level_low=low, year_level_high=high)


def upload_sample(client, name, kind):
    data = (SAMPLES / name).read_bytes()
    return upload(client, SimpleUploadedFile(name, data, content_type="text/csv"), kind=kind)


def test_the_sample_files_import_cleanly_and_twice_change_nothing(world, coordinator, demo_groups):
    assert (SAMPLES / "leerlingen.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        (SAMPLES / "toetsresultaten.csv").read_bytes().decode("utf-8")

    for name, kind in (("leerlingen.csv", "pupils"), ("toetsresultaten.csv", "results")):
        response = upload_sample(coordinator, name, kind)
        assert response.status_code == 302, form_errors(response)
        preview = coordinator.get(response.url)
        assert preview.context["plan"].problems == []
        assert preview.context["counts"]["new"] == preview.context["counts"]["rows"]
        coordinator.post(response.url, {"action": "confirm"})
        assert ImportBatch.objects.get(filename=name, status="applied")

    assert Pupil.objects.filter(school=world.school, source_id__startswith="9001").count() == 11
    zoe = Pupil.objects.get(source_id="900102")
    assert (zoe.first_name, zoe.name_prefix, zoe.surname) == ("Zoë", "van den", "Berg")
    assert zoe.enrolments.get().year_level == 1
    assert Assessment.objects.filter(pupil__school=world.school).count() == 13
    counts = (Pupil.objects.count(), Enrolment.objects.count(), Assessment.objects.count())

    for name, kind in (("leerlingen.csv", "pupils"), ("toetsresultaten.csv", "results")):
        response = upload_sample(coordinator, name, kind)
        preview = coordinator.get(response.url)
        assert preview.context["counts"]["unchanged"] == preview.context["counts"]["rows"]
        coordinator.post(response.url, {"action": "confirm"})
    assert (Pupil.objects.count(), Enrolment.objects.count(), Assessment.objects.count()) == counts


def test_the_broken_sample_files_show_several_kinds_of_problems(world, coordinator, demo_groups):
    response = upload_sample(coordinator, "leerlingen-met-fouten.csv", "pupils")
    text = text_of(coordinator.get(response.url))
    for message in [
        "De datum 31-02-2015 bestaat niet.",
        "Groep ‘Groep 9’ bestaat niet",
        "Groep 1/2 is een combinatiegroep",
        "Jaargroep 8 hoort niet bij Groep 6",
        "Leerlingnummer 900201 staat ook op regel 2.",
        "De voornaam ontbreekt.",
        "meer kolommen (8) dan de kopregel (7)",
        "met vier cijfers",
    ]:
        assert message in text, message
    coordinator.post(response.url, {"action": "cancel"})

    upload_sample(coordinator, "leerlingen.csv", "pupils")
    batch = ImportBatch.objects.get(status="pending")
    coordinator.post(preview_url(batch), {"action": "confirm"})
    response = upload_sample(coordinator, "toetsresultaten-met-fouten.csv", "results")
    text = text_of(coordinator.get(response.url))
    for message in [
        "Vul het toetsmoment in",
        "Niveau ‘VI’ hoort niet bij de schaal I–V",
        "Toets ‘Cito Spelling’ is onbekend",
        "Leerlingnummer 999999 is niet bekend",
        "heeft meer domeinen",
        "‘twee’ is geen getal.",
        "staat ook op regel 8.",
    ]:
        assert message in text, message


# --- query budget ---


@pytest.mark.parametrize("rows", [5, 120])
def test_the_preview_has_a_query_budget_independent_of_the_number_of_rows(
    world, coordinator, django_assert_max_num_queries, rows
):
    for n in range(0, rows, 2):  # half of the rows change existing pupils
        f.EnrolmentFactory(
            pupil=f.PupilFactory(school=world.school, source_id=str(5000 + n)), group=world.groups["three"]
        )
    lines = [f"{5000 + n};Kind{n};;Test;14-03-2015;Groep 6" for n in range(rows)]
    upload(coordinator, pupils_file(*lines))
    batch = ImportBatch.objects.get()
    with django_assert_max_num_queries(12):
        response = coordinator.get(preview_url(batch))
    assert response.context["counts"]["rows"] == rows

    results = [f"{5000 + n};LVS Spelling;;20-01-2026;M6;150;III" for n in range(0, rows, 2)]
    results_file = SimpleUploadedFile(
        "r.csv", ("leerlingnummer;toets;vak;datum;toetsmoment;score;niveau\n" + "\n".join(results)).encode()
    )
    assert upload(coordinator, results_file, kind="results").status_code == 302
    batch = ImportBatch.objects.get(kind="results")
    with django_assert_max_num_queries(12):
        response = coordinator.get(preview_url(batch))
    assert response.context["counts"]["new"] == len(results)


# --- two requests at the same moment (PostgreSQL: SQLite takes writers one at a time anyway) ---


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks between two connections")
def test_a_second_confirm_and_an_upload_during_a_confirm_wait_or_are_refused(client, reference_data):
    world = World.build()
    client.force_login(world.user("coordinator"))
    user = world.user("coordinator")
    batch = ImportBatch.objects.create(
        school=world.school,
        user=user,
        kind="pupils",
        filename="a.csv",
        content=f"{HEADER}\n2001;Zoë;;Berg;17-11-2015;Groep 6\n",
    )
    writing, release, outcome = threading.Event(), threading.Event(), {}

    def slow(plan):
        writing.set()
        release.wait(10)

    def first():
        try:
            apply.confirm(batch, user, on_applied=slow)
            outcome["first"] = "applied"
        finally:
            connections.close_all()

    def second():
        try:
            apply.confirm(batch, user)
            outcome["second"] = "applied"
        except apply.AlreadyHandled:
            outcome["second"] = "already handled"
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert writing.wait(10)
    # While the first confirm is writing, its batch is still pending for everyone else:
    response = upload(client, pupils_file("2002;Sem;;Jansen;09-09-2019;Groep 3"))
    assert "wacht op bevestiging" in text_of(response)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)
    assert two.is_alive()  # waiting for the first confirm's row lock
    release.set()
    one.join(10)
    two.join(10)
    assert outcome == {"first": "applied", "second": "already handled"}
    assert Pupil.objects.filter(source_id="2001").count() == 1
    assert ImportBatch.objects.count() == 1
