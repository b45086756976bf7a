"""The pupils app's own timeline providers: results, observations, factors, needs,
care level changes and the start in each group. Importing this module (in
PupilsConfig.ready()) registers them.

Each is one query (``pupils.dossier.records``); when the dossier has loaded the
same rows already, none. The caller has fetched the pupil through
``schools.access.pupils``, and whoever may read a pupil may read these records.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import timeline
from .dossier import records
from .timeline import TimelineItem


def _dossier_url(pupil, anchor):
    return f"{reverse('pupils:dossier', args=[pupil.pk])}#{anchor}"


def _author(record):
    return str(record.author) if record.author_id else ""


def assessments(pupil, user, school):
    dossier = reverse("pupils:dossier", args=[pupil.pk])
    for a in records(pupil, user, school, "assessments"):
        moment = f" {a.moment}" if a.moment else ""
        yield TimelineItem(
            date=a.date,
            kind=_("toets"),
            title=f"{a.instrument.name}{moment}" if a.instrument.subject_id else f"{a.instrument.name}: {a.subject}",
            text=a.result_display,
            url=f"{dossier}#resultaten-{a.subject.code}",
        )


def observations(pupil, user, school):
    for o in records(pupil, user, school, "observations"):
        yield TimelineItem(
            date=o.date,
            kind=_("observatie"),
            title=o.get_kind_display(),
            text=o.text,
            url=_dossier_url(pupil, "observaties"),
            author=_author(o),
        )


def factors(pupil, user, school):
    for f in records(pupil, user, school, "factors"):
        yield TimelineItem(
            date=timezone.localdate(f.created_at),
            kind=_("factor"),
            title=_("Stimulerende factor") if f.kind == f.Kind.STIMULATING else _("Belemmerende factor"),
            text=f.text,
            url=_dossier_url(pupil, "factoren"),
            author=_author(f),
        )


def needs(pupil, user, school):
    for n in records(pupil, user, school, "needs"):
        n.pupil = pupil  # the sentence names the pupil
        yield TimelineItem(
            date=timezone.localdate(n.created_at),
            kind=_("onderwijsbehoefte"),
            title=str(n.sentence),  # the goal is part of the sentence
            text="",
            url=_dossier_url(pupil, "onderwijsbehoeften"),
            author=_author(n),
        )


def care_levels(pupil, user, school):
    for c in records(pupil, user, school, "care_level_changes"):
        yield TimelineItem(
            date=timezone.localdate(c.created_at),
            kind=_("zorgniveau"),
            title=_("Zorgniveau %(level)s") % {"level": c.get_level_display()},
            text=c.reason,
            url=reverse("pupils:history", args=[pupil.pk]),
            author=_author(c),
        )


def enrolments(pupil, user, school):
    for e in records(pupil, user, school, "enrolments"):
        yield TimelineItem(
            date=e.school_year.start_date,
            kind=_("groep"),
            title=_("In %(group)s geplaatst (%(year)s)") % {"group": e.group.name, "year": e.school_year.name},
            text=", ".join(str(t) for t in e.group.teachers.all()),
            url=reverse("pupils:group_overview", args=[e.group_id]) if e.group_visible else "",
        )


PROVIDERS = (assessments, observations, factors, needs, care_levels, enrolments)

for _provider in PROVIDERS:
    timeline.register(_provider)
