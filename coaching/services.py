"""Everything a coach or a coached teacher saves, one function per thing the user does.

Each function is one transaction: the records, their history (``core.history``) and the audit entry, or
nothing. Records two tabs can reach are guarded (``core.editguard``): a save from a form loaded before someone
else's save raises :class:`core.editguard.Stale` and writes nothing.

Coaching is confidential: every audit entry is kept off every school's audit page (``audit.NO_SCHOOL``) and
holds an event code with counts or codes, never a word of content (``coaching/audit_events.py``).
"""

from django.db import transaction

from core import audit, editguard, history

from .models import Agreement, Reflection


def record_audit(request, action, obj, event, **data):
    """One confidential audit entry: on no school's page, its data plain counts and codes."""
    audit.record(request, action, obj, event=event, data=data, school_id=audit.NO_SCHOOL)


# --- Trajectories -------------------------------------------------------------------------------------------------


@transaction.atomic
def start_trajectory(request, form, needs):
    """A new trajectory with its support needs."""
    trajectory = history.save_form(form, request.user)
    _save_needs(needs, trajectory, request.user)
    record_audit(request, audit.AuditAction.CREATE, trajectory, "coaching.trajectory_started")
    return trajectory


@transaction.atomic
def update_trajectory(request, trajectory, form, needs):
    """Change a trajectory and its support needs, as of the version the coach loaded.

    The support needs are only ever changed on the trajectory's own page: the trajectory's version
    guards them too, so a stale page changes neither."""
    trajectory = history.save_form(form, request.user, version=form.cleaned_data["version"])
    _save_needs(needs, trajectory, request.user)
    record_audit(request, audit.AuditAction.CHANGE, trajectory, "coaching.trajectory_changed")
    return trajectory


def _save_needs(needs, trajectory, user):
    needs.instance = trajectory
    history.save_formset(needs, user)


# --- The working relationship and the teacher's reflections -------------------------------------------------------


@transaction.atomic
def assess_relationship(request, trajectory, form):
    """A new assessment of the working relationship along the flowchart."""
    assessment = form.save(commit=False)
    assessment.trajectory = trajectory
    history.save(assessment, request.user)
    record_audit(request, audit.AuditAction.CREATE, trajectory, "coaching.relationship_assessed")
    return assessment


@transaction.atomic
def share_assessment(request, assessment, shared, version):
    """Share an assessment of the working relationship with the coachee, or stop sharing it, as of the
    version the coach saw: a change in between (another tab) raises ``Stale`` and nothing changes."""
    editguard.claim(assessment, version)
    assessment.shared_with_coachee = shared
    history.save(assessment, request.user)
    event = "coaching.assessment_shared" if shared else "coaching.assessment_unshared"
    record_audit(request, audit.AuditAction.CHANGE, assessment.trajectory, event)
    return assessment


@transaction.atomic
def add_reflection(request, trajectory, form):
    """The teacher writes in his own trajectory: a reflection or a point he learned."""
    reflection = form.save(commit=False)
    reflection.trajectory, reflection.author = trajectory, request.user
    history.save(reflection, request.user)
    event = "coaching.learned_added" if reflection.kind == Reflection.Kind.LEARNED else "coaching.reflection_written"
    record_audit(request, audit.AuditAction.CREATE, trajectory, event)
    return reflection


# --- Sessions and their agreements --------------------------------------------------------------------------------


@transaction.atomic
def record_session(request, trajectory, form, new_agreements, follow_ups):
    """A new session with the agreements made in it and the follow-up of earlier ones.

    Returns the session and ``{"new": n, "checked": n}``. A follow-up changed on an agreement someone
    followed up since the page was loaded raises ``Stale``: nothing is saved."""
    follow = _claim_follow_ups(follow_ups)
    session = form.save(commit=False)
    session.trajectory = trajectory
    history.save(session, request.user)
    counts = _save_agreements(request.user, session, new_agreements, follow)
    record_audit(request, audit.AuditAction.CREATE, session, "coaching.session_recorded", **counts)
    return session, counts


@transaction.atomic
def update_session(request, session, form, new_agreements, follow_ups):
    """Change a session, as of the version the coach loaded, with new agreements and follow-ups as in
    :func:`record_session`."""
    editguard.claim(session, form.cleaned_data["version"])
    follow = _claim_follow_ups(follow_ups)
    history.save(form.save(commit=False), request.user)
    counts = _save_agreements(request.user, session, new_agreements, follow)
    record_audit(request, audit.AuditAction.CHANGE, session, "coaching.session_changed", **counts)
    return session, counts


def _claim_follow_ups(follow_ups):
    """Claim every agreement whose follow-up the user changed, as of the version she saw. A row she left
    as it was is no change: whatever a colleague recorded meanwhile stays."""
    claimed = []
    for row in follow_ups:
        if not row.changes:
            continue
        agreement = row.cleaned_data["agreement"]
        editguard.claim(agreement, row.cleaned_data["version"])
        claimed.append((agreement, row.cleaned_data["follow_up"]))
    return claimed


def _save_agreements(user, session, new_agreements, follow):
    new = 0
    for row in new_agreements:
        if not row.has_changed() or not row.cleaned_data:
            continue
        history.save(Agreement(trajectory=session.trajectory, session=session, **row.cleaned_data), user)
        new += 1
    checked = 0
    for agreement, choice in follow:
        if _apply_follow_up(agreement, choice, session):
            history.save(agreement, user)
            checked += 1
    return {"new": new, "checked": checked}


def _apply_follow_up(agreement, choice, session):
    """Set the follow-up; True when something changed. Checking it in this session is what 'besproken in' records;
    put back to 'nog open', it is no longer checked here."""
    before = (agreement.follow_up, agreement.checked_in_id)
    agreement.follow_up = choice
    if choice != Agreement.FollowUp.OPEN:
        agreement.checked_in = session
    elif agreement.checked_in_id == session.pk:
        agreement.checked_in = None
    return (agreement.follow_up, agreement.checked_in_id) != before


# --- Classroom visits and the letter ------------------------------------------------------------------------------


@transaction.atomic
def record_visit(request, trajectory, form):
    return _create(request, trajectory, form, "coaching.visit_recorded")


@transaction.atomic
def write_letter(request, trajectory, form):
    return _create(request, trajectory, form, "coaching.letter_written")


def _create(request, trajectory, form, event):
    record = form.save(commit=False)
    record.trajectory = trajectory
    history.save(record, request.user)
    record_audit(request, audit.AuditAction.CREATE, record, event)
    return record
