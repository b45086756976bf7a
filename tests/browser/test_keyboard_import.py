"""A CSV import without a mouse (issue 15): the coordinator finds the import in her user menu, chooses the kind,
opens the file chooser with Space, checks the preview and confirms, with Tab, Space, Enter and typing only."""

import re
from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

from pupils.models import Pupil
from schools import demo

from .keyboard import follow, log_in, press, tab_to


def test_coordinator_imports_pupils_by_keyboard(page, transactional_db):
    demo.build()
    before = Pupil.objects.count()
    page.goto("/")
    log_in(page, "ib")

    press(page, "Marieke")  # the user menu
    follow(page, "Importeren")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importeren")
    press(page, "leerlingen en groepen", key="Space")
    tab_to(page, re.compile(r"^CSV-bestand"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(Path(settings.BASE_DIR) / "docs/samples/leerlingen.csv"))
    follow(page, "Uploaden en controleren")

    expect(page.locator("main")).to_contain_text("Geen problemen gevonden")
    follow(page, re.compile(r"regels? inlezen"))
    expect(page.locator(".alert").first).to_contain_text(re.compile(r"[Ii]ngelezen"))
    assert Pupil.objects.count() > before
