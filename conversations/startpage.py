"""The conversations' part of the start page: the conversations one holds or takes part in during the next
two weeks (per round and day), those that are past but not yet recorded, and for the coordinator and
management the next conversation rounds. Registered in ConversationsConfig.ready(); see schools/startpage.py."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.sentences import compose
from schools import access
from schools.models import Role
from schools.startpage import Item, Section, Urgency, day_label

from .models import Conversation, RoundDay

OPEN = (Conversation.Status.PLANNED, Conversation.Status.RESCHEDULE)
# A planned conversation older than this is no longer "to record" on the start page (the list has it).
LOOK_BACK = datetime.timedelta(days=60)


def conversations(visit):
    """Conversations the user takes part in (leads, takes notes or sits in): those of the next two weeks,
    one line per round and day, and those that are past but still open. One query."""
    if visit.role not in access.CARE_WRITE_ROLES:
        return None
    start_of_day = timezone.make_aware(datetime.datetime.combine(visit.today, datetime.time.min))
    until = start_of_day + datetime.timedelta(days=(visit.ahead - visit.today).days + 1)
    took_part = Q(leader=visit.user) | Q(note_taker=visit.user) | Q(staff=visit.user)
    rows = list(
        Conversation.objects.filter(
            took_part,
            pupil__school=visit.school,
            status__in=OPEN,
            starts_at__gte=visit.now - LOOK_BACK,
            starts_at__lt=until,
        )
        .select_related("pupil", "round")
        .distinct()
        .order_by("starts_at", "pk")
    )
    section = Section(
        "conversations",
        _("Gesprekken"),
        empty_text=_("Je hebt de komende twee weken geen gesprekken gepland staan."),
        more_url=reverse("conversations:conversation_list"),
        more_text=_("Alle gesprekken"),
        order=25,
    )
    past = [row for row in rows if row.starts_at < visit.now]
    if past:
        section.items.append(
            Item(
                compose("conversations/sentences/start_unrecorded.txt", count=len(past)),
                reverse("conversations:conversation_detail", args=[past[0].pk]),
                timezone.localdate(past[0].starts_at),
                Urgency.OVERDUE,
            )
        )
    days = {}  # (round, day) -> conversations, in order
    for row in rows:
        if row.starts_at < visit.now:
            continue
        local = timezone.localtime(row.starts_at)
        key = (row.round_id or f"c{row.pk}", local.date())
        days.setdefault(key, []).append(row)
    for (_round, day), held in days.items():
        first = held[0]
        start = formats.time_format(timezone.localtime(first.starts_at), "H:i")
        leads = any(row.leader_id == visit.user.pk for row in held)
        if first.round_id:
            text = compose(
                "conversations/sentences/start_day.txt",
                round=first.round.name,
                count=len(held),
                day=day_label(day, weekday=True),
                start=start,
                leader=leads,
            )
            url = reverse("conversations:round_detail", args=[first.round_id])
        else:
            text = compose(
                "conversations/sentences/start_conversation.txt",
                kind=first.get_kind_display(),
                pupil=first.pupil.full_name,
                day=day_label(day, weekday=True),
                start=start,
                leader=leads,
            )
            url = reverse("conversations:conversation_detail", args=[first.pk])
        section.items.append(Item(text, url, day, Urgency.SOON))
    return section.limit()


def next_rounds(visit):
    """The coordinator and management: the next conversation rounds (those with a day from today on),
    with their days and planned conversations. Two queries."""
    if visit.role not in (Role.COORDINATOR, Role.MANAGEMENT):
        return None
    days = list(
        RoundDay.objects.filter(round__in=access.rounds(visit.user, visit.school).values("pk"), date__gte=visit.today)
        .select_related("round__group")
        .order_by("date", "start_time", "pk")
    )
    rounds = {}
    for day in days:
        rounds.setdefault(day.round_id, []).append(day)
    chosen = list(rounds)[:3]
    planned = dict(
        Conversation.objects.filter(round_id__in=chosen, status__in=OPEN)
        .values("round")
        .annotate(count=Count("pk"))
        .values_list("round", "count")
    )
    section = Section(
        "rounds",
        _("Volgende gespreksronde"),
        empty_text=_("Er is geen gespreksronde gepland."),
        more_url=reverse("conversations:round_list"),
        more_text=_("Alle gespreksrondes"),
        order=45,
    )
    for round_id in chosen:
        round_days = rounds[round_id]
        round_ = round_days[0].round
        text = compose(
            "conversations/sentences/start_round.txt",
            round=round_.name,
            group="" if round_.group.name.lower() in round_.name.lower() else round_.group.name,
            days=len(round_days),
            first=day_label(round_days[0].date, weekday=True),
            planned=planned.get(round_id, 0),
        )
        urgency = Urgency.SOON if round_days[0].date <= visit.ahead else Urgency.INFO
        section.items.append(
            Item(text, reverse("conversations:round_detail", args=[round_id]), round_days[0].date, urgency)
        )
    return section


PROVIDERS = [conversations, next_rounds]
