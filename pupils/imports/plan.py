"""What an import would do: every row with its action, and every problem. Nothing is saved here."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
ACTION_LABELS = {NEW: _("nieuw"), CHANGED: _("gewijzigd"), UNCHANGED: _("ongewijzigd")}


@dataclass
class PlannedRow:
    line: int
    action: str  # NEW, CHANGED or UNCHANGED
    label: str  # who or what, for the preview
    changes: list = field(default_factory=list)  # "groep: Groep 5 → Groep 6"
    payload: dict = field(default_factory=dict)  # the model instances apply.py saves

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


@dataclass
class Plan:
    kind: str
    headers: dict = field(default_factory=dict)  # column key -> header as written in the file
    ignored: list = field(default_factory=list)  # headers of columns the import does not use
    rows: list = field(default_factory=list)  # PlannedRow, valid rows only
    problems: list = field(default_factory=list)  # Problem
    row_count: int = 0  # data rows in the file, valid or not

    @property
    def ok(self):
        return not self.problems

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {
            "rows": self.row_count,
            "new": self.count(NEW),
            "changed": self.count(CHANGED),
            "unchanged": self.count(UNCHANGED),
            "problems": len(self.problems),
        }
