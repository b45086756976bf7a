"""Gesprekken: per conversation round of the report's school year (a round belongs to one group) how many of the
group's pupils were spoken to, and the answers to the usefulness question (nuttigheidsvraag, 0-10) per round
and respondent. Aggregates only: no notes, no pupil names.

The pupils counted are those the scope covers (``scope.enrolments_q``): in a combination group 4/5 a
bovenbouw report counts the year-5 pupils only, both in the group and in its conversations. A pupil counts as
spoken to when a conversation of the round with her is held (status "gehouden"); as planned when she has a
conversation in the round that was not called off. Rounds are numbered in the order of their first day.

Four queries whatever the number of rounds and conversations: the rounds, the pupils per group, the
conversations per round and the usefulness answers per round and respondent.
"""

from django.db.models import Count, F, Min, Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conversations.models import SCALE_MAX, SCALE_MIN, Conversation, Respondent, Round, ScaleAnswer
from core.charts import line_chart
from pupils.models import Enrolment

RESPONDENTS = list(Respondent.values)


def compute(scope):
    rounds_qs = Round.objects.filter(scope.groups_q("group__"), group__school_year_id=scope.year_id)
    in_scope = Enrolment.objects.filter(scope.enrolments_q(), school_year_id=scope.year_id)
    pupils = _pupils_per_group(in_scope)
    spoken = _conversations_per_round(rounds_qs, in_scope)
    answers = _usefulness(rounds_qs, in_scope)

    rounds = []
    for number, row in enumerate(_rounds(rounds_qs), start=1):
        group_pupils = pupils.get(row["group_id"], 0)
        scheduled, held = spoken.get(row["pk"], (0, 0))
        rounds.append(
            {
                "number": number,
                "name": row["name"],
                "kind": row["kind"],
                "group": row["group__name"],
                "first_day": row["first_day"].isoformat() if row["first_day"] else None,
                "pupils": group_pupils,
                "scheduled": scheduled,
                "held": held,
                "held_share": _share(held, group_pupils),
                "usefulness": [_mean(answers.get((row["pk"], code), (0, 0)), code) for code in RESPONDENTS],
            }
        )
    respondents = [code for code in RESPONDENTS if any(key[1] == code for key in answers)]
    totals = {
        "pupils": sum(item["pupils"] for item in rounds),
        "scheduled": sum(item["scheduled"] for item in rounds),
        "held": sum(item["held"] for item in rounds),
        "usefulness": [_mean(_summed(answers, code), code) for code in RESPONDENTS],
    }
    totals["held_share"] = _share(totals["held"], totals["pupils"])
    return {"rounds": rounds, "respondents": respondents, "totals": totals, "scale": [SCALE_MIN, SCALE_MAX]}


def charts(data):
    """The mean usefulness answer per round, one line per respondent, on the full 0-10 scale."""
    if not data["respondents"]:
        return {}
    labels = dict(Respondent.choices)
    series = []
    for code in data["respondents"]:
        index = RESPONDENTS.index(code)
        points = []
        for item in data["rounds"]:
            answer = item["usefulness"][index]
            tooltip = ngettext(
                "%(round)s (%(group)s): gemiddeld %(mean)s uit %(count)s antwoord",
                "%(round)s (%(group)s): gemiddeld %(mean)s uit %(count)s antwoorden",
                answer["answers"],
            ) % {
                "round": item["name"],
                "group": item["group"],
                "mean": number_format(answer["mean"], 1) if answer["mean"] is not None else "–",
                "count": answer["answers"],
            }
            points.append((str(item["number"]), answer["mean"], tooltip))
        series.append((str(labels[code]), points))
    low, high = data["scale"]
    return {
        "usefulness": line_chart(
            series,
            x_labels=[str(item["number"]) for item in data["rounds"]],
            y_ticks=[(value, str(value)) for value in range(low, high + 1, 2)],
            y_domain=(low, high),
            y_label=_("gemiddeld cijfer"),
            title=_("Hoe nuttig was het gesprek? Gemiddeld cijfer per gespreksronde"),
            chart_id="chart-conversations-usefulness",
        )
    }


# --- Helpers -------------------------------------------------------------------------------------------------------


def _rounds(rounds_qs):
    return (
        rounds_qs.annotate(first_day=Min("days__date"))
        .values("pk", "name", "kind", "group_id", "group__name", "first_day")
        .order_by(F("first_day").asc(nulls_last=True), "group__year_level_low", "group__name", "pk")
    )


def _pupils_per_group(in_scope):
    rows = in_scope.values("group_id").annotate(pupils=Count("pupil_id", distinct=True)).order_by()
    return {row["group_id"]: row["pupils"] for row in rows}


def _conversations_per_round(rounds_qs, in_scope):
    """Per round: pupils in scope with a conversation that was not called off, and with one that was held."""
    rows = (
        Conversation.objects.filter(round__in=rounds_qs, pupil_id__in=in_scope.values("pupil_id"))
        .values("round_id")
        .annotate(
            scheduled=Count("pupil_id", filter=~Q(status=Conversation.Status.CANCELLED), distinct=True),
            held=Count("pupil_id", filter=Q(status=Conversation.Status.HELD), distinct=True),
        )
        .order_by()
    )
    return {row["round_id"]: (row["scheduled"], row["held"]) for row in rows}


def _usefulness(rounds_qs, in_scope):
    """(round, respondent) -> (answers, sum of the answers) of the usefulness question."""
    rows = (
        ScaleAnswer.objects.filter(
            is_usefulness=True,
            conversation__round__in=rounds_qs,
            conversation__pupil_id__in=in_scope.values("pupil_id"),
        )
        .values("conversation__round_id", "respondent")
        .annotate(answers=Count("id"), total=Sum("value"))
        .order_by()
    )
    return {(row["conversation__round_id"], row["respondent"]): (row["answers"], row["total"]) for row in rows}


def _summed(answers, respondent):
    """(answers, sum) of ``respondent`` over every round."""
    rows = [counts for (_round, code), counts in answers.items() if code == respondent]
    return sum(count for count, _total in rows), sum(total for _count, total in rows)


def _mean(counts, respondent):
    answers, total = counts
    return {"respondent": respondent, "answers": answers, "mean": round(total / answers, 1) if answers else None}


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None
