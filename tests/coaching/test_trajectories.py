"""Coaching trajectories: the list, starting and changing one (mandates, support needs,
concurrent edits), the page for coach and coachee, the existence page for management,
the teacher's reflections and the confidential audit trail."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaching.models import Reflection, RelationshipAssessment, SupportNeed, Trajectory
from core import history
from core.models import AuditAction, AuditEntry, Revision
from schools.models import Membership, Role
from tests import factories as f

LIST = reverse("coaching:trajectory_list")
CREATE = reverse("coaching:trajectory_create")
NEEDS = "behoeften"


def url(name, trajectory):
    return reverse(f"coaching:{name}", args=[trajectory.pk])


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def coach(world, login):
    return login(world.user("coordinator"), world.school)


@pytest.fixture
def coachee(world, login):
    return login(world.user("teacher"), world.school)


@pytest.fixture
def own(world):
    return world.trajectories["own"]


def needs_management(total, initial=0):
    return {
        f"{NEEDS}-TOTAL_FORMS": str(total),
        f"{NEEDS}-INITIAL_FORMS": str(initial),
        f"{NEEDS}-MIN_NUM_FORMS": "0",
        f"{NEEDS}-MAX_NUM_FORMS": "1000",
    }


def new_trajectory(world, **changes):
    """What a coordinator fills in to start coaching juf-zes (the other teacher: ``own`` exists already)."""
    data = {
        "coachee": world.user("other_teacher").pk,
        "start_date": "2026-09-01",
        "end_date": "",
        "status": "active",
        "origin": "management_mandate",
        "mandate_given_by": world.user("management").pk,
        "mandate_given_on": "2026-08-25",
        "mandate_scope": "Klassenmanagement in groep 3",
        "coachee_agreed_on": "",
        "goal": "ik mijn instructie in drie groepjes geef",
        "can_already": "een rustige start van de dag maken",
        "also_need": "",
        **needs_management(3),
        f"{NEEDS}-0-kind": "skills",
        f"{NEEDS}-0-text": "instructie aan de instructietafel te geven",
        f"{NEEDS}-1-kind": "",
        f"{NEEDS}-1-text": "",
        f"{NEEDS}-2-kind": "",
        f"{NEEDS}-2-text": "",
    }
    data.update(changes)
    return data


def edit_data(trajectory, **changes):
    """The edit form as the coach received it (the stored values, version and needs), then ``changes``."""
    trajectory.refresh_from_db()
    needs = list(trajectory.support_needs.all())
    data = {
        "coachee": trajectory.coachee_id,
        "start_date": trajectory.start_date.isoformat(),
        "end_date": trajectory.end_date.isoformat() if trajectory.end_date else "",
        "status": trajectory.status,
        "origin": trajectory.origin,
        "mandate_given_by": trajectory.mandate_given_by_id or "",
        "mandate_given_on": trajectory.mandate_given_on.isoformat() if trajectory.mandate_given_on else "",
        "mandate_scope": trajectory.mandate_scope,
        "coachee_agreed_on": trajectory.coachee_agreed_on.isoformat() if trajectory.coachee_agreed_on else "",
        "goal": trajectory.goal,
        "can_already": trajectory.can_already,
        "also_need": trajectory.also_need,
        "version": trajectory.version,
        **needs_management(len(needs), len(needs)),
    }
    for index, need in enumerate(needs):
        data.update(
            {
                f"{NEEDS}-{index}-id": need.pk,
                f"{NEEDS}-{index}-trajectory": trajectory.pk,
                f"{NEEDS}-{index}-kind": need.kind,
                f"{NEEDS}-{index}-text": need.text,
            }
        )
    data.update(changes)
    return data


def options(page, name):
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


# --- Starting a trajectory ----------------------------------------------------------------------------------------


def test_coordinator_starts_a_trajectory_with_history_and_a_confidential_audit_entry(world, coach):
    response = coach.post(CREATE, new_trajectory(world))
    trajectory = Trajectory.objects.get(coachee=world.user("other_teacher"), coach=world.user("coordinator"))
    assert response.status_code == 302 and response.url == url("trajectory_detail", trajectory)
    assert trajectory.school == world.school and trajectory.version == 1
    assert trajectory.mandate_given_by == world.user("management")
    assert trajectory.goal == "ik mijn instructie in drie groepjes geef"
    [need] = trajectory.support_needs.all()
    assert (need.kind, need.text) == (SupportNeed.Kind.SKILLS, "instructie aan de instructietafel te geven")
    [revision] = history.revisions(trajectory)
    assert revision.action == AuditAction.CREATE and revision.user_repr == "ib-test"
    assert history.revisions(need).count() == 1
    [entry] = AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(trajectory.pk))
    assert entry.school_id is None


def test_the_form_offers_only_this_schools_teachers_and_its_management(world, coach):
    page = text(coach.get(CREATE))
    assert options(page, "coachee") == {world.user("teacher").pk, world.user("other_teacher").pk}
    assert options(page, "mandate_given_by") == {world.user("management").pk, world.user("bouw").pk}
    for prompt in ("Als leerkracht wil ik bereiken dat …", "Ik kan al …", "Ik heb ook … nodig", "kennis over"):
        assert prompt in page


def assert_refused(coach, data, message):
    before = Trajectory.objects.count(), Revision.objects.count(), AuditEntry.objects.count()
    page = text(coach.post(CREATE, data))
    assert message in page
    assert (Trajectory.objects.count(), Revision.objects.count(), AuditEntry.objects.count()) == before
    assert not SupportNeed.objects.filter(text="instructie aan de instructietafel te geven").exists()


def test_the_coach_cannot_coach_herself(world, coach):
    assert_refused(
        coach, new_trajectory(world, coachee=world.user("coordinator").pk), "De coach kan niet zichzelf coachen."
    )


def test_a_teacher_of_another_school_cannot_be_the_coachee(world, coach):
    foreign_teacher = f.MembershipFactory(school=world.foreign_school, role=Role.TEACHER).user
    assert_refused(coach, new_trajectory(world, coachee=foreign_teacher.pk), "Kies een leerkracht van deze school.")


@pytest.mark.parametrize("role", ["management", "remedial", "admin", "other_coordinator", "outsider"])
def test_only_a_teacher_can_be_the_coachee(world, coach, role):
    assert_refused(coach, new_trajectory(world, coachee=world.user(role).pk), "Kies een leerkracht van deze school.")


def test_an_inactive_teacher_cannot_be_chosen(world, coach):
    Membership.objects.filter(user=world.user("other_teacher")).update(is_active=False)
    assert_refused(coach, new_trajectory(world), "Kies een leerkracht van deze school.")


def test_a_management_mandate_needs_who_gave_it(world, coach):
    assert_refused(
        coach, new_trajectory(world, mandate_given_by=""), "Bij een mandaat van de directie: wie gaf het mandaat?"
    )


def test_the_mandate_is_given_by_management_of_this_school(world, coach):
    assert_refused(
        coach,
        new_trajectory(world, mandate_given_by=world.user("teacher").pk),
        "Kies iemand van de directie van deze school.",
    )


def test_a_teachers_own_request_needs_no_mandate_giver(world, coach):
    data = new_trajectory(world, origin="teacher_request", mandate_given_by="", mandate_given_on="", mandate_scope="")
    assert coach.post(CREATE, data).status_code == 302
    assert (
        Trajectory.objects.get(coachee=world.user("other_teacher"), coach=world.user("coordinator")).mandate_given_by
        is None
    )


@pytest.mark.parametrize(
    "changes",
    [
        {},  # an empty form
        {"start_date": "31-31-2026", "coachee": "abc", "mandate_given_by": "99999"},
        {"end_date": "2026-08-01"},  # before the start
        {f"{NEEDS}-0-kind": "onzin"},
        {f"{NEEDS}-TOTAL_FORMS": "x"},
    ],
)
def test_bad_input_is_refused_in_dutch_without_saving(world, coach, changes):
    data = {} if not changes else new_trajectory(world, **changes)
    before = Trajectory.objects.count(), Revision.objects.count()
    response = coach.post(CREATE, data)
    assert response.status_code == 200
    assert (Trajectory.objects.count(), Revision.objects.count()) == before
    page = response.content.decode()
    assert any(
        message in page
        for message in (
            "Dit veld is verplicht.",
            "Kies een leerkracht van deze school.",
            "De einddatum ligt vóór de begindatum.",
            "Selecteer een geldige keuze",
            "ManagementForm",
            "ontbreken of zijn gemanipuleerd",
        )
    ), page


@pytest.mark.parametrize("role", ["teacher", "management", "bouw", "remedial", "admin"])
def test_only_coordinators_start_trajectories(world, login, role):
    client = login(world.user(role), world.school)
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, new_trajectory(world)).status_code == 404
    assert not Trajectory.objects.filter(coachee=world.user("other_teacher"), coach=world.user(role)).exists()


# --- Changing it: only the coach, never over someone else's change ------------------------------------------------


def test_coach_changes_the_trajectory_and_its_needs_with_history(world, coach, own):
    keep = history.save(SupportNeed(trajectory=own, kind="knowledge", text="jaarplanningen"), world.user("coordinator"))
    drop = history.save(SupportNeed(trajectory=own, kind="materials", text="oude methode"), world.user("coordinator"))
    data = edit_data(own, goal="ik elke vrijdag de week voorbereid", coachee_agreed_on="2026-09-20")
    data[f"{NEEDS}-1-DELETE"] = "on"
    response = coach.post(url("trajectory_edit", own), data)
    assert response.status_code == 302 and response.url == url("trajectory_detail", own)
    own.refresh_from_db()
    assert own.goal == "ik elke vrijdag de week voorbereid" and own.version == 2
    assert own.coachee_agreed_on == datetime.date(2026, 9, 20)
    assert list(own.support_needs.all()) == [keep]
    assert history.revisions(drop).last().action == AuditAction.DELETE
    assert history.revisions(own).last().data["goal"] == "ik elke vrijdag de week voorbereid"
    [entry] = AuditEntry.objects.filter(action=AuditAction.CHANGE, object_id=str(own.pk))
    assert entry.school_id is None


def test_a_save_on_an_old_version_is_refused_and_nothing_is_lost(world, coach, own):
    stale = edit_data(own)  # the coach opened the form in two tabs
    first = coach.post(url("trajectory_edit", own), {**stale, "goal": "EERSTE-VERSIE van het doel"})
    assert first.status_code == 302

    response = coach.post(url("trajectory_edit", own), {**stale, "goal": "TWEEDE-VERSIE van het doel"})
    page = text(response)
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    own.refresh_from_db()
    assert own.goal == "EERSTE-VERSIE van het doel" and own.version == 2  # not overwritten
    assert "TWEEDE-VERSIE van het doel</textarea>" in page  # what the user typed is still in the form
    conflict = page[page.index('id="conflict"') :].split("</div>")[0]
    assert "EERSTE-VERSIE van het doel" in conflict  # and the stored value is shown next to it
    assert re.search(r'name="version" value="2"', page)

    # Having compared, saving again deliberately replaces the other change.
    again = coach.post(url("trajectory_edit", own), {**stale, "version": 2, "goal": "TWEEDE-VERSIE van het doel"})
    assert again.status_code == 302
    own.refresh_from_db()
    assert own.goal == "TWEEDE-VERSIE van het doel" and own.version == 3


def test_a_trajectory_keeps_its_coachee_after_he_left_the_school(world, coach, own):
    Membership.objects.filter(user=world.user("teacher")).update(is_active=False)
    assert (
        coach.post(url("trajectory_edit", own), edit_data(own, status="closed", end_date="2026-11-01")).status_code
        == 302
    )
    own.refresh_from_db()
    assert own.status == Trajectory.Status.CLOSED and own.coachee == world.user("teacher")


def test_the_coachee_cannot_be_changed_to_someone_who_is_not_a_teacher_here(world, coach, own):
    page = text(coach.post(url("trajectory_edit", own), edit_data(own, coachee=world.user("remedial").pk)))
    assert "Kies een leerkracht van deze school." in page
    own.refresh_from_db()
    assert own.coachee == world.user("teacher") and own.version == 1


@pytest.mark.parametrize("role", ["teacher", "management", "bouw", "other_coordinator", "remedial", "admin"])
def test_no_one_but_the_coach_opens_the_edit_form(world, login, own, role):
    client = login(world.user(role), world.school)
    assert client.get(url("trajectory_edit", own)).status_code == 404
    assert client.post(url("trajectory_edit", own), edit_data(own, goal="overgenomen")).status_code == 404
    own.refresh_from_db()
    assert own.goal != "overgenomen"


# --- The trajectory page ------------------------------------------------------------------------------------------

GOAL, CAN, NEED, SUPPORT, NOTE, REFLECTION, LEARNED = (
    "GEHEIM-DOEL weekplanning",
    "GEHEIM-KAN rust in de groep",
    "GEHEIM-NODIG tijd",
    "GEHEIM-BEHOEFTE een jaarplanning te maken",
    "GEHEIM-TOELICHTING geen eigen vraag",
    "GEHEIM-REFLECTIE meer overzicht",
    "GEHEIM-GELEERD open vragen werken",
)


@pytest.fixture
def filled(world, own):
    coach, teacher = world.user("coordinator"), world.user("teacher")
    own.goal, own.can_already, own.also_need = GOAL, CAN, NEED
    history.save(own, coach)
    history.save(SupportNeed(trajectory=own, kind=SupportNeed.Kind.SKILLS, text=SUPPORT), coach)
    history.save(
        RelationshipAssessment(trajectory=own, date="2026-10-01", is_problem=True, asks_for_help=False, note=NOTE),
        coach,
    )
    history.save(
        Reflection(trajectory=own, author=teacher, kind="reflection", date="2026-10-02", text=REFLECTION), teacher
    )
    history.save(Reflection(trajectory=own, author=teacher, kind="learned", date="2026-10-03", text=LEARNED), teacher)
    return own


@pytest.mark.parametrize("role", ["coordinator", "teacher"])
def test_coach_and_coachee_see_the_whole_trajectory(world, login, filled, role):
    page = text(login(world.user(role), world.school).get(url("trajectory_detail", filled)))
    for content in (GOAL, CAN, NEED, SUPPORT, REFLECTION, LEARNED):
        assert content in page, content
    assert "Ik heb vaardigheden nodig om " + SUPPORT in page  # the prompt phrase and the teacher's words
    # The relationship assessment is the coach's working note: not shared, the coachee does not read it.
    assert (NOTE in page) == (role == "coordinator")
    assert ("vrijblijvend" in page) == (role == "coordinator")
    assert "Werken met een jaar- en weekplanning" in page and "mandaat van de directie" in page
    assert "nog niet: de leerkracht heeft nog niet zelf ingestemd" in page


def test_the_circular_mandate_shows_since_when(world, coach, own):
    own.coachee_agreed_on = datetime.date(2026, 9, 15)
    history.save(own, world.user("coordinator"))
    assert "ja, de leerkracht stemde in op 15-09-2026" in text(coach.get(url("trajectory_detail", own)))


def test_the_coach_gets_her_buttons_and_the_coachee_his(world, login, own):
    coach_page = text(login(world.user("coordinator"), world.school).get(url("trajectory_detail", own)))
    for name in ("trajectory_edit", "assessment_create", "session_create", "visit_create", "letter_create"):
        assert f'href="{url(name, own)}"' in coach_page, name
    assert url("reflection_create", own) not in coach_page

    coachee_page = text(login(world.user("teacher"), world.school).get(url("trajectory_detail", own)))
    assert f'href="{url("reflection_create", own)}?soort=learned"' in coachee_page
    assert f'href="{url("reflection_create", own)}?soort=reflection"' in coachee_page
    assert f'href="{url("trajectory_pdf", own)}"' in coachee_page
    for name in ("trajectory_edit", "assessment_create", "session_create", "visit_create", "letter_create"):
        assert f'href="{url(name, own)}"' not in coachee_page, name


@pytest.mark.parametrize("role", ["management", "bouw"])
def test_management_sees_only_that_it_exists(world, login, filled, role):
    page = text(login(world.user(role), world.school).get(url("trajectory_detail", filled)))
    assert str(world.user("teacher")) in page and str(world.user("coordinator")) in page
    assert "mandaat van de directie" in page and str(world.user("management")) in page
    assert "Werken met een jaar- en weekplanning" in page  # the mandate's scope
    assert "vertrouwelijk tussen de coach en de leerkracht" in page
    for content in ("GEHEIM", "vrijblijvend", "Werkrelatie", "geleerd", "Reflecties", "stemde in"):
        assert content not in page, content
    for name in ("trajectory_edit", "assessment_create", "session_create", "reflection_create", "trajectory_pdf"):
        assert url(name, filled) not in page, name


@pytest.mark.parametrize("role", ["other_coordinator", "other_teacher", "remedial", "admin", "outsider"])
def test_anyone_else_gets_a_404(world, login, filled, role):
    school = world.foreign_school if role == "outsider" else world.school
    assert login(world.user(role), school).get(url("trajectory_detail", filled)).status_code == 404


def test_management_of_another_school_gets_a_404(world, login):
    client = login(world.user("management"), world.school)
    assert client.get(url("trajectory_detail", world.trajectories["foreign"])).status_code == 404


def test_a_coordinator_of_two_schools_sees_it_only_in_its_own_school(world, login, own):
    client = login(world.user("coordinator"), world.second_school)
    assert client.get(url("trajectory_detail", own)).status_code == 404


def test_every_view_is_audited_off_every_schools_audit_page(world, login, filled):
    for role in ("coordinator", "teacher", "management"):
        login(world.user(role), world.school).get(url("trajectory_detail", filled))
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(filled.pk))
    assert sorted(e.user_repr for e in entries) == ["directeur-test", "ib-test", "juf-zes"]
    assert not entries.exclude(school_id=None).exists()
    assert "GEHEIM" not in " ".join(e.object_repr + e.detail + str(e.data) + e.description for e in entries)
    assert sorted(e.event for e in entries) == [
        "coaching.trajectory_existence_read",
        "coaching.trajectory_read",
        "coaching.trajectory_read",
    ]
    for role in ("coordinator", "admin"):
        log = text(login(world.user(role), world.school).get(reverse("audit_log")))
        assert "Coachingstraject" not in log and str(world.user("teacher")) not in log, role


# --- The teacher's own words --------------------------------------------------------------------------------------


def test_coachee_adds_a_learned_point_and_sees_it_in_the_list(world, coachee, own):
    today = timezone.localdate()
    page = text(coachee.get(url("reflection_create", own) + "?soort=learned"))
    assert "Wat ik geleerd heb" in page and today.strftime("%d-%m-%Y") in page
    response = coachee.post(
        url("reflection_create", own) + "?soort=learned",
        {"date": today.isoformat(), "text": "Een weekplanning geeft rust."},
    )
    assert response.status_code == 302 and response.url == url("trajectory_detail", own) + "#geleerd"
    reflection = Reflection.objects.get(trajectory=own)
    assert (reflection.kind, reflection.author) == (Reflection.Kind.LEARNED, world.user("teacher"))
    assert history.revisions(reflection).count() == 1
    assert AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(own.pk)).school_id is None
    detail = text(coachee.get(url("trajectory_detail", own)))
    learned = detail[detail.index('id="geleerd"') : detail.index('id="reflecties"')]
    assert "<li>Een weekplanning geeft rust." in learned


@pytest.mark.parametrize("soort", ["reflection", "", "iets-anders"])
def test_a_reflection_is_the_default_kind(world, coachee, own, soort):
    coachee.post(
        url("reflection_create", own) + f"?soort={soort}",
        {"date": timezone.localdate().isoformat(), "text": "Ik heb meer overzicht."},
    )
    assert Reflection.objects.get(trajectory=own).kind == Reflection.Kind.REFLECTION


def test_a_reflection_in_the_future_or_without_text_is_refused(world, coachee, own):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = text(coachee.post(url("reflection_create", own), {"date": tomorrow.isoformat(), "text": ""}))
    assert "Deze datum ligt in de toekomst." in page and "Dit veld is verplicht." in page
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "other_teacher", "management", "remedial", "admin"])
def test_only_the_coachee_writes_reflections(world, login, own, role):
    client = login(world.user(role), world.school)
    response = client.post(url("reflection_create", own), {"date": timezone.localdate().isoformat(), "text": "x"})
    assert response.status_code == 404
    assert not Reflection.objects.exists()


# --- The list -----------------------------------------------------------------------------------------------------


def listed(page):
    return re.findall(r'<th scope="row" class="fw-normal"><a href="/coaching/(\d+)/">', page)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("coordinator", ["own"]),
        ("teacher", ["own"]),
        ("other_coordinator", ["colleague"]),
        ("other_teacher", ["colleague"]),
    ],
)
def test_coach_and_coachee_see_their_own_trajectories(world, login, role, expected):
    page = text(login(world.user(role), world.school).get(LIST))
    assert listed(page) == [str(world.trajectories[key].pk) for key in expected]


@pytest.mark.parametrize("role", ["management", "bouw"])
def test_management_sees_every_trajectory_of_the_school_without_content(world, login, filled, role):
    page = text(login(world.user(role), world.school).get(LIST))
    assert set(listed(page)) == {str(world.trajectories[key].pk) for key in ("own", "colleague")}
    assert "Werken met een jaar- en weekplanning" in page and "mandaat van de directie" in page
    assert "GEHEIM" not in page


def test_only_a_coordinator_gets_the_start_button(world, login):
    assert CREATE in text(login(world.user("coordinator"), world.school).get(LIST))
    for role in ("teacher", "management", "remedial"):
        assert CREATE not in text(login(world.user(role), world.school).get(LIST)), role


def test_remedial_teacher_gets_an_empty_list_with_a_reason(world, login):
    page = text(login(world.user("remedial"), world.school).get(LIST))
    assert listed(page) == []
    assert "alleen zichtbaar voor de coach, de leerkracht zelf en de directie" in page


@pytest.mark.parametrize("user", ["admin", "nobody"])
def test_admin_and_users_without_a_school_get_a_404(world, login, user):
    client = login(world.user(user) if user != "nobody" else f.UserFactory(), world.school)
    assert client.get(LIST).status_code == 404


def test_anonymous_is_sent_to_the_login_page(db, client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/inloggen/" in response.url


# Session, user, memberships, the trajectories with their people; the idle clock saves the session (3).
LIST_BUDGET = 7


@pytest.mark.parametrize("role", ["management", "coordinator"])
def test_the_list_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries, role):
    client = login(world.user(role), world.school)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for n in range(25):
        teacher = f.MembershipFactory(school=world.school, role=Role.TEACHER).user
        f.TrajectoryFactory(
            school=world.school,
            coach=world.user("coordinator"),
            coachee=teacher,
            origin=Trajectory.Origin.MANAGEMENT_MANDATE,
            mandate_given_by=world.user("bouw" if n % 2 else "management"),
        )
    with django_assert_max_num_queries(LIST_BUDGET), CaptureQueriesContext(connection) as many:
        page = text(client.get(LIST))
    assert len(listed(page)) >= 26
    assert len(many) == len(few)
