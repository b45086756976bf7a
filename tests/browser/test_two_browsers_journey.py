"""Nothing a user saves is lost, in two real browsers: the coordinator and the teacher of group 8 change
the same educational need; the second save is refused with both texts on the page, and saving once more
replaces the first on purpose. Then both tick off the same action: it is done once, and the second is
told who did it."""

from django.urls import reverse
from playwright.sync_api import expect

from groupplans.models import Action
from pupils.models import EducationalNeed
from schools import demo

from .test_foundation_journey import log_in


def test_two_people_on_one_need_and_one_action(page, second_page, transactional_db):
    demo.build()
    need = EducationalNeed.objects.filter(pupil__enrolments__group__name="Groep 8").select_related("pupil").first()
    url = reverse("pupils:need_update", kwargs={"pk": need.pk})
    coordinator, teacher = page, second_page
    log_in(coordinator, "ib")
    log_in(teacher, "leerkracht8")
    coordinator.goto(url)
    teacher.goto(url)

    coordinator.get_by_label("Onderwijsbehoefte").fill("kort is en met een voorbeeld begint")
    coordinator.get_by_role("button", name="Opslaan").click()
    expect(coordinator.locator(".alert").first).to_contain_text("bijgewerkt")

    teacher.get_by_label("Onderwijsbehoefte").fill("in een klein groepje aan de instructietafel plaatsvindt")
    teacher.get_by_role("button", name="Opslaan").click()
    conflict = teacher.locator("#conflict")
    expect(conflict).to_contain_text("kort is en met een voorbeeld begint")  # what is stored now
    expect(teacher.get_by_label("Onderwijsbehoefte")).to_have_value(
        "in een klein groepje aan de instructietafel plaatsvindt"  # what she typed, kept
    )
    assert EducationalNeed.objects.get(pk=need.pk).text == "kort is en met een voorbeeld begint"

    # After comparing, saving once more replaces the colleague's text on purpose.
    teacher.get_by_role("button", name="Opslaan").click()
    expect(teacher.locator(".alert").first).to_contain_text("bijgewerkt")
    assert EducationalNeed.objects.get(pk=need.pk).text == "in een klein groepje aan de instructietafel plaatsvindt"

    action = Action.objects.filter(done=False, owner__username="leerkracht8").first()
    coordinator.goto("/acties/")
    teacher.goto("/acties/")
    for person in (coordinator, teacher):
        person.locator(f"form[action^='/acties/{action.pk}/'] button").first.click()
    expect(coordinator.locator(".alert").first).to_contain_text("afgevinkt")
    expect(teacher.locator(".alert").first).to_contain_text("was al afgevinkt")
    action.refresh_from_db()
    assert action.done
