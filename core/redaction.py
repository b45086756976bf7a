"""Replacing words (a pupil's name) in stored text and JSON, for erasure and retention.

    replacer = Replacer([("Sam de Vries", "gewiste leerling L-7F3A9C")])
    replacer.text("Gesprek met Sam de Vries")  # "Gesprek met gewiste leerling L-7F3A9C"
    replacer.json({"pupil": "Sam de Vries"})    # {"pupil": "gewiste leerling L-7F3A9C"}

Matches ignore case and only whole words: "Sam Vries" is not found inside "Samuel Vriesema".
Longer texts go first, so "Sam de Vries" is replaced whole before "Sam Vries" is tried.
"""

import json
import re


class Replacer:
    def __init__(self, replacements):
        pairs = sorted(((old, new) for old, new in replacements if old and old.strip()), key=lambda p: -len(p[0]))
        self._new = {old.casefold(): new for old, new in pairs}
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(old) for old, _ in pairs) + r")(?!\w)", re.IGNORECASE)
            if pairs
            else None
        )

    def __bool__(self):
        return self._pattern is not None

    def needles(self):
        """The texts searched for, as stored (a JSON column on SQLite keeps é as \\u00e9): for a database
        pre-filter with ``icontains`` before :meth:`text` decides."""
        found = set()
        for old in self._new:
            found.add(old)
            found.add(json.dumps(old)[1:-1])
        return sorted(found)

    def text(self, value):
        if not self._pattern or not isinstance(value, str):
            return value
        return self._pattern.sub(lambda match: self._new[match.group(0).casefold()], value)

    def json(self, value):
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {self.text(key): self.json(item) for key, item in value.items()}
        return value
