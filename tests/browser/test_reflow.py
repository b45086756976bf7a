"""Zoom and reflow (issue 15): at 320 CSS px wide, what a 1280 px screen shows at 400 % zoom, no page scrolls
sideways; only a data table scrolls, in a box of its own that a keyboard user can reach (it takes the focus)
and that a screen reader names. With the text at 200 % (a root font size of 200 %, as a browser's text-only
zoom does) nothing is cut off and nothing runs out of the window.

Each key page is opened as a role that sees it: the start page, the group overview, the dossier, every phase of
a group plan, a conversation, a coaching trajectory, the reports dashboard, an import preview and beheer.
"""

import re
from pathlib import Path

from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import expect

from conversations.models import Conversation
from groupplans.models import PHASE_ORDER
from schools import access, demo
from schools.models import School

from .test_layout import _log_in

NARROW = 320

# What a person at 400 % notices: the page scrolls sideways; a table runs out of the window without its own
# scroll box; a box that scrolls but cannot be reached by keyboard or has no name.
REFLOW_JS = """() => {
  const viewport = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > viewport) {
    problems.push('de pagina is ' + document.documentElement.scrollWidth + ' px breed');
  }
  for (const table of document.querySelectorAll('main table')) {
    const box = table.closest('.table-responsive');
    const wide = table.getBoundingClientRect().right > viewport + 1;
    if (wide && !box) problems.push('tabel zonder eigen schuifkader: ' + table.textContent.trim().slice(0, 40));
    if (box && box.scrollWidth > box.clientWidth + 1) {
      const name = box.getAttribute('aria-label')
        || (box.getAttribute('aria-labelledby') && document.getElementById(box.getAttribute('aria-labelledby'))
            && document.getElementById(box.getAttribute('aria-labelledby')).textContent.trim());
      if (box.getAttribute('tabindex') !== '0') problems.push('schuifkader niet met het toetsenbord bereikbaar');
      if (box.getAttribute('role') !== 'region' || !name) problems.push('schuifkader zonder rol of naam');
    }
  }
  return problems;
}"""

# Text cut off: a box that hides what overflows it while its content is larger (scroll boxes, hidden text and
# closed menus aside), or anything that runs out of the window.
CLIPPED_JS = """() => {
  const viewport = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > viewport) {
    problems.push('de pagina is ' + document.documentElement.scrollWidth + ' px breed');
  }
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.visually-hidden, .visually-hidden-focusable, .collapse:not(.show), .dropdown-menu, '
      + '.table-responsive, svg, select, option')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || (style.overflowX === 'visible' && style.overflowY === 'visible')) continue;
    if (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2) {
      problems.push('afgesneden: ' + el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
    }
  }
  return problems;
}"""


def _key_pages(username):
    """(label, path) of the key pages this role sees in the demo."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    school = School.objects.get(name=demo.MAIN_SCHOOL)
    year = school.current_year()
    pages = [("start", reverse("home"))]
    group = access.groups(user, school).filter(name="Groep 8", school_year=year).order_by("pk").first()
    if group is not None:
        pages.append(("groepsoverzicht", reverse("pupils:group_overview", args=[group.pk])))
        pupil = access.pupils(user, school).filter(enrolments__group=group).order_by("pk").first()
        pages.append(("dossier", reverse("pupils:dossier", args=[pupil.pk])))
    plans = access.plans(user, school)
    for phase in PHASE_ORDER:
        plan = plans.filter(phase=phase).order_by("pk").first()
        if plan is not None:
            pages.append((f"groepsplan ({phase.label})", reverse("groupplans:plan_detail", args=[plan.pk])))
    conversation = access.conversations(user, school).filter(status=Conversation.Status.HELD).order_by("pk").first()
    if conversation is not None:
        pages.append(("gesprek", reverse("conversations:conversation_detail", args=[conversation.pk])))
    trajectory = access.trajectories(user, school).order_by("pk").first()
    if trajectory is not None:
        pages.append(("coachingstraject", reverse("coaching:trajectory_detail", args=[trajectory.pk])))
    return pages


def test_key_pages_reflow_at_320_px_for_the_roles_that_see_them(browser, live_server, settings, reference_data):
    settings.ALLOWED_HOSTS = ["*"]
    demo.build()
    problems, visited = [], []
    extra = {
        "ib": [("import", reverse("pupils:import_upload"))],
        "directeur": [("rapportage", reverse("reports:dashboard"))],
        "beheer": [("beheer", reverse("admin:index")), ("groepen", reverse("group_list"))],
    }
    for username in ["ib", "leerkracht8", "directeur", "beheer"]:
        pages = (_key_pages(username) if username != "beheer" else [("start", reverse("home"))]) + extra.get(
            username, []
        )
        context, page = _log_in(browser, live_server, username, NARROW)
        for label, path in pages:
            response = page.goto(path)
            assert response.status == 200, f"{username} {label} ({path}): {response.status}"
            visited.append(f"{username} {label}")
            problems += [f"{username} {label} ({path}): {p}" for p in page.evaluate(REFLOW_JS)]
        if username == "ib":
            # The import preview: upload the sample file and look at what it would change.
            page.goto(reverse("pupils:import_upload"))
            page.get_by_label("leerlingen en groepen").check()
            page.get_by_label("CSV-bestand").set_input_files(
                str(Path(django_settings.BASE_DIR) / "docs/samples/leerlingen.csv")
            )
            page.get_by_role("button", name="Uploaden en controleren").click()
            expect(page.get_by_role("button", name=re.compile(r"regels? inlezen"))).to_be_visible()
            visited.append("ib importvoorbeeld")
            problems += [f"ib importvoorbeeld ({page.url}): {p}" for p in page.evaluate(REFLOW_JS)]
        context.close()
    # Every phase of a plan, the overview, the dossier, a conversation and coaching were seen by someone.
    seen = " ".join(visited)
    for label in ["groepsoverzicht", "dossier", "gesprek", "coachingstraject", "rapportage", "importvoorbeeld"]:
        assert label in seen
    assert len([v for v in visited if "groepsplan" in v]) >= 5
    assert not problems, "\n".join(problems)


def test_the_group_overview_at_320_px_scrolls_in_a_named_box_the_keyboard_reaches(
    browser, live_server, settings, reference_data
):
    settings.ALLOWED_HOSTS = ["*"]
    demo.build()
    context, page = _log_in(browser, live_server, "ib", NARROW)
    page.get_by_role("button", name="Menu openen").click()  # the menu folds into a button on a narrow screen
    page.get_by_role("link", name="Groepen", exact=True).click()
    page.get_by_role("link", name="Groep 8").first.click()
    page.get_by_role("link", name="Groepsoverzicht").first.click()

    box = page.get_by_role("region", name=re.compile("Groepsoverzicht Groep 8"))
    expect(box).to_have_attribute("tabindex", "0")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW
    # The arrow keys scroll the table, not the page.
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    for _attempt in range(30):  # the scroll may be smooth: give it up to 3 seconds
        if box.evaluate("b => b.scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    assert box.evaluate("b => b.scrollLeft") > 0
    assert page.evaluate("window.scrollX") == 0

    # Wide enough for the whole table, the box is no longer a stop for the Tab key nor a landmark.
    page.set_viewport_size({"width": 1366, "height": 800})
    expect(page.get_by_role("region", name=re.compile("Groepsoverzicht Groep 8"))).to_have_count(0)
    expect(page.locator(".table-responsive:has(.overview-table)")).not_to_have_attribute("tabindex", "0")
    context.close()


def test_text_at_200_percent_loses_nothing(browser, live_server, settings, reference_data):
    settings.ALLOWED_HOSTS = ["*"]
    demo.build()
    problems = []
    for username in ["ib", "leerkracht8"]:
        context, page = _log_in(browser, live_server, username, 1280)
        for label, path in _key_pages(username)[:4]:
            page.goto(path)
            # Text-only zoom: the root font size doubles, the window stays 1280 px wide.
            page.evaluate("() => document.documentElement.style.setProperty('font-size', '200%', 'important')")
            assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
            problems += [f"{username} {label} ({path}): {p}" for p in page.evaluate(CLIPPED_JS)]
            # The main menu is still there, folded or not.
            expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
        context.close()
    assert not problems, "\n".join(problems)
