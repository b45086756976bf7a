"""PDF exports of group plans, their week schedule and action plans: content, scope, audit."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.audit import describe
from core.models import AuditAction, AuditEntry
from groupplans.models import Goal, Phase
from tests import factories as f


def pdf_text(content):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # lines wrap where the page ends


def fill_plan(world):
    """Group 6's spelling plan with an organised instruction group, a goal and a second group."""
    plan = world.plans["six"]
    plan.phase = Phase.REALISE
    plan.reflection = "Deze groep vraagt korte instructie en veel herhaling."
    plan.evaluation_notes = "Evaluatie volgt na de januaritoets."
    plan.observe_snapshot = {  # the shape of groupplans.services.freeze_overview
        "columns": [{"code": "spelling", "name": "Spelling"}],
        "rows": [{"pupil_id": 1, "name": "Sam Zes", "cells": [{"level": "IV", "below_norm": True}]}],
        "summaries": [
            {
                "subject": "Spelling",
                "levels": [{"code": "III", "count": 0}, {"code": "IV", "count": 1}],
                "with_level": 1,
                "below_norm": 1,
                "without_level": 0,
            }
        ],
    }
    plan.save()
    basic = world.instruction_groups["six"]
    basic.times_per_week, basic.minutes, basic.who, basic.where = 4, 30, "juf Zes", "lokaal 6"
    basic.content, basic.approach = "Werkwoordspelling", "Modeling met de spellingkaart"
    basic.save()
    basic.goals.create(
        what="Alle leerlingen schrijven de verleden tijd foutloos",
        instrument=f.instrument("lvs-spelling"),
        target_level=f.level("i-v", "III"),
        date=datetime.date(2027, 1, 31),
        evaluation=Goal.Evaluation.PARTLY,
        evaluation_remark="Twee leerlingen nog niet.",
    )
    extended = f.InstructionGroupFactory(plan=plan, name="Verlengde instructie", order=1, times_per_week=2)
    extended.placements.create(
        plan=plan, pupil=f.PupilFactory(school=world.school, first_name="Noor", surname="Bakker")
    )
    return plan


def get(login, world, role, name, *args, query=""):
    client = login(world.user(role), world.school)
    return client.get(reverse(f"groupplans:{name}", args=args) + query)


def test_plan_pdf_holds_the_plan(world, login):
    plan = fill_plan(world)
    response = get(login, world, "teacher", "plan_pdf", plan.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="groepsplan-groep-6-spelling-periode-1')
    text = pdf_text(response.content)
    for expected in [
        "Groepsplan Groep 6 – Spelling",
        "De Wilg",
        "Groep 6",
        "Periode 1",
        "Spelling",
        str(world.user("teacher")),
        "Realiseren",
        "Basisinstructie",
        "Verlengde instructie",
        "Sam Zes",
        "Noor Bakker",
        "Alle leerlingen schrijven de verleden tijd foutloos",
        "LVS Spelling",
        "niveau III",
        "31-01-2027",
        "deels behaald",
        "Twee leerlingen nog niet.",
        "Deze groep vraagt korte instructie",
        "Modeling met de spellingkaart",
        "4 keer per week, 30 minuten, juf Zes, lokaal 6",
        "Maandag",
        "Vrijdag",
        "Spelling: III 0 · IV 1 — 1 van 1 onder de norm",
        "Sam Zes IV",
        "Evaluatie volgt na de januaritoets.",
        "pagina 1 van",
        "Basisinstructie (1 leerling)",  # the kind left out when it is the name
        "Verlengde instructie (basisinstructie, 1 leerling)",
        "Streefwaarde",
    ]:
        assert expected in text, expected
    assert "Leerkracht(en)" not in text and "Leerkracht " in text  # one teacher
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(plan.pk), event="groupplans.plan_pdf", user=world.user("teacher")
    ).exists()


def test_schedule_pdf_is_the_week_schedule_alone(world, login):
    plan = fill_plan(world)
    response = get(login, world, "coordinator", "schedule_pdf", plan.pk)
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in [
        "Weekrooster Groep 6 – Spelling",
        "Maandag",
        "Dinsdag",
        "Woensdag",
        "Donderdag",
        "Vrijdag",
        "Basisinstructie",
        "30 min",
        "Verlengde instructie",
    ]:
        assert expected in text, expected
    assert "Alle leerlingen schrijven" not in text
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(plan.pk)).count() == 1


def test_individual_plan_pdf(world, login):
    individual = world.individual_plans["six"]
    individual.goals.create(
        what="Sam schrijft 8 van de 10 werkwoorden goed",
        instrument=f.instrument("methode-spelling"),
        target_score=8,
        date=datetime.date(2027, 1, 15),
    )
    response = get(login, world, "teacher", "individual_plan_pdf", individual.pk)
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in [
        "Handelingsplan Sam Zes",
        "De Wilg",
        "Periode 1",
        individual.approach,
        "leerkracht",
        "Sam schrijft 8 van de 10 werkwoorden goed",
        "Methodetoets spelling",
        "score 8",
    ]:
        assert expected in text, expected
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(individual.pk), event="groupplans.individual_plan_pdf"
    ).exists()


def test_all_plans_as_one_pdf(world, login):
    fill_plan(world)
    f.GroupPlanFactory(
        group=world.groups["three"], period=world.plans["three"].period, subject=f.subject("rekenen-wiskunde")
    )
    response = get(login, world, "coordinator", "plans_pdf")
    assert response.status_code == 200
    assert response.content.count(b"%PDF-") == 1  # one document, not PDFs glued together
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 3  # each plan starts on a new page
    text = pdf_text(response.content)
    for expected in [
        "Groepsplan Groep 6 – Spelling",
        "Groepsplan Groep 3 – Spelling",
        "Groepsplan Groep 3 – Rekenen-wiskunde",
    ]:
        assert expected in text, expected
    assert "Groep 4" not in text  # the foreign school's plan
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, path__startswith=reverse("groupplans:plans_pdf"))
    assert (entry.event, entry.data) == ("groupplans.plans_pdf", {"count": 3})
    assert describe(entry) == "Groepsplannen als PDF: 3 plannen"
    assert entry.school_id == world.school.pk


def test_all_plans_of_one_group(world, login):
    fill_plan(world)
    group = world.groups["six"]
    response = get(login, world, "coordinator", "plans_pdf", query=f"?groep={group.pk}")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Groepsplan Groep 6 – Spelling" in text and "Groep 3" not in text
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_id=str(group.pk))
    assert (entry.event, entry.data) == ("groupplans.plans_pdf", {"count": 1})
    assert describe(entry) == "Groepsplannen als PDF: 1 plan"


def test_a_reader_gets_only_her_plans_in_the_pdf(world, login):
    response = get(login, world, "teacher", "plans_pdf")
    text = pdf_text(response.content)
    assert "Groepsplan Groep 6 – Spelling" in text and "Groep 3" not in text


@pytest.mark.parametrize("query", ["?groep={three}", "?groep={foreign}", "?groep=abc", "?groep="])
def test_a_group_out_of_scope_is_a_404(world, login, query):
    query = query.format(three=world.groups["three"].pk, foreign=world.groups["foreign"].pk)
    assert get(login, world, "teacher", "plans_pdf", query=query).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize(
    ("role", "name", "key"),
    [
        ("teacher", "plan_pdf", "three"),
        ("teacher", "schedule_pdf", "three"),
        ("coordinator", "plan_pdf", "foreign"),
        ("remedial", "plan_pdf", "six"),
        ("admin", "plan_pdf", "six"),
    ],
)
def test_plans_out_of_scope_are_a_404(world, login, role, name, key):
    assert get(login, world, role, name, world.plans[key].pk).status_code == 404


@pytest.mark.parametrize(("role", "key"), [("teacher", "three"), ("coordinator", "foreign"), ("admin", "six")])
def test_individual_plans_out_of_scope_are_a_404(world, login, role, key):
    assert get(login, world, role, "individual_plan_pdf", world.individual_plans[key].pk).status_code == 404


def test_admin_gets_no_plans_pdf(world, login):
    assert get(login, world, "admin", "plans_pdf").status_code == 404


def test_a_plan_without_anything_filled_in_still_prints(world, login):
    response = get(login, world, "remedial", "plan_pdf", world.plans["three"].pk)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Het groepsoverzicht wordt in het plan vastgelegd als de fase waarnemen wordt afgesloten." in text
    assert "Nog niet ingepland: Basisinstructie" in text
