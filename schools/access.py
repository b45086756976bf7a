"""The access policy: the one place that says what a user may see and change.

Every view gets its objects through these functions, which return querysets.
An object outside the user's scope is simply not in the queryset, so the view
answers 404 and never reveals that the object exists.

Rules (see docs/access.md for the table):
- coordinator: everything of her school(s); coaching only where she is coach.
- teacher: the groups she teaches in the current school year and their pupils.
- management: reads everything of the school, or of the bouw (a range of year
  levels) the membership is limited to; coaching only as existence.
- remedial: the pupils assigned to her.
- admin: accounts, school years and groups; no care content.

Models of higher floors (pupils, plans, ...) are reached through
``apps.get_model`` so that schools never imports an app built on top of it,
while the rules themselves stay together in this file.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from .models import Group, Membership, Role, School

# Who may do what, by role: the rules below name these sets, never single roles in a row of ifs.
READ_ALL_ROLES = {Role.COORDINATOR, Role.MANAGEMENT}
# Everyone who works with care content; the admin (beheerder) has none.
CARE_ROLES = {Role.COORDINATOR, Role.TEACHER, Role.MANAGEMENT, Role.REMEDIAL}
# Who adds to care records: management reads only.
CARE_WRITE_ROLES = {Role.COORDINATOR, Role.TEACHER, Role.REMEDIAL}
# Who writes group plans and plans conversation rounds.
PLAN_ROLES = {Role.COORDINATOR, Role.TEACHER}
COORDINATOR_ONLY = {Role.COORDINATOR}
AUDIT_ROLES = {Role.COORDINATOR, Role.ADMIN}


def memberships(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("school")


def schools(user):
    """Schools the user works at (any role)."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(memberships__user=user, memberships__is_active=True).distinct()


MEMBERSHIP_CACHE_ATTR = "_active_memberships_by_school"


def remember_memberships(user, active_memberships):
    """Keep the memberships the request already loaded on the user object, so
    that every policy call in the same request does not query them again."""
    setattr(user, MEMBERSHIP_CACHE_ATTR, {m.school_id: m for m in active_memberships})


def membership(user, school, roles=None):
    """The user's active membership at ``school``, or None; with ``roles``, only when its role is one
    of them. Every rule below starts from this one lookup."""
    if school is None or not user.is_authenticated:
        return None
    cached = getattr(user, MEMBERSHIP_CACHE_ATTR, None)
    member = cached.get(school.pk) if cached is not None else memberships(user).filter(school=school).first()
    if member is None or (roles is not None and member.role not in roles):
        return None
    return member


def has_role(user, school, roles):
    """Whether the user works at ``school`` in one of ``roles``."""
    return membership(user, school, roles) is not None


def _current_year_q(prefix=""):
    today = timezone.localdate()
    return Q(**{f"{prefix}school_year__start_date__lte": today, f"{prefix}school_year__end_date__gte": today})


def _bouw_q(member, prefix=""):
    if not member.has_bouw:
        return Q()
    return Q(**{f"{prefix}year_level_low__lte": member.bouw_high, f"{prefix}year_level_high__gte": member.bouw_low})


def groups(user, school):
    """Groups of ``school`` the user may see."""
    member = membership(user, school)
    qs = Group.objects.filter(school_year__school=school).select_related("school_year")
    if member is None:
        return qs.none()
    if member.role in (Role.COORDINATOR, Role.ADMIN):
        return qs
    if member.role == Role.MANAGEMENT:
        return qs.filter(_bouw_q(member))
    if member.role == Role.TEACHER:
        return qs.filter(_current_year_q(), teachers=user)
    if member.role == Role.REMEDIAL:
        pupil_ids = pupils(user, school).values("pk")
        return qs.filter(_current_year_q(), enrolments__pupil__in=pupil_ids).distinct()
    return qs.none()


def pupils(user, school):
    """Pupils of ``school`` whose data the user may read."""
    Pupil = apps.get_model("pupils", "Pupil")
    member = membership(user, school)
    qs = Pupil.objects.filter(school=school)
    if member is None:
        return qs.none()
    if member.role == Role.COORDINATOR:
        return qs
    if member.role == Role.MANAGEMENT:
        if not member.has_bouw:
            return qs
        in_bouw = Group.objects.filter(_current_year_q(), _bouw_q(member), school_year__school=school)
        return qs.filter(enrolments__group__in=in_bouw).distinct()
    if member.role == Role.TEACHER:
        taught = Group.objects.filter(_current_year_q(), teachers=user, school_year__school=school)
        return qs.filter(enrolments__group__in=taught).distinct()
    if member.role == Role.REMEDIAL:
        today = timezone.localdate()
        return qs.filter(
            Q(remedial__end_date__isnull=True) | Q(remedial__end_date__gte=today),
            remedial__staff=user,
            remedial__start_date__lte=today,
        ).distinct()
    return qs.none()


def editable_pupils(user, school):
    """Pupils whose care records (observations, needs, factors, care level,
    results) the user may add to: coordinator all, teacher her own, remedial
    her assigned ones. Management reads only; admin has no care content."""
    if not has_role(user, school, CARE_WRITE_ROLES):
        return apps.get_model("pupils", "Pupil").objects.none()
    return pupils(user, school)


def erasable_pupils(user, school):
    """Pupils whose data the user may erase on request (AVG art. 17), or one record of: the coordinator,
    of her school. Nobody else, the admin neither: erasing is a decision about care content."""
    Pupil = apps.get_model("pupils", "Pupil")
    if not has_role(user, school, COORDINATOR_ONLY):
        return Pupil.objects.none()
    return Pupil.objects.filter(school=school)


IMPORT_ROLES = {
    "pupils": {Role.COORDINATOR, Role.ADMIN},  # names and groups: beheer work
    "results": {Role.COORDINATOR},  # test results are care content
}


def can_import(user, school, kind):
    return has_role(user, school, IMPORT_ROLES.get(kind, set()))


def imports(user, school):
    """Import batches the user may preview and confirm: their own, of kinds they may import."""
    ImportBatch = apps.get_model("pupils", "ImportBatch")
    kinds = [kind for kind in IMPORT_ROLES if can_import(user, school, kind)]
    return ImportBatch.objects.filter(school=school, user=user, kind__in=kinds)


def plans(user, school):
    """Group plans the user may read: coordinator all; teacher her groups this year, and the
    previous plan of one of their plans when it placed pupils who now sit in her group (the
    handover: last year's plan of the pupils who moved up with their group; read only, see
    ``editable_plans``); management the groups of the school or bouw; remedial the plans that
    place her assigned pupils; admin none."""
    GroupPlan = apps.get_model("groupplans", "GroupPlan")
    member = membership(user, school, CARE_ROLES)
    qs = GroupPlan.objects.filter(group__school_year__school=school)
    if member is None:
        return qs.none()
    if member.role == Role.COORDINATOR:
        return qs
    if member.role == Role.REMEDIAL:
        return qs.filter(placements__pupil__in=pupils(user, school).values("pk")).distinct()
    own = qs.filter(group__in=groups(user, school).values("pk"))
    if member.role != Role.TEACHER:
        return own
    taught = groups(user, school).values("pk")
    handed_over = qs.filter(next_plans__group__in=taught, placements__pupil__enrolments__group__in=taught)
    return qs.filter(Q(pk__in=own.values("pk")) | Q(pk__in=handed_over.values("pk")))


def editable_plans(user, school):
    """Group plans the user may change: coordinator all, teacher her own groups' (this year).
    A previous plan a teacher reads at the handover stays read only."""
    member = membership(user, school, PLAN_ROLES)
    GroupPlan = apps.get_model("groupplans", "GroupPlan")
    if member is None:
        return GroupPlan.objects.none()
    if member.role == Role.COORDINATOR:
        return plans(user, school)
    return GroupPlan.objects.filter(group__school_year__school=school, group__in=groups(user, school).values("pk"))


def editable_groups(user, school):
    """Groups of the current school year the user may start and write group plans for:
    the coordinator all, a teacher the groups she teaches."""
    if not has_role(user, school, PLAN_ROLES):
        return Group.objects.none()
    return groups(user, school).filter(_current_year_q())


def can_reopen_phase(user, school):
    return has_role(user, school, COORDINATOR_ONLY)


def individual_plans(user, school):
    """Action plans of the pupils the user may read."""
    IndividualPlan = apps.get_model("groupplans", "IndividualPlan")
    return IndividualPlan.objects.filter(pupil__in=pupils(user, school).values("pk"))


def editable_individual_plans(user, school):
    IndividualPlan = apps.get_model("groupplans", "IndividualPlan")
    return IndividualPlan.objects.filter(pupil__in=editable_pupils(user, school).values("pk"))


def meetings(user, school):
    """Meetings the user may read: coordinator and management all of the school; others
    those they took part in, and teachers the meetings about their groups."""
    Meeting = apps.get_model("groupplans", "Meeting")
    member = membership(user, school, CARE_ROLES)
    qs = Meeting.objects.filter(school=school)
    if member is None:
        return qs.none()
    if member.role in READ_ALL_ROLES:
        return qs
    mine = Q(participants=user)
    if member.role == Role.TEACHER:
        mine |= Q(group__in=groups(user, school).values("pk"))
    return qs.filter(mine).distinct()


def editable_meetings(user, school):
    """Meetings the user may change: the coordinator all of the school, others the ones they recorded."""
    member = membership(user, school, CARE_WRITE_ROLES)
    if member is None:
        return apps.get_model("groupplans", "Meeting").objects.none()
    if member.role == Role.COORDINATOR:
        return meetings(user, school)
    return meetings(user, school).filter(created_by=user)


def actions(user, school):
    """Open and done actions the user sees on the Acties page: her own; the coordinator all of the school."""
    Action = apps.get_model("groupplans", "Action")
    member = membership(user, school, CARE_ROLES)
    qs = Action.objects.filter(meeting__school=school)
    if member is None:
        return qs.none()
    if member.role == Role.COORDINATOR:
        return qs
    return qs.filter(owner=user)


def trajectories(user, school):
    """Coaching trajectories whose *existence* the user may see: the coach, the
    coachee, and the school's management (who see only coach, coachee, origin,
    mandate and status). Another coordinator of the school sees nothing."""
    Trajectory = apps.get_model("coaching", "Trajectory")
    member = membership(user, school)
    qs = Trajectory.objects.filter(school=school)
    if member is None:
        return qs.none()
    if member.role == Role.MANAGEMENT:
        return qs
    return qs.filter(Q(coach=user) | Q(coachee=user))


def coaching_content(user, school):
    """Trajectories whose *content* the user may read: the coach and the coachee only."""
    Trajectory = apps.get_model("coaching", "Trajectory")
    if membership(user, school) is None:
        return Trajectory.objects.none()
    return Trajectory.objects.filter(Q(coach=user) | Q(coachee=user), school=school)


def coached_trajectories(user, school):
    """Trajectories the user runs as coach: she alone writes sessions, visits, letters and assessments."""
    return coaching_content(user, school).filter(coach=user)


def can_start_coaching(user, school):
    return has_role(user, school, COORDINATOR_ONLY)


def can_read_audit(user, school):
    return has_role(user, school, AUDIT_ROLES)


def audit_entries(user, school):
    """Audit entries of ``school`` for the coordinator and the admin; none for others."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    if not can_read_audit(user, school):
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(school_id=school.pk)


def admin_schools(user):
    """Schools whose beheer (Django admin) the user may do."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    return School.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__role=Role.ADMIN
    ).distinct()


# --- Conversations -------------------------------------------------------------------------------------------------


def _took_part(user):
    return Q(leader=user) | Q(note_taker=user) | Q(staff=user)


def conversations(user, school):
    """Conversations the user may read: those about the pupils she may read (coordinator all; teacher her
    groups' pupils; management the school or bouw; remedial her assigned pupils), and those she takes part
    in (a teacher of another group at a round's table holds them); admin none."""
    Conversation = apps.get_model("conversations", "Conversation")
    if not has_role(user, school, CARE_ROLES):
        return Conversation.objects.none()
    readable = Q(pupil__in=pupils(user, school).values("pk"))
    return Conversation.objects.filter(readable | (Q(pupil__school=school) & _took_part(user))).distinct()


def editable_conversations(user, school):
    """Conversations the user may plan, change and add outcomes to: about the pupils whose care
    records she may add to (coordinator, teacher, remedial), and those she takes part in. Management
    reads only."""
    Conversation = apps.get_model("conversations", "Conversation")
    if not has_role(user, school, CARE_WRITE_ROLES):
        return Conversation.objects.none()
    editable = Q(pupil__in=editable_pupils(user, school).values("pk"))
    return Conversation.objects.filter(editable | (Q(pupil__school=school) & _took_part(user))).distinct()


def conversation_notes(user, school):
    """Conversations whose step notes the user may read (and add her own to): the people who took part
    (leader, note-taker, participants, whatever their role) and the school's coordinators. Everyone else
    who reads the conversation sees its outcomes (scaling, needs, agreements, question counts) but not
    the listeners' own notes: those are working notes of the people in the room."""
    member = membership(user, school)
    qs = conversations(user, school)
    if member is None:
        return qs.none()
    if member.role == Role.COORDINATOR:
        return qs
    return qs.filter(_took_part(user)).distinct()


def rounds(user, school):
    """Conversation rounds the user may read: coordinator all; management those of the groups she
    reads; a teacher those of her groups (this year) and those she takes part in; remedial only those
    she takes part in (a round lists the whole group); admin none."""
    Round = apps.get_model("conversations", "Round")
    member = membership(user, school, CARE_ROLES)
    qs = Round.objects.filter(group__school_year__school=school)
    if member is None:
        return qs.none()
    if member.role == Role.COORDINATOR:
        return qs
    if member.role == Role.MANAGEMENT:
        return qs.filter(group__in=groups(user, school).values("pk"))
    mine = Q(staff=user)
    if member.role == Role.TEACHER:
        mine |= Q(group__in=groups(user, school).values("pk"))
    return qs.filter(mine).distinct()


def editable_rounds(user, school):
    """Rounds the user may plan, schedule and send letters for: the coordinator all, a teacher those of
    the groups she teaches this year."""
    Round = apps.get_model("conversations", "Round")
    if not has_role(user, school, PLAN_ROLES):
        return Round.objects.none()
    return rounds(user, school).filter(group__in=editable_groups(user, school).values("pk"))


def can_extend_question_bank(user, school):
    return has_role(user, school, COORDINATOR_ONLY)


def question_bank(user, school):
    """Questions of the bank the user sees: the shared ones and her school's own; admin none."""
    BankQuestion = apps.get_model("conversations", "BankQuestion")
    if not has_role(user, school, CARE_ROLES):
        return BankQuestion.objects.none()
    return BankQuestion.objects.filter(Q(school__isnull=True) | Q(school=school))


# --- Progress reports ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportReach:
    """What of the progress report a user may see: the year levels (1-8, or a bouw), and for a teacher
    the groups she teaches this year (``group_ids``), of which she sees the interim results and the cycle
    only. Everything outside the reach is not computed at all, so no filter or parameter can show it."""

    low: int = 1
    high: int = 8
    group_ids: tuple | None = None  # None: every group within the year levels

    @property
    def school_wide(self):
        return self.group_ids is None


def report_reach(user, school):
    """The coordinator and the directie: the whole school; a bouwcoördinator: her bouw; a teacher: her own
    groups of this year; the remedial teacher and the admin: nothing (None)."""
    member = membership(user, school, {Role.COORDINATOR, Role.MANAGEMENT, Role.TEACHER})
    if member is None:
        return None
    if member.role == Role.TEACHER:
        taught = tuple(groups(user, school).order_by("pk").values_list("pk", flat=True))
        return ReportReach(group_ids=taught) if taught else None
    if member.role == Role.MANAGEMENT and member.has_bouw:
        return ReportReach(low=member.bouw_low, high=member.bouw_high)
    return ReportReach()


def half_year_reports(user, school):
    """Half-yearly reports the user may read and write in: the coordinator and the directie all of the
    school; a bouwcoördinator those that lie within her bouw. Teachers, remedial and admin none."""
    HalfYearReport = apps.get_model("reports", "HalfYearReport")
    reach = report_reach(user, school)
    qs = HalfYearReport.objects.filter(school=school)
    if reach is None or not reach.school_wide:
        return qs.none()
    return qs.filter(bouw_low__gte=reach.low, bouw_high__lte=reach.high)


def can_set_targets(user, school):
    """The school's weging and ambitions: the coordinator and the directie (not a bouwcoördinator)."""
    reach = report_reach(user, school)
    return reach is not None and reach.school_wide and (reach.low, reach.high) == (1, 8)


# --- Retention (privacy) -------------------------------------------------------------------------------------------

# The coordinator and the admin keep the school's terms: the admin knows the pupils' names from the imports,
# and neither sees care content on the page, only what falls due and when.
RETENTION_ROLES = {Role.COORDINATOR, Role.ADMIN}


def can_manage_retention(user, school):
    """Whether the user sees the school's Bewaartermijnen page, shortens its terms and extends them per pupil."""
    return has_role(user, school, RETENTION_ROLES)


def retention_pupils(user, school):
    """Pupils of ``school`` whose term the user may extend (a legal hold): all of the school, for the
    coordinator and the admin."""
    Pupil = apps.get_model("pupils", "Pupil")
    if not can_manage_retention(user, school):
        return Pupil.objects.none()
    return Pupil.objects.filter(school=school)


def legal_holds(user, school):
    """Legal holds of ``school``'s pupils, for the coordinator and the admin."""
    LegalHold = apps.get_model("privacy", "LegalHold")
    if not can_manage_retention(user, school):
        return LegalHold.objects.none()
    return LegalHold.objects.filter(pupil__school=school)
