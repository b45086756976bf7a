"""The start page end to end: the teacher of group 8 logs in on the demo and finds his week: the overdue
action, the plan behind schedule and the open coaching agreement; each click takes him where the work is
done."""

import re

from playwright.sync_api import expect

from schools import demo

from .test_foundation_journey import log_in


def test_teacher_finds_his_week_and_clicks_through_to_the_work(page, transactional_db):
    demo.build()
    log_in(page, "leerkracht8")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze week")
    expect(page.locator(".start-since")).to_contain_text("Dit is je eerste bezoek")

    actions = page.locator("#start-actions")
    expect(actions).to_contain_text("1 actie is over tijd")
    overdue = actions.locator(".start-overdue")
    expect(overdue).to_contain_text("Extra lessen werkwoordspelling in de weekplanning zetten")
    expect(overdue).to_contain_text("over tijd")

    plans = page.locator("#start-plans")
    expect(plans).to_contain_text("Rekenen-wiskunde in Groep 8 loopt achter: de fase plannen had af moeten zijn")

    coaching = page.locator("#start-coaching")
    expect(coaching).to_contain_text("1 afspraak staat nog open, en die is over tijd.")
    expect(coaching).to_contain_text("Jouw afspraak: Volgende week instructie in drie groepjes geven.")

    expect(page.locator("#start-conversations")).to_contain_text(
        re.compile(r"Rapportgesprekken groep 8: \d+ gesprekken op \w+ \d+ \w+, vanaf 17:30; jij leidt de gesprekken")
    )

    # Click through: the action to the actions page, the plan to its phase, the agreement to the trajectory.
    overdue.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/acties/$"))
    expect(page.locator("main")).to_contain_text("Extra lessen werkwoordspelling in de weekplanning zetten")

    page.goto("/")
    plans.get_by_role("link", name=re.compile("Rekenen-wiskunde in Groep 8")).click()
    expect(page).to_have_url(re.compile(r"/groepsplannen/\d+/fase/plan/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groep 8")

    page.goto("/")
    expect(page.locator(".start-since")).to_contain_text("Dit is je eerste bezoek")  # a reload is the same visit
    coaching.get_by_role("link", name=re.compile("Jouw afspraak")).click()
    expect(page).to_have_url(re.compile(r"/coaching/\d+/$"))
    expect(page.locator("main")).to_contain_text("Volgende week instructie in drie groepjes geven.")
