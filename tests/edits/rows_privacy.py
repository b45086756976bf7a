"""Edit matrix rows of privacy: the Bewaartermijnen page (see harness.py)."""

import datetime

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from privacy.models import LegalHold, RetentionTerm, SchoolTerm

from .harness import Edit


def _school_term(world):
    return SchoolTerm.objects.create(school=world.school, term=RetentionTerm.objects.get(kind="dossier"), months=18)


def _hold(world):
    return LegalHold.objects.create(
        pupil=world.pupils["six"], until=timezone.localdate() + datetime.timedelta(days=90), reason="klacht loopt"
    )


ROWS = {
    "privacy:retention_term": Edit(
        role="coordinator",
        record=_school_term,
        changes=lambda world, term: {"months": "12"},
        colleague=lambda world, term: SchoolTerm.objects.filter(pk=term.pk).update(months=20, version=F("version") + 1),
        value=lambda term: SchoolTerm.objects.values_list("months", flat=True).get(pk=term.pk),
        shown=lambda world, term: ('value="12"', "20"),
        url_kwargs=lambda world, term: {"kind": "dossier"},
    ),
    # A colleague changed the hold (here: ended it) after the page was loaded: ending it again changes nothing.
    "privacy:retention_hold_end": Edit(
        role="coordinator",
        record=_hold,
        changes=lambda world, hold: {},
        colleague=lambda world, hold: LegalHold.objects.filter(pk=hold.pk).update(
            ended_at=timezone.now(), ended_by=world.user("admin"), version=F("version") + 1
        ),
        value=lambda hold: LegalHold.objects.values_list("ended_at", "ended_by", "version").get(pk=hold.pk),
        shown=lambda world, hold: ("Sam Zes", "intussen gewijzigd of beëindigd"),
        page=lambda world, hold: reverse("privacy:retention"),
        status=302,
    ),
}

NOT_EDITS = {
    "privacy:retention": "leest alleen",
    "privacy:retention_hold": "maakt een nieuw record (een verlengde termijn)",
}
