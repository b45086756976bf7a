"""Every sentence the product composes reads as a Dutch colleague would write it.

The test finds every sentence template of the project's apps (``<app>/templates/<app>/sentences/*.txt``,
see ``core.sentences``), fails when one has no samples in ``<app>/sentences.py`` ``SAMPLES``, renders
each with each sample, and checks the result against the mistakes the product has made before or is
likely to make: a "nodig" in the wrong place, an "om"-clause without "te", a pupil's "mij" mixed into a
sentence about her, doubled words, English words, template leftovers, "1 leerlingen" and "2 leerling".

A sentence that ends in a full stop starts with a capital. A template is either a sentence (every sample
ends in a full stop, question mark or exclamation mark) or a fragment such as a start-page item
("Lina Kaya: nieuwe onderwijsbehoefte"); a text of several sentences always ends like a sentence.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from core.sentences import compose


def _project_apps():
    base = Path(settings.BASE_DIR).resolve()
    return [config for config in apps.get_app_configs() if Path(config.path).resolve().is_relative_to(base)]


def _templates():
    """[(app module name, template name)] of every sentence template in the project's apps."""
    found = []
    for config in _project_apps():
        templates = Path(config.path) / "templates"
        for path in sorted(templates.glob("*/sentences/*.txt")):
            found.append((config.name, path.relative_to(templates).as_posix()))
    return found


def _samples(app_name):
    try:
        module = importlib.import_module(f"{app_name}.sentences")
    except ModuleNotFoundError:
        return {}
    return getattr(module, "SAMPLES", {})


TEMPLATES = _templates()
CASES = [
    (name, index, sample)
    for app_name, name in TEMPLATES
    for index, sample in enumerate(_samples(app_name).get(name, []))
]

FIRST_PERSON = re.compile(r"\b(ik|mij|mijn|me|mezelf|m'n)\b", re.IGNORECASE)
THIRD_PERSON = re.compile(r"\b(heeft|hij|haar)\b", re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"]*\"|„[^”]*”|“[^”]*”|'[^']*'")
PLURAL_NOUNS = "leerlingen|groepen|gesprekken|afspraken|acties|minuten|brieven|doelen|weken|dagen|ouders|plannen"
SINGULAR_NOUNS = "leerling|groep|gesprek|afspraak|actie|minuut|brief|doel|week|dag|plan"
ENGLISH = re.compile(r"\b(the|and|with|for|from|to|none|true|false|null|undefined|nan)\b", re.IGNORECASE)

# (what is wrong, test of a rendered text)
MISTAKES = [
    (
        "'nodig' direct na 'hebben' (Ik heb ook nodig hulp)",
        lambda t: re.search(r"\b(heb|hebt|heeft|hebben)\s+(ook\s+)?nodig\b", t, re.I),
    ),
    (
        "om-zin zonder 'te' (om de weektaak afmaken)",
        lambda t: any(
            not re.search(r"\bte\b", clause) and re.search(r"[a-z]en$", clause.strip())
            for clause in re.findall(r"\bom\b([^.,;:!?\"„”]*)", t)
        ),
    ),
    (
        "ik/mij in een zin over een ander",
        lambda t: FIRST_PERSON.search(QUOTED.sub("", t)) and THIRD_PERSON.search(QUOTED.sub("", t)),
    ),
    ("dubbele spatie", lambda t: "  " in t),
    ("spatie voor een leesteken", lambda t: re.search(r"\s[,.;:!?]", t)),
    ("leesteken dubbel", lambda t: re.search(r"[,;:]\s*[,.;:]|(?<!\.)\.\.(?!\.)|\(\s*\)", t)),
    ("woord dubbel (de de)", lambda t: re.search(r"\b([a-zà-ÿ]+) \1\b", t, re.I)),
    ("Engels woord of lege waarde", lambda t: ENGLISH.search(QUOTED.sub("", t))),
    ("resten van de template", lambda t: re.search(r"\{\{|\}\}|\{%|%\}|&quot;|&amp;|&#x?\d+;|&lt;|&gt;", t)),
    ("1 met meervoud (1 leerlingen)", lambda t: re.search(rf"(?<![\d,.])\b1 ({PLURAL_NOUNS})\b", t)),
    (
        "meer dan 1 met enkelvoud (2 leerling)",
        lambda t: re.search(rf"(?<![\d,.])\b([2-9]|\d\d+) ({SINGULAR_NOUNS})\b", t),
    ),
    (
        "zin begint zonder hoofdletter",
        lambda t: t.endswith((".", "?", "!")) and not re.match(r"^[\"„“'(]?[A-ZÀ-Þ0-9]", t),
    ),
    (
        "meer zinnen, de laatste zonder punt",
        lambda t: re.search(r"[.?!] [A-Z]", t) and not re.search(r"[.?!][\"”']?$", t),
    ),
    ("leeg", lambda t: not t.strip()),
]


def test_there_are_sentence_templates():
    names = {name for _app, name in TEMPLATES}
    assert "pupils/sentences/need.txt" in names and "coaching/sentences/also_need.txt" in names


@pytest.mark.parametrize("app_name,name", TEMPLATES, ids=[name for _app, name in TEMPLATES])
def test_every_sentence_template_has_samples(app_name, name):
    assert _samples(app_name).get(name), f"{name} heeft geen voorbeelden in {app_name}/sentences.py SAMPLES"


def test_samples_name_only_templates_that_exist():
    names = {name for _app, name in TEMPLATES}
    for config in _project_apps():
        for name in _samples(config.name):
            assert name in names, f"{config.name}/sentences.py SAMPLES noemt {name}, dat niet bestaat"


def _render(name, sample):
    with translation.override(settings.LANGUAGE_CODE):
        return compose(name, **sample)


@pytest.mark.parametrize("name,index,sample", CASES, ids=[f"{name}#{index}" for name, index, _s in CASES])
def test_every_sample_reads_as_good_dutch(name, index, sample):
    text = _render(name, sample)
    wrong = [what for what, check in MISTAKES if check(text)]
    assert not wrong, f"{name} #{index}: {text!r}: {wrong}"


@pytest.mark.parametrize("app_name,name", TEMPLATES, ids=[name for _app, name in TEMPLATES])
def test_a_template_is_a_sentence_or_a_fragment_in_every_sample(app_name, name):
    endings = {
        _render(name, sample).endswith((".", "?", "!", '."', ".”")) for sample in _samples(app_name).get(name, [])
    }
    assert len(endings) <= 1, f"{name}: some samples end in a full stop, others do not"


@pytest.mark.parametrize(
    "text",
    [
        "Heeft een leeromgeving nodig die rustig is, zonder de deur naast mij, om de weektaak afmaken.",
        "Ik heb ook nodig hulp.",
        "Als leerkracht wil ik bereiken dat dat mijn lessen beter gepland zijn.",
        "Sanne heeft instructie nodig die kort is , om te lezen.",
        "1 leerlingen haalt het doel.",
        "2 leerling halen het doel.",
        "de gesprekken zijn in de speelzaal.",
        "Bij het gesprek is None.",
        "Sanne heeft feedback nodig. Doel: vlot lezen",
    ],
)
def test_the_checks_catch_the_known_mistakes(text):
    assert [what for what, check in MISTAKES if check(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Sanne heeft een leeromgeving nodig die rustig is, om de weektaak af te maken.",
        'Sanne heeft een leerkracht nodig, in eigen woorden: "die vraagt of ik de tekst snap".',
        "Ik heb ook hulp nodig bij het plannen.",
        "Lina Kaya: nieuwe onderwijsbehoefte, vastgelegd door Marieke de Haan",
        "11 leerlingen halen in januari op de DMT niveau III.",
        "1 leerling haalt het doel.",
    ],
)
def test_the_checks_let_good_dutch_pass(text):
    assert not [what for what, check in MISTAKES if check(text)]
