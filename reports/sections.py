"""The sections of the progress report, in the order the page and the PDF show them.

Each section is a module ``reports.figures.<key>`` with two functions and a template:

    compute(scope) -> dict     # the section's figures, JSON-safe (str, int, float, bool, None, list, dict),
                               # in a fixed number of queries whatever the size of the school
    charts(data) -> dict       # name -> SVG (core.charts), drawn from ``data`` alone, so that a finalized
                               # report draws the same charts from its stored figures
    reports/sections/<key>.html  # renders ``data`` and ``charts``; used by the page and the PDF

A teacher sees only the sections marked ``teacher`` (over her own groups). ``school_wide`` sections are
left out of a scope that is limited to a teacher's groups.
"""

from dataclasses import dataclass
from importlib import import_module

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    teacher: bool = False  # a teacher sees it, computed over her own groups

    @property
    def module(self):
        return import_module(f"reports.figures.{self.key}")

    @property
    def template(self):
        return f"reports/sections/{self.key}.html"

    def compute(self, scope):
        return self.module.compute(scope)

    def charts(self, data):
        return self.module.charts(data)


SECTIONS = (
    Section("end_results", _("Eindresultaten")),
    Section("advice", _("Schooladvies en uitslag doorstroomtoets")),
    Section("interim", _("Tussentijdse resultaten (trendanalyse)"), teacher=True),
    Section("care", _("Zorgoverzicht")),
    Section("cycle", _("De HGW-cyclus"), teacher=True),
    Section("conversations", _("Gesprekken")),
    Section("coaching", _("Coaching")),
)
BY_KEY = {section.key: section for section in SECTIONS}


def for_scope(scope):
    """The sections a scope may see: a teacher's scope only those marked ``teacher``."""
    return [section for section in SECTIONS if section.teacher or not scope.own_groups_only]


def compute_all(scope):
    """Every section's figures for ``scope``: what a draft shows and what finalizing stores."""
    return {section.key: section.compute(scope) for section in for_scope(scope)}
