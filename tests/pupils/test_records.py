"""Adding to a pupil's dossier: observations, factors, needs, care level, results; each with history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import history
from core.models import AuditAction, AuditEntry, Revision
from pupils.models import Assessment, CareLevelChange, EducationalNeed, Observation
from tests import factories as f


@pytest.fixture
def teacher_client(world, login):
    return login(world.user("teacher"), world.school)


def url(name, pupil):
    return reverse(f"pupils:{name}", args=[pupil.pk])


def test_teacher_adds_an_observation_with_history_and_audit(world, teacher_client):
    pupil = world.pupils["six"]
    response = teacher_client.post(
        url("observation_create", pupil),
        {"date": "2026-10-01", "kind": "classroom", "text": "Vraagt vaker om hulp bij rekenen."},
    )
    assert response.status_code == 302 and response.url == url("dossier", pupil)
    observation = Observation.objects.get(pupil=pupil)
    assert observation.author == world.user("teacher")
    [revision] = history.revisions(observation)
    assert revision.action == AuditAction.CREATE and revision.user_repr == "juf-zes"
    assert revision.data["text"] == "Vraagt vaker om hulp bij rekenen."
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(observation.pk)).exists()


def test_observation_in_the_future_is_refused_in_dutch_and_nothing_is_saved(world, teacher_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = teacher_client.post(
        url("observation_create", world.pupils["six"]), {"date": tomorrow.isoformat(), "kind": "classroom", "text": "x"}
    )
    assert response.status_code == 200
    assert "Een observatie kan niet in de toekomst liggen." in response.content.decode()
    assert not Observation.objects.exists() and not Revision.objects.exists()


@pytest.mark.parametrize("role", ["management", "bouw", "admin"])
def test_readers_and_admin_cannot_add_records(world, login, role):
    client = login(world.user(role), world.school)
    response = client.post(
        url("observation_create", world.pupils["six"]), {"date": "2026-10-01", "kind": "other", "text": "x"}
    )
    assert response.status_code == 404
    assert not Observation.objects.exists()


def test_teacher_cannot_add_to_a_pupil_outside_her_groups(world, teacher_client):
    assert teacher_client.get(url("factor_create", world.pupils["three"])).status_code == 404


def test_remedial_teacher_adds_to_her_assigned_pupil(world, login):
    client = login(world.user("remedial"), world.school)
    response = client.post(
        url("factor_create", world.pupils["three"]), {"kind": "stimulating", "text": "Leest graag strips."}
    )
    assert response.status_code == 302
    assert client.get(url("factor_create", world.pupils["six"])).status_code == 404


def test_need_is_written_in_hgw_phrasing_and_changes_keep_history(world, teacher_client):
    pupil = world.pupils["six"]
    teacher_client.post(
        url("need_create", pupil),
        {
            "category": "instruction",
            "text": "kort en visueel is",
            "goal": "zelfstandig starten",
            "source": "observation",
            "is_open": "on",
        },
    )
    need = EducationalNeed.objects.get(pupil=pupil)
    # A goal typed without "te" never follows "om" ("om zelfstandig starten"): it is its own sentence.
    assert need.sentence == "Sam heeft instructie nodig die kort en visueel is. Doel: zelfstandig starten."
    response = teacher_client.post(
        reverse("pupils:need_update", args=[need.pk]),
        {
            "category": "instruction",
            "text": "kort, visueel en herhaald is",
            "goal": "zelfstandig starten",
            "source": "observation",
            "version": need.version,
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.is_open is False
    (_created, _), (changed, diff) = history.changes(need)
    assert changed.action == AuditAction.CHANGE
    assert diff["text"] == ("kort en visueel is", "kort, visueel en herhaald is")
    assert diff["is_open"] == (True, False)
    page = teacher_client.get(url("history", pupil)).content.decode()
    assert "kort, visueel en herhaald is" in page and "<del>kort en visueel is</del>" in page


def test_need_of_another_groups_pupil_cannot_be_changed(world, teacher_client):
    need = f.NeedFactory(pupil=world.pupils["three"])
    assert teacher_client.get(reverse("pupils:need_update", args=[need.pk])).status_code == 404


def test_care_level_change_keeps_who_when_why(world, login):
    pupil = world.pupils["six"]
    client = login(world.user("coordinator"), world.school)
    response = client.post(
        url("care_level", pupil), {"level": "3", "reason": "Na intern onderzoek.", "version": pupil.version}
    )
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.care_level == 3
    change = CareLevelChange.objects.get(pupil=pupil)
    assert (change.level, change.reason, change.author) == (3, "Na intern onderzoek.", world.user("coordinator"))
    again = client.post(url("care_level", pupil), {"level": "3", "reason": "nogmaals", "version": pupil.version})
    assert "De leerling heeft dit zorgniveau al." in again.content.decode()
    assert CareLevelChange.objects.count() == 1


def test_care_level_out_of_range_is_refused_next_to_the_field(world, login):
    client = login(world.user("coordinator"), world.school)
    response = client.post(url("care_level", world.pupils["six"]), {"level": "7", "reason": "x", "version": 1})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()


def result(**overrides):
    data = {
        "instrument": f.instrument("lvs-spelling").pk,
        "date": "2026-01-20",
        "moment": "M6",
        "score": "152,5",
        "level": f.level("i-v", "II").pk,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_result_takes_the_subject_of_its_test_and_a_decimal_comma(world, teacher_client):
    pupil = world.pupils["six"]
    assert teacher_client.post(url("assessment_create", pupil), result()).status_code == 302
    saved = Assessment.objects.get(pupil=pupil)
    assert saved.subject.code == "spelling" and str(saved.score) == "152.5" and saved.level.code == "II"


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"level": "avi:E4"}, "Dit niveau hoort niet bij de schaal van deze toets."),
        ({"moment": None}, "Vul het toetsmoment in, bijvoorbeeld M5."),
        ({"moment": "X9"}, "Een toetsmoment is M of E met een groep"),
        ({"date": "2099-01-01"}, "Een toetsdatum kan niet in de toekomst liggen."),
        ({"date": "31-02-2026"}, "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 25-01-2027."),
        (
            {"instrument": "doorstroomtoets", "moment": None, "level": "referentieniveau:1F"},
            "Kies het domein van deze toets.",
        ),
    ],
)
def test_bad_results_are_refused_in_dutch_and_not_saved(world, teacher_client, overrides, message):
    for key in ("level",):
        if isinstance(overrides.get(key), str) and ":" in overrides[key]:
            scale, code = overrides[key].split(":")
            overrides[key] = f.level(scale, code).pk
    if overrides.get("instrument") == "doorstroomtoets":
        overrides["instrument"] = f.instrument("doorstroomtoets").pk
    response = teacher_client.post(url("assessment_create", world.pupils["six"]), result(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_same_result_twice_is_refused(world, teacher_client):
    pupil = world.pupils["six"]
    teacher_client.post(url("assessment_create", pupil), result())
    response = teacher_client.post(url("assessment_create", pupil), result())
    assert "al een resultaat voor deze toets" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_history_page_is_audited_and_scoped(world, login):
    client = login(world.user("teacher"), world.school)
    assert client.get(url("history", world.pupils["three"])).status_code == 404
    assert client.get(url("history", world.pupils["six"])).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, event="pupils.history_viewed").count() == 1


def test_observation_form_starts_with_todays_date(world, teacher_client):
    page = teacher_client.get(url("observation_create", world.pupils["six"])).content.decode()
    assert f'value="{timezone.localdate().strftime("%d-%m-%Y")}"' in page


def test_advice_is_recorded_compared_with_the_test_and_kept_with_history(world, teacher_client):
    pupil = world.pupils["six"]
    assert "minstens één advies" in teacher_client.post(url("advice", pupil), {"version": 0}).content.decode()
    teacher_client.post(url("advice", pupil), {"provisional": "vmbo_gt", "version": 0})
    response = teacher_client.post(
        url("advice", pupil),
        {
            "provisional": "vmbo_gt",
            "final": "vmbo_gt",
            "test_indication": "havo",
            "version": pupil.advice.get().version,
        },
    )
    assert response.status_code == 302
    advice = pupil.advice.get()
    assert advice.comparison == advice.Comparison.HIGHER
    assert [r.action for r in history.revisions(advice)] == [AuditAction.CREATE, AuditAction.CHANGE]
    assert "toets hoger dan advies" in teacher_client.get(url("dossier", pupil)).content.decode()
