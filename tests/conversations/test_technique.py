"""Question technique on real Dutch questions as a teacher jots them down: open or closed,
a good open rewrite (or none rather than bad Dutch), and suggestions from the bank."""

import ast
from pathlib import Path

import pytest

from conversations import technique, technique_words
from conversations.technique import Technique, caution, classify, counts, open_alternative, suggestions

OPEN, CLOSED, UNKNOWN = Technique.OPEN, Technique.CLOSED, Technique.UNKNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Plain questions.
        ("Hoe gaat het met je?", OPEN),
        ("Wat vond je van de toets?", OPEN),
        ("Welke les vind je het fijnst?", OPEN),
        ("Wanneer lukt het al een beetje?", OPEN),
        ("Waardoor ging het die keer wel goed?", OPEN),
        ("Hoe vaak lees je thuis?", OPEN),
        ("Met wie speel je het liefst?", OPEN),
        ("Heb je gemerkt dat de juf je vaker hielp?", CLOSED),
        ("Vind je rekenen leuk?", CLOSED),
        ("Ging het goed met lezen?", CLOSED),
        ("Is het gelukt?", CLOSED),
        ("Kun je al zelf beginnen?", CLOSED),
        ("Weet je waarom we hier zitten?", CLOSED),
        ("Speel je graag buiten?", CLOSED),  # a verb outside the list, recognised by the subject after it
        # Greetings.
        ("Hoi Sam, hoe was je weekend?", OPEN),
        ("Hoi Sam, heb je lekker gespeeld?", CLOSED),
        ("Goedemorgen! Hoe gaat het vandaag?", OPEN),
        ("Goedemorgen! Fijn dat jullie er zijn. Vond u het rapport duidelijk?", CLOSED),
        ("Hé Noor, ben je er klaar voor?", CLOSED),
        ("Dag mevrouw Bakker, wat fijn dat u er bent. Hoe gaat het thuis?", OPEN),
        # A name or an address.
        ("Sam, wat wil je vandaag bespreken?", OPEN),
        ("Mevrouw De Vries, hoe kijkt u terug op dit jaar?", OPEN),
        ("Meneer Jansen, bent u tevreden over de begeleiding?", CLOSED),
        # Subordinate clauses and prepositional lead-ins.
        ("Als je terugdenkt aan groep 7, wat ging er toen goed?", OPEN),
        ("Toen je die toets maakte, vond je het moeilijk?", CLOSED),
        ("Als je terugdenkt aan groep 7 wat was toen het leukst", OPEN),  # no comma
        ("Toen je die toets maakte vond je het toen moeilijk", CLOSED),  # no comma, no question mark
        ("Wanneer je boos bent, wat helpt je dan?", OPEN),
        ("Wanneer je boos bent, kun je dan even naar de gang?", CLOSED),
        ("Op een schaal van 0 tot 10, waar sta je nu met lezen?", OPEN),
        ("Stel dat er vannacht een wonder gebeurt: wat merk je morgen als eerste?", OPEN),
        # Fillers.
        ("En hoe gaat het nu met rekenen?", OPEN),
        ("Oké, dus wat ga je morgen anders doen?", OPEN),
        ("Oké, dus je vond het moeilijk?", CLOSED),  # a statement with a question mark: yes or no
        ("Dat was best lastig, toch?", CLOSED),  # a tag question
        # No question mark, several sentences.
        ("hoe was de vakantie", OPEN),
        ("heb je goed geslapen", CLOSED),
        ("Hoe ging het? Vond je het leuk?", CLOSED),  # the last question is the one the child answers
        ("Wat fijn! Hoe ging het?", OPEN),
        # Invitations and why.
        ("Vertel eens over je weekend.", OPEN),
        ("Vertel eens, wat deed je in de vakantie?", OPEN),
        ("Leg eens uit hoe je deze som hebt aangepakt.", OPEN),
        ("Waarom heb je je huiswerk niet gemaakt?", OPEN),  # open, with a caution (see below)
        # Capitals and accents.
        ("HOE GAAT HET MET LEZEN?", OPEN),
        ("OKÉ, EN BEN JE ER TEVREDEN OVER?", CLOSED),
        ("Hè, wie heeft je daarmee geholpen?", OPEN),
        # Nothing to decide.
        ("Leuk dat je er bent.", UNKNOWN),
        ("Ik zag dat je hard werkte", UNKNOWN),
        ("", UNKNOWN),
        ("   ?  ", UNKNOWN),
    ],
)
def test_classify(text, expected):
    assert classify(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Heb je gemerkt dat de juf je vaker hielp?", "Wat heb je gemerkt?"),
        ("Heb je iets gemerkt van de extra lessen?", "Wat heb je gemerkt van de extra lessen?"),
        ("Hebt u al iets gemerkt in de klas?", "Wat hebt u al gemerkt in de klas?"),
        ("Vind je rekenen leuk?", "Wat vind je van rekenen?"),
        ("Vind je de juf aardig?", "Wat vind je van de juf?"),
        ("Vond je het leuk?", "Wat vond je ervan?"),
        ("Vond je het zelf ook moeilijk?", "Wat vond je ervan?"),
        ("Vind je het leuk om voor te lezen?", "Hoe vind je het om voor te lezen?"),
        ("Goedemorgen! Vond u het rapport duidelijk?", "Wat vond u van het rapport?"),
        ("Ging het goed met lezen?", "Hoe ging het met lezen?"),
        ("Ging de toets goed vandaag?", "Hoe ging de toets vandaag?"),
        ("Is het gelukt?", "Hoe is het gegaan?"),
        ("Is het gelukt met de weekplanning?", "Hoe is het gegaan met de weekplanning?"),
        ("Lukt het met de tafels?", "Hoe gaat het met de tafels?"),
        ("Is het moeilijk om stil te zitten?", "Hoe is het om stil te zitten?"),
        ("Is het leuk in groep 7?", "Hoe is het in groep 7?"),
        ("Ben je blij?", "Hoe voel je je?"),
        ("Ben je tevreden met je rapport?", "Wat vind je van je rapport?"),
        ("Meneer Jansen, bent u tevreden over de begeleiding?", "Wat vindt u van de begeleiding?"),
        ("Ben je trots op jezelf?", "Waar ben je trots op?"),
        ("Heb je nog vragen?", "Welke vragen heb je nog?"),
        ("Heb je zin in groep 8?", "Wat verwacht je van groep 8?"),
        ("Kun je vertellen hoe het ging?", "Vertel eens hoe het ging."),
        ("Kun je iets vertellen over je nieuwe klas?", "Vertel eens over je nieuwe klas."),
        ("Weet je nog wat we hadden afgesproken?", "Vertel eens wat we hadden afgesproken."),
        ("Is er nog iets dat je kwijt wilt?", "Wat wil je nog kwijt?"),
        ("Toen je die toets maakte, vond je het moeilijk?", "Toen je die toets maakte, wat vond je ervan?"),
        ("Oké, dus heb je iets geleerd van de proefjes?", "Wat heb je geleerd van de proefjes?"),
    ],
)
def test_open_alternative_is_good_dutch(text, expected):
    assert open_alternative(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # No rule gives good Dutch here: better nothing than "Hoe ben je klaar?" or "Wat vond je het van?".
        "Ben je klaar?",
        "Is het moeilijk?",
        "Heb je je huiswerk gemaakt?",
        "Vind je dat het beter gaat?",
        "Weet je waarom we hier zitten?",
        "Kun je al zelf beginnen?",
        "Zijn er momenten waarop het wel lukt?",
        # Open or unknown questions get no rewrite.
        "Hoe gaat het met je?",
        "Leuk dat je er bent.",
    ],
)
def test_no_rewrite_rather_than_bad_dutch(text):
    assert open_alternative(text) == ""


def test_the_old_bad_rewrites_are_gone():
    assert open_alternative("Ben je blij met je werk?") != "Hoe ben je blij met je werk?"
    assert "het van" not in open_alternative("Vond je het leuk?")
    for text in ("Ben je blij?", "Vond je het leuk?", "Is het gelukt?", "Vind je rekenen leuk?"):
        assert classify(open_alternative(text)) == OPEN, text


BANK = [
    "Hoe was de vakantie voor jullie?",
    "Weet je waarom we vandaag samen praten?",  # closed: never suggested
    "Hoe gaat het met rekenen de laatste tijd?",
    "Wat gaat er op dit moment goed met lezen?",
    "Welke les vind je het fijnst?",
    "Wat heb je nodig van de juf om met rekenen verder te komen?",
]


def test_suggestions_give_the_rewrite_and_the_closest_open_bank_questions():
    result = suggestions("Vind je rekenen leuk?", BANK)
    assert result[0] == "Wat vind je van rekenen?"
    assert result[1:] == [
        "Hoe gaat het met rekenen de laatste tijd?",
        "Wat heb je nodig van de juf om met rekenen verder te komen?",
    ]


def test_suggestions_rank_by_shared_words_and_leave_out_closed_and_unrelated_questions():
    result = suggestions("Ging het lezen goed deze week?", BANK)
    assert result == ["Hoe ging het lezen deze week?", "Wat gaat er op dit moment goed met lezen?"]
    assert suggestions("Weet je waarom we hier zitten?", BANK) == []  # shares only a closed bank question


def test_suggestions_count_a_bank_question_of_the_same_step():
    class Question:
        def __init__(self, text, step_id):
            self.text, self.step_id = text, step_id

    bank = [Question("Wat doe je het liefst als je vrij bent?", 1), Question("Wat wil je nog kwijt?", 5)]
    assert suggestions("Heb je zin in de vakantie?", bank, step=5) == [
        "Wat verwacht je van de vakantie?",
        "Wat wil je nog kwijt?",
    ]


def test_open_questions_get_no_suggestions():
    assert suggestions("Hoe gaat het met rekenen?", BANK) == []
    assert suggestions("Leuk dat je er bent.", BANK) == []


def test_why_is_open_but_comes_with_a_caution():
    assert classify("Waarom deed je dat?") == OPEN
    assert "verwijt" in caution("Sam, waarom deed je dat?")
    assert caution("Hoe kwam het dat je dat deed?") == ""


def test_counts():
    class Row:
        def __init__(self, text):
            self.technique = classify(text)

    rows = [Row(t) for t in ("Hoe ging het?", "Wat deed je?", "Vond je het leuk?", "Ben je moe?", "Fijn.")]
    assert counts(rows) == {"open": 2, "closed": 2, "unknown": 1}


# --- The module itself ----------------------------------------------------------------------------------------------


def test_the_technique_is_pure_and_owns_its_choices():
    """No models, no database: the technique is a pure module, tested on its own; the model field
    reads its choices from it."""
    tree = ast.parse(Path(technique.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module if node.level == 0 else "." * node.level + (node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not [name for name in imported if name.endswith("models") and name != "django.db.models"], imported
    assert imported <= {"re", "django.db.models", "django.utils.translation", ".technique_words"}
    from conversations.models import AskedQuestion

    assert AskedQuestion._meta.get_field("technique").choices == Technique.choices


def test_the_word_lists_are_data_written_densely():
    source = Path(technique_words.__file__).read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    # Several words a line: the 400-odd words fit in well under 100 lines.
    words = sum(len(value) for value in vars(technique_words).values() if isinstance(value, frozenset))
    assert words > 300 and len(lines) < 100
    assert {"wat", "hoe", "waarom"} <= technique_words.QUESTION_WORDS and "heb" in technique_words.CLOSED_VERBS
