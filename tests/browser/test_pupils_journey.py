"""The pupils capability end to end: the teacher of group 8 reads her group overview, opens a
pupil's dossier, adds an observation and exports the dossier; the coordinator imports pupils."""

import re
from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

from core.models import AuditAction, AuditEntry
from pupils.models import Observation, Pupil
from schools import demo

from .test_foundation_journey import log_in


def test_teacher_reads_overview_opens_dossier_adds_observation_and_exports(page, transactional_db):
    demo.build()
    log_in(page, "leerkracht8")

    page.get_by_role("link", name="Groepsoverzicht").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groep 8")
    # The seed's entrance-test picture shows in the monitoring results: many below the norm.
    expect(page.locator("main")).to_contain_text(re.compile(r"\d+ van 30 onder de norm"))

    first_pupil = page.locator("table a[href*='/leerlingen/']").first
    name = first_pupil.inner_text()
    first_pupil.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("svg").first).to_be_visible()  # a growth chart

    page.get_by_role("link", name="Observatie toevoegen").click()
    page.get_by_label("Soort").select_option("classroom")
    page.locator("#id_text").fill("Stelt na de instructie zelf een vraag aan een klasgenoot.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".alert")).to_contain_text("De observatie is vastgelegd.")
    expect(page.locator("#tijdlijn")).to_contain_text("Stelt na de instructie zelf een vraag")
    assert (
        Observation.objects.filter(text__startswith="Stelt na de instructie", author__username="leerkracht8").count()
        == 1
    )

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, user_repr="leerkracht8").count() == 1


def test_coordinator_imports_pupils_from_a_spreadsheet_export(page, transactional_db):
    demo.build()
    before = Pupil.objects.count()
    log_in(page, "ib")
    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("link", name="Importeren", exact=True).click()
    page.get_by_label("leerlingen en groepen").check()
    page.get_by_label("CSV-bestand").set_input_files(str(Path(settings.BASE_DIR) / "docs/samples/leerlingen.csv"))
    page.get_by_role("button", name="Uploaden en controleren").click()

    confirm = page.get_by_role("button", name=re.compile(r"regels? inlezen"))
    expect(confirm).to_be_visible()
    confirm.click()
    expect(page.locator(".alert").first).to_contain_text(re.compile(r"[Ii]ngelezen"))
    assert Pupil.objects.count() > before
