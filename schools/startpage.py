"""The start page ("Deze week"): what waits for the user this week, in sections fed by providers.

Every app that has work for someone registers its providers in its AppConfig.ready():

    from schools import startpage
    startpage.register(my_provider)

A provider is ``provider(visit) -> Section | None`` (``visit`` is a ``Visit``: who, where, in which role,
today and since when). It returns None when the section does not apply to the role, and a Section (with
its empty text) when it applies but holds nothing this week. A provider must return only what the user may
see (ask schools.access) and use a fixed number of queries, whatever the number of rows. The page renders
every section with one template (schools/start/section.html), ordered by ``Section.order``.

The previous visit is kept per user and school (``StartPageVisit``): a visit more than an hour after the
last one moves that one to 'previous', so reloading the page does not empty "new since your last visit".
A first visit looks back a week.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import throttle
from .models import Group, Membership, Role, SchoolYear, StartPageVisit

# A reload within this time is the same visit.
SAME_VISIT = datetime.timedelta(hours=1)
# What a first visit counts as new.
FIRST_LOOK_BACK = datetime.timedelta(days=7)
# How far ahead "coming" looks.
AHEAD = datetime.timedelta(days=14)
# Items a section shows before it says how many more there are.
MAX_ITEMS = 8


def person_name(user):
    """A colleague as the start page names her: full name, else the user name; nobody is ""."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


def day_label(date, weekday=False):
    """A date as the start page writes it: "4 december"; with the weekday "vrijdag 4 december"."""
    return formats.date_format(date, "l j F" if weekday else "j F")


class Urgency:
    OVERDUE = "overdue"  # over tijd: shown first, in red
    SOON = "soon"  # due this week or the next
    NEW = "new"  # new since the last visit
    ATTENTION = "attention"  # a figure that asks for attention (below the threshold)
    INFO = "info"  # a figure or a fact, nothing to do


@dataclass(frozen=True)
class Item:
    text: str
    url: str = ""
    date: datetime.date | None = None
    urgency: str = Urgency.INFO
    note: str = ""  # a second, quieter line (which meeting, which subject)


@dataclass
class Section:
    key: str
    title: str
    items: list = field(default_factory=list)
    empty_text: str = ""
    summary: str = ""  # one sentence over the items: "2 acties zijn over tijd"
    more_url: str = ""  # where the whole list is
    more_text: str = ""
    order: int = 100
    hidden: int = 0  # items left out beyond MAX_ITEMS

    def limit(self, count=MAX_ITEMS):
        """Keep the first ``count`` items and remember how many were left out."""
        if len(self.items) > count:
            self.hidden += len(self.items) - count
            self.items = self.items[:count]
        return self


@dataclass(frozen=True)
class Visit:
    user: object
    school: object
    membership: object
    now: datetime.datetime
    since: datetime.datetime  # new since this moment: the previous visit, or a week ago
    first: bool  # no previous visit: ``since`` is a week ago

    @property
    def role(self):
        return self.membership.role

    @property
    def today(self):
        return timezone.localdate(self.now)

    @property
    def ahead(self):
        """The last day of "coming": two weeks from today."""
        return self.today + AHEAD

    @cached_property
    def current_year(self):
        """The school's current school year (or None), fetched once for all sections of this page."""
        return self.school.current_year(self.today)

    def shared(self, key, compute):
        """What ``compute()`` returns, computed once per visit (one request) under ``key``: rows several
        sections need. Never kept across requests."""
        memo = self.__dict__.setdefault("_shared", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]


_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def record_visit(user, school, now=None):
    """Record that ``user`` opens the start page of ``school`` now; return (since, first): since when
    things count as new. Two queries."""
    now = now or timezone.now()
    visit = StartPageVisit.objects.filter(user=user, school=school).first()
    if visit is None:
        StartPageVisit.objects.create(user=user, school=school, last_seen_at=now)
        return now - FIRST_LOOK_BACK, True
    if now - visit.last_seen_at > SAME_VISIT:
        visit.previous_seen_at, visit.last_seen_at = visit.last_seen_at, now
        StartPageVisit.objects.filter(pk=visit.pk).update(
            previous_seen_at=visit.previous_seen_at, last_seen_at=visit.last_seen_at
        )
    if visit.previous_seen_at is None:
        return visit.last_seen_at - FIRST_LOOK_BACK, True
    return visit.previous_seen_at, False


def visit_of(request, now=None):
    """The Visit of the user opening the start page (records it)."""
    now = now or timezone.now()
    since, first = record_visit(request.user, request.school, now)
    return Visit(request.user, request.school, request.membership, now, since, first)


def sections(visit):
    """Every section that applies to the visit's role, in page order."""
    found = [provider(visit) for provider in _providers]
    return sorted((section for section in found if section is not None), key=lambda section: section.order)


# --- The admin's (beheerder's) section: schools owns accounts, school years and groups ---------------------------

# Within this time before the end of the school year, the next one should exist.
NEXT_YEAR_DUE = datetime.timedelta(days=61)


def admin_attention(visit):
    """Accounts, school years and groups that need the admin: no current school year, the next one not yet
    made near the end of this one, a year without periods, groups without teacher or pupils, accounts
    without two-step verification, inactive memberships and locked accounts. Five queries."""
    if visit.role != Role.ADMIN:
        return None
    section = Section(
        "admin",
        _("Beheer: wat aandacht vraagt"),
        empty_text=_("Accounts, schooljaren en groepen zijn op orde."),
        more_url=reverse("admin:index"),
        more_text=_("Naar het beheer"),
        order=10,
    )
    today = visit.today
    years = list(SchoolYear.objects.filter(school=visit.school).annotate(periods_count=Count("periods")))
    current = next((year for year in years if year.start_date <= today <= year.end_date), None)
    items = section.items
    if current is None:
        items.append(
            Item(
                _("Er is geen schooljaar dat vandaag loopt: leg het huidige schooljaar vast."),
                reverse("admin:schools_schoolyear_add"),
                None,
                Urgency.OVERDUE,
            )
        )
    else:
        if current.periods_count == 0:
            items.append(
                Item(
                    _("Schooljaar %(year)s heeft nog geen periodes: groepsplannen hebben ze nodig.")
                    % {"year": current.name},
                    reverse("admin:schools_schoolyear_change", args=[current.pk]),
                    None,
                    Urgency.OVERDUE,
                )
            )
        if current.end_date - today <= NEXT_YEAR_DUE and not any(y.start_date > current.end_date for y in years):
            items.append(
                Item(
                    _("Schooljaar %(year)s eindigt op %(date)s en het volgende schooljaar is nog niet aangemaakt.")
                    % {"year": current.name, "date": formats.date_format(current.end_date, "j F")},
                    reverse("admin:schools_schoolyear_add"),
                    current.end_date,
                    Urgency.SOON,
                )
            )
        groups = (
            Group.objects.filter(school_year=current)
            .annotate(teacher_count=Count("teachers", distinct=True), pupil_count=Count("enrolments", distinct=True))
            .filter(Q(teacher_count=0) | Q(pupil_count=0))
            .order_by("year_level_low", "name")
        )
        for group in groups:
            if group.teacher_count == 0 and group.pupil_count == 0:
                text = _("%(group)s heeft nog geen leerkracht en geen leerlingen.") % {"group": group.name}
            elif group.teacher_count == 0:
                text = _("%(group)s heeft nog geen leerkracht.") % {"group": group.name}
            else:
                text = _("%(group)s heeft nog geen leerlingen.") % {"group": group.name}
            items.append(Item(text, reverse("admin:schools_group_change", args=[group.pk]), None, Urgency.SOON))
    people = Membership.objects.filter(school=visit.school)
    counts = people.aggregate(
        without_2fa=Count(
            "pk", filter=Q(is_active=True) & (Q(user__totp_enabled_at__isnull=True) | Q(user__totp_secret=""))
        ),
        inactive=Count("pk", filter=Q(is_active=False) | Q(user__is_active=False)),
    )
    users_url = reverse("admin:schools_user_changelist")
    if counts["without_2fa"]:
        count = counts["without_2fa"]
        text = ngettext(
            "%(count)d medewerker logt in zonder tweestapsverificatie.",
            "%(count)d medewerkers loggen in zonder tweestapsverificatie.",
            count,
        ) % {"count": count}
        if visit.school.require_two_factor:
            text += " " + str(_("De school verplicht het: zij moeten het instellen bij hun volgende login."))
        items.append(Item(text, users_url, None, Urgency.SOON if visit.school.require_two_factor else Urgency.INFO))
    if counts["inactive"]:
        count = counts["inactive"]
        text = ngettext(
            "%(count)d account is niet meer actief op deze school: ruim het op als het niet meer nodig is.",
            "%(count)d accounts zijn niet meer actief op deze school: ruim ze op als ze niet meer nodig zijn.",
            count,
        ) % {"count": count}
        items.append(Item(text, reverse("admin:schools_membership_changelist") + "?is_active__exact=0", None))
    locked = list(throttle.locked_names(people.values(name=Lower("user__username"))))
    if locked:
        text = ngettext(
            "%(count)d account is geblokkeerd voor inloggen vanaf onbekende apparaten na heel veel mislukte "
            "pogingen: %(names)s. Een nieuw wachtwoord of de actie ‘Blokkade voor inloggen opheffen’ "
            "maakt het weer vrij.",
            "%(count)d accounts zijn geblokkeerd voor inloggen vanaf onbekende apparaten na heel veel mislukte "
            "pogingen: %(names)s. Een nieuw wachtwoord of de actie ‘Blokkade voor inloggen opheffen’ "
            "maakt ze weer vrij.",
            len(locked),
        ) % {"count": len(locked), "names": ", ".join(locked)}
        items.append(Item(text, users_url, None, Urgency.OVERDUE))
    return section.limit(12)
