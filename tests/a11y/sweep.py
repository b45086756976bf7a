"""Show a page that Django's test client rendered to Chromium, and ask axe-core and the page's width about it.

The browser never talks to a server: every request it makes to ``http://testserver`` is answered by the test
client (the document, htmx calls, fetches) or from the static files (``finders.find``), through Playwright's
``route``. So a page is rendered inside the test's transaction, where the access matrix's ``world`` lives,
with the page's own CSS, JS and Content-Security-Policy applied, at the cost of a render and no more.

``Sweep.visit`` returns readable findings: axe's WCAG 2.0/2.1 A and AA violations (rule, impact, help,
selectors) and horizontal scrolling at 320 CSS px (WCAG 1.4.10, reflow).
"""

import contextvars
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
ORIGIN = "http://testserver"
DESKTOP = {"width": 1280, "height": 900}
# 400 % zoom of a 1280 px screen; WCAG 1.4.10 asks for no horizontal scrolling at this width.
NARROW = {"width": 320, "height": 640}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# Waits for htmx to finish what it started on load (an element carries .htmx-request while its call runs).
HTMX_SETTLED = """() => new Promise(resolve => {
  const check = () => document.querySelector(".htmx-request, .htmx-settling, .htmx-swapping")
    ? setTimeout(check, 20) : resolve();
  check();
})"""

# What sticks out to the right of a 320 px page, outside any box that scrolls on its own (a data table in
# .table-responsive may be wider: it scrolls in its box, WCAG's exception for two-dimensional content).
OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width + 1) return null;
  const scrollsItself = element => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (box.classList.contains("table-responsive") || overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  const describe = element => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + [...element.classList].slice(0, 3).map(name => "." + name).join("");
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !scrollsItself(element)
        && !wide.some(outer => outer.contains(element))) wide.push(element);
  }
  return {scrollWidth: root.scrollWidth, width: width,
          elements: wide.slice(0, 4).map(element => describe(element)
            + " (" + Math.round(element.getBoundingClientRect().right) + " px)")};
}"""


def is_document(response):
    """Whether a response is a whole HTML page (not a PDF, JSON or an htmx fragment, which its page shows)."""
    if not response.get("Content-Type", "").startswith("text/html") or getattr(response, "streaming", False):
        return False
    return b"<html" in response.content[:500].lower()


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def describe(node):
    """A node of an axe violation as its selector, with the colours for a contrast failure."""
    where = " ".join(str(part) for part in node["target"])
    data = next((check.get("data") for check in node.get("any", []) if isinstance(check.get("data"), dict)), {})
    if data.get("contrastRatio"):
        where += f" ({data.get('fgColor')} on {data.get('bgColor')}: {data['contrastRatio']}"
        where += f", needs {data.get('expectedContrastRatio')})"
    return where


class Sweep:
    """One Chromium tab fed by a Django test client: opened once per test process (a new tab for every test
    cost a third of a second, ~45 s over the sweep), and given each test's client by :meth:`start`."""

    def __init__(self, browser):
        self.client = None
        self.document = None
        self.static = {}
        self.context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
        # An init script is not subject to the page's policy, and Chromium keeps its compiled code between pages.
        self.context.add_init_script(AXE)
        self.context.route("**/*", self._answer)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.visits = 0
        self.test_context = None

    def start(self, client):
        """Serve this test's pages with ``client``, inside this test's database transaction."""
        self.client = client
        self.document = None
        self.visits = 0
        # Playwright calls the route handler in a greenlet of its own, with contextvars of its own, where Django
        # would open a second database connection outside the test's transaction: answer in the test's context.
        self.test_context = contextvars.copy_context()
        return self

    def close(self):
        self.context.close()

    def _answer(self, route):
        request = route.request
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            route.abort()  # the app works on a closed network: nothing may leave it
            return
        if self.document is not None and request.is_navigation_request():
            response, self.document = self.document, None
        elif parts.path.startswith(settings.STATIC_URL):
            route.fulfill(**self._static(parts.path[len(settings.STATIC_URL) :]))
            return
        else:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            headers = {name: value for name, value in request.headers.items() if name.lower().startswith("hx-")}
            headers["Accept"] = request.headers.get("accept", "*/*")
            response = self.test_context.run(
                self.client.generic,
                request.method,
                path,
                data=request.post_data_buffer or b"",
                content_type=request.headers.get("content-type", "application/octet-stream"),
                headers=headers,
            )
        route.fulfill(status=response.status_code, headers=dict(response.items()), body=body_of(response))

    def _static(self, name):
        if name not in self.static:
            found = finders.find(name)
            if found is None:
                self.static[name] = {"status": 404, "body": b""}
            else:
                kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
                self.static[name] = {"status": 200, "content_type": kind, "body": Path(found).read_bytes()}
        return self.static[name]

    def visit(self, label, url, response):
        """Findings for ``response`` shown at ``url``, each a line starting with ``label``; None when the
        response is not a page of its own."""
        if not is_document(response):
            return None
        self.visits += 1
        page = self.page
        page.set_viewport_size(DESKTOP)
        self.document = response
        page.goto(ORIGIN + url, wait_until="load")
        page.evaluate(HTMX_SETTLED)
        result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        findings = [
            f"{label}: {violation['id']} ({violation['impact']}) {violation['help']}: "
            + "; ".join(describe(node) for node in violation["nodes"][:6])
            + (f" (and {len(violation['nodes']) - 6} more)" if len(violation["nodes"]) > 6 else "")
            for violation in result["violations"]
        ]
        page.set_viewport_size(NARROW)
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            findings.append(
                f"{label}: reflow: {overflow['scrollWidth']} px wide at {overflow['width']} px, because of "
                + ", ".join(overflow["elements"])
            )
        return findings
