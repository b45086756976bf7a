"""A refused form opens on its error summary: the focus is on it, so a screen reader reads it first, and its
link takes the keyboard to the field to correct (static/js/error-summary.js)."""

import re

from playwright.sync_api import expect

from schools import demo

from .test_foundation_journey import log_in


def test_the_focus_lands_on_the_summary_and_its_link_leads_to_the_field(page, transactional_db):
    demo.build()
    log_in(page, "ib")
    page.goto("/besprekingen/nieuw/")
    # The search picker (static/js/picker.js) keeps the field's name on the select it hides from the eye.
    expect(page.locator("#id_pupils")).to_have_accessible_name(re.compile("^Besproken leerlingen"))
    page.locator("#id_date").fill("")
    page.get_by_role("button", name="Opslaan").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_contain_text("Controleer dit formulier: ")
    link = summary.get_by_role("link", name="Datum: ")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_date")).to_be_focused()
    expect(page.locator("#id_date")).to_have_attribute("aria-invalid", "true")
