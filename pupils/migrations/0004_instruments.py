"""The subjects, scales and tests a Dutch primary school starts with. Schools add their own as data."""

from django.db import migrations

SUBJECTS = [
    # code, name, order, is_tested
    ("spelling", "Spelling", 10, True),
    ("begrijpend-lezen", "Begrijpend lezen", 20, True),
    ("rekenen-wiskunde", "Rekenen-wiskunde", 30, True),
    ("woordenschat", "Woordenschat", 40, True),
    ("studievaardigheden", "Studievaardigheden", 50, True),
    ("technisch-lezen", "Technisch lezen", 60, True),
    ("lezen", "Lezen", 70, True),
    ("taalverzorging", "Taalverzorging", 80, True),
    ("werkhouding", "Werkhouding", 90, False),
    ("sociaal-emotioneel", "Sociaal-emotionele ontwikkeling", 100, False),
]

SCALES = {
    # code: (name, [(level, rank, below_norm)])
    "i-v": ("I–V", [("I", 5, False), ("II", 4, False), ("III", 3, False), ("IV", 2, True), ("V", 1, True)]),
    "a-e": ("A–E", [("A", 5, False), ("B", 4, False), ("C", 3, False), ("D", 2, True), ("E", 1, True)]),
    "avi": (
        "AVI",
        [
            (code, rank, False)
            for rank, code in enumerate(
                ["AVI-Start", "M3", "E3", "M4", "E4", "M5", "E5", "M6", "E6", "M7", "E7", "AVI-Plus"], start=1
            )
        ],
    ),
    "referentieniveau": ("Referentieniveaus", [("<1F", 1, True), ("1F", 2, False), ("2F/1S", 3, False)]),
}

INSTRUMENTS = [
    # code, name, kind, subject, scale
    ("lvs-spelling", "LVS Spelling", "monitoring", "spelling", "i-v"),
    ("lvs-begrijpend-lezen", "LVS Begrijpend lezen", "monitoring", "begrijpend-lezen", "i-v"),
    ("lvs-rekenen-wiskunde", "LVS Rekenen-wiskunde", "monitoring", "rekenen-wiskunde", "i-v"),
    ("lvs-woordenschat", "LVS Woordenschat", "monitoring", "woordenschat", "i-v"),
    ("lvs-studievaardigheden", "LVS Studievaardigheden", "monitoring", "studievaardigheden", "i-v"),
    ("dmt", "DMT", "reading_level", "technisch-lezen", "i-v"),
    ("avi", "AVI", "reading_level", "technisch-lezen", "avi"),
    ("entreetoets", "Entreetoets groep 7", "transition", None, "referentieniveau"),
    ("doorstroomtoets", "Doorstroomtoets groep 8", "transition", None, "referentieniveau"),
    ("methode-rekenen", "Methodetoets rekenen", "method", "rekenen-wiskunde", None),
    ("methode-spelling", "Methodetoets spelling", "method", "spelling", None),
]


def forwards(apps, schema_editor):
    Subject = apps.get_model("pupils", "Subject")
    Scale = apps.get_model("pupils", "Scale")
    ScaleLevel = apps.get_model("pupils", "ScaleLevel")
    Instrument = apps.get_model("pupils", "Instrument")
    subjects = {
        code: Subject.objects.get_or_create(code=code, defaults={"name": name, "order": order, "is_tested": tested})[0]
        for code, name, order, tested in SUBJECTS
    }
    scales = {}
    for code, (name, levels) in SCALES.items():
        scale, _created = Scale.objects.get_or_create(code=code, defaults={"name": name})
        scales[code] = scale
        for level, rank, below in levels:
            ScaleLevel.objects.get_or_create(scale=scale, code=level, defaults={"rank": rank, "below_norm": below})
    for code, name, kind, subject, scale in INSTRUMENTS:
        Instrument.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "subject": subjects.get(subject),
                "scale": scales.get(scale),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("pupils", "0003_scale_subject_pupil_care_level_carelevelchange_and_more")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
