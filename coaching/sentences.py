"""The sentences of a coaching trajectory (core.sentences), in the teacher's own voice, and sample
contexts for each of them.

The trajectory form asks the teacher to finish three sentences. What he typed is shown as the
whole sentence, with the Dutch word order the prompt needs:

- "Als leerkracht wil ik bereiken dat …": a subordinate clause, its verb last
  ("mijn lessen beter gepland zijn"). A whole sentence of his own ("Ik wil …") is shown as typed.
- "Ik kan al …": the verb last ("een heldere instructie geven").
- "Ik heb ook … nodig": "nodig" comes after the thing needed and before a clause that explains it
  ("Ik heb ook tijd nodig om bij een collega te kijken"), never "Ik heb ook nodig hulp".
"""

import re

from core.sentences import compose

# A clause that explains what is needed: "nodig" goes before it.
_CLAUSE = re.compile(r"\s(om|die|dat|waarmee|waarbij|zodat|als|wanneer|voor als|bij)\s", re.IGNORECASE)
_GOAL_PROMPT = re.compile(r"^(als leerkracht )?(wil ik bereiken )?dat\s+", re.IGNORECASE)
_OWN_SENTENCE = re.compile(r"^(ik|mijn)\s+(wil|ga|zou)\b", re.IGNORECASE)


def _clean(text):
    """Typed text on one line, without outer spaces, ellipsis or closing full stop."""
    text = " ".join((text or "").split())
    return text.strip(" .…")


def _strip_prompt(text, prompt):
    if text.lower().startswith(prompt):
        text = text[len(prompt) :].strip(" .…:")
    return text


def _lower_first(text):
    """A typed start in capitals ("Mijn lessen …") reads on after the prompt in lower case; "Ik" stays."""
    if text[:1].isupper() and not re.match(r"^(Ik|IB|[A-Z]{2,})\b", text):
        return text[:1].lower() + text[1:]
    return text


def goal_context(goal):
    goal = _clean(goal)
    goal = _GOAL_PROMPT.sub("", goal).strip()
    own = bool(_OWN_SENTENCE.match(goal))
    if own:
        goal = goal[:1].upper() + goal[1:]
    return {"goal": goal if own else _lower_first(goal), "own_sentence": own}


def can_already_context(text):
    return {"text": _lower_first(_strip_prompt(_clean(text), "ik kan al"))}


def also_need_context(text):
    text = _strip_prompt(_strip_prompt(_clean(text), "ik heb ook nodig"), "ik heb nodig")
    text = _lower_first(text)
    if text.lower().endswith(" nodig"):  # typed "… nodig" already
        text = text[: -len(" nodig")]
    match = _CLAUSE.search(text)
    if match:
        return {"what": text[: match.start()], "rest": text[match.start() + 1 :]}
    return {"what": text, "rest": ""}


def goal_sentence(goal):
    return compose("coaching/sentences/goal.txt", **goal_context(goal)) if _clean(goal) else ""


def can_already_sentence(text):
    return compose("coaching/sentences/can_already.txt", **can_already_context(text)) if _clean(text) else ""


def also_need_sentence(text):
    return compose("coaching/sentences/also_need.txt", **also_need_context(text)) if _clean(text) else ""


def support_need_sentence(kind, text):
    return compose("coaching/sentences/support_need.txt", kind=kind, text=_clean(text))


SAMPLES = {
    "coaching/sentences/goal.txt": [
        goal_context("mijn lessen beter gepland zijn"),
        goal_context("Dat ik rustig blijf als de klas onrustig wordt."),
        goal_context("Als leerkracht wil ik bereiken dat de leerlingen zelfstandig aan de weektaak werken…"),
        goal_context("Ik wil mijn lessen beter plannen"),
    ],
    "coaching/sentences/can_already.txt": [
        can_already_context("een heldere instructie geven"),
        can_already_context("Ik kan al de klas rustig krijgen na de pauze."),
    ],
    "coaching/sentences/also_need.txt": [
        also_need_context("hulp bij het plannen"),
        also_need_context("tijd om bij een collega in de klas te kijken"),
        also_need_context("Een collega die meekijkt bij de rekenles."),
        also_need_context("Ik heb ook nodig: hulp"),
    ],
    "coaching/sentences/support_need.txt": [
        {"kind": "knowledge", "text": "het jonge kind"},
        {"kind": "skills", "text": "een weekplanning te maken"},
        {"kind": "support_during", "text": "de rekenles"},
        {"kind": "materials", "text": "de leerlingen zelfstandig kunnen werken"},
        {"kind": "colleagues", "text": "met mij meekijken"},
        {"kind": "coordinator", "text": "een keer per week meedenkt"},
        {"kind": "manager", "text": "tijd vrijmaakt voor collegiale consultatie"},
        {"kind": "hands", "text": "een onderwijsassistent bij het rekenen"},
        {"kind": "parents", "text": "thuis samen lezen"},
        {"kind": "expert", "text": "uitlegt hoe ik dyslexie herken"},
        {"kind": "support_by", "text": "mee te kijken bij de instructie"},
    ],
    # the start page's items
    "coaching/sentences/start_agreement.txt": [
        {"coach": coach, "owner": owner, "coachee": "Tom Verbeek", "text": "Instructie in drie groepjes geven."}
        for coach in (True, False)
        for owner in ("coachee", "coach", "both")
    ],
    "coaching/sentences/start_agreements.txt": [
        {"open": 1, "overdue": 0},
        {"open": 1, "overdue": 1},
        {"open": 3, "overdue": 0},
        {"open": 3, "overdue": 2},
    ],
    "coaching/sentences/start_mandate.txt": [{"coachee": "Tom Verbeek", "coach": "Marieke de Haan"}],
}
