"""What an import would do: every row with its action, and every problem. Nothing is saved here."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .reading import Problem

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

    @classmethod
    def for_table(cls, kind, table):
        """The plan of ``table`` before its rows are checked: its columns and the problems of reading it."""
        return cls(
            kind=kind,
            headers=table.headers,
            ignored=table.ignored,
            row_count=len(table.rows),
            problems=list(table.problems),
        )

    def checked_rows(self, table, check):
        """The row loop of every kind of file: ``check(row, problem)`` reads one row and reports what is wrong
        with ``problem(column key, message)``. Yields ``(row, what check returned)`` for each row without
        problems, one at a time (so a row may depend on the rows before it); the problems of the other rows
        go into the plan. Rows that could not be read at all (``row.broken``) have their problem already."""
        for row in table.rows:
            if row.broken:
                continue
            problems = []

            def problem(key, message, problems=problems, row=row):
                problems.append(Problem(row.line, table.header(key), message))

            result = check(row, problem)
            if problems:
                self.problems.extend(problems)
            else:
                yield row, result

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
