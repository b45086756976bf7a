"""The retention terms an installation starts with. Sources and reasoning: docs/privacy-retention.md.

Each row: kind, months, minimum months (a legal duty to keep), from when the term runs, how firm it is
(law, sector norm, own choice) and the source in a line. When a rule changes, a new migration corrects the
row; a school shortens a term on its Bewaartermijnen page.
"""

from django.db import migrations

TERMS = [
    (
        "dossier",
        24,
        0,
        "left",
        "sector_norm",
        "AVG art. 5 lid 1 sub e; twee jaar na vertrek: voormalig Vrijstellingsbesluit Wbp art. 19, "
        "de norm van PO-Raad en Kennisnet (Aanpak IBP)",
    ),
    (
        "conversations",
        24,
        0,
        "left",
        "sector_norm",
        "Deel van het leerlingdossier: AVG art. 5 lid 1 sub e; voormalig Vrijstellingsbesluit Wbp art. 19",
    ),
    (
        "end_results",
        36,
        0,
        "school_year_end",
        "own_choice",
        "AVG art. 5 lid 1 sub e; de inspectie beoordeelt de eindresultaten over drie schooljaren "
        "(onderwijsresultatenmodel po)",
    ),
    (
        "enrolment",
        60,
        60,
        "left",
        "law",
        "Besluit bekostiging WPO: gegevens over inschrijving, uitschrijving en verzuim vijf jaar na uitschrijving",
    ),
    (
        "coaching",
        24,
        0,
        "record",
        "own_choice",
        "AVG art. 5 lid 1 sub e; geen wettelijke termijn, twee jaar na afsluiten zoals het leerlingdossier",
    ),
    (
        "import_files",
        1,
        0,
        "record",
        "own_choice",
        "AVG art. 5 lid 1 sub c en e: het bestand is na inlezen of annuleren niet meer nodig",
    ),
]


def forwards(apps, schema_editor):
    RetentionTerm = apps.get_model("privacy", "RetentionTerm")
    for order, (kind, months, minimum, start, basis, source) in enumerate(TERMS, start=1):
        RetentionTerm.objects.update_or_create(
            kind=kind,
            defaults={
                "months": months,
                "minimum_months": minimum,
                "start": start,
                "basis": basis,
                "source": source,
                "order": order,
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("privacy", "RetentionTerm").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
