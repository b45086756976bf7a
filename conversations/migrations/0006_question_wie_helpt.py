"""Copy review C3: 'Wie helpen je …' → 'Wie helpt je …' (wie takes a singular verb).

Only the shared question bank's text (school=None) that still reads exactly the old text is changed;
a school's own questions are theirs. Reversible."""

from django.db import migrations

OLD = "Wie helpen je als iets lastig is?"
NEW = "Wie helpt je als iets lastig is?"


def rename(old, new):
    def run(apps, schema_editor):
        BankQuestion = apps.get_model("conversations", "BankQuestion")
        BankQuestion.objects.filter(school=None, text=old).update(text=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0005_reschedule_label"),
    ]

    operations = [
        migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD)),
    ]
