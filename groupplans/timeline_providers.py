"""The groupplans app's timeline provider: a pupil's individual action plans
(handelingsplannen) in the dossier timeline. Registered in GroupplansConfig.ready().

One query, whatever the number of plans: the plans the user may read
(``access.individual_plans``) with their period, subject and author joined.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pupils.timeline import TimelineItem
from schools import access


def individual_plans(pupil, user, school):
    plans = (
        access.individual_plans(user, school)
        .filter(pupil=pupil)
        .select_related("period__school_year", "subject", "created_by")
    )
    for plan in plans:
        title = _("Handelingsplan %(period)s") % {"period": plan.period.name}
        if plan.subject_id:
            title = f"{title} – {plan.subject}"
        yield TimelineItem(
            date=timezone.localdate(plan.created_at),
            kind=_("handelingsplan"),
            title=title,
            text=plan.approach,
            url=reverse("groupplans:individual_plan_detail", args=[plan.pk]),
            author=str(plan.created_by) if plan.created_by_id else "",
        )


PROVIDERS = (individual_plans,)
