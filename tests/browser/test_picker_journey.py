"""The coordinator records a meeting in an English-language browser: the date reads dd-mm-jjjj and times
24 hours, and she finds a pupil by typing part of the name, sees the group beside it, and chooses it with
the keyboard."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from conversations.models import RoundDay
from groupplans.models import Meeting
from pupils.models import Enrolment
from schools import demo
from schools.models import School

from .test_foundation_journey import log_in


def test_dates_read_the_dutch_way_in_an_english_browser(page, transactional_db):
    demo.build()
    day = RoundDay.objects.select_related("round").order_by("pk").first()
    RoundDay.objects.filter(pk=day.pk).update(start_time=datetime.time(13, 30), end_time=datetime.time(16, 45))
    log_in(page, "ib")
    assert page.evaluate("navigator.language") == "en-US"

    page.goto("/besprekingen/nieuw/")
    date = page.locator("#id_date")
    expect(date).to_have_attribute("type", "text")
    expect(date).to_have_attribute("placeholder", "dd-mm-jjjj")
    expect(date).to_have_value(timezone.localdate().strftime("%d-%m-%Y"))

    page.goto(f"/gespreksrondes/{day.round_id}/wijzigen/")
    expect(page.locator("input[name$='-start_time'][value='13:30']")).to_have_count(1)
    expect(page.locator("input[name$='-end_time'][value='16:45']")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("PM")


def test_the_coordinator_chooses_pupils_by_search(page, transactional_db):
    demo.build()
    school = School.objects.get(name="Basisschool De Wilgenhoek")
    enrolment = Enrolment.objects.filter(group__name="Groep 8", school_year=school.current_year()).order_by("pk")
    sanne = enrolment.select_related("pupil").first().pupil
    log_in(page, "ib")
    page.goto("/besprekingen/nieuw/")
    page.get_by_label("Soort").select_option(index=1)

    # The label stays and leads to the search box; typing finds her, with her group.
    search = page.get_by_role("combobox", name="Besproken leerlingen")
    search.click()
    search.press_sequentially(f"{sanne.first_name} {sanne.surname}", delay=20)
    expect(page.locator(".ts-dropdown").get_by_role("option", name=f"{sanne.full_name} (Groep 8)")).to_be_visible()
    # The demo has more pupils of this name: the group tells them apart, and narrows the search.
    # Wait for the answer to the whole query: a search still running while the form is sent would share the
    # live server's one SQLite connection with the save (SQLite refuses a savepoint then; not so in production).
    with page.expect_response(lambda response: "q=" in response.url and response.url.endswith("%208")):
        search.press_sequentially(" 8", delay=20)
    dropdown = page.locator(".ts-dropdown")
    expect(dropdown.get_by_role("option", name=re.compile(re.escape(sanne.full_name)))).to_have_count(1)
    expect(page.locator(".ts-dropdown .option.active")).to_have_text(f"{sanne.full_name} (Groep 8)")
    search.press("Enter")
    expect(page.locator(".ts-control .item")).to_contain_text([f"{sanne.full_name} (Groep 8)"])

    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("De bespreking is vastgelegd.")
    meeting = Meeting.objects.latest("pk")
    assert list(meeting.pupils.all()) == [sanne]
