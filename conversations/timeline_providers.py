"""The conversations app's timeline provider: a pupil's conversations in the dossier timeline.
Registered in ConversationsConfig.ready().

One query, whatever the number of conversations: those the user may read
(``access.conversations``) with their leader joined. The step notes never show here.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pupils.timeline import TimelineItem
from schools import access


def conversations(pupil, user, school):
    rows = access.conversations(user, school).filter(pupil=pupil).select_related("leader")
    for conversation in rows:
        local = timezone.localtime(conversation.starts_at)
        title = _("%(kind)s om %(time)s (%(status)s)") % {
            "kind": conversation.get_kind_display().capitalize(),
            "time": local.strftime("%H:%M"),
            "status": conversation.get_status_display(),
        }
        yield TimelineItem(
            date=local.date(),
            kind=_("gesprek"),
            title=title,
            text=conversation.summary or conversation.purpose,
            url=reverse("conversations:conversation_detail", args=[conversation.pk]),
            author=str(conversation.leader) if conversation.leader_id else "",
        )


PROVIDERS = (conversations,)
