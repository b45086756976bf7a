"""The coordinator plans and holds a round of conversations for group 8 in the browser: she plans the
round, lets the product schedule all pupils, reads the invitation letters, holds the first conversation
with the teacher taking notes, compares their notes, records the usefulness answers, the questions she
asked, a need and an agreement, sees the need arrive in the group plan and reads the round's summary."""

import datetime
import io
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from conversations.models import Conversation, Round, Step
from groupplans.models import GroupPlan
from schools import demo
from schools.models import Group, User

from .test_foundation_journey import log_in


def log_out(page):
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Uitloggen").click()


def write_notes(page, conversation, texts):
    page.goto(reverse("conversations:notes_edit", args=[conversation.pk]))
    for order, text in texts.items():
        step = Step.objects.get(model__code="cauffman", order=order)
        page.locator(f"#id_stap_{step.pk}").fill(text)
    page.get_by_role("button", name="Opslaan").click()


def test_coordinator_plans_and_holds_a_round_with_the_teacher_taking_notes(page, transactional_db):
    school = demo.build()
    group = Group.objects.get(name="Groep 8", school_year=school.current_year())  # past years had a group 8 too
    ib, teacher = User.objects.get(username="ib"), User.objects.get(username="leerkracht8")
    first_day = timezone.localdate() + datetime.timedelta(days=14)
    log_in(page, "ib")

    # Plan the round: two afternoons of 15-minute slots, ib leads and the teacher takes notes.
    page.get_by_role("link", name="Gesprekken").first.click()
    page.get_by_role("link", name="Gespreksrondes").click()
    page.get_by_role("link", name="Nieuwe ronde").click()
    page.locator("#id_group").select_option(str(group.pk))
    page.locator("#id_kind").select_option("advice")
    page.locator("#id_name").fill("Adviesgesprekken groep 8")
    page.locator("#id_staff").select_option([str(ib.pk), str(teacher.pk)])
    page.locator("#id_leader").select_option(str(ib.pk))
    page.locator("#id_purpose").fill("We bespreken het definitieve advies voor het voortgezet onderwijs.")
    for index, day in enumerate((first_day, first_day + datetime.timedelta(days=1))):
        page.locator(f"#id_dagen-{index}-date").fill(day.isoformat())
        page.locator(f"#id_dagen-{index}-start_time").fill("13:00")
        page.locator(f"#id_dagen-{index}-end_time").fill("17:00")
        page.locator(f"#id_dagen-{index}-breaks").fill("15:00-15:15")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adviesgesprekken groep 8")

    # Schedule every pupil of the group at once.
    page.get_by_role("button", name="30 gesprekken plannen").click()
    expect(page.locator("main")).to_contain_text("30 gesprekken gepland")
    round_ = Round.objects.get(name="Adviesgesprekken groep 8")
    conversations = Conversation.objects.filter(round=round_)
    assert conversations.count() == 30
    assert {c.leader_id for c in conversations} == {ib.pk}
    assert {c.note_taker_id for c in conversations} == {teacher.pk}

    # One letter per family, as one PDF.
    letters = page.request.get(reverse("conversations:round_letters", args=[round_.pk]))
    assert letters.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(letters.body()))
    families = {c.pupil.family or c.pupil_id for c in conversations.select_related("pupil")}
    assert len(reader.pages) == len(families)
    assert "definitieve advies" in reader.pages[0].extract_text()

    # Hold the first conversation of the schedule: ib writes her notes.
    conversation = conversations.order_by("starts_at").select_related("pupil").first()
    page.goto(reverse("conversations:round_detail", args=[round_.pk]))
    page.get_by_role("link", name=conversation.pupil.full_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(conversation.pupil.first_name)
    write_notes(page, conversation, {1: "Vrolijk binnen; vertelde over de hockeywedstrijd.", 3: "Wil naar de havo."})
    page.goto(reverse("conversations:conversation_edit", args=[conversation.pk]))
    page.locator("#id_status").select_option("held")
    page.get_by_label("moeder").check()
    page.get_by_role("button", name="Opslaan").click()
    log_out(page)

    # The teacher writes his own notes on the same conversation; he hears other things.
    log_in(page, "leerkracht8")
    write_notes(page, conversation, {3: "Twijfelt tussen vmbo-t en havo.", 4: "Sterk in rekenen."})
    page.goto(reverse("conversations:notes_compare", args=[conversation.pk]))
    table = page.locator("main table")
    expect(table).to_contain_text("Wil naar de havo.")
    expect(table).to_contain_text("Twijfelt tussen vmbo-t en havo.")
    expect(table).to_contain_text("niets genoteerd")
    log_out(page)

    # Back as ib: usefulness answers, the questions she asked, a need and an agreement.
    log_in(page, "ib")
    page.goto(reverse("conversations:conversation_detail", args=[conversation.pk]))
    page.get_by_role("link", name="Schaalvragen").click()
    page.locator("#id_schaal-0-value").fill("8")
    page.locator("#id_schaal-1-value").fill("9")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("8")

    page.goto(reverse("conversations:questions", args=[conversation.pk]))
    page.locator("#id_text").fill("Heb je gemerkt dat je beter bent gaan lezen?\nWat wil je volgend jaar leren?")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#telling")).to_have_text("1 open, 1 gesloten")

    page.goto(reverse("conversations:outcomes", args=[conversation.pk]))
    page.locator("#id_behoeften-0-category").select_option("instruction")
    page.locator("#id_behoeften-0-text").fill("begrijpend lezen eerst samen hardop voordoet")
    page.locator("#id_behoeften-0-subject").select_option(label="Begrijpend lezen")
    page.locator("#id_afspraken-0-text").fill("Samen de open dag van de havo bezoeken.")
    page.locator("#id_afspraken-0-owner").select_option("parents")
    page.locator("#id_afspraken-0-due_date").fill((first_day + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("hardop voordoet")

    # The need arrives in group 8's plan for reading comprehension, understand phase.
    plan = GroupPlan.objects.get(group=group, subject__code="begrijpend-lezen")
    page.goto(reverse("groupplans:plan_phase", args=[plan.pk, "understand"]))
    expect(page.locator("main")).to_contain_text("begrijpend lezen eerst samen hardop voordoet")

    # The round's summary: one of thirty held, usefulness per respondent, the need under its subject.
    page.goto(reverse("conversations:round_detail", args=[round_.pk]))
    page.get_by_role("link", name="Samenvatting").click()
    main = page.locator("main")
    expect(main).to_contain_text("1 van de 30 leerlingen gesproken")
    expect(main).to_contain_text(re.compile(r"Begrijpend lezen\s*1"))
    expect(main).to_contain_text("8,0")
