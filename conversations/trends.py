"""Scaling answers over time: per pupil (the usefulness answers, a line per respondent) and per round
(usefulness averages by respondent). One query each, whatever the number of answers."""

from collections import defaultdict

from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core import charts

from .models import SCALE_MAX, SCALE_MIN, Respondent, ScaleAnswer

# The usefulness question is answered on the scale of every scaling question: 0 to 10.
USEFULNESS_SCALE = (SCALE_MIN, SCALE_MAX)


def usefulness_by_respondent(conversations):
    """{respondent value: (average rounded to 1 decimal, count)} of the usefulness answers in ``conversations``."""
    rows = (
        ScaleAnswer.objects.filter(conversation__in=conversations, is_usefulness=True)
        .values("respondent")
        .annotate(average=Avg("value"), count=Count("id"))
    )
    return {row["respondent"]: (round(row["average"], 1), row["count"]) for row in rows}


def usefulness_per_round(rounds):
    """{round pk: {respondent: (average, count)}} for several rounds in one query (the round list's trend)."""
    rows = (
        ScaleAnswer.objects.filter(conversation__round__in=rounds, is_usefulness=True)
        .values("conversation__round", "respondent")
        .annotate(average=Avg("value"), count=Count("id"))
    )
    result = defaultdict(dict)
    for row in rows:
        result[row["conversation__round"]][row["respondent"]] = (round(row["average"], 1), row["count"])
    return dict(result)


def pupil_chart(conversations):
    """SVG line chart of a pupil's usefulness answers per conversation, a line per respondent."""
    return pupil_usefulness(conversations)[0]


def pupil_usefulness(conversations):
    """The chart of ``pupil_chart`` and its values as table rows ``(date, respondent, value)``, from one query: the
    page shows both, the table for whoever cannot see the chart."""
    answers = (
        ScaleAnswer.objects.filter(conversation__in=conversations, is_usefulness=True)
        .select_related("conversation")
        .order_by("conversation__starts_at", "id")
    )
    labels = {value: label for value, label in Respondent.choices}
    series = defaultdict(list)
    x_labels, rows = [], []
    for answer in answers:
        x = timezone.localtime(answer.conversation.starts_at).strftime("%d-%m-%Y")
        if x not in x_labels:
            x_labels.append(x)
        # The tooltip already starts with the series name: only the answer here.
        series[answer.respondent].append((x, answer.value, str(answer.value)))
        rows.append((x, labels[answer.respondent], answer.value))
    svg = charts.line_chart(
        [(labels[key], points) for key, points in series.items()],
        x_labels=x_labels,
        title=_("Nuttigheid van de gesprekken"),
        y_label=_("0-10"),
        y_domain=USEFULNESS_SCALE,  # the whole scale, not just the answers given (4-12 for answers of 5-10)
        empty_text=_("Nog geen antwoorden op de nuttigheidsvraag."),
    )
    return svg, rows
