"""Coaching without a mouse (issue 15): the coordinator records a session in Tom's trajectory, with its choices
and an agreement, and Tom adds what he learned, with Tab, Space, Enter and typing only."""

import re

from playwright.sync_api import expect

from coaching.models import Agreement, Reflection, Session
from schools import demo

from .keyboard import follow, log_in, log_out, press, type_into


def test_coach_and_teacher_record_a_session_and_a_learning_by_keyboard(page, transactional_db):
    demo.build()
    learned_before = Reflection.objects.filter(kind="learned").count()
    page.goto("/")
    log_in(page, "ib")

    follow(page, "Coaching")
    follow(page, "Tom Verbeek")
    expect(page.locator("main")).to_contain_text("co-expert")
    follow(page, "Gesprek vastleggen")
    type_into(page, "Aantekeningen", "Hij liet zijn weekplanning zien en vertelde wat werkte.")
    press(page, "de doelen van de leerkracht", key="Space")  # a radio button: Space chooses it
    press(page, "uit de leerkracht zelf", key="Space")
    type_into(page, re.compile(r"^Schaalvraag"), "8")
    type_into(page, "Wat zou één punt hoger zijn?", "Ook de jaarplanning voor taal staat.")
    type_into(page, "Nieuwe afspraak 1: afspraak", "Jaarplanning taal opstellen.")
    follow(page, "Gesprek opslaan")
    expect(page.locator(".alert").first).to_contain_text("helpen")
    session = Session.objects.get(scaling=8)
    assert session.goal_owner == "coachee" and session.solution_source == "internal"
    assert Agreement.objects.filter(text="Jaarplanning taal opstellen.").exists()
    log_out(page, "Marieke")

    log_in(page, "leerkracht8")
    follow(page, "Coaching")
    follow(page, re.compile("Tom Verbeek"))
    expect(page.locator("main")).to_contain_text("Hij liet zijn weekplanning zien")
    follow(page, "Iets toevoegen wat ik geleerd heb")
    type_into(page, re.compile(r"^Wat ik geleerd heb"), "Een afspraak klein maken helpt me.")
    follow(page, "Opslaan")
    expect(page.locator("main")).to_contain_text("Een afspraak klein maken helpt me")
    assert Reflection.objects.filter(kind="learned").count() == learned_before + 1
