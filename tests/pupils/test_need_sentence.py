"""A need reads as one Dutch sentence about the pupil, in the third person, with its goal after "om … te":
"Sam heeft een leeromgeving nodig die rustig is, om de weektaak af te maken." What the pupil said in the
first person stays a quote; a goal typed without "te" is never glued to "om"."""

import pytest
from django.urls import reverse

from pupils.models import EducationalNeed, NeedCategory
from pupils.sentences import need_sentence
from tests import factories as f


@pytest.mark.parametrize(
    "category,text,goal,sentence",
    [
        (
            NeedCategory.ENVIRONMENT,
            "rustig is, met een werkplek ver van de deur",
            "de weektaak af te maken",
            "Sam heeft een leeromgeving nodig die rustig is, met een werkplek ver van de deur, "
            "om de weektaak af te maken.",
        ),
        # The sentence: first person and no "te". The pupil's words become a quote, the goal its own sentence.
        (
            NeedCategory.ENVIRONMENT,
            "rustig is, zonder de deur naast mij",
            "de weektaak afmaken",
            'Sam heeft een leeromgeving nodig, in eigen woorden: "die rustig is, zonder de deur naast mij". '
            "Doel: de weektaak afmaken.",
        ),
        # Typed with "die", "om" and full stops: each comes once.
        (
            NeedCategory.PLAY,
            "dat uitdaagt.",
            "om samen te spelen.",
            "Sam heeft spel nodig dat uitdaagt, om samen te spelen.",
        ),
        (NeedCategory.FEEDBACK, "direct is", "", "Sam heeft feedback nodig die direct is."),
    ],
)
def test_the_need_sentence(category, text, goal, sentence):
    assert need_sentence("Sam", NeedCategory(category).label, text, goal) == sentence


def test_the_dossier_shows_the_need_as_one_sentence(world, login):
    pupil = world.pupils["six"]
    f.NeedFactory(
        pupil=pupil, category=NeedCategory.TEACHER, text="vraagt of ik de tekst snap", goal="de hoofdgedachte te vinden"
    )
    page = login(world.user("teacher"), world.school).get(reverse("pupils:dossier", args=[pupil.pk])).content.decode()
    assert (
        "Sam heeft een leerkracht nodig, in eigen woorden: &quot;die vraagt of ik de tekst snap&quot;, "
        "om de hoofdgedachte te vinden." in page
    )
    assert "om om" not in page and "Heeft een leerkracht nodig" not in page


def test_the_need_form_asks_for_the_goal_with_te(world, login):
    pupil = world.pupils["six"]
    client = login(world.user("teacher"), world.school)
    page = client.get(reverse("pupils:need_create", args=[pupil.pk])).content.decode()
    assert "om … te" in page and "de weektaak af te maken" in page
    assert "Maak de zin af over de leerling (hij of zij)." in page
    response = client.post(
        reverse("pupils:need_create", args=[pupil.pk]),
        {"category": "environment", "text": "rustig is", "goal": "de weektaak af te maken", "source": "observation"},
    )
    assert response.status_code == 302
    need = EducationalNeed.objects.get(pupil=pupil)
    assert need.sentence == "Sam heeft een leeromgeving nodig die rustig is, om de weektaak af te maken."


def test_the_demo_needs_read_as_sentences_about_the_pupil():
    from conversations.demo import NEEDS
    from pupils.demo import NEEDS_GROUP_8

    for category, text, _subject, goal in [*NEEDS, *NEEDS_GROUP_8]:
        sentence = need_sentence("Sam", NeedCategory(category).label, text, goal)
        assert '"' not in sentence and "Doel:" not in sentence, sentence
        assert ", om " in sentence and " te " in sentence.split(", om ")[-1], sentence
