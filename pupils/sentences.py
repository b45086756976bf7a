"""The sentences the pupils app composes (core.sentences), and sample contexts for each of them.

A need is about the pupil, in the third person: "Sanne heeft een leeromgeving nodig die rustig is,
om de weektaak af te maken." What a pupil said in the first person ("zonder de deur naast mij") is
kept as a quote, never mixed into that sentence. A goal follows "om" only when it reads
"… te <werkwoord>"; a goal typed without "te" (older records) is its own short sentence
("Doel: de weektaak afmaken."), so no sentence ever reads "om de weektaak afmaken".
"""

import re

from core.sentences import compose

# Words that show a text is in the first person: the pupil's own words.
FIRST_PERSON = re.compile(r"\b(ik|mij|me|mijn|m'n|mezelf|mijzelf)\b", re.IGNORECASE)
TE = re.compile(r"\bte\b", re.IGNORECASE)


def _clean(text):
    """A typed part of a sentence without outer spaces and a closing full stop."""
    return " ".join((text or "").split()).rstrip(" .")


def need_context(name, category_label, text, goal=""):
    """The context of ``pupils/sentences/need.txt`` for a need as typed."""
    # Each category label ends in its relative pronoun ("instructie die", "spel dat").
    noun, _space, pronoun = str(category_label).rpartition(" ")
    text = _clean(text)
    first_word = text.split(" ", 1)[0].lower() if text else ""
    if first_word == pronoun.lower():  # typed "die rustig is" after "een leeromgeving die"
        text = text.split(" ", 1)[1] if " " in text else ""
    goal = _clean(goal)
    if goal.lower().startswith("om "):
        goal = goal[3:].strip()
    return {
        "name": name,
        "noun": noun,
        "pronoun": pronoun,
        "text": text,
        "quoted": bool(FIRST_PERSON.search(text)),
        "goal": goal,
        "goal_quoted": bool(FIRST_PERSON.search(goal)),
        "goal_has_te": bool(TE.search(goal)),
    }


def need_sentence(name, category_label, text, goal=""):
    return compose("pupils/sentences/need.txt", **need_context(name, category_label, text, goal))


def _need(category, text, goal="", name="Sanne"):
    return need_context(name, category, text, goal)


SAMPLES = {
    "pupils/sentences/need.txt": [
        _need("instructie die", "kort en visueel is"),
        _need("een leeromgeving die", "rustig is, zonder de deur naast zich", "de weektaak af te maken"),
        _need("een leeromgeving die", "rustig is", "om de weektaak af te maken."),
        _need("spel dat", "uitdaagt om samen te werken", "beter mee te doen met de groep", name="Daan"),
        _need("leeractiviteiten of materialen die", "breuken zichtbaar maken", "procentsommen zelfstandig oplossen"),
        _need("een leerkracht die", "vraagt of ik de tekst snap", "de hoofdgedachte te vinden"),
        _need("klasgenoten die", "samen met mij hardop denken", "ik wil vragen beter begrijpen"),
        _need("ouders die", "die thuis elke dag tien minuten met hem lezen", "vlotter te lezen"),
        _need("feedback die", "direct laat zien wat al goed gaat."),
    ],
    # the start page's items
    "pupils/sentences/start_new_observation.txt": [
        {"pupil": "Anouk de Wit", "kind": "observatie in de klas", "author": "Esther Claassen"},
        {"pupil": "Anouk de Wit", "kind": "analyse van werk", "author": ""},
    ],
    "pupils/sentences/start_new_need.txt": [
        {"pupil": "Lina Kaya", "author": "Marieke de Haan"},
        {"pupil": "Lina Kaya", "author": ""},
    ],
    "pupils/sentences/start_care_level.txt": [
        {"pupil": "Sem Mulder", "level": 3, "author": "Marieke de Haan"},
        {"pupil": "Sem Mulder", "level": 2, "author": ""},
    ],
    "pupils/sentences/start_import.txt": [
        {"kind": "toetsresultaten", "filename": "cito-midden.csv", "author": "Marieke de Haan"},
        {"kind": "leerlingen en groepen", "filename": "leerlingen.csv", "author": ""},
    ],
    "pupils/sentences/start_remedial_pupil.txt": [
        {"pupil": "Finn Bakker", "group": "Groep 8", "subject": "begrijpend lezen, wekelijks", "end_date": ""},
        {"pupil": "Finn Bakker", "group": "", "subject": "", "end_date": "31 januari"},
        {"pupil": "Finn Bakker", "group": "Groep 8", "subject": "spelling", "end_date": "31 januari"},
    ],
}
