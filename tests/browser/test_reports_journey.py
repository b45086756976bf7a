"""The directeur reads the progress report, writes an analysis, finalizes the half-yearly report and
downloads its PDF, whose figures and text match the page; the bouwcoördinator sees groups 5-8 only and the
teacher of group 5 only her group's results and cycle."""

import io
import re

from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.models import HalfYearReport
from schools import demo

from .test_conversation_journey import log_out
from .test_foundation_journey import log_in

ANALYSIS = "Rekenen blijft achter bij lezen; we zetten de rekencoördinator in groep 7 en 8 in."


def _sections(page):
    return [heading.strip() for heading in page.locator("section.report-section h2").all_inner_texts()]


def test_directeur_finalizes_the_half_yearly_report_and_downloads_it(page, transactional_db):
    demo.build()
    log_in(page, "directeur")

    # One click from home to the report.
    page.get_by_role("link", name=re.compile("^Voortgangsrapportage")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgangsrapportage")
    assert _sections(page) == [
        "Eindresultaten",
        "Schooladvies en uitslag doorstroomtoets",
        "Tussentijdse resultaten (trendanalyse)",
        "Zorgoverzicht",
        "De HGW-cyclus",
        "Gesprekken",
        "Coaching",
    ]
    end_results = page.locator("#end_results")
    expect(end_results).to_contain_text("84,2 % van de leerlingen haalde 1F of hoger.")
    expect(end_results).to_contain_text("Dat is onder de signaleringswaarde van 85,0 %.")
    expect(page.locator("#advice")).to_contain_text("2025-2026")

    # The draft of this half year: write the analysis of the end results, then finalize.
    draft = HalfYearReport.objects.get(status=HalfYearReport.Status.DRAFT)
    page.get_by_role("link", name=re.compile("^Eerste helft")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(draft.school_year.name)
    page.get_by_role("link", name=re.compile("Analyse (schrijven|bijwerken) – Eindresultaten")).click()
    page.get_by_label("Analyse").fill(ANALYSIS)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#end_results")).to_contain_text(ANALYSIS)
    page.get_by_role("button", name="Rapportage afronden").click()
    expect(page.locator("main")).to_contain_text("Afgerond door Hans Veldkamp")
    draft.refresh_from_db()
    assert draft.is_final and draft.figures["sections"]["end_results"]["average"]

    # The PDF holds the same figures and text as the page.
    page_text = " ".join(page.locator("#end_results").inner_text().split())
    pdf = page.request.get(reverse("reports:report_pdf", args=[draft.pk]))
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).split())
    for shown in (ANALYSIS, "84,2 % van de leerlingen haalde 1F of hoger.", "42,4 %"):
        assert shown in page_text and shown in pdf_text, shown
    log_out(page)

    # The bouwcoördinator: the same report over groups 5-8 only.
    log_in(page, "bouwcoordinator")
    page.get_by_role("link", name=re.compile("^Voortgangsrapportage")).click()
    expect(page.locator("main")).to_contain_text("groep 5 tot en met 8")
    care = page.locator("#care")
    expect(care).to_contain_text("Groep 5")
    expect(care).not_to_contain_text("Groep 3")
    expect(page.locator("#cycle")).not_to_contain_text("Groep 1/2")
    log_out(page)

    # The teacher of group 5: her group's interim results and cycle, nothing school-wide.
    log_in(page, "leerkracht5")
    page.get_by_role("link", name=re.compile("^Resultaten en groepsplannen van mijn groep")).click()
    assert _sections(page) == ["Tussentijdse resultaten (trendanalyse)", "De HGW-cyclus"]
    expect(page.locator("#cycle")).to_contain_text("Groep 5")
    expect(page.locator("#cycle")).not_to_contain_text("Groep 6")
    expect(page.locator("main")).not_to_contain_text("Halfjaarrapportages")
