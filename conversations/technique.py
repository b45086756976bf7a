"""Question technique: is a Dutch question open or closed?

An open question starts with a question word (wat, hoe, wie, welke, waar, wanneer,
waardoor, waarom, ...); a closed one starts with the finite verb ("heb je",
"ben je", "vind je", "is het", "kun je"). People rarely write a bare question, so
before looking at the first word we strip what comes before the question proper:
a greeting ("Hoi Sam,"), a name or address followed by a comma, a lead-in clause
("Als je terugdenkt aan vorig jaar, wat ...") and fillers ("en", "maar", "oké").

``classify(text)`` returns a ``Technique`` value; ``open_alternative(text)`` turns
the common closed forms into an open one ("Heb je gemerkt dat ..." -> "Wat heb je
gemerkt ..."), which the conversation page offers beside questions from the bank.
"""

import re

from .models import Technique

QUESTION_WORDS = {
    "wat",
    "hoe",
    "hoezo",
    "wie",
    "wiens",
    "welk",
    "welke",
    "waar",
    "waarom",
    "waardoor",
    "waarmee",
    "waarover",
    "waarvan",
    "waaraan",
    "waarop",
    "waarin",
    "waarbij",
    "waarnaar",
    "waartoe",
    "waaruit",
    "waarvoor",
    "wanneer",
    "hoeveel",
    "hoelang",
    "hoever",
    "vanwaar",
}

# Finite verbs a closed question starts with: "Heb je ...", "Is het ...", "Zou je ...".
CLOSED_VERBS = {
    "ben",
    "bent",
    "is",
    "zijn",
    "was",
    "waren",
    "heb",
    "hebt",
    "heeft",
    "hebben",
    "had",
    "hadden",
    "kun",
    "kunt",
    "kan",
    "kunnen",
    "kon",
    "konden",
    "wil",
    "wilt",
    "willen",
    "wou",
    "wilde",
    "zou",
    "zouden",
    "moet",
    "moeten",
    "moest",
    "mag",
    "mogen",
    "mocht",
    "vind",
    "vindt",
    "vinden",
    "vond",
    "weet",
    "weten",
    "wist",
    "ga",
    "gaat",
    "gaan",
    "ging",
    "doe",
    "doet",
    "doen",
    "deed",
    "denk",
    "denkt",
    "dacht",
    "snap",
    "snapt",
    "begrijp",
    "begrijpt",
    "merk",
    "merkt",
    "merkte",
    "zie",
    "ziet",
    "zag",
    "speel",
    "speelt",
    "lees",
    "leest",
    "voel",
    "voelt",
    "voelde",
    "lukt",
    "lukte",
    "helpt",
    "hielp",
    "klopt",
    "komt",
    "kom",
    "krijg",
    "krijgt",
    "word",
    "wordt",
    "werd",
    "blijf",
    "blijft",
    "hoor",
    "hoort",
    "houd",
    "hou",
    "houdt",
    "leer",
    "leert",
    "maak",
    "maakt",
    "praat",
    "zeg",
    "zegt",
    "zit",
    "zat",
    "sta",
    "staat",
    "durf",
    "durft",
}

GREETINGS = {"hoi", "hallo", "hey", "hee", "hai", "dag", "goedemorgen", "goedemiddag", "goedenavond", "welkom"}
FILLERS = {"en", "maar", "dus", "oké", "oke", "ok", "nou", "zeg", "goed", "ja", "nee", "trouwens", "even", "eh", "ehm"}
# Words that open a subordinate clause: "Als je terugdenkt aan vorig jaar, wat ...".
SUBORDINATORS = {
    "als",
    "toen",
    "nu",
    "omdat",
    "terwijl",
    "zodra",
    "voordat",
    "nadat",
    "sinds",
    "wanneer",
    "hoewel",
    "stel",
    "stel dat",
    "indien",
    "zodat",
    "over",
    "met",
    "bij",
    "in",
    "op",
}

_WORD = re.compile(r"[a-zà-ÿ']+", re.IGNORECASE)


def _words(text):
    return [w.lower() for w in _WORD.findall(text)]


def _question_part(text):
    """The clause that carries the question: after a greeting, an address or a lead-in clause."""
    text = text.strip().strip("\"'“”‘’").strip()
    # Several sentences: the question is the last one that ends with a question mark.
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    questions = [s for s in sentences if s.endswith("?")]
    if questions:
        text = questions[-1]
    clauses = [c.strip() for c in text.split(",") if c.strip()]
    if len(clauses) <= 1:
        return text
    # A question word that opens a later clause wins: "Als je terugdenkt, wat ...", "Sam, hoe ...".
    for clause in clauses[1:]:
        words = _words(clause)
        if words and words[0] in QUESTION_WORDS:
            return ", ".join(clauses[clauses.index(clause) :])
    first_words = _words(clauses[0])
    # "Hoi Sam, heb je ..." / "Sam, ben je ..." / "Als je terugdenkt, heb je ...": the clause after the comma.
    if first_words and (
        first_words[0] in GREETINGS
        or first_words[0] in SUBORDINATORS
        or (len(first_words) <= 2 and first_words[0] not in QUESTION_WORDS and first_words[0] not in CLOSED_VERBS)
    ):
        return ", ".join(clauses[1:])
    return text


def classify(text):
    """``Technique.OPEN``, ``Technique.CLOSED`` or ``Technique.UNKNOWN`` for one written-down question."""
    words = _words(_question_part(text))
    while words and (words[0] in FILLERS or words[0] in GREETINGS):
        words = words[1:]
    if not words:
        return Technique.UNKNOWN
    first = words[0]
    if first in QUESTION_WORDS:
        return Technique.OPEN
    if first in CLOSED_VERBS:
        return Technique.CLOSED
    # "Vertel eens ..." invites an open answer though it is not a question word.
    if first in {"vertel", "beschrijf", "leg"}:
        return Technique.OPEN
    return Technique.UNKNOWN


# Closed openings with their open counterpart: "Heb je gemerkt dat ..." -> "Wat heb je gemerkt ...".
_REWRITES = [
    (re.compile(r"^(heb|hebt|had) (je|jij|u) (.+?)(?: dat .*)?\?$", re.I), "Wat {1} {2} {3}?"),
    (re.compile(r"^(vind|vond) (je|jij|u) (het|dat) (.+?)\?$", re.I), "Wat {1} {2} {3} van?"),
    (re.compile(r"^(ben|bent|was) (je|jij|u) (.+?)\?$", re.I), "Hoe {1} {2} {3}?"),
    (re.compile(r"^(kun|kunt|kan) (je|jij|u) (.+?)\?$", re.I), "Hoe {1} {2} {3}?"),
    (re.compile(r"^(is|was) (het|dat) (.+?)\?$", re.I), "Hoe {1} {2} {3}?"),
    (re.compile(r"^(weet|wist) (je|jij|u) (.+?)\?$", re.I), "Wat {1} {2} {3}?"),
    (re.compile(r"^(gaat|ging) (het|dat) (.+?)\?$", re.I), "Hoe {1} {2} {3}?"),
]


def open_alternative(text):
    """An open rewrite of a closed question, or "" when no rule fits."""
    part = _question_part(text).strip()
    if classify(part) != Technique.CLOSED:
        return ""
    if not part.endswith("?"):
        part += "?"
    for pattern, template in _REWRITES:
        match = pattern.match(part)
        if match:
            groups = [g.lower() for g in match.groups()]
            return template.format(None, *groups).strip()
    return ""


def counts(questions):
    """{'open': n, 'closed': n, 'unknown': n} for AskedQuestion rows (or anything with ``technique``)."""
    result = {value: 0 for value in Technique.values}
    for question in questions:
        result[question.technique] += 1
    return result
