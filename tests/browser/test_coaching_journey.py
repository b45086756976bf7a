"""Coaching end to end: the coordinator records a session in the seed's trajectory, the teacher
adds what he learned, and the director sees only that the trajectory exists."""

import re

from playwright.sync_api import expect

from coaching.models import Agreement, Reflection, Session
from schools import demo

from .test_foundation_journey import log_in


def log_out(page):
    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("button", name="Uitloggen").click()


def test_coach_records_a_session_teacher_adds_a_learning_director_sees_only_existence(page, transactional_db):
    demo.build()
    log_in(page, "ib")
    page.get_by_role("link", name="Coaching", exact=True).first.click()
    page.get_by_role("link", name="Tom Verbeek").click()
    expect(page.locator("main")).to_contain_text("co-expert")  # the latest working relationship

    page.get_by_role("link", name="Gesprek vastleggen").first.click()
    page.locator("#id_notes").fill("Hij liet zijn weekplanning zien en vertelde wat werkte.")
    page.locator("input[name='goal_owner'][value='coachee']").check()
    page.locator("input[name='solution_source'][value='internal']").check()
    page.locator("#id_scaling").fill("8")
    page.locator("#id_one_point_higher").fill("Ook de jaarplanning voor taal staat.")
    page.locator("input[name='afspraken-0-text']").fill("Jaarplanning taal opstellen.")
    page.get_by_role("button", name="Gesprek opslaan").click()
    expect(page.locator(".alert").first).to_contain_text("helpen")
    assert Session.objects.filter(scaling=8).exists()
    assert Agreement.objects.filter(text="Jaarplanning taal opstellen.").exists()
    log_out(page)

    log_in(page, "leerkracht8")
    page.get_by_role("link", name="Coaching", exact=True).first.click()
    page.get_by_role("link", name=re.compile("Tom Verbeek")).first.click()
    expect(page.locator("main")).to_contain_text("Hij liet zijn weekplanning zien")
    page.get_by_role("link", name="Iets toevoegen wat ik geleerd heb").first.click()
    page.locator("#id_text").fill("Een afspraak klein maken helpt me om hem na te komen.")
    page.get_by_role("button", name=re.compile("Opslaan|Toevoegen|Bewaren")).click()
    expect(page.locator("main")).to_contain_text("Een afspraak klein maken helpt me")
    assert Reflection.objects.filter(kind="learned").count() == 10
    log_out(page)

    log_in(page, "directeur")
    page.get_by_role("link", name="Coaching", exact=True).first.click()
    page.get_by_role("link", name="Tom Verbeek").click()
    main = page.locator("main")
    expect(main).to_contain_text("Marieke de Haan")
    expect(main).not_to_contain_text("weekplanning zien")
    expect(main).not_to_contain_text("Een afspraak klein maken")
    expect(main).not_to_contain_text("Jaarplanning taal")
