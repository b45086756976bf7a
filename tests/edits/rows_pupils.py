"""Edit matrix rows of pupils (see harness.py)."""

from django.db.models import F

from pupils import services
from pupils.models import CareLevelChange, EducationalNeed, Pupil, SecondaryAdvice
from tests import factories as f

from .harness import Edit


def _need(world):
    return f.NeedFactory(pupil=world.pupils["six"], author=world.user("teacher"), text="kort en visueel is")


def _colleague_changes_need(world, need):
    # A colleague in another tab: the same save, through the same guard, lands first.
    EducationalNeed.objects.filter(pk=need.pk).update(text="tekst van de collega", version=F("version") + 1)


def _advice(world):
    return SecondaryAdvice.objects.create(
        pupil=world.pupils["six"], school_year=world.school.current_year(), provisional="havo"
    )


def _colleague_changes_advice(world, advice):
    SecondaryAdvice.objects.filter(pk=advice.pk).update(provisional="vmbo_gt", version=F("version") + 1)


def _colleague_sets_care_level(world, pupil):
    services.set_care_level(pupil, 4, "Besproken met de collega van de bovenbouw", world.user("coordinator"))


def _care_level(pupil):
    latest = CareLevelChange.objects.filter(pupil=pupil).first()
    return Pupil.objects.get(pk=pupil.pk).care_level, latest.reason if latest else None


ROWS = {
    "pupils:need_update": Edit(
        role="teacher",
        record=_need,
        changes=lambda world, need: {"text": "mijn nieuwe tekst"},
        colleague=_colleague_changes_need,
        value=lambda need: EducationalNeed.objects.get(pk=need.pk).text,
        shown=lambda world, need: ("mijn nieuwe tekst", "tekst van de collega"),
    ),
    "pupils:advice": Edit(
        role="teacher",
        record=_advice,
        changes=lambda world, advice: {"provisional": "vwo"},
        colleague=_colleague_changes_advice,
        value=lambda advice: SecondaryAdvice.objects.get(pk=advice.pk).provisional,
        # Every level is an option of the select: what the user chose is the selected one.
        shown=lambda world, advice: ('<option value="vwo" selected>', "vmbo gemengd/theoretisch"),
        url_kwargs=lambda world, advice: {"pk": advice.pupil_id},
    ),
    "pupils:care_level": Edit(
        role="coordinator",
        record=lambda world: world.pupils["six"],
        changes=lambda world, pupil: {"level": "3", "reason": "mijn eigen reden"},
        colleague=_colleague_sets_care_level,
        value=_care_level,
        shown=lambda world, pupil: ("mijn eigen reden", "Besproken met de collega van de bovenbouw"),
    ),
}

NOT_EDITS = {
    "pupils:pupil_list": "leest alleen",
    "pupils:pupil_picker": "zoekt alleen leerlingen om te kiezen",
    "pupils:dossier": "leest alleen",
    "pupils:dossier_pdf": "exporteert alleen",
    "pupils:dossier_json": "exporteert alleen",
    "pupils:history": "leest alleen",
    "pupils:observation_create": "maakt een nieuwe observatie; een observatie wordt niet gewijzigd",
    "pupils:factor_create": "maakt een nieuwe factor; een factor wordt niet gewijzigd",
    "pupils:need_create": "maakt een nieuwe onderwijsbehoefte (wijzigen: pupils:need_update)",
    "pupils:assessment_create": "maakt een nieuw toetsresultaat; een resultaat verandert alleen door een import",
    "pupils:group_overview": "leest alleen",
    "pupils:import_upload": "maakt een nieuwe import (hoogstens één wachtende per gebruiker en soort)",
    "pupils:import_preview": (
        "bevestigt of annuleert je eigen wachtende import in één voorwaardelijke statuswijziging; een tweede klik "
        "of tabblad hoort wat er intussen gebeurd is (tests/pupils/test_import_views.py)"
    ),
}
