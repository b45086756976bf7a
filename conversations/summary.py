"""What a round's summary shows: coverage, conversations per status, needs per subject and the question
technique per day. A fixed number of queries, whatever the number of conversations."""

from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.sentences import compose

from . import scheduling, technique
from .models import AskedQuestion, Conversation, ConversationNeed

Status = Conversation.Status
STATUS_BADGES = {
    Status.PLANNED: "text-bg-primary",
    Status.HELD: "text-bg-success",
    Status.CANCELLED: "text-bg-secondary",
    Status.RESCHEDULE: "text-bg-warning",
}


def status_rows(counts):
    """[(status, label, count, badge class)] for every status, from {status: count}."""
    return [(value, label, counts.get(value, 0), STATUS_BADGES[value]) for value, label in Status.choices]


def progress_counts(conversations):
    """The status rows of conversations already loaded (the schedule page)."""
    return status_rows(Counter(conversation.status for conversation in conversations))


def round_statuses(round_):
    """The status rows of a round, counted by the database (the summary)."""
    rows = Conversation.objects.filter(round=round_).values("status").annotate(n=Count("id")).order_by()
    return status_rows({row["status"]: row["n"] for row in rows})


def coverage_sentence(held, total, percent):
    """'28 van de 30 leerlingen gesproken (93%)' (conversations/sentences/summary_coverage.txt)."""
    return compose("conversations/sentences/summary_coverage.txt", held=held, total=total, percent=percent)


def coverage(round_):
    """(pupils of the group with a held conversation in the round, pupils of the group, percentage or None)."""
    pupils = scheduling.round_pupils(round_)
    total = pupils.count()
    held = (
        Conversation.objects.filter(round=round_, status=Status.HELD, pupil__in=pupils)
        .values("pupil_id")
        .distinct()
        .count()
    )
    return held, total, (round(100 * held / total) if total else None)


def technique_per_day(round_):
    """[(date, {'open': n, 'closed': n, 'unknown': n}, open share in %)] of the questions asked, per day."""
    questions = (
        AskedQuestion.objects.filter(conversation__round=round_)
        .select_related("conversation")
        .only("technique", "conversation__starts_at")
    )
    per_day = defaultdict(list)
    for question in questions:
        per_day[timezone.localdate(question.conversation.starts_at)].append(question)
    rows = []
    for date in sorted(per_day):
        counts = technique.counts(per_day[date])
        classified = counts["open"] + counts["closed"]
        rows.append((date, counts, round(100 * counts["open"] / classified) if classified else None))
    return rows


def needs_per_subject(round_):
    rows = (
        ConversationNeed.objects.filter(conversation__round=round_)
        .values("need__subject__name")
        .annotate(count=Count("id"))
        .order_by("-count", "need__subject__name")
    )
    return [(row["need__subject__name"] or _("zonder vak"), row["count"]) for row in rows]
