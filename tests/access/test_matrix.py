"""The access matrix: every URL pattern x every role x in/out of scope -> status.

A new URL without a row here fails ``test_every_url_pattern_has_a_row``. Admin
(beheer) patterns have their rows in ``admin_matrix.py``. Out of scope must be
a 404 (never a 403, which would tell that the object exists).
"""

import pytest
from django.urls import reverse

from pupils.models import ImportBatch
from tests import factories as f

from .admin_matrix import admin_expectations
from .urls import all_patterns

ROLES = ("coordinator", "teacher", "management", "bouw", "remedial", "admin", "anonymous")
SIGNED_IN = ROLES[:-1]


def same(status_signed_in, status_anonymous=302):
    """The same status in and out of scope (pages without an object)."""
    row = {role: (status_signed_in, status_signed_in) for role in SIGNED_IN}
    row["anonymous"] = (status_anonymous, status_anonymous)
    return row


# Which group, and which pupil of that group, each role can see (in) and cannot see (out).
# The world's groups and pupils share keys ("six" is Sam Zes in group 6): see tests/world.py.
SCOPE = {
    "coordinator": ("six", "foreign"),
    "teacher": ("six", "three"),
    "management": ("three", "foreign"),
    "bouw": ("six", "three"),
    "remedial": ("three", "six"),
    "admin": ("six", "foreign"),
    "anonymous": ("six", "foreign"),
}


def scoped_key(role, scope):
    return SCOPE[role][0 if scope == "in" else 1]


def group_kwargs(world, role, scope):
    return {"pk": world.groups[scoped_key(role, scope)].pk}


def pupil_kwargs(world, role, scope):
    return {"pk": world.pupils[scoped_key(role, scope)].pk}


def need_kwargs(world, role, scope):
    pupil = world.pupils[scoped_key(role, scope)]
    return {"pk": f.NeedFactory(pupil=pupil).pk}


def import_kwargs(world, role, scope):
    # In scope: the user's own pending upload; out of scope: someone else's.
    owner = world.user(role) if scope == "in" and role != "anonymous" else world.user("outsider")
    school = world.school if scope == "in" else world.foreign_school
    kind = ImportBatch.Kind.PUPILS if role == "admin" else ImportBatch.Kind.RESULTS
    batch = ImportBatch.objects.create(school=school, user=owner, kind=kind, filename="x.csv", content="")
    return {"pk": batch.pk}


READERS = {role: (200, 404) for role in ("coordinator", "teacher", "management", "bouw", "remedial")}
EDITORS = {"coordinator": (200, 404), "teacher": (200, 404), "remedial": (200, 404)}
NOBODY_ELSE = {role: (404, 404) for role in SIGNED_IN}


def pupil_row(allowed, make_kwargs=pupil_kwargs):
    return ("get", make_kwargs, None, {**NOBODY_ELSE, **allowed, "anonymous": (302, 302)})


# Coaching: "own" is ib-test coaching juf-zes (mandate of the director); "colleague" is another
# coordinator's trajectory in the same school; "foreign" is in another school.
def trajectory(world, role, scope):
    if scope == "in":
        return world.trajectories["own"]
    return world.trajectories["foreign" if role in ("management", "bouw") else "colleague"]


def trajectory_kwargs(world, role, scope):
    return {"pk": trajectory(world, role, scope).pk}


def session_kwargs(world, role, scope):
    return {"pk": f.SessionFactory(trajectory=trajectory(world, role, scope)).pk}


def letter_kwargs(world, role, scope):
    from coaching.models import Letter

    letter = Letter.objects.create(
        trajectory=trajectory(world, role, scope),
        date="2026-10-01",
        compliments="c",
        view_of_situation="v",
        perceived_need="n",
        coach_role="r",
        offer="o",
    )
    return {"pk": letter.pk}


def assessment_kwargs(world, role, scope):
    from coaching.models import RelationshipAssessment

    assessment = RelationshipAssessment.objects.create(
        trajectory=trajectory(world, role, scope), date="2026-10-01", is_problem=True, asks_for_help=False
    )
    return {"pk": assessment.pk}


def plan_kwargs(world, role, scope):
    return {"pk": world.plans[scoped_key(role, scope)].pk}


def phase_kwargs(world, role, scope):
    return {**plan_kwargs(world, role, scope), "phase": "observe"}


def instruction_group_kwargs(world, role, scope):
    return {"pk": world.instruction_groups[scoped_key(role, scope)].pk}


def goal_kwargs(world, role, scope):
    from pupils.models import ScaleLevel

    group = world.instruction_groups[scoped_key(role, scope)]
    goal = group.goals.create(
        what="Werkwoordspelling",
        instrument=f.instrument("lvs-spelling"),
        target_level=ScaleLevel.objects.get(scale__code="i-v", code="III"),
        date="2027-01-20",
    )
    return {"pk": goal.pk}


def individual_plan_kwargs(world, role, scope):
    return {"pk": world.individual_plans[scoped_key(role, scope)].pk}


def individual_goal_kwargs(world, role, scope):
    plan = world.individual_plans[scoped_key(role, scope)]
    goal = plan.goals.create(
        what="Werkwoordspelling", instrument=f.instrument("lvs-spelling"), target_score=150, date="2027-01-20"
    )
    return {"pk": goal.pk}


MEETING_SCOPE = {
    "coordinator": ("six", "foreign"),
    "teacher": ("six", "three"),
    "management": ("three", "foreign"),
    "bouw": ("six", "foreign"),
    "remedial": ("three", "six"),
    "admin": ("six", "foreign"),
    "anonymous": ("six", "foreign"),
}


def meeting_kwargs(world, role, scope):
    return {"pk": world.meetings[MEETING_SCOPE[role][0 if scope == "in" else 1]].pk}


def action_kwargs(world, role, scope):
    key = {"in": "teacher", "out": "other_teacher" if role == "teacher" else "foreign"}[scope]
    return {"pk": world.actions[key].pk}


# Reports: the directie and the coordinator read and write the school's half-yearly reports; a
# bouwcoördinator those of her bouw (in: a report of groups 5-8; out: the whole school's); a teacher sees
# the live figures of her own groups only; remedial and admin nothing.
def report_kwargs(world, role, scope):
    from reports.models import HalfYearReport

    school = world.school if scope == "in" else world.foreign_school
    low, high = (5, 8) if role == "bouw" and scope == "in" else (1, 8)
    year = school.school_years.order_by("-start_date").first()
    report, _created = HalfYearReport.objects.get_or_create(
        school=school, school_year=year, half=1, bouw_low=low, bouw_high=high
    )
    return {"pk": report.pk}


def report_text_kwargs(world, role, scope):
    from reports.models import ReportText

    kwargs = report_kwargs(world, role, scope)
    ReportText.objects.get_or_create(report_id=kwargs["pk"], section="care")
    return {**kwargs, "section": "care"}


def finalize_data(world, role, scope):
    from reports.models import HalfYearReport

    return {"version": HalfYearReport.objects.get(pk=report_kwargs(world, role, scope)["pk"]).version}


REPORT_READERS = {"coordinator": (200, 404), "management": (200, 404), "bouw": (200, 404)}
REPORT_WRITERS_POST = {"coordinator": (302, 404), "management": (302, 404), "bouw": (302, 404)}

PLAN_EDITORS = {"coordinator": (200, 404), "teacher": (200, 404)}
PLAN_EDITORS_POST = {"coordinator": (302, 404), "teacher": (302, 404)}
ALL_BUT_ADMIN = {**same(200), "admin": (404, 404)}


COACH = {"coordinator": (200, 404)}
COACH_AND_COACHEE = {"coordinator": (200, 404), "teacher": (200, 404)}


def school_choice(world, role, scope):
    # Switching to a school one works at is allowed; to any other, a 404.
    return {"school": world.school.pk if scope == "in" else world.foreign_school.pk}


def conversation_kwargs(world, role, scope):
    return {"pk": world.conversations[scoped_key(role, scope)].pk}


def round_kwargs(world, role, scope):
    return {"pk": world.rounds[scoped_key(role, scope)].pk}


# Step notes: the staff who took part and the coordinator (the world's remedial teacher takes part in
# group 3's conversation, the teacher in group 6's); management reads outcomes but no notes.
NOTE_READERS = {"coordinator": (200, 404), "teacher": (200, 404), "remedial": (200, 404)}
ROUND_READERS = {**READERS}
ROUND_EDITORS = PLAN_EDITORS


# Issue 12: the previous plan ("plan van de vorige periode") of the plan in or out of the role's scope. For
# group 6 it is last year's group 5 plan, which placed Sam Zes, who moved up: the teacher of group 6 reads it
# (read only) though she does not teach last year's group; the others follow the plan rules as they were.


def previous_plan_kwargs(world, role, scope, phase=None):
    from groupplans.models import Phase

    key = scoped_key(role, scope)
    plan, pupil = world.plans[key], world.pupils[key]
    if key == "six":
        group = world.groups["last_year_five"]
    elif key == "three":  # last year's group 2
        year = world.groups["last_year_five"].school_year
        group = f.GroupFactory(school_year=year, name="Groep 2", year_level_low=2, year_level_high=2)
        f.EnrolmentFactory(pupil=pupil, group=group)
    else:  # abroad: an earlier period of the same group
        group = world.groups[key]
    previous = f.GroupPlanFactory(group=group, phase=Phase.DONE)
    f.InstructionGroupFactory(plan=previous).placements.create(plan=previous, pupil=pupil)
    plan.previous = previous
    plan.save()
    return {"pk": previous.pk, **({"phase": phase} if phase else {})}


def previous_phase_kwargs(world, role, scope):
    return previous_plan_kwargs(world, role, scope, phase="evaluate")


# Issue 13: erasure on request is for the coordinator of the pupil's school only (admin too gets a 404).
ERASERS = {"coordinator": (200, 404)}
ERASERS_POST = {**NOBODY_ELSE, "coordinator": (302, 404), "anonymous": (302, 302)}


def erase_record_kwargs(world, role, scope):
    pupil = world.pupils[scoped_key(role, scope)]
    return {"pk": pupil.pk, "kind": "pupils-observation", "record": f.ObservationFactory(pupil=pupil).pk}


def erase_pupil_data(world, role, scope):
    return {"name": world.pupils[scoped_key(role, scope)].full_name, "reason": "Op verzoek van de ouders"}


def erase_record_data(world, role, scope):
    from pupils.models import Observation

    observation = Observation.objects.filter(pupil=world.pupils[scoped_key(role, scope)]).latest("pk")
    return {"record": observation.pk, "reason": "Onjuist genoteerd"}


# name -> (method, kwargs(world, role, scope) | None, data(world, role, scope) | None, statuses)
MATRIX = {
    "home": ("get", None, None, same(200)),
    "switch_school": ("post", None, school_choice, {**{r: (302, 404) for r in SIGNED_IN}, "anonymous": (302, 302)}),
    "group_list": ("get", None, None, same(200)),
    "group_detail": (
        "get",
        group_kwargs,
        None,
        {**{role: (200, 404) for role in SIGNED_IN}, "anonymous": (302, 302)},
    ),
    "audit_log": (
        "get",
        None,
        None,
        {**same(404), "coordinator": (200, 200), "admin": (200, 200)},
    ),
    # Authentication pages: a signed-in user is sent on from the login page.
    "login": ("get", None, None, same(302, 200)),
    "login_code": ("get", None, None, same(302, 302)),
    "logout": ("post", None, None, same(302)),
    "password_change": ("get", None, None, same(200)),
    "password_change_done": ("get", None, None, same(200)),
    "password_reset": ("get", None, None, same(200, 200)),
    "password_reset_done": ("get", None, None, same(200, 200)),
    "password_reset_confirm": (
        "get",
        lambda w, r, s: {"uidb64": "MQ", "token": "ongeldig-token"},
        None,
        same(200, 200),
    ),
    "password_reset_complete": ("get", None, None, same(200, 200)),
    "two_factor_setup": ("get", None, None, same(200)),
    "two_factor_disable": ("post", None, None, same(302)),
    "set_language": ("post", None, lambda w, r, s: {"language": "en", "next": "/"}, same(302, 302)),
    # issue 13: the proxy's health probe answers everyone alike and takes no posts.
    "health": ("get", None, None, same(200, 200)),
    "health#post": ("post", None, None, same(405, 405)),
    # Pupils: reading is for every care role, adding for coordinator, teacher and remedial; admin sees none.
    "pupils:pupil_list": ("get", None, None, {**same(200), "admin": (404, 404)}),
    "pupils:dossier": pupil_row(READERS),
    "pupils:dossier_pdf": pupil_row(READERS),
    "pupils:dossier_json": pupil_row(READERS),
    "pupils:history": pupil_row(READERS),
    "pupils:observation_create": pupil_row(EDITORS),
    "pupils:factor_create": pupil_row(EDITORS),
    "pupils:need_create": pupil_row(EDITORS),
    "pupils:need_update": pupil_row(EDITORS, need_kwargs),
    "pupils:care_level": pupil_row(EDITORS),
    "pupils:advice": pupil_row(EDITORS),
    "pupils:assessment_create": pupil_row(EDITORS),
    "pupils:group_overview": pupil_row(READERS, group_kwargs),
    "pupils:import_upload": ("get", None, None, {**same(404), "coordinator": (200, 200), "admin": (200, 200)}),
    "pupils:import_preview": pupil_row({"coordinator": (200, 404), "admin": (200, 404)}, import_kwargs),
    # Coaching: content for coach and coachee only; management sees that a trajectory exists.
    "coaching:trajectory_list": ("get", None, None, {**same(200), "admin": (404, 404)}),
    "coaching:trajectory_create": ("get", None, None, {**same(404), "coordinator": (200, 200)}),
    "coaching:trajectory_detail": pupil_row(
        {**COACH_AND_COACHEE, "management": (200, 404), "bouw": (200, 404)}, trajectory_kwargs
    ),
    "coaching:trajectory_edit": pupil_row(COACH, trajectory_kwargs),
    "coaching:assessment_create": pupil_row(COACH, trajectory_kwargs),
    "coaching:session_create": pupil_row(COACH, trajectory_kwargs),
    "coaching:visit_create": pupil_row(COACH, trajectory_kwargs),
    "coaching:letter_create": pupil_row(COACH, trajectory_kwargs),
    "coaching:reflection_create": pupil_row({"teacher": (200, 404)}, trajectory_kwargs),
    "coaching:trajectory_pdf": pupil_row(COACH_AND_COACHEE, trajectory_kwargs),
    "coaching:session_edit": pupil_row(COACH, session_kwargs),
    "coaching:letter_pdf": pupil_row(COACH_AND_COACHEE, letter_kwargs),
    # Group plans: teacher edits her groups' plans, the coordinator all; management and remedial read.
    "groupplans:plan_overview": ("get", None, None, ALL_BUT_ADMIN),
    "groupplans:plans_pdf": ("get", None, None, ALL_BUT_ADMIN),
    "groupplans:plan_create": ("get", None, None, {**same(404), **{r: (200, 200) for r in PLAN_EDITORS}}),
    "groupplans:plan_detail": pupil_row(READERS, plan_kwargs),
    "groupplans:plan_phase": pupil_row(READERS, phase_kwargs),
    "groupplans:phase_close": (
        "post",
        plan_kwargs,
        None,
        {**NOBODY_ELSE, **PLAN_EDITORS_POST, "anonymous": (302, 302)},
    ),
    "groupplans:phase_reopen": (
        "post",
        plan_kwargs,
        None,
        {**NOBODY_ELSE, "coordinator": (302, 404), "anonymous": (302, 302)},
    ),
    "groupplans:grouping_propose": (
        "post",
        plan_kwargs,
        None,
        {**NOBODY_ELSE, **PLAN_EDITORS_POST, "anonymous": (302, 302)},
    ),
    "groupplans:placement_move": (
        "post",
        plan_kwargs,
        None,
        {**NOBODY_ELSE, **PLAN_EDITORS_POST, "anonymous": (302, 302)},
    ),
    "groupplans:instruction_group_create": pupil_row(PLAN_EDITORS, plan_kwargs),
    "groupplans:plan_next": ("post", plan_kwargs, None, {**NOBODY_ELSE, **PLAN_EDITORS_POST, "anonymous": (302, 302)}),
    "groupplans:plan_pdf": pupil_row(READERS, plan_kwargs),
    "groupplans:schedule_pdf": pupil_row(READERS, plan_kwargs),
    "groupplans:instruction_group_edit": pupil_row(PLAN_EDITORS, instruction_group_kwargs),
    "groupplans:goal_create": pupil_row(PLAN_EDITORS, instruction_group_kwargs),
    "groupplans:goal_edit": pupil_row(PLAN_EDITORS, goal_kwargs),
    "groupplans:goal_evaluate": pupil_row(PLAN_EDITORS, goal_kwargs),
    "groupplans:individual_plan_create": pupil_row(EDITORS),
    "groupplans:individual_plan_detail": pupil_row(READERS, individual_plan_kwargs),
    "groupplans:individual_plan_edit": pupil_row(EDITORS, individual_plan_kwargs),
    "groupplans:individual_goal_create": pupil_row(EDITORS, individual_plan_kwargs),
    "groupplans:individual_goal_edit": pupil_row(EDITORS, individual_goal_kwargs),
    "groupplans:individual_plan_pdf": pupil_row(READERS, individual_plan_kwargs),
    "groupplans:meeting_list": ("get", None, None, ALL_BUT_ADMIN),
    "groupplans:meeting_create": ("get", None, None, {**same(404), "coordinator": (200, 200), "teacher": (200, 200)}),
    "groupplans:meeting_detail": pupil_row(READERS, meeting_kwargs),
    "groupplans:meeting_edit": pupil_row({"coordinator": (200, 404)}, meeting_kwargs),
    "groupplans:action_list": ("get", None, None, ALL_BUT_ADMIN),
    "groupplans:action_toggle": (
        "post",
        action_kwargs,
        None,
        {**NOBODY_ELSE, "coordinator": (302, 404), "teacher": (302, 404), "anonymous": (302, 302)},
    ),
    # Conversations: readers of the pupil read them; coordinator, teacher and remedial hold them.
    "conversations:conversation_list": ("get", None, None, ALL_BUT_ADMIN),
    "conversations:pupil_conversations": pupil_row(READERS),
    "conversations:conversation_create": pupil_row(EDITORS),
    "conversations:conversation_detail": pupil_row(READERS, conversation_kwargs),
    "conversations:conversation_edit": pupil_row(EDITORS, conversation_kwargs),
    "conversations:notes_edit": pupil_row(NOTE_READERS, conversation_kwargs),
    "conversations:notes_compare": pupil_row(NOTE_READERS, conversation_kwargs),
    "conversations:conversation_pdf": pupil_row(READERS, conversation_kwargs),
    "conversations:scale_answers": pupil_row(EDITORS, conversation_kwargs),
    "conversations:questions": pupil_row(EDITORS, conversation_kwargs),
    "conversations:outcomes": pupil_row(EDITORS, conversation_kwargs),
    "conversations:question_bank": ("get", None, None, ALL_BUT_ADMIN),
    # Rounds: the coordinator and the group's teacher plan them; management reads; remedial when taking part.
    "conversations:round_list": ("get", None, None, ALL_BUT_ADMIN),
    "conversations:round_create": ("get", None, None, {**same(404), **{r: (200, 200) for r in ROUND_EDITORS}}),
    "conversations:round_detail": pupil_row(ROUND_READERS, round_kwargs),
    "conversations:round_edit": pupil_row(ROUND_EDITORS, round_kwargs),
    "conversations:round_schedule": (
        "post",
        round_kwargs,
        None,
        {**NOBODY_ELSE, **PLAN_EDITORS_POST, "anonymous": (302, 302)},
    ),
    "conversations:round_letters": pupil_row(ROUND_EDITORS, round_kwargs),
    "conversations:round_summary": pupil_row(ROUND_READERS, round_kwargs),
    "conversations:slot_move": pupil_row(ROUND_EDITORS, conversation_kwargs),
    "reports:dashboard": ("get", None, None, {**ALL_BUT_ADMIN, "remedial": (404, 404)}),
    "reports:targets": ("get", None, None, {**same(404), "coordinator": (200, 200), "management": (200, 200)}),
    "reports:report_start": (
        "post",
        None,
        lambda world, role, scope: {"half": 1},
        {**same(404), "coordinator": (302, 302), "management": (302, 302), "bouw": (302, 302)},
    ),
    "reports:report_detail": pupil_row(REPORT_READERS, report_kwargs),
    "reports:report_text": pupil_row(REPORT_READERS, report_text_kwargs),
    "reports:report_pdf": pupil_row(REPORT_READERS, report_kwargs),
    "reports:report_finalize": (
        "post",
        report_kwargs,
        finalize_data,
        {**NOBODY_ELSE, **REPORT_WRITERS_POST, "anonymous": (302, 302)},
    ),
    # issue 12: a group plan in ten entries — the school's organisation per kind of instruction group,
    # set by the coordinator of the school she works in (no object of another scope: the kind is in the URL).
    "groupplans:defaults_list": ("get", None, None, {**same(404), "coordinator": (200, 200)}),
    "groupplans:defaults_edit": (
        "get",
        lambda world, role, scope: {"kind": "basic"},
        None,
        {**same(404), "coordinator": (200, 200)},
    ),
    # issue 12: plan defects. A key "<url name>#<case>" is one more row for the same URL pattern.
    # The previous plan reads like any plan; for the teacher also at the handover; nobody but the
    # coordinator posts to it (and she is sent back: a finished plan changes no text).
    "groupplans:plan_detail#vorige": pupil_row(READERS, previous_plan_kwargs),
    "groupplans:plan_phase#vorige": pupil_row(READERS, previous_phase_kwargs),
    "groupplans:plan_pdf#vorige": pupil_row(READERS, previous_plan_kwargs),
    "groupplans:plan_phase#vorige-opslaan": (
        "post",
        previous_phase_kwargs,
        lambda world, role, scope: {"evaluation_notes": "overschreven"},
        {**NOBODY_ELSE, "coordinator": (302, 404), "anonymous": (302, 302)},
    ),
    # issue 12: pickers that scale (the pupil picker's search: each care role finds her own pupils)
    "pupils:pupil_picker": ("get", None, lambda w, r, s: {"q": "Zes"}, {**same(200), "admin": (404, 404)}),
    # issue 12: Dutch copy (the coach shares an assessment of the working relationship with the coachee)
    "coaching:assessment_share": (
        "post",
        assessment_kwargs,
        lambda world, role, scope: {"shared": "on", "version": 1},
        {**NOBODY_ELSE, "coordinator": (302, 404), "anonymous": (302, 302)},
    ),
    # issue 13: erasure on request
    "privacy:erase_pupil": pupil_row(ERASERS),
    "privacy:erase_records": pupil_row(ERASERS),
    "privacy:erase_record": pupil_row(ERASERS, erase_record_kwargs),
    "privacy:erase_pupil#wissen": ("post", pupil_kwargs, erase_pupil_data, ERASERS_POST),
    "privacy:erase_record#wissen": ("post", erase_record_kwargs, erase_record_data, ERASERS_POST),
}


# issue 13: retention. The Bewaartermijnen page is for the coordinator and the admin of the school; a hold
# out of scope is one on a pupil of another school.
def hold_kwargs(world, role, scope):
    from privacy.models import LegalHold

    pupil = world.pupils[scoped_key(role, scope)]
    return {"pk": LegalHold.objects.create(pupil=pupil, until="2099-01-01", reason="klacht loopt").pk}


RETENTION_KEEPERS = {"coordinator": (200, 404), "admin": (200, 404)}
MATRIX.update(
    {
        "privacy:retention": ("get", None, None, {**same(404), "coordinator": (200, 200), "admin": (200, 200)}),
        "privacy:retention_term": (
            "get",
            lambda world, role, scope: {"kind": "dossier"},
            None,
            {**same(404), "coordinator": (200, 200), "admin": (200, 200)},
        ),
        "privacy:retention_hold": pupil_row(RETENTION_KEEPERS),
        "privacy:retention_hold_end": (
            "post",
            hold_kwargs,
            lambda world, role, scope: {"version": 1},
            {**NOBODY_ELSE, "coordinator": (302, 404), "admin": (302, 404), "anonymous": (302, 302)},
        ),
    }
)


def test_every_url_pattern_has_a_row(world):
    covered = set(MATRIX) | {f"admin:{name}" for name in admin_expectations(world)}
    missing = sorted(set(all_patterns()) - covered)
    assert not missing, f"URL patterns without a row in the access matrix: {missing}"
    for name, (_method, _kwargs, _data, statuses) in MATRIX.items():
        assert set(statuses) == set(ROLES), f"{name} lacks roles {set(ROLES) - set(statuses)}"


CASES = [(name, role, scope) for name in MATRIX for role in ROLES for scope in ("in", "out")]


@pytest.mark.parametrize("name,role,scope", CASES, ids=[f"{n}-{r}-{s}" for n, r, s in CASES])
def test_matrix(world, client, name, role, scope):
    method, make_kwargs, make_data, statuses = MATRIX[name]
    if role != "anonymous":
        client.force_login(world.user(role))
    url = reverse(name.split("#")[0], kwargs=make_kwargs(world, role, scope) if make_kwargs else None)
    data = make_data(world, role, scope) if make_data else {}
    response = getattr(client, method)(url, data)
    expected = statuses[role][0 if scope == "in" else 1]
    assert response.status_code == expected, f"{method.upper()} {url} as {role} ({scope} scope)"
    if expected == 302 and role == "anonymous" and name not in {"set_language", "login_code"}:
        assert response.url.startswith(reverse("login")), response.url
