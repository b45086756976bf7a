"""Question technique: is a Dutch question open or closed, and what would an open one look like?

An open question starts with a question word (wat, hoe, wie, welke, waar, wanneer,
waardoor, waarom, ..., also after a preposition: "met wie", "op welke dag"); a closed
one starts with the finite verb ("heb je", "ben je", "vind je", "is het", "kun je").
"Vertel eens ..." is not a question but invites a story, so it counts as open.

People rarely write a bare question, so before looking at the first word we take the
question proper out of what the leader jotted down:

- several sentences: the last one with a question mark (the one the child answers);
  without any question mark, the last sentence that can be classified;
- per sentence, clauses (split on , : ;) that only lead in are skipped: a greeting
  ("Hoi Sam"), a name or address ("Sam", "Mevrouw De Vries"), a subordinate clause
  ("Als je terugdenkt aan groep 7", "Toen je die toets maakte"), a prepositional
  phrase ("Op een schaal van 0 tot 10") and fillers ("En", "Oké, dus");
- a statement with a question mark ("Je vond het moeilijk?") and a tag question
  ("..., toch?") can be answered with yes or no: closed.

Decision on "waarom": it starts with a question word, so it is open. Delfos warns that
a why-question easily sounds like a reproach to a child; ``caution`` returns that hint
so the page can show it beside the question, without counting it as closed.

``open_alternative(text)`` rewrites only the closed forms it can rewrite into good Dutch
("Heb je iets gemerkt van ...?" -> "Wat heb je gemerkt van ...?", "Vind je rekenen
leuk?" -> "Wat vind je van rekenen?"); for anything else it returns "" rather than a
clumsy sentence. ``suggestions`` adds open questions from the bank.

The module is pure: it reads no database and imports no models (the bank questions ``suggestions``
ranks are passed in), so it is tested on its own. Its word lists are data, in ``technique_words``.
"""

import re

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .technique_words import (
    CLOSED_VERBS,
    FEELINGS,
    FILLERS,
    GOING,
    GREETINGS,
    INVITATIONS,
    OPINIONS,
    PARTICIPLES,
    PREPOSITIONS,
    QUESTION_WORDS,
    STATEMENT_SUBJECTS,
    STOPWORDS,
    SUBJECTS,
    SUBORDINATORS,
    TAGS,
)


class Technique(TextChoices):
    """What kind of question the leader asked (stored on ``AskedQuestion.technique``)."""

    OPEN = "open", gettext_lazy("open")
    CLOSED = "closed", gettext_lazy("gesloten")
    UNKNOWN = "unknown", gettext_lazy("niet te bepalen")


_WORD = re.compile(r"[a-zà-ÿ0-9']+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE = re.compile(r"\s*[,:;–—]\s*|\s+-\s+")


def _words(text):
    return [w.lower().strip("'") for w in _WORD.findall(text)]


def _strip_fillers(words):
    while words and (words[0] in FILLERS or words[0] in GREETINGS):
        words = words[1:]
    return words


def _head(words):
    """OPEN / CLOSED / None for the words of one clause, judged by how it begins."""
    words = _strip_fillers(words)
    if not words:
        return None
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if first in QUESTION_WORDS and not (first == "wanneer" and second in SUBJECTS):
        return Technique.OPEN
    if first in PREPOSITIONS and second in QUESTION_WORDS:  # "Met wie speel je?", "Op welke dag ..."
        return Technique.OPEN
    if first in INVITATIONS:
        return Technique.OPEN
    if first in CLOSED_VERBS:
        return Technique.CLOSED
    return None


def _is_lead_in(words, has_more):
    """A clause before the question proper: greeting, name or address, subordinate or prepositional phrase."""
    if not has_more:
        return False
    bare = _strip_fillers(words)
    if not bare:
        return True  # "Oké", "Hoi", "Goedemorgen"
    first = bare[0]
    if words and words[0] in GREETINGS:
        return True  # "Hoi Sam", "Dag mevrouw De Vries"
    if first in SUBORDINATORS and (first != "wanneer" or (len(bare) > 1 and bare[1] in SUBJECTS)):
        return True
    if first in PREPOSITIONS and not (len(bare) > 1 and bare[1] in QUESTION_WORDS):
        return True  # "Op een schaal van 0 tot 10", "Over je rapport"
    if _head(bare) is None and first not in STATEMENT_SUBJECTS and len(bare) <= 4:
        return True  # "Sam", "Mevrouw De Vries", "Meneer Jansen"
    return False


def _scan(words):
    """A sentence that opens with a subordinate clause but has no comma: find the main question in it."""
    for index in range(2, len(words) - 1):
        word, following = words[index], words[index + 1]
        if word in QUESTION_WORDS and following not in SUBJECTS:
            return Technique.OPEN
        if word in CLOSED_VERBS and following in SUBJECTS:
            return Technique.CLOSED
    return None


def _clauses(sentence):
    return [c for c in _CLAUSE.split(sentence) if _words(c)]


def _classify_sentence(sentence):
    is_question = sentence.rstrip().endswith("?")
    clauses = _clauses(sentence)
    # A tag at the end makes any statement a yes/no question: "Dat was lastig, toch?"
    if len(clauses) > 1 and tuple(_words(clauses[-1])) in TAGS and is_question:
        return Technique.CLOSED
    for index, clause in enumerate(clauses):
        words = _words(clause)
        if _is_lead_in(words, has_more=index < len(clauses) - 1):
            continue
        bare = _strip_fillers(words)
        head = _head(bare)
        if head is not None:
            return head
        if bare and bare[0] in SUBORDINATORS:
            return _scan(bare) or Technique.UNKNOWN
        if is_question and len(bare) > 1:
            if bare[0] in STATEMENT_SUBJECTS:
                return Technique.CLOSED  # "Je vond het moeilijk?"
            if bare[1] in SUBJECTS:
                return Technique.CLOSED  # any verb first: "Fiets je naar school?"
        return Technique.UNKNOWN
    return Technique.UNKNOWN


def _sentences(text):
    text = text.strip().strip("\"'“”‘’„").strip()
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if _words(s)]
    questions = [s for s in sentences if s.endswith("?")]
    return questions or sentences


def classify(text):
    """``Technique.OPEN``, ``Technique.CLOSED`` or ``Technique.UNKNOWN`` for one written-down question."""
    for sentence in reversed(_sentences(text or "")):
        result = _classify_sentence(sentence)
        if result != Technique.UNKNOWN:
            return result
    return Technique.UNKNOWN


def caution(text):
    """A short Dutch hint for a why-question (open, but it can sound like a reproach), else ""."""
    for sentence in reversed(_sentences(text or "")):
        for clause in _clauses(sentence):
            bare = _strip_fillers(_words(clause))
            if bare and bare[0] in ("waarom", "hoezo"):
                return _("Een waarom-vraag kan voor een kind als een verwijt klinken. Probeer: hoe kwam het dat …?")
    return ""


# --- Open rewrites ------------------------------------------------------------------------------------------------


def _question_part(text):
    """(lead-in, the closed question itself): the question without greeting, address, fillers or final
    punctuation; the lead-in is a subordinate or prepositional clause that belongs to it ("Toen je die
    toets maakte")."""
    sentences = [s for s in _sentences(text or "") if _classify_sentence(s) == Technique.CLOSED]
    if not sentences:
        return "", ""
    clauses = _clauses(sentences[-1])
    lead_in = []
    for index, clause in enumerate(clauses):
        words = _words(clause)
        if _is_lead_in(words, has_more=index < len(clauses) - 1):
            bare = _strip_fillers(words)
            if bare and (bare[0] in SUBORDINATORS or bare[0] in PREPOSITIONS):
                lead_in.append(clause.strip())
            continue
        rest = ", ".join(clauses[index:])
        # Drop the fillers at the start while keeping the writer's spelling of the rest.
        for _filler in range(len(words) - len(_strip_fillers(words))):
            rest = re.sub(r"^\W*[\wà-ÿ']+\W*?(?=\s|$)\s*", "", rest, count=1)
        return ", ".join(lead_in), re.sub(r"\s+", " ", rest).strip().rstrip("?.!… ").strip()
    return "", ""


ADVERBS = r"(?:nog|al|wel|ook|zelf|echt|erg|heel|zo|best|een beetje|nou|eigenlijk|dan)"
PRONOUN = r"(je|jij|u|jullie)"
WH = r"(?:wat|hoe|wie|welke|welk|waar\w*|wanneer|waarom)"
# "vindt u" but "vind je": the verb form after the pronoun in a question.
_INVERTED = {"vindt": "vind", "wilt": "wil", "kunt": "kun", "hebt": "heb", "bent": "ben", "denkt": "denk"}
_SECOND_PERSON_FORMAL = {"vind": "vindt", "wil": "wilt", "kun": "kunt", "kan": "kunt", "heb": "hebt", "ben": "bent"}


def _verb(verb, pronoun):
    """The verb form that goes with ``pronoun`` after inversion: vind je, vindt u, vinden jullie."""
    verb = verb.lower()
    pronoun = pronoun.lower()
    if pronoun in ("je", "jij"):
        return _INVERTED.get(verb, verb)
    if pronoun == "u":
        return _SECOND_PERSON_FORMAL.get(verb, verb)
    return verb


def _reflexive(pronoun):
    return {"u": "zich", "jullie": "je"}.get(pronoun.lower(), "je")


def _feel(pronoun, past):
    pronoun = pronoun.lower()
    if pronoun == "u":
        verb = "voelde" if past else "voelt"
    elif pronoun == "jullie":
        verb = "voelden" if past else "voelen"
    else:
        verb = "voelde" if past else "voel"
    return f"{verb} {pronoun} {_reflexive(pronoun)}"


def _find(pronoun, past):
    pronoun = pronoun.lower()
    if past:
        return f"{'vonden' if pronoun == 'jullie' else 'vond'} {pronoun}"
    return f"{ {'u': 'vindt', 'jullie': 'vinden'}.get(pronoun, 'vind') } {pronoun}"


def _rest(text):
    return f" {text}" if text else ""


def _have(match):
    verb, pronoun, adverb, plural, participle, rest = match.group(1, 2, 3, 4, 5, 6)
    rest = (rest or "").strip()
    if re.match(rf"^(dat|of|{WH})\b", rest, re.I):
        rest = ""  # "Heb je gemerkt dat ..." -> "Wat heb je gemerkt?"
    middle = " ".join(part.strip() for part in (adverb, plural) if part)
    return f"Wat {_verb(verb, pronoun)} {pronoun.lower()}{_rest(middle)} {participle.lower()}{_rest(rest)}?"


def _opinion(match):
    verb, pronoun, thing, rest = match.group(1, 2, 3, 5)
    past = verb.lower().startswith("vond")
    thing = re.sub(rf"(\s+{ADVERBS})+$", "", thing.strip(), flags=re.I)
    thing = re.sub(rf"^(het|dat|dit)(\s+{ADVERBS})+$", r"\1", thing, flags=re.I)
    rest = (rest or "").strip()
    if thing.lower() in ("het", "dat", "dit"):
        if re.match(r"^(om|dat|als|wanneer)\b", rest, re.I):
            return f"Hoe {_find(pronoun, past)} het {rest}?"  # "Hoe vind je het om te lezen?"
        if rest:
            return ""
        return f"Wat {_find(pronoun, past)} {'ervan' if thing.lower() == 'het' else 'daarvan'}?"
    if rest or re.search(r"\b(niet|geen|dat|of|om)\b", thing, re.I):
        return ""
    return f"Wat {_find(pronoun, past)} van {thing}?"


def _going(match):
    verb, subject, rest = match.group(1, 2, 4)
    subject = subject if subject.lower() not in ("dat", "dit") else "het"
    return f"Hoe {verb.lower()} {subject}{_rest((rest or '').strip())}?"


def _succeeded(match):
    verb, rest = match.group(1, 3)
    rest = (rest or "").strip()
    if re.match(r"^om\b", rest, re.I):
        return f"Hoe {'ging' if verb.lower() == 'was' else 'gaat'} het {rest}?"
    return f"Hoe {'was' if verb.lower() == 'was' else 'is'} het gegaan{_rest(rest)}?"


def _works(match):
    verb, rest = match.group(1, 2)
    rest = (rest or "").strip()
    past = verb.lower() == "lukte"
    if re.match(r"^om\b", rest, re.I):
        return f"Hoe {verb.lower()} het {rest}?"
    if rest and not re.match(r"^(met|op|bij|in|thuis|nu|vandaag|deze)\b", rest, re.I):
        return ""
    return f"Hoe {'ging' if past else 'gaat'} het{_rest(rest)}?"


def _is_adjective(match):
    verb, rest = match.group(1, 3)
    rest = (rest or "").strip()
    if re.match(r"^(om|in|op|bij|met|thuis|buiten|op school|tijdens|na|voor)\b", rest, re.I):
        return f"Hoe {verb.lower()} het {rest}?"  # "Is het moeilijk om stil te zitten?" -> "Hoe is het om ..."
    return ""


def _content(match):
    verb, pronoun, feeling, rest = match.group(1, 2, 3, 4)
    past = verb.lower() in ("was", "waren")
    rest = (rest or "").strip()
    feeling = feeling.lower()
    about = re.match(r"^(met|over)\s+(.+)$", rest, re.I)
    if feeling in ("blij", "tevreden", "ontevreden") and about:
        return f"Wat {_find(pronoun, past)} van {about.group(2)}?"
    if feeling in ("trots",) and re.match(r"^op\b", rest, re.I):
        return f"Waar {'was' if past else _verb('ben', pronoun)} {pronoun.lower()} trots op?"
    if feeling in ("trots", "tevreden", "ontevreden") or rest:
        return ""
    return f"Hoe {_feel(pronoun, past)}?"


def _tell(match):
    invitation, rest = match.group(3, 4)
    rest = (rest or "").strip()
    word = {"vertellen": "Vertel", "uitleggen": "Leg", "laten zien": "Laat", "beschrijven": "Beschrijf"}[
        invitation.lower()
    ]
    tail = {"Leg": " uit", "Laat": " zien"}.get(word, "")
    if re.match(rf"^({WH}|over)\b", rest, re.I):
        return f"{word} eens{tail} {rest}."
    return ""


def _remember(match):
    return f"Vertel eens {match.group(3).strip()}."


def _plural_have(match):
    verb, pronoun, still, noun = match.group(1, 2, 3, 4)
    return f"Welke {noun.lower()} {_verb(verb, pronoun)} {pronoun.lower()}{' nog' if still else ''}?"


def _looking_forward(match):
    pronoun = match.group(1).lower()
    verb = {"u": "verwacht", "jullie": "verwachten"}.get(pronoun, "verwacht")
    return f"Wat {verb} {pronoun} van {match.group(2).strip()}?"


def _helps(match):
    rest = (match.group(2) or "").strip()
    if match.group(1).lower() == "hielp":
        return f"Wat merkte je ervan{_rest(rest)}?" if not rest or rest.lower().startswith("toen") else ""
    return f"Wat merk je ervan{_rest(rest)}?"


def _anything_else(match):
    """ "Is er nog iets dat je kwijt wilt?" -> "Wat wil je nog kwijt?" (only with a modal verb)."""
    pronoun, words = match.group(1), match.group(2).split()
    modals = [w for w in words if w.lower() in ("wil", "wilt", "kun", "kunt", "kan", "moet")]
    if len(modals) != 1:
        return ""
    others = " ".join(w for w in words if w is not modals[0])
    return f"Wat {_verb(modals[0], pronoun)} {pronoun.lower()} nog {others}?"


# Each pattern is matched against the whole closed question (no final question mark); the first match wins.
_REWRITES = [
    (
        re.compile(
            rf"^(heb|hebt|had|hadden) {PRONOUN}((?:\s*{ADVERBS})*)\s*(?:(?:het|dat|iets|wat)\s+)?(?:(\w+s)\s+)?"
            rf"({PARTICIPLES})\b(.*)$",
            re.I,
        ),
        _have,
    ),
    (re.compile(rf"^(?:heb|hebt) {PRONOUN} (?:al |ook |echt |wel )?zin in (.+)$", re.I), _looking_forward),
    (re.compile(rf"^(heb|hebt) {PRONOUN} (nog )?(vragen|ideeën|tips|wensen|zorgen|plannen)$", re.I), _plural_have),
    (
        re.compile(rf"^(vind|vindt|vinden|vond|vonden) {PRONOUN} (.+?) ({OPINIONS})(?:\s+(.*))?$", re.I),
        _opinion,
    ),
    (
        re.compile(rf"^(gaat|ging) (het|dat|dit|de \w+|het \w+|je \w+)(?: {ADVERBS})? ({GOING})(?:\s+(.*))?$", re.I),
        _going,
    ),
    (re.compile(r"^(is|was) (het|dat) (?:al |ook |wel |nou )?gelukt(?:\s+(.*))?$", re.I), _succeeded),
    (re.compile(r"^(lukt|lukte) het(?:\s+(.*))?$", re.I), _works),
    (re.compile(rf"^(is|was) (het)(?: {ADVERBS})? (?:{OPINIONS})(?:\s+(.*))?$", re.I), _is_adjective),
    (
        re.compile(rf"^(ben|bent|was|waren|zijn) {PRONOUN}(?: {ADVERBS})? ({FEELINGS})(?:\s+(.*))?$", re.I),
        _content,
    ),
    (
        re.compile(
            rf"^(kun|kunt|kan|wil|wilt) {PRONOUN} (?:eens |nog eens |misschien )?(?:iets |wat |meer |nog iets )?"
            r"(vertellen|uitleggen|laten zien|beschrijven)\s*(.*)$",
            re.I,
        ),
        _tell,
    ),
    (re.compile(rf"^(weet) {PRONOUN} nog ({WH}\b.+)$", re.I), _remember),
    (re.compile(rf"^is er (?:nog )?iets (?:dat|wat) {PRONOUN} (.+)$", re.I), _anything_else),
    (re.compile(r"^(helpt|hielp) (?:het|dat)(?: je| jou| u)?(?:\s+(.*))?$", re.I), _helps),
]


def open_alternative(text):
    """An open rewrite of a closed question in good Dutch, or "" when no rule fits."""
    lead_in, part = _question_part(text)
    if not part:
        return ""
    for pattern, rewrite in _REWRITES:
        match = pattern.match(part)
        if match:
            result = re.sub(r"\s+", " ", rewrite(match) or "").strip()
            if not result:
                return ""
            if lead_in:  # "Toen je die toets maakte, wat vond je ervan?"
                result = f"{lead_in[:1].upper()}{lead_in[1:]}, {result[:1].lower()}{result[1:]}"
            return result[:1].upper() + result[1:]
    return ""


# --- Suggestions from the bank ------------------------------------------------------------------------------------


def _stem(word):
    """A crude Dutch stem so that 'lezen', 'lees' and 'leest' meet, and 'rekenen' meets 'rekenles'."""
    for suffix in ("ingen", "ing", "en", "es", "te", "de", "t", "e", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.replace("ee", "e").replace("aa", "a").replace("oo", "o").replace("uu", "u")[:6]


def content_words(text):
    return {_stem(word) for word in _words(text) if word not in STOPWORDS and len(word) > 2}


def suggestions(text, bank_questions, step=None, limit=2):
    """Open alternatives for a closed question: the rewrite (when there is a good one) and up to ``limit``
    open questions of the bank, ranked by the content words they share with ``text`` (a bank question of
    the same ``step`` counts one extra). Bank questions that share nothing and are of another step are
    left out. ``bank_questions``: BankQuestion rows or plain strings. [] for a question that is not closed."""
    if classify(text) != Technique.CLOSED:
        return []
    result = []
    rewrite = open_alternative(text)
    if rewrite:
        result.append(rewrite)
    words = content_words(text)
    ranked = []
    for position, question in enumerate(bank_questions):
        question_text = getattr(question, "text", question)
        if classify(question_text) != Technique.OPEN or question_text in result:
            continue
        score = 2 * len(words & content_words(question_text))
        if step is not None and getattr(question, "step_id", None) == getattr(step, "pk", step):
            score += 1
        if score:
            ranked.append((-score, position, question_text))
    result.extend(question_text for _score, _position, question_text in sorted(ranked)[:limit])
    return result


def counts(questions):
    """{'open': n, 'closed': n, 'unknown': n} for AskedQuestion rows (or anything with ``technique``)."""
    result = {value: 0 for value in Technique.values}
    for question in questions:
        result[question.technique] += 1
    return result
