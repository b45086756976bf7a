"""Screenshots for docs/screenshots/: each role's start page and the group overview of Groep 8, at 1366 px.

Against a running app with the demo school loaded, for example:

    DATABASE_URL=sqlite:////tmp/shots.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/shots.sqlite3 .venv/bin/python manage.py load_demo
    DATABASE_URL=sqlite:////tmp/shots.sqlite3 .venv/bin/python manage.py runserver 127.0.0.1:8123 &
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8123
"""

import pathlib
import sys

from playwright.sync_api import sync_playwright

OUT = pathlib.Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ROLES = {
    "leerkracht": "leerkracht8",
    "ib": "ib",
    "directeur": "directeur",
    "bouwcoordinator": "bouwcoordinator",
    "rt": "rt",
    "beheer": "beheer",
}


def log_in(page, base, username):
    page.goto(f"{base}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def main(base):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for role, username in ROLES.items():
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
            page = context.new_page()
            log_in(page, base, username)
            page.goto(f"{base}/")
            page.screenshot(path=OUT / f"start-{role}.png", full_page=True)
            if role == "ib":
                row = page.locator("tr", has=page.get_by_role("link", name="Groep 8", exact=True))
                row.get_by_role("link", name="Groepsoverzicht").click()
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / "group-overview-1366.png", full_page=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
