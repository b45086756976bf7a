"""The teacher of group 8 takes a group plan through its whole HGW cycle without a mouse (issue 15): she logs in,
starts the plan, writes in each phase, lets the product propose the grouping, closes every phase and confirms the
evaluations, with Tab, Shift+Tab, Enter and typing only. Every stop on the way shows the focus."""

import re

from playwright.sync_api import expect

from groupplans.models import Goal, GroupPlan, Phase
from schools import demo

from .keyboard import follow, log_in, log_out, tab_to, type_into
from .test_groupplan_journey import import_results


def log_in_by_keyboard(page, username):
    """The only page opened by address: the start page, which sends her to the login form."""
    page.goto("/")
    log_in(page, username)


def close_phase(page, label):
    """The close button is the last control of a phase page: from the top, Shift+Tab reaches it first."""
    follow(page, f"Fase {label} afsluiten", backwards=True)


def save_text(page, field, text):
    type_into(page, re.compile(rf"^{field}"), text)
    follow(page, "Opslaan")
    expect(page.locator("main .alert").first).to_be_visible()


def test_teacher_runs_a_group_plan_cycle_by_keyboard(page, transactional_db):
    demo.build()
    log_in_by_keyboard(page, "leerkracht8")

    follow(page, "Groepsplannen")
    follow(page, re.compile(r"^(Nieuw groepsplan|Groepsplan starten)"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groepsplan")
    # Her group and today's period are chosen beforehand; a native select chooses by what she types.
    tab_to(page, re.compile(r"^Periode"))
    for _ in range(6):  # late in the year there is no period after today's: go up to the first one
        if page.locator("#id_period option:checked").text_content().strip().startswith("Periode 1 "):
            break
        page.keyboard.press("ArrowUp")
    type_into(page, re.compile(r"^Vak"), "Technisch")
    expect(page.locator("#id_subject option:checked")).to_have_text("Technisch lezen")
    follow(page, "Plan starten")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waarnemen")
    plan = GroupPlan.objects.get(group__name="Groep 8", subject__code="technisch-lezen", previous=None)

    save_text(page, "Wat opvalt in de gegevens", "Elf leerlingen lezen onder hun niveau.")
    close_phase(page, "waarnemen")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Begrijpen")
    save_text(page, "Wat vraagt deze groep van mij", "Korte leesmomenten, elke dag, met feedback.")
    close_phase(page, "begrijpen")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Plannen")
    follow(page, "Indeling voorstellen")
    expect(page.locator("main")).to_contain_text("aan de instructietafel")
    assert plan.instruction_groups.count() == 3
    close_phase(page, "plannen")

    expect(page.locator("main")).to_contain_text("Weekrooster")
    save_text(page, "Aantekeningen bij de uitvoering", "Dagelijks tien minuten duolezen; werkt goed.")
    import_results(plan)  # the school's results import, while she teaches
    close_phase(page, "realiseren")

    # Each goal's evaluation is proposed from the results: she confirms it, goal by goal.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evalueren")
    goals = Goal.objects.filter(instruction_group__plan=plan).order_by("instruction_group__order", "pk")
    for goal in goals:
        follow(page, "Evaluatie vastleggen", within=f"doel-{goal.pk}")
        expect(page.locator(f"#doel-{goal.pk}")).to_contain_text("vastgelegd")
    close_phase(page, "evalueren")
    plan.refresh_from_db()
    assert plan.phase == Phase.DONE
    assert not goals.filter(evaluation="").exists()

    log_out(page, "Tom")
