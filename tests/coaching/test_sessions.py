import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from coaching.forms import SessionForm
from coaching.models import (
    Agreement,
    ClassroomVisit,
    CoachRole,
    GoalOwner,
    Letter,
    Session,
    SolutionSource,
    coach_role,
)
from core.history import revisions
from core.models import AuditAction, AuditEntry
from tests import factories as f

D = datetime.date

ROLES = [
    (GoalOwner.COACHEE, SolutionSource.INTERNAL, CoachRole.HELPING, "helpen"),
    (GoalOwner.ORGANISATION, SolutionSource.INTERNAL, CoachRole.STEERING, "sturen"),
    (GoalOwner.COACHEE, SolutionSource.EXTERNAL, CoachRole.TRAINING, "trainen"),
    (GoalOwner.ORGANISATION, SolutionSource.EXTERNAL, CoachRole.INSTRUCTING, "instrueren"),
]


def session_data(follow_ups=(), agreements=(), **fields):
    """POST data of the session form: the session, up to three new agreements and the follow-up rows."""
    data = {
        "date": "2026-11-02",
        "notes": "Samen de weekplanning bekeken.",
        "goal_owner": GoalOwner.COACHEE,
        "solution_source": SolutionSource.INTERNAL,
        "scaling": "7",
        "one_point_higher": "Mijn planning staat op vrijdag klaar.",
        "compliments": "Je bereidt je lessen zorgvuldig voor.",
        "learning_moments": "Een weekplanning geeft rust.\nOpen vragen werken.",
        "version": "1",  # as loaded: a session made by the factory is at its first version
        "afspraken-TOTAL_FORMS": "3",
        "afspraken-INITIAL_FORMS": "0",
        "afspraken-MIN_NUM_FORMS": "0",
        "afspraken-MAX_NUM_FORMS": "20",
        "opvolging-TOTAL_FORMS": str(len(follow_ups)),
        "opvolging-INITIAL_FORMS": str(len(follow_ups)),
        "opvolging-MIN_NUM_FORMS": "0",
        "opvolging-MAX_NUM_FORMS": "200",
    }
    for index in range(3):
        data[f"afspraken-{index}-owner"] = Agreement.Owner.COACHEE
    for index, (text, owner, due) in enumerate(agreements):
        data.update(
            {f"afspraken-{index}-text": text, f"afspraken-{index}-owner": owner, f"afspraken-{index}-due_date": due}
        )
    for index, (agreement_id, follow_up) in enumerate(follow_ups):
        # What the page showed: the agreement as it is stored now (an unknown id: as if it were open).
        known = str(agreement_id).isascii() and str(agreement_id).isdigit() and len(str(agreement_id)) < 19
        shown = Agreement.objects.filter(pk=agreement_id).first() if known else None
        data.update(
            {
                f"opvolging-{index}-agreement": str(agreement_id),
                f"opvolging-{index}-follow_up": follow_up,
                f"opvolging-{index}-seen": shown.follow_up if shown else Agreement.FollowUp.OPEN,
                f"opvolging-{index}-version": str(shown.version if shown else 1),
            }
        )
    data.update(fields)
    return data


@pytest.fixture
def trajectory(world):
    return world.trajectories["own"]


@pytest.fixture
def coach(world, login):
    return login(world.user("coordinator"), world.school)


def create_url(trajectory):
    return reverse("coaching:session_create", args=[trajectory.pk])


def errors_of(response):
    return response.context["form"].errors


# --- 4SFC ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("owner,source,role,name", ROLES)
def test_coach_role_of_each_combination(owner, source, role, name):
    assert coach_role(owner, source) == role
    assert str(role.label) == name


@pytest.mark.parametrize("owner,source,role,name", ROLES)
def test_the_form_names_the_role_after_saving(coach, trajectory, owner, source, role, name):
    response = coach.post(create_url(trajectory), session_data(goal_owner=owner, solution_source=source))
    session = Session.objects.get(trajectory=trajectory)
    assert response.status_code == 302
    assert response.url == reverse("coaching:trajectory_detail", args=[trajectory.pk]) + f"#gesprek-{session.pk}"
    assert session.role == role
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Het gesprek is opgeslagen. Jouw rol in dit gesprek: {name}."
    ]
    page = coach.get(reverse("coaching:session_edit", args=[session.pk]))
    assert f'data-role="{role.value}">{name}</span>' in page.content.decode()


def test_the_form_explains_the_two_questions(coach, trajectory):
    page = coach.get(create_url(trajectory)).content.decode()
    assert "Wiens doelen staan centraal?" in page
    assert "Waar komen de oplossingen vandaan?" in page
    assert "van jou als expert, uit theorie of een methode" in page
    for _owner, _source, _role, name in ROLES:
        assert f"<td>{name}</td>" in page
    assert "---------" not in page  # radio buttons without an empty choice


def test_a_new_session_starts_today():
    assert SessionForm().initial["date"] == timezone.localdate()


# --- Scaling ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["-1", "11"])
def test_scaling_out_of_range_is_refused_and_nothing_is_saved(coach, trajectory, value):
    response = coach.post(
        create_url(trajectory), session_data(scaling=value, agreements=[("Iets afspreken", "coachee", "")])
    )
    assert response.status_code == 200
    assert errors_of(response)["scaling"] == ["Kies een cijfer van 0 tot en met 10."]
    assert "Kies een cijfer van 0 tot en met 10." in response.content.decode()
    assert not Session.objects.exists() and not Agreement.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("value", ["0", "10", ""])
def test_scaling_accepts_the_ends_of_the_scale_and_no_answer(coach, trajectory, value):
    response = coach.post(create_url(trajectory), session_data(scaling=value))
    assert response.status_code == 302
    assert Session.objects.get().scaling == (int(value) if value else None)


def test_an_empty_post_is_refused(coach, trajectory):
    response = coach.post(create_url(trajectory), {})
    assert response.status_code == 200
    assert not Session.objects.exists()


# --- Agreements ---------------------------------------------------------------------------------------------------


def test_new_agreements_are_saved_with_the_session(coach, trajectory, world):
    response = coach.post(
        create_url(trajectory),
        session_data(
            agreements=[
                ("Weekplanning maken voor volgende week.", Agreement.Owner.COACHEE, "2026-11-09"),
                ("Voorbeeld van een jaarplanning meenemen.", Agreement.Owner.COACH, ""),
            ]
        ),
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.learning_moment_list == ["Een weekplanning geeft rust.", "Open vragen werken."]
    assert [(a.text, a.owner, a.due_date, a.trajectory_id, a.follow_up) for a in session.agreements.all()] == [
        ("Weekplanning maken voor volgende week.", "coachee", D(2026, 11, 9), trajectory.pk, "open"),
        ("Voorbeeld van een jaarplanning meenemen.", "coach", None, trajectory.pk, "open"),
    ]
    # Saved with history: one revision each, by the coach.
    for obj in [session, *session.agreements.all()]:
        assert [(r.action, r.user) for r in revisions(obj)] == [(AuditAction.CREATE, world.user("coordinator"))]


def test_an_agreement_due_before_its_session_is_refused(coach, trajectory):
    response = coach.post(create_url(trajectory), session_data(agreements=[("Te vroeg", "coachee", "2026-10-01")]))
    assert response.status_code == 200
    assert "Deze datum ligt vóór het gesprek waarin je de afspraak maakt." in response.content.decode()
    assert not Session.objects.exists()


def test_an_agreement_row_without_text_is_refused(coach, trajectory):
    data = session_data()
    data["afspraken-0-due_date"] = "2026-11-20"
    response = coach.post(create_url(trajectory), data)
    assert response.status_code == 200
    assert not Session.objects.exists()


def test_the_follow_up_of_an_earlier_agreement_is_recorded_in_this_session(coach, trajectory, world):
    earlier = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1))
    kept = f.AgreementFactory(session=earlier, text="Weekplanning maken.")
    still_open = f.AgreementFactory(session=earlier, text="Jaarplanning rekenen maken.")
    page = coach.get(create_url(trajectory)).content.decode()
    assert "Weekplanning maken." in page and "Jaarplanning rekenen maken." in page

    response = coach.post(
        create_url(trajectory),
        session_data(follow_ups=[(kept.pk, Agreement.FollowUp.LATE), (still_open.pk, Agreement.FollowUp.OPEN)]),
    )
    assert response.status_code == 302
    session = Session.objects.exclude(pk=earlier.pk).get()
    kept.refresh_from_db()
    still_open.refresh_from_db()
    assert (kept.follow_up, kept.checked_in) == (Agreement.FollowUp.LATE, session)
    assert (still_open.follow_up, still_open.checked_in) == (Agreement.FollowUp.OPEN, None)
    assert [r.action for r in revisions(kept)] == [AuditAction.CHANGE]
    assert not revisions(still_open).exists()  # untouched: no revision
    entry = AuditEntry.objects.get()
    assert (entry.event, entry.data) == ("coaching.session_recorded", {"new": 0, "checked": 1})
    assert entry.description == "Coachingsgesprek vastgelegd: 0 nieuwe afspraken, 1 afspraak opgevolgd"

    # Kept agreements are no longer offered in the next session.
    page = coach.get(create_url(trajectory)).content.decode()
    assert "Weekplanning maken." not in page and "Jaarplanning rekenen maken." in page


def test_a_follow_up_of_a_foreign_agreement_is_refused(coach, trajectory, world):
    foreign = f.AgreementFactory(session=f.SessionFactory(trajectory=world.trajectories["colleague"]))
    response = coach.post(create_url(trajectory), session_data(follow_ups=[(foreign.pk, Agreement.FollowUp.KEPT)]))
    assert response.status_code == 200
    assert "Deze afspraak hoort niet bij dit traject of is al eerder besproken." in response.content.decode()
    foreign.refresh_from_db()
    assert (foreign.follow_up, foreign.checked_in) == (Agreement.FollowUp.OPEN, None)
    assert Session.objects.filter(trajectory=trajectory).count() == 0


@pytest.mark.parametrize("bad_id", ["999999", "niet-een-getal", ""])
def test_a_follow_up_of_an_unknown_agreement_is_refused(coach, trajectory, bad_id):
    data = session_data(follow_ups=[(bad_id, Agreement.FollowUp.KEPT)])
    response = coach.post(create_url(trajectory), data)
    assert response.status_code == 200
    assert not Session.objects.exists()


def test_a_follow_up_of_an_agreement_whose_session_is_in_another_trajectory_is_refused(coach, trajectory, world):
    # Inconsistent data (an agreement of this trajectory on another trajectory's session) is never followed up.
    other_session = f.SessionFactory(trajectory=world.trajectories["colleague"])
    mixed = f.AgreementFactory(session=other_session, trajectory=trajectory)
    response = coach.post(create_url(trajectory), session_data(follow_ups=[(mixed.pk, Agreement.FollowUp.KEPT)]))
    assert response.status_code == 200
    assert "Deze afspraak hoort niet bij dit traject" in response.content.decode()
    mixed.refresh_from_db()
    assert mixed.checked_in is None


def test_a_follow_up_of_an_agreement_already_checked_elsewhere_is_refused(coach, trajectory):
    first = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1))
    second = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 8))
    agreement = f.AgreementFactory(session=first, follow_up=Agreement.FollowUp.KEPT, checked_in=second)
    response = coach.post(
        create_url(trajectory), session_data(follow_ups=[(agreement.pk, Agreement.FollowUp.NOT_KEPT)])
    )
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert (agreement.follow_up, agreement.checked_in) == (Agreement.FollowUp.KEPT, second)


def test_the_same_agreement_twice_is_refused(coach, trajectory):
    agreement = f.AgreementFactory(session=f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1)))
    data = session_data(follow_ups=[(agreement.pk, "kept"), (agreement.pk, "not_kept")])
    response = coach.post(create_url(trajectory), data)
    assert response.status_code == 200
    assert "Dezelfde afspraak staat twee keer in het formulier." in response.content.decode()
    assert Session.objects.count() == 1


# --- Editing ------------------------------------------------------------------------------------------------------


def test_editing_a_session_changes_it_and_keeps_its_follow_ups(coach, trajectory, world):
    first = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1))
    agreement = f.AgreementFactory(session=first, text="Weekplanning maken.")
    second = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 8))
    later = f.AgreementFactory(session=f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 15)), text="Later")
    agreement.follow_up, agreement.checked_in = Agreement.FollowUp.KEPT, second
    agreement.save()
    url = reverse("coaching:session_edit", args=[second.pk])

    page = coach.get(url)
    rows = page.context["follow_up_rows"]
    assert [a for _form, a in rows] == [agreement]  # checked here; a later session's agreement is not offered
    assert later not in [a for _form, a in rows]

    response = coach.post(
        url,
        session_data(
            date="2026-10-08",
            scaling="8",
            goal_owner=GoalOwner.ORGANISATION,
            solution_source=SolutionSource.EXTERNAL,
            follow_ups=[(agreement.pk, Agreement.FollowUp.OPEN)],
            agreements=[("Nieuwe afspraak", "both", "")],
        ),
    )
    assert response.status_code == 302
    second.refresh_from_db()
    agreement.refresh_from_db()
    assert (second.scaling, second.role) == (8, CoachRole.INSTRUCTING)
    assert (agreement.follow_up, agreement.checked_in) == (Agreement.FollowUp.OPEN, None)
    assert second.agreements.get().text == "Nieuwe afspraak"
    assert [r.action for r in revisions(second)] == [AuditAction.CHANGE]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.school_id) == (AuditAction.CHANGE, str(second.pk), None)


def test_a_session_of_another_trajectory_cannot_be_edited(coach, world):
    foreign = f.SessionFactory(trajectory=world.trajectories["colleague"])
    url = reverse("coaching:session_edit", args=[foreign.pk])
    assert coach.get(url).status_code == 404
    assert coach.post(url, session_data(scaling="2")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.scaling == 7


# --- Audit --------------------------------------------------------------------------------------------------------


def test_audit_entries_stay_off_every_school_page(coach, trajectory, world):
    coach.post(create_url(trajectory), session_data(agreements=[("Iets", "coachee", "")]))
    entry = AuditEntry.objects.get()
    session = Session.objects.get()
    assert (entry.action, entry.object_id, entry.school_id) == (AuditAction.CREATE, str(session.pk), None)
    assert entry.user_repr == "ib-test"
    assert entry.object_repr == "Coachingsgesprek"  # names, never content
    assert (entry.event, entry.data, entry.detail) == ("coaching.session_recorded", {"new": 1, "checked": 0}, "")
    assert entry.description == "Coachingsgesprek vastgelegd: 1 nieuwe afspraak, 0 afspraken opgevolgd"


# --- Classroom visits ---------------------------------------------------------------------------------------------


def test_the_coach_records_a_classroom_visit(coach, trajectory, world):
    url = reverse("coaching:visit_create", args=[trajectory.pk])
    page = coach.get(url)
    assert page.status_code == 200 and "Klassenbezoek vastleggen" in page.content.decode()
    response = coach.post(
        url,
        {
            "date": "2026-11-03",
            "focus": ClassroomVisit.Focus.CLASSROOM_MANAGEMENT,
            "observations": "Lange klassikale instructie; een deel van de groep haakt af.",
            "feedback": "Probeer een groepje aan de instructietafel.",
        },
    )
    visit = ClassroomVisit.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#bezoek-{visit.pk}")
    assert (visit.trajectory, visit.focus, visit.date) == (trajectory, "classroom_management", D(2026, 11, 3))
    assert revisions(visit).count() == 1
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.school_id) == (AuditAction.CREATE, None)


def test_a_visit_without_observations_is_refused(coach, trajectory):
    url = reverse("coaching:visit_create", args=[trajectory.pk])
    response = coach.post(url, {"date": "2026-11-03", "focus": "instruction", "observations": ""})
    assert response.status_code == 200
    assert not ClassroomVisit.objects.exists()


# --- Access -------------------------------------------------------------------------------------------------------


def urls(world):
    """Every URL of this module for the world's own trajectory: (name, url, for the coachee too)."""
    trajectory = world.trajectories["own"]
    session = f.SessionFactory(trajectory=trajectory)
    letter = Letter.objects.create(
        trajectory=trajectory,
        date=D(2026, 10, 1),
        compliments="c",
        view_of_situation="v",
        perceived_need="n",
        coach_role="r",
        offer="o",
    )
    return [
        (reverse("coaching:session_create", args=[trajectory.pk]), False),
        (reverse("coaching:session_edit", args=[session.pk]), False),
        (reverse("coaching:visit_create", args=[trajectory.pk]), False),
        (reverse("coaching:letter_create", args=[trajectory.pk]), False),
        (reverse("coaching:trajectory_pdf", args=[trajectory.pk]), True),
        (reverse("coaching:letter_pdf", args=[letter.pk]), True),
    ]


@pytest.mark.parametrize("role", ["management", "other_coordinator", "remedial", "admin", "bouw", "other_teacher"])
def test_nobody_else_reaches_any_of_these_pages(world, login, role):
    client = login(world.user(role), world.school)
    before = (Session.objects.count(), Agreement.objects.count(), AuditEntry.objects.count())
    for url, _coachee_too in urls(world):
        assert client.get(url).status_code == 404, url
        assert client.post(url, session_data()).status_code == 404, url
    assert (Session.objects.count(), Agreement.objects.count(), AuditEntry.objects.count()) == (
        before[0] + 1,  # the session urls() made
        before[1],
        before[2],
    )


def test_the_coachee_reads_the_pdfs_but_writes_nothing(world, login):
    client = login(world.user("teacher"), world.school)
    for url, coachee_too in urls(world):
        assert client.get(url).status_code == (200 if coachee_too else 404), url
        if not coachee_too:
            assert client.post(url, session_data()).status_code == 404, url
    assert Session.objects.count() == 1  # only the one urls() made
    assert set(AuditEntry.objects.values_list("action", "school_id")) == {(AuditAction.EXPORT, None)}


def test_anonymous_users_are_sent_to_the_login_page(world, client):
    for url, _coachee_too in urls(world):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


# --- Two tabs -----------------------------------------------------------------------------------------------------


def test_session_notes_saved_in_two_tabs_are_not_lost(coach, trajectory):
    session = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1), notes="Zoals geladen.")
    url = reverse("coaching:session_edit", args=[session.pk])
    stale = session_data(date="2026-10-01", notes="TWEEDE-TABBLAD aantekeningen")
    assert coach.post(url, session_data(date="2026-10-01", notes="EERSTE-TABBLAD aantekeningen")).status_code == 302

    response = coach.post(url, stale)
    assert response.status_code == 200
    page = response.content.decode()
    session.refresh_from_db()
    assert (session.notes, session.version) == ("EERSTE-TABBLAD aantekeningen", 2)
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert "TWEEDE-TABBLAD aantekeningen</textarea>" in page  # what she typed stays in the form
    conflict = page[page.index('id="conflict"') :].split("</div>")[0]
    assert "EERSTE-TABBLAD aantekeningen" in conflict  # beside what is stored now
    assert 'name="version" value="2"' in page

    # Having compared, saving again deliberately replaces the other tab's notes.
    assert coach.post(url, {**stale, "version": "2"}).status_code == 302
    session.refresh_from_db()
    assert (session.notes, session.version) == ("TWEEDE-TABBLAD aantekeningen", 3)


def test_a_stale_follow_up_is_refused_and_shows_how_the_agreement_stands_now(coach, trajectory):
    earlier = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1))
    agreement = f.AgreementFactory(session=earlier, text="Weekplanning maken.")
    stale = session_data(date="2026-10-15", follow_ups=[(agreement.pk, Agreement.FollowUp.KEPT)])
    other_tab = session_data(date="2026-10-08", follow_ups=[(agreement.pk, Agreement.FollowUp.NOT_KEPT)])
    assert coach.post(create_url(trajectory), other_tab).status_code == 302
    checked_in = Session.objects.get(date=D(2026, 10, 8))

    response = coach.post(create_url(trajectory), stale)
    assert response.status_code == 200
    page = response.content.decode()
    agreement.refresh_from_db()
    assert (agreement.follow_up, agreement.checked_in) == (Agreement.FollowUp.NOT_KEPT, checked_in)
    assert Session.objects.count() == 2  # the stale session was not recorded
    conflict = page[page.index('id="conflict"') :].split("</div>")[0]
    assert "Afspraak “Weekplanning maken.”" in conflict
    assert "niet nagekomen (besproken in het gesprek van 08-10-2026)" in conflict
    assert 'value="kept" selected' in page  # her choice stays in its row


def test_a_follow_up_left_as_it_was_does_not_block_the_save(coach, trajectory):
    earlier = f.SessionFactory(trajectory=trajectory, date=D(2026, 10, 1))
    agreement = f.AgreementFactory(session=earlier, text="Weekplanning maken.")
    stale = session_data(date="2026-10-15", follow_ups=[(agreement.pk, Agreement.FollowUp.OPEN)])
    Agreement.objects.filter(pk=agreement.pk).update(follow_up=Agreement.FollowUp.KEPT, version=2)

    assert coach.post(create_url(trajectory), stale).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.follow_up, agreement.version) == (Agreement.FollowUp.KEPT, 2)
