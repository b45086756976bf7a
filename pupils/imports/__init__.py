"""CSV import of pupils (with their groups) and of test results.

    text = reading.decode(uploaded_bytes)          # or UnreadableFile
    plan = check("pupils", text, school, user)     # every row's action and every problem; saves nothing
    apply.confirm(batch, user)                     # all or nothing, once

See docs/import.md for the columns and the messages.
"""

from . import pupils, results
from .reading import UnreadableFile, read_table

KINDS = {"pupils": pupils, "results": results}

__all__ = ["KINDS", "UnreadableFile", "check", "read"]


def read(kind, text):
    """The rows of ``text`` as a file of ``kind``; UnreadableFile when the header does not fit."""
    module = KINDS[kind]
    return read_table(text, module.COLUMNS, what=module.WHAT)


def check(kind, text, school, user):
    """What importing ``text`` would do at ``school``, checked against the database as it is now."""
    plan = KINDS[kind].validate(read(kind, text), school, user)
    plan.problems.sort(key=lambda problem: problem.line or 0)
    return plan
