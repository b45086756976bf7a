"""Every page fits a 1366 px wide laptop screen and the group overview prints on A4 without cut columns.

On the demo data each role (coordinator, teacher of group 8, management, remedial teacher, admin) visits
the main pages of every app at 1366 x 768. A page must not scroll sideways (the document is no wider
than the window), and a table wider than its column sits in a ``.table-responsive`` box, so that only
the table scrolls, never the page; at 1366 px not even the table scrolls. Printed (print media at the
printable width of A4) nothing is wider than the paper. The group overview of group 8, the widest page,
shows every subject and both transition tests at 1366 px and prints on A4 landscape with every column.
"""

import io
import re

from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from schools import access, demo

WIDTH, HEIGHT = 1366, 768
ROLES = ["ib", "leerkracht8", "directeur", "rt", "beheer"]
# The printable width of A4 at 96 px an inch: portrait less print.css's 12 mm margins, landscape (the group
# overview) less its template's 1 cm margins.
A4_PORTRAIT_PX = round(186 / 25.4 * 96)
A4_LANDSCAPE_PX = round(277 / 25.4 * 96)

# What a person notices: the page scrolls sideways, or a table runs out of its column without a scroll box.
OVERFLOW_JS = """() => {
  const viewport = document.documentElement.clientWidth;
  const bare = [];
  for (const table of document.querySelectorAll('main table')) {
    const parent = table.parentElement.getBoundingClientRect();
    const wide = table.getBoundingClientRect().width;
    if ((wide > parent.width + 1 || wide > viewport) && !table.closest('.table-responsive')) {
      bare.push((table.className || 'table') + ' ' + Math.round(wide) + 'px');
    }
  }
  const scrolled = [];
  for (const box of document.querySelectorAll('main .table-responsive')) {
    if (box.scrollWidth > box.clientWidth + 1) scrolled.push(box.scrollWidth + '>' + box.clientWidth);
  }
  return {scrollWidth: document.documentElement.scrollWidth, bare: bare, scrolled: scrolled};
}"""


# The widest thing on the printed page: the document, or a table (a scroll box is opened up on paper).
PRINT_WIDTH_JS = """() => Math.max(document.documentElement.scrollWidth,
  ...[...document.querySelectorAll('main table')].map(t => Math.ceil(t.getBoundingClientRect().right)))"""


def _first(queryset):
    return queryset.order_by("pk").first()


def pages_for(username):
    """(label, path) of the main pages of every app, with objects this user can open where there are any."""
    from django.contrib.auth import get_user_model

    from conversations.models import Conversation
    from groupplans.models import PHASE_ORDER
    from schools.models import School

    user = get_user_model().objects.get(username=username)
    school = School.objects.get(name=demo.MAIN_SCHOOL)
    year = school.current_year()
    result = [
        ("start", reverse("home")),
        ("groepen", reverse("group_list")),
        ("leerlingen", reverse("pupils:pupil_list")),
        ("groepsplannen", reverse("groupplans:plan_overview")),
        ("besprekingen", reverse("groupplans:meeting_list")),
        ("acties", reverse("groupplans:action_list")),
        ("gesprekken", reverse("conversations:conversation_list")),
        ("gespreksrondes", reverse("conversations:round_list")),
        ("coaching", reverse("coaching:trajectory_list")),
        ("rapportage", reverse("reports:dashboard")),
        ("auditlog", reverse("audit_log")),
    ]
    group_8 = _first(access.groups(user, school).filter(name="Groep 8", school_year=year))
    if group_8 is not None:
        result += [
            ("groep 8", reverse("group_detail", args=[group_8.pk])),
            ("groepsoverzicht groep 8", reverse("pupils:group_overview", args=[group_8.pk])),
        ]
    pupils = access.pupils(user, school)
    pupil = _first(pupils.filter(enrolments__group=group_8)) if group_8 else _first(pupils)
    if pupil is not None:
        result.append(("dossier", reverse("pupils:dossier", args=[pupil.pk])))
    plans = access.plans(user, school)
    for phase in PHASE_ORDER:
        plan = _first(plans.filter(phase=phase))
        if plan is not None:
            result.append((f"groepsplan ({phase.label})", reverse("groupplans:plan_detail", args=[plan.pk])))
    meeting = _first(access.meetings(user, school))
    if meeting is not None:
        result.append(("bespreking", reverse("groupplans:meeting_detail", args=[meeting.pk])))
    conversations = access.conversations(user, school)
    conversation = _first(conversations.filter(status=Conversation.Status.HELD)) or _first(conversations)
    if conversation is not None:
        result.append(("gesprek", reverse("conversations:conversation_detail", args=[conversation.pk])))
    round_ = _first(access.rounds(user, school))
    if round_ is not None:
        result.append(("gespreksronde", reverse("conversations:round_detail", args=[round_.pk])))
    trajectory = _first(access.trajectories(user, school))
    if trajectory is not None:
        result.append(("coachingstraject", reverse("coaching:trajectory_detail", args=[trajectory.pk])))
    report = _first(access.half_year_reports(user, school))
    if report is not None:
        result.append(("halfjaarrapportage", reverse("reports:report_detail", args=[report.pk])))
    return result


def _log_in(browser, live_server, username, width=WIDTH, height=HEIGHT):
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(demo.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))
    return context, page


def test_every_main_page_fits_a_1366_px_screen_and_a4_paper_for_every_role(
    browser, live_server, settings, reference_data
):
    settings.ALLOWED_HOSTS = ["*"]
    demo.build()
    problems, visited = [], 0
    for username in ROLES:
        paths = pages_for(username)
        context, page = _log_in(browser, live_server, username)
        for label, path in paths:
            page.goto(path)
            found = page.evaluate(OVERFLOW_JS)
            visited += 1
            if found["scrollWidth"] > WIDTH:
                problems.append(f"{username} {label} ({path}): de pagina is {found['scrollWidth']} px breed")
            for table in found["bare"]:
                problems.append(f"{username} {label} ({path}): tabel buiten een .table-responsive: {table}")
            for box in found["scrolled"]:
                problems.append(f"{username} {label} ({path}): tabel schuift in zijn kader ({box} px)")
            # On paper: nothing wider than the printable width of A4.
            paper = A4_LANDSCAPE_PX if "overzicht" in path else A4_PORTRAIT_PX
            page.set_viewport_size({"width": paper, "height": HEIGHT})
            page.emulate_media(media="print")
            printed = page.evaluate(PRINT_WIDTH_JS)
            if printed > paper + 1:
                problems.append(f"{username} {label} ({path}): afgedrukt {printed} px breed, papier {paper} px")
            page.emulate_media(media="screen")
            page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        context.close()
    assert visited >= 5 * 12  # every role saw at least the lists and the start page
    assert not problems, "\n".join(problems)


def test_the_group_overview_shows_every_subject_at_1366_px_and_prints_on_a4(
    browser, live_server, settings, reference_data
):
    settings.ALLOWED_HOSTS = ["*"]
    demo.build()
    context, page = _log_in(browser, live_server, "ib")
    page.get_by_role("link", name="Groepen").first.click()
    page.get_by_role("link", name="Groep 8").first.click()
    page.get_by_role("link", name="Groepsoverzicht").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groepsoverzicht Groep 8")

    table = page.locator("table.overview-table")
    heads = table.locator("thead abbr")
    titles = [heads.nth(i).get_attribute("title") for i in range(heads.count())]
    for name in ["Spelling", "Begrijpend lezen", "Rekenen-wiskunde", "Woordenschat", "Studievaardigheden"]:
        assert name in titles
    assert titles[-3:] == ["Technisch lezen", "Entreetoets", "Doorstroomtoets"]
    # Every column head lies within the window: nothing to scroll to, technisch lezen included.
    for i in range(heads.count()):
        box = heads.nth(i).bounding_box()
        assert box and box["x"] + box["width"] <= WIDTH, titles[i]
    # The entrance test the seed describes: of 30 pupils, 24 below 1F in some domain.
    expect(table.locator("tfoot")).to_contain_text("24 van 30 onder de norm")
    expect(table.locator("tbody tr").first.locator("td.overview-test")).to_contain_text("F")

    # Narrower than a laptop, the table scrolls in its own box, the page does not, and the names stay in view.
    page.set_viewport_size({"width": 1024, "height": HEIGHT})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    box = page.locator(".table-responsive:has(table.overview-table)")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert table.locator("tbody th").first.evaluate("th => getComputedStyle(th).position") == "sticky"

    # Print: A4 landscape, no navigation, and the table no wider than the paper.
    page.set_viewport_size({"width": A4_LANDSCAPE_PX, "height": HEIGHT})
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar").first).to_be_hidden()
    assert page.evaluate(PRINT_WIDTH_JS) <= A4_LANDSCAPE_PX + 1
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    first = pdf.pages[0].mediabox
    assert float(first.width) > float(first.height)  # landscape
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Doorstr." in text and "TL" in text  # the last columns are on the paper
    names = table.locator("tbody th a")
    for i in range(names.count()):
        assert names.nth(i).inner_text().split()[-1] in text  # and every pupil
    context.close()
