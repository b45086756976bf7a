"""Where the keyboard focus goes (issue 15): the skip link, the user menu, the search picker, and parts of a
page that htmx replaces, which also announce their change through the page's aria-live region."""

import re

from playwright.sync_api import expect

from schools import demo

from .keyboard import focused, follow, log_in, log_out, press, tab_to, type_into
from .test_keyboard_groupplan import log_in_by_keyboard

ACTIVE_IS_MAIN = "() => document.activeElement === document.querySelector('main')"


def skip_link_works(page, backwards=False):
    first = tab_to(page, "Naar de inhoud", backwards=backwards, max_tabs=2 if backwards else 1)
    assert first["tag"] == "a" and first["visible"]
    box = page.locator("a[href='#inhoud']").bounding_box()
    assert box["width"] > 40 and box["height"] > 16 and box["y"] >= 0, box  # on screen, not a 1px clip
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE_IS_MAIN)
    # The next Tab is the first control of the content, past the menu.
    assert "inhoud" in tab_to(page, re.compile("."), max_tabs=1)["within"]


def test_the_skip_link_is_the_first_tab_stop_and_leads_into_the_content(page, transactional_db):
    demo.build()
    page.goto("/")
    # The login page puts the focus in its first field (autofocus); the skip link is just before it.
    assert re.match(r"^Gebruikersnaam", focused(page)["name"])
    page.keyboard.type("ib")
    skip_link_works(page, backwards=True)
    type_into(page, re.compile(r"^Wachtwoord"), demo.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The login form kept the page's #inhoud through its redirect: the start page opens at its content.
    expect(page).to_have_url(re.compile(r"#inhoud$"))
    assert "inhoud" in tab_to(page, re.compile("."), max_tabs=1)["within"]
    follow(page, "Leerlingen")
    skip_link_works(page)  # behind a long menu
    follow(page, "Groepsplannen")
    skip_link_works(page)


def test_the_user_menu_opens_by_keyboard_and_escape_returns_to_its_button(page, transactional_db):
    demo.build()
    log_in_by_keyboard(page, "ib")
    toggle = page.locator("nav .dropdown-toggle")
    press(page, "Marieke")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    tab_to(page, "Acties", max_tabs=3)  # the menu's first link follows its button
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("nav .dropdown-menu")).to_be_hidden()
    assert focused(page)["name"] == "Marieke"
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_the_search_picker_opens_as_she_types_and_escape_closes_it(page, transactional_db):
    demo.build()
    log_in_by_keyboard(page, "ib")
    follow(page, "Besprekingen")
    follow(page, re.compile(r"^(Nieuwe bespreking|Bespreking vastleggen)"))
    # The picker searches at every key: wait for the answer to the whole name, or a late answer to "San" could
    # redraw the list under the keys below.
    with page.expect_response(lambda response: "q=Sanne" in response.url):
        type_into(page, re.compile(r"^Besproken leerlingen"), "Sanne")
    dropdown = page.locator(".ts-dropdown")
    expect(dropdown.get_by_role("option").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(dropdown).to_be_hidden()
    assert re.match(r"^Besproken leerlingen", focused(page)["name"]), focused(page)
    page.keyboard.press("ArrowDown")  # the list opens again from the keyboard
    expect(dropdown.get_by_role("option").first).to_be_visible()
    page.keyboard.press("ArrowDown")  # and the arrow keys walk its options
    expect(dropdown.locator(".option.active")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator(".ts-control .item")).to_have_count(1)


# No template uses htmx yet (issue 15 was written for the inline edits DESIGN.md welcomes): these parts are put
# on a real page the way a template would write them, and htmx and static/js/focus.js work on them unchanged.
HTMX_PART = """(html) => {
  const part = document.createElement("section");
  part.innerHTML = html;
  document.querySelector("main").prepend(part);
  htmx.process(part);
}"""


def announced(page):
    return page.locator("#aankondiging")


def test_an_update_she_asks_for_takes_the_focus_and_is_announced(page, transactional_db):
    demo.build()
    log_in_by_keyboard(page, "ib")
    page.evaluate(
        HTMX_PART,
        '<button type="button" class="btn btn-secondary" hx-get="/groepsplannen/" hx-select="main h1"'
        ' hx-target="#bijgewerkt">Overzicht laden</button><div id="bijgewerkt"></div>',
    )
    expect(announced(page)).to_have_attribute("aria-live", "polite")
    press(page, "Overzicht laden")
    heading = page.locator("#bijgewerkt h1")
    expect(heading).to_be_focused()
    expect(announced(page)).to_have_text(heading.inner_text())


def test_a_form_swapped_by_enter_focuses_its_status_message(page, transactional_db):
    demo.build()
    log_in_by_keyboard(page, "ib")
    # A search form whose results replace a part: the results' status line is read out, the focus follows it.
    page.evaluate(
        HTMX_PART,
        '<form hx-get="/leerlingen/" hx-select="main p[aria-live]" hx-target="#resultaat">'
        '<label for="zoek-proef">Zoeken</label><input id="zoek-proef" name="q" class="form-control">'
        '<button class="btn btn-primary">Zoek</button></form><div id="resultaat"></div>',
    )
    type_into(page, "Zoeken", "Sanne")
    page.keyboard.press("Enter")
    status = page.locator("#resultaat p")
    expect(status).to_be_visible()
    expect(announced(page)).not_to_be_empty()
    assert page.evaluate("document.getElementById('resultaat').contains(document.activeElement)")


def test_an_update_she_did_not_ask_for_leaves_her_focus_alone(page, transactional_db):
    demo.build()
    log_in_by_keyboard(page, "ib")
    page.evaluate(
        HTMX_PART,
        '<div id="vanzelf" hx-get="/groepsplannen/" hx-select="main h1" hx-trigger="load delay:800ms"></div>',
    )
    where = tab_to(page, "Leerlingen")
    expect(page.locator("#vanzelf h1")).to_be_visible()
    assert focused(page)["id"] == where["id"]
    expect(announced(page)).not_to_be_empty()


def test_a_failed_update_is_announced_at_once(page, transactional_db):
    demo.build()
    log_in_by_keyboard(page, "ib")
    page.evaluate(
        HTMX_PART,
        '<button type="button" class="btn btn-secondary" hx-get="/bestaat-niet/" hx-target="#nergens">Laden</button>'
        '<div id="nergens"></div>',
    )
    press(page, "Laden")
    expect(announced(page)).to_have_text(re.compile("niet gelukt"))
    expect(announced(page)).to_have_attribute("aria-live", "assertive")


def test_every_tab_stop_of_the_main_pages_shows_the_focus(page, transactional_db):
    """The coordinator, a teacher and the director: on each of their main pages, Tab through every stop (up to
    250) and look at the ring."""
    from .test_layout import pages_for

    demo.build()
    page.goto("/")
    invisible, stops, pages = [], 0, 0
    for username, first_name in (("ib", "Marieke"), ("leerkracht8", "Tom"), ("directeur", "Hans")):
        log_in(page, username)
        for label, path in pages_for(username):
            page.goto(path)
            pages += 1
            seen = set()
            for _ in range(250):
                page.keyboard.press("Tab")
                now = focused(page)
                if now is None or now["id"] in seen:
                    break
                seen.add(now["id"])
                if not now["visible"]:
                    invisible.append(f"{username} {label}: {now['html']}")
            stops += len(seen)
        page.goto("/")
        log_out(page, first_name)
    print(f"{stops} Tab stops on {pages} pages")
    assert stops > 1000
    assert not invisible, "\n".join(invisible)
