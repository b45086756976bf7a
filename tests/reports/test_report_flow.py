"""The half-yearly report from start to PDF: write texts, finalize, and what finalizing freezes."""

import datetime
import io
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core import editguard
from core.models import AuditEntry
from reports import sections, services
from reports.forms import ReportTextForm
from reports.models import HalfYearReport, ReportText
from schools.access import ReportReach
from schools.models import Role
from tests import factories as f


def _start(world, role="management", reach=None):
    report, created = services.start_report(
        world.school, world.school.current_year(), 1, reach or ReportReach(), world.user(role)
    )
    return report


def _write(report, section, analysis, user, interventions=""):
    text = ReportText.objects.get(report=report, section=section)
    data = {"analysis": analysis, "interventions": interventions, "version": text.version}
    form = ReportTextForm(data, instance=text)
    assert form.is_valid(), form.errors
    return services.save_text(form, user)


def _leaver_with_outcome(world):
    """A group-8 pupil of last school year with a doorstroomtoets outcome: new data about a past year,
    as an import after finalizing would bring."""
    last_year = world.school.school_years.order_by("start_date").first()
    group_8 = f.GroupFactory(school_year=last_year, name="Groep 8", year_level_low=8)
    pupil = f.PupilFactory(school=world.school)
    f.EnrolmentFactory(pupil=pupil, group=group_8)
    for domain in ("lezen", "taalverzorging", "rekenen-wiskunde"):
        f.AssessmentFactory(
            pupil=pupil,
            instrument=f.instrument("doorstroomtoets"),
            subject=f.subject(domain),
            date=last_year.start_date + datetime.timedelta(days=240),
            moment="",
            score=None,
            level=f.level("referentieniveau", "1F"),
        )
    return pupil


def test_starting_a_report_makes_one_text_per_section_and_a_second_start_returns_the_first(world):
    report = _start(world)
    assert sorted(report.texts.values_list("section", flat=True)) == sorted(s.key for s in sections.SECTIONS)
    again, created = services.start_report(
        world.school, world.school.current_year(), 1, ReportReach(), world.user("coordinator")
    )
    assert (again.pk, created) == (report.pk, False)
    assert HalfYearReport.objects.count() == 1


def test_finalizing_freezes_figures_texts_and_who_did_it(world, client, monkeypatch):
    report = _start(world)
    _write(report, "care", "Meer leerlingen op niveau 2 dan vorig jaar.", world.user("management"))
    report.refresh_from_db()  # saving a text moved the report's version on
    finalized = services.finalize(report, report.version, world.user("management"))
    assert finalized.is_final and finalized.finalized_by == world.user("management")
    assert set(finalized.figures["sections"]) == {s.key for s in sections.SECTIONS}
    stored = finalized.figures

    # New data about a past year arrives (an import): the finalized report does not change.
    _leaver_with_outcome(world)
    scope = services.scope_of(finalized)
    assert sections.compute_all(scope)["end_results"] != stored["sections"]["end_results"]
    finalized.refresh_from_db()
    assert finalized.figures == stored

    # The page and the PDF draw from the stored figures: computing them again would fail here.
    monkeypatch.setattr(sections, "compute_all", lambda scope: pytest.fail("a finalized report recomputed"))
    client.force_login(world.user("management"))
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Meer leerlingen op niveau 2 dan vorig jaar." in page
    assert "Afgerond door" in page
    response = client.get(reverse("reports:report_pdf", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Meer leerlingen op niveau 2 dan vorig jaar." in " ".join(text.split())
    assert AuditEntry.objects.filter(event="reports.report_pdf", object_id=str(report.pk)).count() == 1


def test_a_text_cannot_change_after_finalizing(world):
    report = _start(world)
    text = ReportText.objects.get(report=report, section="cycle")
    form = ReportTextForm({"analysis": "Te laat", "interventions": "", "version": text.version}, instance=text)
    assert form.is_valid()
    services.finalize(report, report.version, world.user("coordinator"))
    with pytest.raises(services.Finalized):
        services.save_text(form, world.user("management"))
    assert ReportText.objects.get(pk=text.pk).analysis == ""


def test_finalizing_what_a_colleague_changed_since_is_refused(world):
    report = _start(world)
    loaded_version = report.version
    _write(report, "care", "Analyse van de collega", world.user("coordinator"))
    with pytest.raises(editguard.Stale):
        services.finalize(report, loaded_version, world.user("management"))
    assert HalfYearReport.objects.get(pk=report.pk).status == HalfYearReport.Status.DRAFT


def test_finalizing_twice_is_refused_and_keeps_the_first(world):
    report = _start(world)
    services.finalize(report, report.version, world.user("management"))
    first = HalfYearReport.objects.get(pk=report.pk)
    with pytest.raises(editguard.Stale):
        services.finalize(HalfYearReport.objects.get(pk=report.pk), first.version, world.user("coordinator"))
    assert HalfYearReport.objects.get(pk=report.pk).finalized_by == world.user("management")


def test_the_page_flow_start_write_finalize(world, client):
    client.force_login(world.user("management"))
    response = client.post(reverse("reports:report_start"), {"half": "1"})
    report = HalfYearReport.objects.get()
    assert response.url == reverse("reports:report_detail", args=[report.pk])
    url = reverse("reports:report_text", args=[report.pk, "end_results"])
    form_page = client.get(url)
    assert form_page.status_code == 200
    text = ReportText.objects.get(report=report, section="end_results")
    response = client.post(url, {"analysis": "Lezen blijft achter.", "interventions": "", "version": text.version})
    assert response.status_code == 302
    report.refresh_from_db()
    response = client.post(reverse("reports:report_finalize", args=[report.pk]), {"version": report.version})
    assert response.status_code == 302
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Lezen blijft achter." in page and "Afgerond door" in page
    # A finalized report's texts are no longer editable: the edit page sends back to the report.
    assert client.get(url).status_code == 302


def test_bad_section_and_bad_year_are_not_found(world, client):
    report = _start(world)
    client.force_login(world.user("management"))
    assert client.get(reverse("reports:report_text", args=[report.pk, "geheim"])).status_code == 404
    for bad in ("abc", "0", "99999999", "1e5", "-1"):
        assert client.get(reverse("reports:dashboard"), {"jaar": bad}).status_code == 404
    assert client.post(reverse("reports:report_start"), {"half": "7"}).status_code == 302
    assert not HalfYearReport.objects.exclude(pk=report.pk).exists()


def test_a_teacher_sees_only_the_sections_of_her_own_groups(world, client):
    client.force_login(world.user("teacher"))
    page = client.get(reverse("reports:dashboard")).content.decode()
    shown = [s.key for s in sections.SECTIONS if f'id="{s.key}"' in page]
    assert shown == ["interim", "cycle"]
    assert "Halfjaarrapportages" not in page


def test_the_directeur_reaches_the_report_from_home_in_one_click(world, client):
    client.force_login(world.user("management"))
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reports:dashboard")}"' in home
    client.force_login(world.user("remedial"))
    assert f'href="{reverse("reports:dashboard")}"' not in client.get(reverse("home")).content.decode()


def test_targets_are_saved_per_year_with_a_dutch_comma(world, client):
    client.force_login(world.user("management"))
    year = world.school.current_year()
    response = client.post(
        reverse("reports:targets"), {"schoolweging": "33,4", "ambition_1f": "88", "ambition_1s2f": "", "version": "0"}
    )
    assert response.status_code == 302
    assert str(year.report_target.schoolweging) == "33.4"
    response = client.post(
        reverse("reports:targets"), {"schoolweging": "", "ambition_1f": "", "ambition_1s2f": "", "version": "1"}
    )
    assert "Vul de schoolweging of een ambitie in." in response.content.decode()
    response = client.post(
        reverse("reports:targets"), {"schoolweging": "120", "ambition_1f": "101", "ambition_1s2f": "", "version": "1"}
    )
    assert response.status_code == 200
    year.report_target.refresh_from_db()
    assert str(year.report_target.ambition_1f) == "88.0"


def test_another_schools_year_is_not_found_and_a_teacher_sees_no_other_group_in_a_past_year(world, client):
    foreign_year = world.foreign_school.school_years.get()
    client.force_login(world.user("management"))
    assert client.get(reverse("reports:dashboard"), {"jaar": foreign_year.pk}).status_code == 404
    # Last school year, group 5 was taught by the teacher too; this year she teaches group 6. Her reach is
    # her groups of this year: last year's report holds none of them, so it shows no group at all.
    last_year = world.groups["last_year_five"].school_year
    client.force_login(world.user("teacher"))
    page = client.get(reverse("reports:dashboard"), {"jaar": last_year.pk}).content.decode()
    assert "Groep 5" not in page and "Groep 3" not in page


def test_a_school_without_years_says_so_and_a_report_can_be_started_in_the_summer_holiday(world, client):
    new_school = f.SchoolFactory(name="Nieuwe school")
    director = f.UserFactory()
    f.MembershipFactory(user=director, school=new_school, role=Role.MANAGEMENT)
    client.force_login(director)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200 and "nog geen schooljaar" in page.content.decode()

    # Between two school years (mid July to mid August) there is no current year: the report is about the
    # year that just ended.
    year = world.school.current_year()
    holiday = year.end_date + datetime.timedelta(days=5)
    client.force_login(world.user("management"))
    with mock.patch("django.utils.timezone.localdate", return_value=holiday):
        response = client.post(reverse("reports:report_start"), {"half": "2"})
    assert response.status_code == 302
    assert HalfYearReport.objects.get().school_year == year


def test_after_choosing_last_year_this_year_can_be_chosen_again(world, client):
    client.force_login(world.user("management"))
    last_year = world.groups["last_year_five"].school_year
    page = client.get(reverse("reports:dashboard"), {"jaar": last_year.pk}).content.decode()
    current = world.school.current_year()
    assert f'<option value="{current.pk}">{current.name}</option>' in page
    assert f'<option value="{last_year.pk}" selected>{last_year.name}</option>' in page


def test_a_finalized_report_shows_the_day_it_was_finalized_as_its_figures_day(world):
    report = _start(world)
    day = world.school.current_year().start_date + datetime.timedelta(days=30)
    services.finalize(report, report.version, world.user("management"), today=day)
    scope, figures = services.figures_of(HalfYearReport.objects.get(pk=report.pk))
    assert scope.today == day and set(figures) == {s.key for s in sections.SECTIONS}
