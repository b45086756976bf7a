"""Meaning never by colour alone (issue 15): on the plan's pages a result below the norm, a level below the norm
in the count row, the state of each phase and an incomplete session of the week schedule are also said in words
or marked with a shape, for whoever cannot tell red from green."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from groupplans.models import Phase

from .test_phases import close
from .test_services import at_phase, result


@pytest.fixture
def teacher(world, login):
    return login(world.user("teacher"), world.school)


def _visible(html):
    """The page as a sighted reader sees it: without visually hidden text."""
    return re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)


def test_a_result_below_the_norm_is_marked_in_the_live_and_the_frozen_overview(world, teacher):
    plan = world.plans["six"]
    result(world.pupils["six"], "IV")
    for page in [
        teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "observe"])).content.decode(),
        # Once observe is closed, the overview is the one stored then.
        (close(teacher, plan), teacher.get(reverse("groupplans:plan_phase", args=[plan.pk, "observe"])))[
            1
        ].content.decode(),
    ]:
        row = page[page.index("Sam Zes") :].split("</tr>")[0]
        # On screen a * (explained under the table), for a screen reader the words.
        assert 'IV<span aria-hidden="true">*</span><span class="visually-hidden"> onder de norm</span>' in row
        assert "* = onder de norm." in page
        footer = page[page.index("Aantal leerlingen per niveau") :].split("</tr>")[0]
        assert re.search(
            r'>IV<span aria-hidden="true">\*</span><span class="visually-hidden"> \(onder de norm\)</span>: 1<', footer
        )


def test_every_phase_shows_its_state_in_words_and_a_closed_one_a_tick(world, teacher):
    plan = at_phase(world.plans["six"], Phase.UNDERSTAND)
    page = _visible(teacher.get(reverse("groupplans:plan_detail", args=[plan.pk])).content.decode())
    steps = page[page.index("plan-progress") :].split("</ol>")[0]
    assert re.search(r"✓ </span>1\. Waarnemen\s*.*?afgesloten", steps, re.S)
    assert re.search(r"2\. Begrijpen\s*.*?huidige fase", steps, re.S)
    assert steps.count("nog niet open") == 3  # plannen, realiseren, evalueren


def test_an_incomplete_session_of_the_week_schedule_says_so():
    class Session:
        def __init__(self, name, minutes, who):
            self.name, self.minutes, self.who, self.where, self.incomplete = (
                name,
                minutes,
                who,
                "",
                not (minutes and who),
            )

    class Day(list):
        name = "maandag"

    monday = Day()
    monday.sessions = [Session("Verlengde instructie", 30, "leerkracht"), Session("Plusgroep", None, "")]
    schedule = [monday]
    html = render_to_string("groupplans/phase_realise.html", {"schedule": schedule})
    complete, incomplete = html.split("</span>")[:2]
    assert "nog niet compleet" not in complete
    assert "Plusgroep" in incomplete and "nog niet compleet" in incomplete and "text-danger" in incomplete
