"""Meetings and their actions: recording a meeting with its actions in one transaction,
changing it (add, change, delete actions), the list with its filter, the Acties page
(overdue first; the coordinator sees everyone's) and ticking an action off."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import history
from core.audit import describe
from core.models import AuditAction, AuditEntry, Revision
from groupplans import services
from groupplans.models import Action, Meeting
from schools.models import Role
from tests import factories as f

LIST = reverse("groupplans:meeting_list")
CREATE = reverse("groupplans:meeting_create")
ACTIONS = reverse("groupplans:action_list")
PREFIX = "acties"


def url(name, obj):
    return reverse(f"groupplans:{name}", args=[obj.pk])


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def management_form(total, initial=0):
    return {
        f"{PREFIX}-TOTAL_FORMS": str(total),
        f"{PREFIX}-INITIAL_FORMS": str(initial),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }


def meeting_data(world, rows=(), initial=0, **changes):
    data = {
        "kind": Meeting.Kind.GROUP,
        "date": "2026-11-20",
        "group": world.groups["six"].pk,
        "participants": [world.user("coordinator").pk, world.user("teacher").pk],
        "pupils": [world.pupils["six"].pk],
        "notes": "Spelling blijft achter bij drie leerlingen.",
        "decisions": "Verlengde instructie spelling vanaf volgende week.",
        **management_form(max(len(rows), 1), initial),
    }
    for index, row in enumerate(rows):
        data.update({f"{PREFIX}-{index}-{key}": value for key, value in row.items()})
    data.update(changes)
    return data


@pytest.fixture
def coordinator(world, login):
    return login(world.user("coordinator"), world.school)


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


# --- Recording a meeting --------------------------------------------------------------------------------------------


def test_the_create_form_offers_the_school_only(world, teacher):
    page = text(teacher.get(CREATE))
    assert world.pupils["six"].full_name in page and world.pupils["three"].full_name not in page  # her pupils
    assert world.pupils["foreign"].full_name not in page
    assert str(world.user("outsider")) not in page  # participants and owners: members of this school
    assert f'name="{PREFIX}-TOTAL_FORMS"' in page


@pytest.mark.parametrize("role", ["management", "bouw", "remedial", "admin"])
def test_only_coordinator_and_teacher_record_meetings(world, login, role):
    assert login(world.user(role), world.school).get(CREATE).status_code == 404


def test_a_meeting_with_actions_is_saved_with_history_and_audit(world, teacher):
    rows = [
        {"text": "Ouders uitnodigen", "owner": world.user("teacher").pk, "due_date": "2026-12-01"},
        {"text": "Toets afnemen", "owner": world.user("remedial").pk, "due_date": "2026-12-15"},
        {"text": "", "owner": "", "due_date": ""},  # an empty row is skipped
    ]
    response = teacher.post(CREATE, meeting_data(world, rows))
    meeting = Meeting.objects.exclude(pk__in=[m.pk for m in world.meetings.values()]).get()
    assert response.status_code == 302 and response.url == url("meeting_detail", meeting)
    assert meeting.school == world.school and meeting.created_by == world.user("teacher")
    assert set(meeting.participants.all()) == {world.user("coordinator"), world.user("teacher")}
    assert list(meeting.pupils.all()) == [world.pupils["six"]]
    actions = list(meeting.actions.order_by("due_date"))
    assert [(a.text, a.owner) for a in actions] == [
        ("Ouders uitnodigen", world.user("teacher")),
        ("Toets afnemen", world.user("remedial")),
    ]
    for obj in [meeting, *actions]:
        assert history.revisions(obj).get().action == AuditAction.CREATE
        assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(obj.pk), school_id=world.school.pk)


def test_an_invalid_action_row_saves_nothing(world, teacher):
    rows = [
        {"text": "Ouders uitnodigen", "owner": world.user("teacher").pk, "due_date": "2026-12-01"},
        {"text": "Zonder eigenaar en datum", "owner": "", "due_date": ""},
    ]
    before = Meeting.objects.count(), Action.objects.count(), Revision.objects.count(), AuditEntry.objects.count()
    page = text(teacher.post(CREATE, meeting_data(world, rows)))
    assert "is-invalid" in page and "Zonder eigenaar en datum" in page
    assert (Meeting.objects.count(), Action.objects.count(), Revision.objects.count(), AuditEntry.objects.count()) == (
        before
    )


def test_an_owner_from_another_school_is_refused(world, teacher):
    rows = [{"text": "Iets doen", "owner": world.user("outsider").pk, "due_date": "2026-12-01"}]
    page = text(teacher.post(CREATE, meeting_data(world, rows)))
    assert "Kies iemand van deze school." in page
    assert Meeting.objects.count() == len(world.meetings)


def test_meeting_and_actions_are_one_transaction(world, teacher, monkeypatch):
    """A failure while saving the actions leaves no meeting behind."""
    save = history.save

    def failing_save(obj, user):
        if isinstance(obj, Action):
            raise RuntimeError("database gone")
        return save(obj, user)

    monkeypatch.setattr(history, "save", failing_save)
    rows = [{"text": "Ouders uitnodigen", "owner": world.user("teacher").pk, "due_date": "2026-12-01"}]
    before = Meeting.objects.count(), Revision.objects.count(), AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        teacher.post(CREATE, meeting_data(world, rows))
    assert (Meeting.objects.count(), Revision.objects.count(), AuditEntry.objects.count()) == before


def test_a_teacher_cannot_discuss_pupils_or_groups_she_cannot_see(world, teacher):
    data = meeting_data(world, group=world.groups["three"].pk, pupils=[world.pupils["three"].pk])
    page = text(teacher.post(CREATE, data))
    assert page.count("is-invalid") >= 2
    assert Meeting.objects.count() == len(world.meetings)


# --- Changing a meeting ---------------------------------------------------------------------------------------------


def test_editing_adds_changes_and_deletes_actions(world, coordinator):
    meeting = world.meetings["six"]
    kept = world.actions["teacher"]
    gone = f.ActionFactory(meeting=meeting, owner=world.user("coordinator"), text="Weg ermee")
    page = text(coordinator.get(url("meeting_edit", meeting)))
    assert "Weg ermee" in page
    rows = [
        {
            "id": kept.pk,
            "text": "Toetsgegevens bespreken met de ouders",
            "owner": kept.owner_id,
            "due_date": "2026-12-02",
        },
        {"id": gone.pk, "text": gone.text, "owner": gone.owner_id, "due_date": "2026-11-01", "DELETE": "on"},
        {"text": "Nieuwe actie", "owner": world.user("remedial").pk, "due_date": "2026-12-10"},
    ]
    # Ticked off on the Acties page while the meeting page was open: changing its text keeps it done.
    services.mark_action_done(kept, world.user("teacher"))
    data = meeting_data(world, rows, initial=2, decisions="Nieuw besluit", version=meeting.version)
    response = coordinator.post(url("meeting_edit", meeting), data)
    assert response.status_code == 302, response.content.decode()
    kept.refresh_from_db()
    assert kept.done and kept.text == "Toetsgegevens bespreken met de ouders"
    meeting.refresh_from_db()
    assert meeting.decisions == "Nieuw besluit"
    assert sorted(meeting.actions.values_list("text", flat=True)) == [
        "Nieuwe actie",
        "Toetsgegevens bespreken met de ouders",
    ]
    assert not Action.objects.filter(pk=gone.pk).exists()
    assert history.revisions(meeting).last().action == AuditAction.CHANGE
    assert history.revisions(meeting).last().data["participants"]  # the m2m state is in the revision
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_id=str(gone.pk)).exists()
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE, object_id=str(meeting.pk)).exists()


def test_a_teacher_edits_only_the_meetings_she_recorded(world, teacher, login):
    assert teacher.get(url("meeting_edit", world.meetings["six"])).status_code == 404  # recorded by someone else
    own = f.MeetingFactory(school=world.school, group=world.groups["six"], created_by=world.user("teacher"))
    own.participants.add(world.user("teacher"))
    assert teacher.get(url("meeting_edit", own)).status_code == 200


# --- Reading meetings -----------------------------------------------------------------------------------------------


def test_detail_shows_the_meeting_and_links_only_readable_pupils(world, login):
    meeting = world.meetings["three"]
    meeting.pupils.add(world.pupils["three"], world.pupils["six"])
    page = text(login(world.user("remedial"), world.school).get(url("meeting_detail", meeting)))
    assert meeting.notes in page and world.actions["other_teacher"].text in page
    assert reverse("pupils:dossier", args=[world.pupils["three"].pk]) in page  # her assigned pupil
    assert world.pupils["six"].full_name in page
    assert reverse("pupils:dossier", args=[world.pupils["six"].pk]) not in page
    assert url("meeting_edit", meeting) not in page


def listed(page):
    return page.count('class="meeting-row"')


def test_the_list_is_newest_first_and_filters_by_kind(world, coordinator):
    older = f.MeetingFactory(school=world.school, kind=Meeting.Kind.CARE_TEAM, date=datetime.date(2026, 9, 1))
    newer = f.MeetingFactory(school=world.school, kind=Meeting.Kind.PUPIL, date=datetime.date(2026, 11, 20))
    page = text(coordinator.get(LIST))
    assert listed(page) == 4
    assert page.index(url("meeting_detail", newer)) < page.index(url("meeting_detail", world.meetings["six"]))
    assert page.index(url("meeting_detail", world.meetings["six"])) < page.index(url("meeting_detail", older))
    care_team = text(coordinator.get(LIST, {"soort": "care_team"}))
    assert listed(care_team) == 1 and url("meeting_detail", older) in care_team
    assert listed(text(coordinator.get(LIST, {"soort": "onzin"}))) == 4


def test_a_teacher_lists_her_meetings_only(world, teacher):
    page = text(teacher.get(LIST))
    assert url("meeting_detail", world.meetings["six"]) in page
    assert url("meeting_detail", world.meetings["three"]) not in page
    assert url("meeting_detail", world.meetings["foreign"]) not in page


# Session, user, memberships, the meetings with counts; the idle clock saves the session.
LIST_BUDGET = 7


def test_the_meeting_list_runs_a_fixed_number_of_queries(world, coordinator, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            meeting = f.MeetingFactory(
                school=world.school, group=world.groups["three"], created_by=world.user("teacher")
            )
            meeting.pupils.add(world.pupils["three"])
            meeting.participants.add(world.user("coordinator"))
            f.ActionFactory(meeting=meeting, owner=world.user("teacher"))

    add(5)
    coordinator.get(LIST)  # warm caches as a running server has
    with CaptureQueriesContext(connection) as few:
        assert listed(text(coordinator.get(LIST))) == 7
    add(20)
    with django_assert_max_num_queries(LIST_BUDGET), CaptureQueriesContext(connection) as many:
        assert listed(text(coordinator.get(LIST))) == 27
    assert len(many) == len(few)


# --- Acties ---------------------------------------------------------------------------------------------------------


def order_on(page):
    return [int(chunk.split('"')[0]) for chunk in page.split('data-action="')[1:]]


def test_own_actions_overdue_first_then_open_then_recently_done(world, teacher):
    meeting = world.meetings["six"]
    me = world.user("teacher")
    Action.objects.filter(pk=world.actions["teacher"].pk).update(due_date=days(30))
    later = f.ActionFactory(meeting=meeting, owner=me, due_date=days(3))
    overdue = f.ActionFactory(meeting=meeting, owner=me, due_date=days(-2), text="Te laat ingeleverd")
    very_overdue = f.ActionFactory(meeting=meeting, owner=me, due_date=days(-10))
    done = f.ActionFactory(meeting=meeting, owner=me, due_date=days(-20), done=True, done_at=timezone.now())
    f.ActionFactory(meeting=meeting, owner=me, done=True, done_at=timezone.now() - datetime.timedelta(days=60))
    f.ActionFactory(meeting=meeting, owner=world.user("coordinator"))  # not hers
    page = text(teacher.get(ACTIONS))
    assert order_on(page) == [very_overdue.pk, overdue.pk, later.pk, world.actions["teacher"].pk, done.pk]
    assert page.count("over tijd</strong>") == 2  # issue 12: the status in words, not only by colour
    assert '<th scope="col">Wie</th>' not in page and 'for="eigenaar"' not in page


def test_the_coordinator_sees_every_action_of_her_school_and_filters_on_owner(world, coordinator):
    page = text(coordinator.get(ACTIONS))
    assert set(order_on(page)) == {world.actions["teacher"].pk, world.actions["other_teacher"].pk}
    assert str(world.user("other_teacher")) in page and '<th scope="col">Wie</th>' in page
    mine = text(coordinator.get(ACTIONS, {"eigenaar": world.user("teacher").pk}))
    assert order_on(mine) == [world.actions["teacher"].pk]


def test_management_sees_only_her_own_actions(world, login):
    page = text(login(world.user("management"), world.school).get(ACTIONS))
    assert order_on(page) == []
    assert "Er staan geen acties open." in page


# Session, user, memberships, (coordinator: the owners to filter on), open actions, recently done,
# readable meetings; the idle clock saves the session (3).
ACTIONS_BUDGET = 10


@pytest.mark.parametrize("role", ["coordinator", "teacher"])
def test_the_action_list_runs_a_fixed_number_of_queries(world, login, role, django_assert_max_num_queries):
    client = login(world.user(role), world.school)

    def add(n):
        for i in range(n):
            meeting = f.MeetingFactory(school=world.school, group=world.groups["six"])
            f.ActionFactory(meeting=meeting, owner=world.user("teacher"), due_date=days(i - n // 2))
            f.ActionFactory(meeting=meeting, owner=world.user("teacher"), done=True, done_at=timezone.now())

    add(5)
    client.get(ACTIONS)
    with CaptureQueriesContext(connection) as few:
        text(client.get(ACTIONS))
    add(20)
    with django_assert_max_num_queries(ACTIONS_BUDGET), CaptureQueriesContext(connection) as many:
        page = text(client.get(ACTIONS))
    assert len(order_on(page)) >= 51
    assert len(many) == len(few)


def test_the_owner_ticks_an_action_off_and_on_again(world, teacher):
    action = world.actions["teacher"]
    page = text(teacher.get(ACTIONS))
    assert 'name="state" value="done"' in page
    response = teacher.post(url("action_toggle", action), {"state": "done"})
    assert response.status_code == 302 and response.url == ACTIONS
    action.refresh_from_db()
    assert action.done and action.done_at is not None
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, object_id=str(action.pk))
    assert entry.event == "groupplans.action_done" and describe(entry) == "Actie afgevinkt"
    assert history.revisions(action).count() == 1
    assert 'name="state" value="open"' in text(teacher.get(ACTIONS))
    response = teacher.post(url("action_toggle", action), {"state": "open", "next": LIST})
    assert response.status_code == 302 and response.url == LIST
    action.refresh_from_db()
    assert not action.done and action.done_at is None


def test_done_twice_is_done_once_and_says_who_did_it(world, teacher, login):
    action = world.actions["teacher"]
    coordinator = login(world.user("coordinator"), world.school)
    coordinator.post(url("action_toggle", action), {"state": "done"})
    teacher.force_login(world.user("teacher"))
    response = teacher.post(url("action_toggle", action), {"state": "done"}, follow=True)
    page = text(response)
    assert "was al afgevinkt, door" in page and str(world.user("coordinator")) in page
    assert "Er is niets veranderd" in page
    assert history.revisions(action).count() == 1
    assert AuditEntry.objects.filter(object_id=str(action.pk), event="groupplans.action_done").count() == 1


@pytest.mark.parametrize("data", [{}, {"state": "toggle"}, {"state": "²"}, {"state": "done", "next": "x" * 600}])
def test_a_state_that_is_not_done_or_open_changes_nothing(world, teacher, data):
    action = world.actions["teacher"]
    response = teacher.post(url("action_toggle", action), data)
    assert response.status_code == 302 and response.url == ACTIONS
    action.refresh_from_db()
    assert not action.done and not history.revisions(action).exists()


@pytest.mark.parametrize("next_url", ["https://elders.example/", "foo", "//elders.example/", "javascript:alert(1)"])
def test_an_unsafe_next_goes_to_the_list_and_the_action_is_done(world, teacher, next_url):
    response = teacher.post(url("action_toggle", world.actions["teacher"]), {"state": "done", "next": next_url})
    assert response.status_code == 302 and response.url == ACTIONS
    assert Action.objects.get(pk=world.actions["teacher"].pk).done


def test_the_coordinator_may_tick_off_anyones_action(world, coordinator):
    assert coordinator.post(url("action_toggle", world.actions["other_teacher"]), {"state": "done"}).status_code == 302
    assert Action.objects.get(pk=world.actions["other_teacher"].pk).done


def test_another_teacher_gets_a_404(world, login):
    other = login(world.user("other_teacher"), world.school)
    assert other.post(url("action_toggle", world.actions["teacher"])).status_code == 404
    assert not Action.objects.get(pk=world.actions["teacher"].pk).done


def test_toggle_is_post_only(world, teacher):
    assert teacher.get(url("action_toggle", world.actions["teacher"])).status_code == 405


def test_a_new_teacher_can_own_actions(world, coordinator):
    newcomer = f.MembershipFactory(school=world.school, role=Role.TEACHER).user
    page = text(coordinator.get(CREATE))
    assert str(newcomer) in page
