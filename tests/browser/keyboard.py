"""Driving a page the way a keyboard-only user does (issue 15): Tab until the control she wants has the focus,
then Enter, Space or typing. Every stop on the way is checked: the focus must be visible, and Tab must move it
(a focus that stays put is a trap). A control that Tab does not reach within ``MAX_TABS`` is unreachable."""

import re

from playwright.sync_api import expect

from schools import demo

MAX_TABS = 120

# What a user sees as the focused control's name: close enough to the accessible name for the controls of this
# app (aria-labelledby, aria-label, <label>, a button's value, the text, title, placeholder).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const text = (node) => (node ? (node.innerText || node.textContent || "") : "").replace(/\\s+/g, " ").trim();
  let name = "";
  if (el.getAttribute("aria-labelledby")) {
    name = el.getAttribute("aria-labelledby").split(/\\s+/).map((id) => text(document.getElementById(id))).join(" ");
  }
  name = name.trim() || (el.getAttribute("aria-label") || "").trim();
  if (!name && el.labels && el.labels.length) name = Array.from(el.labels).map(text).join(" ");
  if (!name && el.tagName === "INPUT" && ["submit", "button", "reset"].includes(el.type)) name = el.value;
  if (!name && !["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) name = text(el);
  name = (name || el.getAttribute("title") || el.getAttribute("placeholder") || "").replace(/\\s+/g, " ").trim();

  // The ring may be drawn by the control's box: the search picker draws it on .ts-control around its input.
  const ringed = el.closest(".ts-wrapper") ? el.closest(".ts-wrapper").querySelector(".ts-control") : el;
  const style = getComputedStyle(el);
  const ring = getComputedStyle(ringed);
  // Clear means a solid outline of 2px or more (or the browser's own ring), or a shadow at least half opaque:
  // Bootstrap's ring at 25 % opacity does not count.
  const drawn = (css) =>
    css.outlineStyle === "auto" || (css.outlineStyle !== "none" && parseFloat(css.outlineWidth) >= 2);
  const outline = drawn(style) || drawn(ring);
  const shadow = (ring.boxShadow.match(/rgba?\\([^)]*\\)/g) || []).some((color) => {
    const parts = color.match(/[\\d.]+/g).map(Number);
    return parts.length < 4 || parts[3] >= 0.5;
  });
  const box = el.getBoundingClientRect();
  const ancestors = [];
  for (let node = el.parentElement; node; node = node.parentElement) if (node.id) ancestors.push(node.id);
  if (!el.dataset.keyboardStop) el.dataset.keyboardStop = String(Math.random()).slice(2);
  return {
    name: name,
    tag: el.tagName.toLowerCase(),
    id: el.dataset.keyboardStop,
    visible: (outline || shadow) && box.width > 0 && box.height > 0,
    html: el.outerHTML.slice(0, 200),
    within: ancestors,
  };
}"""


def focused(page):
    """The focused element: its name, tag, whether its focus is visible, and an identity for this page."""
    return page.evaluate(FOCUSED)


def _matches(name, wanted):
    if isinstance(wanted, re.Pattern):
        return bool(wanted.search(name))
    return name == wanted


def tab_to(page, name, backwards=False, within=None, max_tabs=MAX_TABS):
    """Press Tab (Shift+Tab when ``backwards``) until the focused control's name is ``name`` (a string, matched
    exactly, or a compiled pattern, searched), inside the element with id ``within`` if given. Fails when a
    stop's focus is invisible, when Tab leaves the focus where it was (a trap), when the control is not among the
    page's stops or is not reached in ``max_tabs`` presses."""
    key = "Shift+Tab" if backwards else "Tab"
    before = focused(page)
    seen, stops = [], set()
    for _ in range(max_tabs):
        page.keyboard.press(key)
        now = focused(page)
        if now is None:  # the focus left the document (the browser's own controls): the next Tab comes back
            seen.append("(browser)")
            continue
        assert before is None or now["id"] != before["id"], f"Tab left the focus on {now['html']}: a keyboard trap"
        assert now["visible"], f"the focus is not visible on {now['html']}"
        if _matches(now["name"], name) and (within is None or within in now["within"]):
            return now
        if now["id"] in stops:
            raise AssertionError(f"{name!r} is not among the page's Tab stops: {seen}")
        stops.add(now["id"])
        seen.append(now["name"])
        before = now
    raise AssertionError(f"{name!r} not reached in {max_tabs} presses of {key}; the focus went through {seen}")


def press(page, name, key="Enter", **kwargs):
    """Tab to the control named ``name`` and press ``key`` on it (Enter for links and buttons, Space for
    checkboxes and radio buttons)."""
    tab_to(page, name, **kwargs)
    page.keyboard.press(key)


def follow(page, name, key="Enter", **kwargs):
    """Tab to the link or button named ``name``, press ``key`` and wait for the page it leads to."""
    tab_to(page, name, **kwargs)
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, name, text, **kwargs):
    """Tab to the field named ``name`` and type ``text`` into it (a native select chooses by what is typed)."""
    field = tab_to(page, name, **kwargs)
    assert field["tag"] in ("input", "textarea", "select"), f"{name!r} is not a field: {field['html']}"
    page.keyboard.type(text)


def replace_in(page, name, text, **kwargs):
    """Tab to the field named ``name``, select what it holds (Ctrl+A) and type ``text`` over it."""
    type_into(page, name, "", **kwargs)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def log_in(page, username):
    """From the login page (the first page of a journey, or where logging out leads): its first field has the
    focus already (autofocus); otherwise Tab gets there."""
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    here = focused(page)
    if not (here and re.match(r"^Gebruikersnaam", here["name"])):
        tab_to(page, re.compile(r"^Gebruikersnaam"))
    page.keyboard.type(username)
    type_into(page, re.compile(r"^Wachtwoord"), demo.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def log_out(page, first_name):
    """Through the user menu, which is a button with her first name: Enter opens it, Tab walks it."""
    press(page, first_name)
    follow(page, "Uitloggen")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
