"""A coordinator's first visit: log in, see her school, switch school, open a group, read the audit log, log out.

The browser's locale is English on purpose: the app must still speak Dutch
unless the user picks another language.
"""

import re

from playwright.sync_api import expect

from schools import demo


def log_in(page, username):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(demo.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_coordinator_journey(page, transactional_db):
    demo.build()
    log_in(page, "ib")

    expect(page.get_by_role("heading", level=1)).to_have_text("Deze week")  # the start page (issue 12)
    expect(page.locator("main")).to_contain_text("Welkom, Marieke · Intern begeleider · Basisschool De Wilgenhoek")
    expect(page.get_by_role("link", name="Groep 8", exact=True)).to_be_visible()

    # She works at two schools: the switcher takes her to the other one.
    page.locator("#schoolkeuze").select_option(label=demo.SECOND_SCHOOL)
    expect(page.locator("main")).to_contain_text(f"Intern begeleider · {demo.SECOND_SCHOOL}")
    expect(page.get_by_role("link", name="Groep 7/8", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Groep 8", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Groep 7/8", exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_have_text("15 leerlingen")

    page.locator("nav .dropdown-toggle").click()  # the user menu holds the audit log and import
    page.get_by_role("link", name="Auditlog", exact=True).click()
    expect(page.locator("table")).to_contain_text("Groep 7/8")

    page.get_by_role("button", name=re.compile("Marieke")).click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.locator(".alert")).to_contain_text("Je bent uitgelogd")


def test_teacher_sees_only_her_group_and_a_dutch_404_elsewhere(page, transactional_db, live_server):
    demo.build()
    log_in(page, "leerkracht5")
    expect(page.get_by_role("link", name="Groep 5", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Groep 8")).to_have_count(0)

    from schools.models import Group

    group_8 = Group.objects.filter(name="Groep 8").order_by("-school_year__start_date").first()
    page.goto(f"/groepen/{group_8.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet of is niet voor jou")
