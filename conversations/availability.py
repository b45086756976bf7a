"""Who is free when: rules shared by the conversation pages, the round schedule and the demo.

``staff_conflicts`` is the one check against double booking: a staff member is in
at most one conversation at a time, whichever round (or none) it belongs to.
Cancelled conversations and those waiting to be rescheduled hold no time.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Conversation

TIME_HOLDING = (Conversation.Status.PLANNED, Conversation.Status.HELD)


def busy(staff_ids, starts_at, ends_at, *, exclude_ids=()):
    """Conversations that take one of ``staff_ids`` during [starts_at, ends_at)."""
    return (
        Conversation.objects.filter(status__in=TIME_HOLDING, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .filter(Q(staff__in=staff_ids) | Q(leader__in=staff_ids) | Q(note_taker__in=staff_ids))
        .exclude(pk__in=exclude_ids)
        .distinct()
    )


def staff_conflicts(staff, starts_at, ends_at, *, exclude_ids=()):
    """Dutch messages, one per staff member already in another conversation at that time; [] when free."""
    staff = list(staff)
    ids = [user.pk for user in staff]
    messages = []
    clashes = busy(ids, starts_at, ends_at, exclude_ids=exclude_ids).select_related("pupil").prefetch_related("staff")
    for clash in clashes:
        taken = {u.pk for u in clash.staff.all()} | {clash.leader_id, clash.note_taker_id}
        for user in staff:
            if user.pk in taken:
                messages.append(
                    _("%(name)s heeft om %(time)s al een gesprek (over %(pupil)s).")
                    % {
                        "name": user.get_full_name() or user.get_username(),
                        "time": date_format(timezone.localtime(clash.starts_at), "j F H:i"),
                        "pupil": clash.pupil,
                    }
                )
    return messages
