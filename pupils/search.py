"""Finding pupils by name: one rule for every page that has a search box over pupils."""

from django.db.models import Q

SEARCH_WORDS = 5  # words of ?q= that are used; more only make the query longer
WORD_LENGTH = 50  # no name is longer; SQLite refuses a LIKE pattern of tens of thousands of characters


def name_filter(text, path=""):
    """A Q that keeps pupils whose first name, tussenvoegsel or surname contains every word of ``text``
    ("van dijk" finds Adam van Dijk). ``path`` leads from the queried model to the pupil ("pupil__")."""
    condition = Q()
    for word in text.split()[:SEARCH_WORDS]:
        word = word[:WORD_LENGTH]
        condition &= (
            Q(**{f"{path}first_name__icontains": word})
            | Q(**{f"{path}name_prefix__icontains": word})
            | Q(**{f"{path}surname__icontains": word})
            | Q(**{f"{path}source_id__icontains": word})
        )
    return condition
