"""What a coaching trajectory holds, gathered once for the detail page and the PDF.

    content = build_content(trajectory, is_coach=True)
    content.sessions          # by date, each with its agreements prefetched
    content.chart_svg         # scaling answers and the working relationship over time

The caller has fetched ``trajectory`` through ``schools.access.coaching_content``
(coach and coachee only): everything here is confidential content. The cost is
a fixed number of queries (``QUERY_COUNT``), whatever the number of sessions.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import charts

from .models import RELATIONSHIP_ORDER, Agreement, CoachRole

# sessions, their agreements (prefetch), assessments, visits, letters.
QUERY_COUNT = 5
CHART_SIZE = {"width": 560, "height": 170}
SCALING_TICKS = [(value, str(value)) for value in range(0, 11, 2)]


@dataclass
class CoachingContent:
    sessions: list
    open_agreements: list
    visits: list
    letters: list
    chart_svg: str
    role_mix: list
    scaling_answers: list
    learning_moments: list
    # Also at hand for the templates: every agreement (by session date) and the relationship assessments.
    agreements: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    scaling_svg: str = ""
    relationship_svg: str = ""
    today: datetime.date = field(default_factory=timezone.localdate)  # to mark agreements past their date

    @property
    def follow_through(self):
        """[(FollowUp, count)] over the agreements that were checked: kept, late, not kept."""
        checked = [choice for choice in Agreement.FollowUp if choice != Agreement.FollowUp.OPEN]
        return [(choice, sum(1 for a in self.agreements if a.follow_up == choice)) for choice in checked]


def visible_assessments(assessments, *, is_coach):
    """The assessments of the working relationship a reader may see: they are the coach's working notes,
    so the coach sees all of them and the coachee only those she shared with him."""
    return [a for a in assessments if is_coach or a.shared_with_coachee]


def build_content(trajectory, *, is_coach):
    """Everything the page and the PDF show; ``is_coach`` False (the coachee) leaves out the assessments
    of the working relationship the coach did not share, in the table and in the chart."""
    agreements_qs = Agreement.objects.select_related("checked_in").order_by("id")
    sessions = list(
        trajectory.sessions.order_by("date", "id").prefetch_related(Prefetch("agreements", queryset=agreements_qs))
    )
    assessments = visible_assessments(trajectory.assessments.order_by("date", "id"), is_coach=is_coach)
    visits = list(trajectory.visits.order_by("date", "id"))
    letters = list(trajectory.letters.order_by("date", "id"))

    agreements = [agreement for session in sessions for agreement in session.agreements.all()]
    scaling_answers = [(s.date, s.scaling) for s in sessions if s.scaling is not None]
    counts = {role: 0 for role in CoachRole}
    for session in sessions:
        counts[session.role] += 1
    scaling_svg, relationship_svg = _charts(trajectory, scaling_answers, assessments)
    return CoachingContent(
        sessions=sessions,
        open_agreements=[a for a in agreements if a.follow_up == Agreement.FollowUp.OPEN],
        visits=visits,
        letters=letters,
        chart_svg=mark_safe(scaling_svg + relationship_svg),
        role_mix=list(counts.items()),
        scaling_answers=scaling_answers,
        learning_moments=[(s.date, text) for s in sessions for text in s.learning_moment_list],
        agreements=agreements,
        assessments=assessments,
        scaling_svg=scaling_svg,
        relationship_svg=relationship_svg,
    )


def _day(date):
    return date_format(date, "j-n")


def _charts(trajectory, scaling_answers, assessments):
    """Two small charts on one time axis: the teacher's own rating, and the working relationship."""
    dates = sorted({date for date, _value in scaling_answers} | {a.date for a in assessments})
    x_labels = list(dict.fromkeys(_day(date) for date in dates))
    scaling_label = _("Schaalvraag")
    scaling = charts.line_chart(
        [
            (
                scaling_label,
                [(_day(date), value) for date, value in scaling_answers],
            )
        ],
        x_labels=x_labels,
        y_ticks=SCALING_TICKS,
        y_label=_("cijfer"),
        title=_("Schaalvraag: hoe de leerkracht zichzelf beoordeelt (0-10)"),
        empty_text=_("Nog geen antwoorden op de schaalvraag"),
        chart_id=f"coaching-{trajectory.pk}-schaal",
        **CHART_SIZE,
    )
    position = {relationship: index for index, relationship in enumerate(RELATIONSHIP_ORDER)}
    labels = {relationship: str(relationship.label) for relationship in RELATIONSHIP_ORDER}
    relationship = charts.line_chart(
        [
            (
                _("Werkrelatie"),
                [(_day(a.date), position[a.result], labels[a.result]) for a in assessments if a.result in position],
            )
        ],
        x_labels=x_labels,
        y_ticks=[(position[r], labels[r]) for r in RELATIONSHIP_ORDER],
        title=_("Werkrelatie volgens het stroomschema"),
        desc="; ".join(f"{date_format(a.date, 'd-m-Y')}: {a.get_result_display()}" for a in assessments),
        empty_text=_("Nog geen inschatting van de werkrelatie"),
        chart_id=f"coaching-{trajectory.pk}-werkrelatie",
        **CHART_SIZE,
    )
    return str(scaling), str(relationship)
