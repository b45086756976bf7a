"""After erasing a pupil of the demo school, her name is nowhere: not in any text column of any table,
not on the pages a colleague would look at (search, audit log, history, other pupils' exports), not in
the import files. The erasure itself stays in the audit log: who, when, and the pseudonym."""

from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from core.models import AuditEntry
from groupplans.models import GroupPlan
from pupils.models import ImportBatch, Pupil
from schools import demo
from schools.models import School, User

from .erasure_setup import pupils_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_school(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return School.objects.get(name=demo.MAIN_SCHOOL)


def _names(pupil):
    return [pupil.full_name, f"{pupil.first_name} {pupil.surname}"]


def _rows_naming(names):
    """'app.Model.column' for every text column of every table that holds one of ``names``."""
    found = []
    needles = {n for name in names for n in (name, name.encode("unicode_escape").decode())}
    for model in apps.get_models():
        if model._meta.label == "sessions.Session":  # signed session data, no text to search
            continue
        for column in model._meta.concrete_fields:
            if not isinstance(column, models.CharField | models.TextField | models.JSONField):
                continue
            condition = Q()
            for needle in needles:
                condition |= Q(**{f"{column.name}__icontains": needle})
            if model._default_manager.filter(condition).exists():
                found.append(f"{model._meta.label}.{column.name}")
    return found


def test_an_erased_demo_pupil_is_named_nowhere(client, demo_school):
    coordinator = User.objects.get(username="ib")
    # The pupil with the most conversation notes whose name no other pupil of the school has (with a
    # namesake, free text is left alone: docs/privacy-erasure.md), the demo's richest such dossier.
    pupils = Pupil.objects.filter(school=demo_school)
    taken = Counter(pupils.values_list("first_name", "surname"))
    pupil = next(
        p
        for p in pupils.annotate(notes=Count("conversations__notes")).order_by("-notes", "pk")
        if taken[(p.first_name, p.surname)] == 1
    )
    names = _names(pupil)
    group = pupil.enrolments.order_by("-school_year__start_date").first().group
    classmate = Pupil.objects.filter(school=demo_school, enrolments__group=group).exclude(pk=pupil.pk).first()
    # Her name where colleagues write and upload: a group plan's text, an import file.
    plan = GroupPlan.objects.filter(group__school_year__school=demo_school).first()
    plan.reflection = f"{plan.reflection} Let op {pupil.first_name} {pupil.surname} bij de instructie."
    plan.save()
    pupils_file(
        demo_school,
        coordinator,
        "".join(
            f"{p.source_id};{p.first_name};{p.name_prefix};{p.surname};{p.date_of_birth:%d-%m-%Y};{group.name}\n"
            for p in (pupil, classmate)
        ),
    )
    client.force_login(coordinator)
    # A colleague looked her up, opened and exported her dossier.
    client.get(reverse("pupils:pupil_list"), {"q": pupil.full_name})
    client.get(reverse("pupils:dossier", args=[pupil.pk]))
    client.get(reverse("pupils:dossier_json", args=[pupil.pk]))
    client.get(reverse("pupils:history", args=[pupil.pk]))
    assert _rows_naming(names), "the test must start from a pupil whose name is stored"

    response = client.post(
        reverse("privacy:erase_pupil", args=[pupil.pk]), {"name": pupil.full_name, "reason": "Verzoek ouders"}
    )
    assert response.status_code == 302

    found = _rows_naming(names)
    assert found == [], (found, names)
    pages = {
        "search": client.get(reverse("pupils:pupil_list"), {"q": pupil.surname}),
        "audit log": client.get(reverse("audit_log")),
        "classmate's history": client.get(reverse("pupils:history", args=[classmate.pk])),
        "classmate's export": client.get(reverse("pupils:dossier_json", args=[classmate.pk])),
        "group overview": client.get(reverse("pupils:group_overview", args=[group.pk])),
        "meetings": client.get(reverse("groupplans:meeting_list")),
    }
    for label, page in pages.items():
        assert page.status_code == 200, label
        text = page.content.decode()
        assert all(name not in text for name in names), f"{label} still names her"
    for batch in ImportBatch.objects.filter(school=demo_school):
        assert pupil.surname not in batch.content and str(pupil.source_id) not in batch.content
    assert classmate.surname in ImportBatch.objects.get(filename="leerlingen.csv").content
    # The erasure is in the log: who and when, about the pseudonym.
    entry = AuditEntry.objects.get(event="privacy.pupil_erased")
    assert entry.user == coordinator and entry.at is not None
    audit_page = pages["audit log"].content.decode()
    assert entry.data["pupil"] in audit_page and str(coordinator) in audit_page
