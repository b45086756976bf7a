"""One timeline of everything about a pupil, fed by providers.

Every app that holds something about a pupil registers one provider in its
AppConfig.ready():

    from pupils import timeline
    timeline.register(my_provider)

A provider is ``provider(pupil, user, school) -> iterable of TimelineItem``. It
must return only what ``user`` may see (ask schools.access) and use a fixed
number of queries, whatever the number of items. The dossier page and the
dossier export render items with one template (pupils/includes/timeline.html).
"""

import datetime
from dataclasses import dataclass

_providers = []


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.date
    kind: str  # short Dutch label shown as a badge: "toets", "observatie", "groepsplan", ...
    title: str
    text: str = ""
    url: str = ""
    author: str = ""


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def for_pupil(pupil, user, school):
    """All items of all providers, newest first."""
    items = [item for provider in _providers for item in provider(pupil, user, school)]
    return sorted(items, key=lambda item: item.date, reverse=True)
