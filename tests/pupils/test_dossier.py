import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import history
from core.models import AuditAction, AuditEntry
from pupils import services, timeline
from pupils.dossier import build_dossier
from pupils.models import Assessment, EducationalNeed, NeedCategory, SecondaryAdvice
from schools import access
from tests import factories as f


def fill_dossier(world):
    """Sam (group 6) with a record of every kind, saved through the change history like the app does."""
    pupil, ib = world.pupils["six"], world.user("coordinator")
    save = history.save
    save(
        f.AssessmentFactory.build(
            pupil=pupil, date=datetime.date(2026, 1, 20), moment="M5", score=150, level=f.level("i-v", "III")
        ),
        ib,
    )
    save(
        f.AssessmentFactory.build(
            pupil=pupil, date=datetime.date(2026, 6, 15), moment="E5", score=162, level=f.level("i-v", "II")
        ),
        ib,
    )
    for day, code in [(datetime.date(2025, 2, 1), "E4"), (datetime.date(2026, 2, 1), "M5")]:
        save(
            f.AssessmentFactory.build(
                pupil=pupil,
                instrument=f.instrument("avi"),
                subject=f.subject("technisch-lezen"),
                date=day,
                moment="",
                score=None,
                level=f.level("avi", code),
            ),
            ib,
        )
    save(f.ObservationFactory.build(pupil=pupil, author=ib, text="Werkt geconcentreerd bij korte instructie."), ib)
    save(f.FactorFactory.build(pupil=pupil, author=ib, text="Is gemotiveerd door concrete doelen."), ib)
    save(f.FactorFactory.build(pupil=pupil, author=ib, kind="hindering", text="Raakt snel afgeleid door geluid."), ib)
    save(f.NeedFactory.build(pupil=pupil, author=ib), ib)
    save(
        f.NeedFactory.build(
            pupil=pupil, author=ib, category=NeedCategory.FEEDBACK, text="direct en concreet is", is_open=False
        ),
        ib,
    )
    services.set_care_level(pupil, 2, "Extra instructie voor spelling.", ib)
    SecondaryAdvice.objects.create(
        pupil=pupil,
        school_year=world.groups["six"].school_year,
        provisional="havo",
        final="havo",
        test_indication="havo_vwo",
    )
    return pupil


def dossier_url(pupil):
    return reverse("pupils:dossier", args=[pupil.pk])


def get(login, world, role, pupil):
    return login(world.user(role), world.school).get(dossier_url(pupil))


def test_dossier_shows_every_section(world, login):
    pupil = fill_dossier(world)
    response = get(login, world, "coordinator", pupil)
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Sam Zes",
        "14-03-2015",  # date of birth
        "Groep 6",
        str(world.user("teacher")),  # the group's teacher
        "2 – extra zorg in de groep",
        # an open need as a sentence
        "Sam heeft instructie nodig die kort en visueel is, om zelfstandig aan de slag te gaan.",
        "Sam heeft feedback nodig die direct en concreet is",  # closed need, folded away
        "Is gemotiveerd door concrete doelen.",
        "Raakt snel afgeleid door geluid.",
        "Spelling: niveau per toetsmoment (I–V)",  # growth chart per subject, in the bands of the levels
        "Technisch lezen: niveau per toetsmoment (AVI)",  # a chart per scale
        "LVS Spelling",
        "Werkt geconcentreerd bij korte instructie.",
        "Extra instructie voor spelling.",
        "toets hoger dan advies",  # secondary advice compared with the test
        "Dossier exporteren (inzageverzoek)",
        reverse("pupils:dossier_pdf", args=[pupil.pk]),
        reverse("pupils:dossier_json", args=[pupil.pk]),
        reverse("pupils:history", args=[pupil.pk]),
    ]:
        assert text in page, text
    assert page.count("<svg") == 2 and "&lt;svg" not in page
    assert 'id="tijdlijn"' in page


def test_result_rows_show_the_direction_since_the_previous_result(world):
    pupil = fill_dossier(world)
    dossier = build_dossier(pupil, world.user("coordinator"), world.school)
    spelling = next(s for s in dossier.subjects if s.subject.code == "spelling")
    assert [(r.assessment.moment, r.direction) for r in spelling.rows] == [("M5", None), ("E5", "up")]


def test_editors_see_the_add_links(world, login):
    pupil = fill_dossier(world)
    page = get(login, world, "teacher", pupil).content.decode()
    need = EducationalNeed.objects.filter(pupil=pupil).first()
    for name in ("observation_create", "factor_create", "need_create", "care_level", "assessment_create"):
        assert reverse(f"pupils:{name}", args=[pupil.pk]) in page, name
    assert reverse("pupils:need_update", args=[need.pk]) in page


@pytest.mark.parametrize("role", ["management", "bouw"])
def test_management_reads_but_sees_no_add_links(world, login, role):
    pupil = fill_dossier(world)
    response = get(login, world, role, pupil)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam heeft instructie nodig die kort en visueel is" in page
    for name in ("observation_create", "factor_create", "need_create", "care_level", "assessment_create"):
        assert reverse(f"pupils:{name}", args=[pupil.pk]) not in page, name
    assert "/onderwijsbehoeften/" not in page  # no need_update links


def test_remedial_teacher_reads_her_assigned_pupil(world, login):
    assert get(login, world, "remedial", world.pupils["three"]).status_code == 200
    assert get(login, world, "remedial", world.pupils["six"]).status_code == 404


@pytest.mark.parametrize(
    "role,pupil_key",
    [
        ("teacher", "three"),  # another teacher's group
        ("bouw", "three"),  # outside her bouw (5-8)
        ("admin", "six"),  # no care content
        ("coordinator", "foreign"),  # another school
        ("management", "second"),  # a school she does not work at
    ],
)
def test_out_of_scope_is_a_404_and_is_not_logged(world, login, role, pupil_key):
    assert get(login, world, role, world.pupils[pupil_key]).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_anonymous_goes_to_the_login_page(world, client):
    response = client.get(dossier_url(world.pupils["six"]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_every_view_writes_one_audit_entry(world, login):
    pupil = world.pupils["six"]
    client = login(world.user("teacher"), world.school)
    client.get(dossier_url(pupil))
    client.get(dossier_url(pupil))
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW)
    assert entries.count() == 2
    entry = entries.first()
    assert (entry.user_repr, entry.object_id, entry.object_repr) == ("juf-zes", str(pupil.pk), "Sam Zes")
    assert entry.content_type.model == "pupil" and entry.school_id == world.school.pk


def test_current_group_links_to_the_group_overview_only_when_visible(world, login):
    pupil = world.pupils["six"]
    page = get(login, world, "teacher", pupil).content.decode()
    assert reverse("pupils:group_overview", args=[world.groups["six"].pk]) in page
    # Last year's group is history: the teacher may no longer open it, so it is no link.
    assert "Groep 5" in page
    assert reverse("pupils:group_overview", args=[world.groups["last_year_five"].pk]) not in page
    coordinator_page = get(login, world, "coordinator", pupil).content.decode()
    assert reverse("pupils:group_overview", args=[world.groups["last_year_five"].pk]) in coordinator_page


def test_timeline_holds_every_provider_newest_first(world):
    pupil = fill_dossier(world)
    items = build_dossier(pupil, world.user("coordinator"), world.school).timeline
    assert {item.kind for item in items} >= {
        "toets",
        "observatie",
        "factor",
        "onderwijsbehoefte",
        "zorgniveau",
        "groep",
    }
    dates = [item.date for item in items]
    assert dates == sorted(dates, reverse=True)
    start = next(item for item in items if item.kind == "groep" and "Groep 6" in item.title)
    assert start.url == reverse("pupils:group_overview", args=[world.groups["six"].pk])


def test_timeline_providers_work_without_the_dossier(world, django_assert_max_num_queries):
    """A provider called on its own (e.g. by another page) loads its rows in one query."""
    from pupils import timeline_providers

    pupil = fill_dossier(world)
    user = world.user("coordinator")
    access.remember_memberships(user, list(access.memberships(user)))  # as the middleware does
    for provider in timeline_providers.PROVIDERS:
        fresh = type(pupil).objects.get(pk=pupil.pk)
        with django_assert_max_num_queries(2):  # the rows, and the group teachers for enrolments
            assert list(provider(fresh, user, world.school)), provider.__name__


def test_a_provider_registered_by_another_app_shows_up(world, login, monkeypatch):
    """Plans and conversations join the same timeline through timeline.register, not through their own template."""
    monkeypatch.setattr(timeline, "_providers", list(timeline._providers))

    def plans(pupil, user, school):
        yield timeline.TimelineItem(
            date=datetime.date(2026, 11, 2), kind="groepsplan", title="Groepsplan spelling periode 1", url="/plan/7/"
        )

    timeline.register(plans)
    page = get(login, world, "teacher", world.pupils["six"]).content.decode()
    assert "Groepsplan spelling periode 1" in page
    assert 'href="/plan/7/"' in page


# --- Query budget -------------------------------------------------------------------------------------------------

SUBJECT_TESTS = [
    "lvs-spelling",
    "lvs-begrijpend-lezen",
    "lvs-rekenen-wiskunde",
    "lvs-woordenschat",
    "lvs-studievaardigheden",
    "dmt",
]


def eight_years_of_results(pupil, first_year=2019, day=10):
    """8 school years x 6 subjects x 2 moments (M and E), with scores and levels."""
    levels = [f.level("i-v", code) for code in ("V", "IV", "III", "II", "I")]
    rows = []
    for year_index in range(8):
        for number, code in enumerate(SUBJECT_TESTS):
            instrument = f.instrument(code)
            for moment, month in (("M", 1), ("E", 6)):
                rows.append(
                    Assessment(
                        pupil=pupil,
                        instrument=instrument,
                        subject=instrument.subject,
                        date=datetime.date(first_year + year_index, month, day),
                        moment=f"{moment}{year_index + 1}",
                        score=100 + 10 * year_index + number + (5 if moment == "E" else 0),
                        level=levels[(year_index + number) % 5],
                    )
                )
    Assessment.objects.bulk_create(rows)
    return len(rows)


def add_group_history(world, pupil, years=6):
    """Six more past school years, each in a group with a teacher (8 years in all)."""
    this_year = world.groups["six"].school_year
    for back in range(2, 2 + years):
        year = f.SchoolYearFactory(
            school=world.school,
            start_date=this_year.start_date.replace(year=this_year.start_date.year - back),
            end_date=this_year.end_date.replace(year=this_year.end_date.year - back),
        )
        group = f.GroupFactory(school_year=year, name=f"Groep {max(1, 6 - back)}", year_level_low=max(1, 6 - back))
        group.teachers.add(f.UserFactory())
        f.EnrolmentFactory(pupil=pupil, group=group)


QUERY_BUDGET = 25


@pytest.mark.parametrize("role", ["coordinator", "teacher"])
def test_dossier_runs_a_fixed_number_of_queries(world, login, role, django_assert_max_num_queries):
    pupil = fill_dossier(world)
    add_group_history(world, pupil)
    assert eight_years_of_results(pupil) == 96
    client = login(world.user(role), world.school)
    client.get(dossier_url(pupil))  # warm the content-type cache as any running server has
    with django_assert_max_num_queries(QUERY_BUDGET), CaptureQueriesContext(connection) as first:
        assert client.get(dossier_url(pupil)).status_code == 200
    eight_years_of_results(pupil, day=25)  # twice as many results
    f.ObservationFactory.create_batch(5, pupil=pupil, author=world.user("coordinator"))
    with CaptureQueriesContext(connection) as second:
        page = client.get(dossier_url(pupil)).content.decode()
    assert len(second) == len(first)
    assert page.count("<svg") == 7  # one chart per tested subject (6) and AVI
