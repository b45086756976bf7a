"""Erasure on request end to end: the coordinator opens a pupil's dossier from her group, erases the
pupil after typing her name and a reason, and the pupil is gone from the group."""

from collections import Counter

from django.urls import reverse
from playwright.sync_api import expect

from pupils.models import Pupil
from schools import demo
from schools.models import Group, School

from .test_foundation_journey import log_in


def test_coordinator_erases_a_pupil_after_confirming(page, transactional_db):
    demo.build()
    school = School.objects.get(name=demo.MAIN_SCHOOL)
    group = Group.objects.get(name="Groep 8", school_year=school.current_year())
    in_group = Pupil.objects.filter(enrolments__group=group).order_by("surname", "first_name")
    names = Counter(Pupil.objects.values_list("first_name", "name_prefix", "surname"))
    pupil = next(p for p in in_group if names[(p.first_name, p.name_prefix, p.surname)] == 1)
    log_in(page, "ib")

    page.goto(reverse("group_detail", args=[group.pk]))
    page.get_by_role("link", name=pupil.full_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(pupil.full_name)
    page.get_by_role("link", name="Leerling wissen").click()
    expect(page.locator("main")).to_contain_text("Wat er gewist wordt")
    expect(page.locator("main")).to_contain_text("1 leerling")

    # A wrong name erases nothing and says why.
    page.get_by_label("Typ ter bevestiging de naam van de leerling").fill("Iemand Anders")
    page.get_by_label("Reden").fill("Op verzoek van de ouders")
    page.get_by_role("button", name="Leerling definitief wissen").click()
    expect(page.locator("main")).to_contain_text("Dat is niet de naam van deze leerling")
    assert Pupil.objects.filter(pk=pupil.pk).exists()

    page.get_by_label("Typ ter bevestiging de naam van de leerling").fill(pupil.full_name)
    page.get_by_role("button", name="Leerling definitief wissen").click()
    expect(page.locator(".alert")).to_contain_text("De leerling is gewist.")
    expect(page.locator(".alert")).not_to_contain_text(pupil.surname)
    assert not Pupil.objects.filter(pk=pupil.pk).exists()

    page.goto(reverse("group_detail", args=[group.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groep 8")
    expect(page.locator("main")).not_to_contain_text(pupil.full_name)
