"""What a screen reader reads (issue 15): the accessibility tree of the group overview, a conversation, a conflict
page and the charts, as Chromium hands it to a screen reader (Playwright's ARIA snapshot and role queries).

A listener needs the overview as a table with a caption and headers for rows and columns, each result in words
(the level, "onder de norm", the direction); the conversation's seven steps as headings in order; a conflict that
announces itself and says which version is stored and which is not yet; and charts as images with a summary of
their values.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from conversations.models import Conversation
from pupils.models import EducationalNeed
from schools import demo

from .test_foundation_journey import log_in


def test_the_group_overview_is_read_as_a_table_with_headers_and_results_in_words(page, transactional_db):
    demo.build()
    log_in(page, "ib")
    page.get_by_role("link", name="Groepen", exact=True).first.click()
    page.get_by_role("link", name="Groep 8").first.click()
    page.get_by_role("link", name="Groepsoverzicht").first.click()

    table = page.get_by_role("table", name=re.compile(r"^Groepsoverzicht Groep 8: per leerling"))
    snapshot = table.aria_snapshot()
    # Column headers by their whole name, not the abbreviation shown on screen.
    for name in ["Naam", "Zorgniveau", "Onderwijsbehoeften", "Spelling", "Begrijpend lezen", "Doorstroomtoets"]:
        assert f'columnheader "{name}"' in snapshot, name
    assert 'columnheader "Sp"' not in snapshot
    # Every pupil's name is the header of her row.
    assert table.locator("tbody").get_by_role("rowheader").count() == 30
    # A result below the norm says so in words, and the direction is a word, not only an arrow or a colour.
    assert re.search(r'cell "(V|IV|<1F)[^"]* onder de norm', snapshot)
    assert re.search(r'cell "[^"]*\b(hoger|lager|gelijk)\b', snapshot)
    # The count row: a level below the norm is named so, not only coloured.
    assert re.search(r"V \(onder de norm\) ?: \d+", snapshot)


def test_a_conversation_reads_as_headings_with_the_seven_steps_in_order(page, transactional_db):
    demo.build()
    conversation = Conversation.objects.filter(status=Conversation.Status.HELD).order_by("pk").first()
    log_in(page, "ib")
    page.goto(reverse("conversations:conversation_detail", args=[conversation.pk]))

    headings = page.locator("main").get_by_role("heading")
    levels = [int(h.evaluate("h => h.tagName.slice(1)")) for h in headings.all()]
    texts = [h.inner_text() for h in headings.all()]
    assert levels[0] == 1 and levels.count(1) == 1
    # No level is skipped on the way down (h1 -> h3 would lose the listener).
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), list(
        zip(texts, levels, strict=True)
    )
    steps = [text for text in texts if re.match(r"^\d\. ", text)]
    assert [int(step[0]) for step in steps] == [1, 2, 3, 4, 5, 6, 7]
    region = page.get_by_role("region", name=re.compile("^Stappen"))
    expect(region.get_by_role("heading", level=3)).to_have_count(7)


def test_a_conflict_announces_itself_and_names_both_versions(page, second_page, transactional_db):
    demo.build()
    need = EducationalNeed.objects.filter(pupil__enrolments__group__name="Groep 8").first()
    url = reverse("pupils:need_update", kwargs={"pk": need.pk})
    log_in(page, "ib")
    log_in(second_page, "leerkracht8")
    page.goto(url)
    second_page.goto(url)
    page.get_by_label("Onderwijsbehoefte").fill("kort is en met een voorbeeld begint")
    page.get_by_role("button", name="Opslaan").click()
    second_page.get_by_label("Onderwijsbehoefte").fill("in een klein groepje plaatsvindt")
    second_page.get_by_role("button", name="Opslaan").click()

    alert = second_page.get_by_role("alert", name="Zo staat het er nu")
    expect(alert).to_be_visible()
    snapshot = alert.aria_snapshot()
    assert 'heading "Zo staat het er nu" [level=2]' in snapshot
    assert "kort is en met een voorbeeld begint" in snapshot  # the stored version, under its heading
    assert "Jouw versie staat in het formulier hieronder en is nog niet opgeslagen." in snapshot  # and the other
    expect(second_page.get_by_label("Onderwijsbehoefte")).to_have_value("in een klein groepje plaatsvindt")


def test_charts_are_images_that_summarise_their_values(page, transactional_db):
    demo.build()
    log_in(page, "ib")
    page.get_by_role("link", name="Leerlingen", exact=True).first.click()
    page.locator("main table tbody th a").first.click()
    charts = page.locator("#groei").get_by_role("img")
    assert charts.count() >= 5
    for chart in charts.all():
        name = chart.evaluate("svg => svg.getAttribute('aria-labelledby')")
        summary = " ".join(chart.evaluate(f"svg => svg.getElementById('{i}').textContent") for i in name.split())
        # The title, then every test moment with its level in words: "M5 IV, E5 III, ...".
        assert re.search(r"niveau per toetsmoment .*: [ME]\d \w+", summary), summary

    page.get_by_role("link", name="Rapportage").first.click()
    for chart in page.locator("main svg.svg-chart").all():
        expect(chart).to_have_attribute("role", "img")
        # A chart on the dashboard always comes with its table, for who cannot see the picture.
        assert chart.evaluate("svg => !!svg.closest('section, div').querySelector('table')")
