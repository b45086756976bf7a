"""A conversation without a mouse (issue 15): the teacher of group 8 plans a talk with a pupil's mother from the
pupil's page, writes her notes along the seven steps, and marks it held, with Tab, Space, Enter and typing only."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from conversations.models import Conversation, Step
from pupils.models import Enrolment
from schools import demo
from schools.models import School

from .keyboard import follow, log_in, press, tab_to, type_into


def test_teacher_plans_and_notes_a_conversation_by_keyboard(page, transactional_db):
    demo.build()
    school = School.objects.get(name="Basisschool De Wilgenhoek")
    pupil = (
        Enrolment.objects.filter(group__name="Groep 8", school_year=school.current_year())
        .select_related("pupil")
        .order_by("pupil__surname", "pupil__first_name")
        .first()
        .pupil
    )
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.goto("/")
    log_in(page, "leerkracht8")

    follow(page, "Leerlingen")
    follow(page, pupil.full_name)
    expect(page.get_by_role("heading", level=1)).to_contain_text(pupil.first_name)
    follow(page, re.compile(r"^Gesprekken\b"), within="inhoud")
    follow(page, "Nieuw gesprek")
    type_into(page, re.compile(r"^Soort gesprek"), "oudergesprek")  # a native select chooses by what is typed
    expect(page.locator("#id_kind option:checked")).to_have_text("oudergesprek")
    type_into(page, re.compile(r"^Datum"), day.strftime("%d-%m-%Y"))
    type_into(page, re.compile(r"^Begintijd"), "14:30")
    press(page, "moeder", key="Space")
    type_into(page, re.compile(r"^Doel en voorbereiding"), "Hoe het lezen thuis gaat.")
    follow(page, "Opslaan")
    conversation = Conversation.objects.get(pupil=pupil, purpose="Hoe het lezen thuis gaat.")
    assert conversation.starts_at.astimezone().strftime("%H:%M") == "14:30"
    assert conversation.guardians == ["mother"]

    # Her notes along the conversation model's steps.
    follow(page, re.compile(r"^(Aantekeningen|Mijn aantekeningen)"), within="inhoud")
    steps = list(Step.objects.filter(model=conversation.conversation_model).order_by("order"))
    tab_to(page, re.compile(re.escape(steps[0].title)))
    page.keyboard.type("Vrolijk binnen; vertelde over het voorlezen thuis.")
    tab_to(page, re.compile(re.escape(steps[2].title)))
    page.keyboard.type("Moeder wil elke avond samen lezen.")
    follow(page, "Opslaan")
    expect(page.locator("main")).to_contain_text("Moeder wil elke avond samen lezen.")

    # Held: the status is a native select in the conversation's edit form.
    follow(page, re.compile(r"^(Wijzigen|Gesprek wijzigen)"), within="inhoud")
    type_into(page, re.compile(r"^Status"), "gehouden")
    follow(page, "Opslaan")
    conversation.refresh_from_db()
    assert conversation.status == "held"
