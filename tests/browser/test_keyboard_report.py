"""The progress report without a mouse (issue 15): the directeur opens the report from the start page, writes the
analysis of the end results in the half-yearly report and finalizes it, with Tab, Enter and typing only."""

import re

from playwright.sync_api import expect

from reports.models import HalfYearReport
from schools import demo

from .keyboard import follow, log_in, replace_in

ANALYSIS = "Rekenen blijft achter bij lezen; de rekencoördinator gaat groep 7 en 8 helpen."


def test_directeur_writes_and_finalizes_the_report_by_keyboard(page, transactional_db):
    demo.build()
    draft = HalfYearReport.objects.get(status=HalfYearReport.Status.DRAFT)
    page.goto("/")
    log_in(page, "directeur")

    follow(page, re.compile(r"^Voortgangsrapportage"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgangsrapportage")
    follow(page, re.compile(r"^Eerste helft"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(draft.school_year.name)
    follow(page, re.compile(r"Analyse (schrijven|bijwerken) – Eindresultaten"))
    replace_in(page, re.compile(r"^Analyse"), ANALYSIS)  # the draft holds a text already
    follow(page, "Opslaan")
    expect(page.locator("#end_results")).to_contain_text(ANALYSIS)
    follow(page, "Rapportage afronden")
    expect(page.locator("main")).to_contain_text("Afgerond door Hans Veldkamp")
    draft.refresh_from_db()
    assert draft.is_final
    assert draft.texts.get(section="end_results").analysis == ANALYSIS
