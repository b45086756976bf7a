"""Finding pupils by name: one rule for every page that has a search box over pupils."""

from django.db.models import Q

SEARCH_WORDS = 5  # words of ?q= that are used; more only make the query longer
SEARCH_LENGTH = 100  # the search box's maxlength; SQLite refuses a LIKE pattern of tens of thousands


def search_text(query):
    """What the user searched for (``?q=``), as the search box holds it: trimmed and at most 100 characters,
    so a hand-made long query neither reaches the database nor is echoed back in full."""
    return query.get("q", "").strip()[:SEARCH_LENGTH]


def name_filter(text, path=""):
    """A Q that keeps pupils whose first name, tussenvoegsel or surname contains every word of ``text``
    ("van dijk" finds Adam van Dijk). ``path`` leads from the queried model to the pupil ("pupil__")."""
    condition = Q()
    for word in text[:SEARCH_LENGTH].split()[:SEARCH_WORDS]:
        condition &= (
            Q(**{f"{path}first_name__icontains": word})
            | Q(**{f"{path}name_prefix__icontains": word})
            | Q(**{f"{path}surname__icontains": word})
            | Q(**{f"{path}source_id__icontains": word})
        )
    return condition
