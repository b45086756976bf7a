"""The inspectorate's signaleringswaarden per schoolweging band, as the installation starts with them.

The values follow the table in the inspectorate's results model for primary schools (Onderwijsresultatenmodel
po, see docs/reports.md). They are data: the functional administrator corrects them in beheer when the
inspectorate publishes new ones.
"""

from decimal import Decimal

from django.db import migrations

# (schoolweging from, 1F %, 1S/2F %)
TABLE = [
    ("15.0", "85.0", "58.0"),
    ("24.5", "85.0", "55.4"),
    ("26.0", "85.0", "52.5"),
    ("27.2", "85.0", "50.0"),
    ("28.4", "85.0", "48.0"),
    ("29.6", "85.0", "47.0"),
    ("30.8", "85.0", "45.7"),
    ("32.0", "85.0", "43.9"),
    ("33.4", "85.0", "42.4"),
    ("34.9", "85.0", "40.2"),
]


def forwards(apps, schema_editor):
    Threshold = apps.get_model("reports", "Threshold")
    for weging, share_1f, share_1s2f in TABLE:
        Threshold.objects.get_or_create(
            weging_from=Decimal(weging), defaults={"share_1f": Decimal(share_1f), "share_1s2f": Decimal(share_1s2f)}
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
