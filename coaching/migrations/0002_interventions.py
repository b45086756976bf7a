"""Interventions that fit each working relationship (after Cauffman), in our own words. Schools may add their own."""

from django.db import migrations

INTERVENTIONS = {
    "limitation": [
        "Erken dat dit niet op te lossen is en zoek samen naar manieren om ermee om te gaan.",
        "Richt het gesprek op wat wél te beïnvloeden is.",
    ],
    "non_committal": [
        "Toon oprechte waardering voor wat de leerkracht al doet.",
        "Geef informatie zonder iets te vragen of te eisen.",
        "Breng positieve boodschappen over van wie de coaching vroeg.",
        "Schrijf een persoonlijke brief met complimenten, jouw kijk en je aanbod.",
        "Geef geen huiswerk en stel geen doelen voor de ander.",
    ],
    "searching": [
        "Vraag naar momenten waarop het al beter gaat (uitzonderingen).",
        "Help de vraag concreet te maken: wat wil je dat er anders is?",
        "Geef complimenten voor de zoektocht en de moeite.",
        "Geef observatieopdrachten: let op wat er gebeurt als het goed gaat.",
    ],
    "consulting": [
        "Bied kennis, voorbeelden en materialen aan die bij het doel passen.",
        "Maak samen een concreet plan in kleine stappen.",
        "Spreek af wie wat doet en bespreek de afspraken de volgende keer.",
    ],
    "co_expert": [
        "Volg de leerkracht: vraag wat hij al heeft geprobeerd en wat werkte.",
        "Gebruik schaalvragen om kleine stappen zichtbaar te maken.",
        "Laat de leerkracht zelf de volgende stap kiezen en benoem leermomenten.",
    ],
}


def forwards(apps, schema_editor):
    Intervention = apps.get_model("coaching", "Intervention")
    for relationship, texts in INTERVENTIONS.items():
        for order, text in enumerate(texts):
            Intervention.objects.get_or_create(relationship=relationship, text=text, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
