"""``retention --dry-run`` on the demo, on the day the demo is set (2026-12-08): it names the pupils who
left more than two years ago (July 2024) and nobody who left later; one of them is held; nothing goes."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from privacy.models import LegalHold
from pupils.models import Pupil
from schools import demo

TODAY = datetime.date(2026, 12, 8)


@pytest.fixture
def school(db):
    return demo.build(today=TODAY)


def test_the_dry_run_names_the_2023_2024_leavers_only_and_removes_nothing(school):
    years = list(school.school_years.order_by("start_date"))
    cohorts = {year.name: list(Pupil.objects.filter(school=school, date_out=year.end_date)) for year in years[:-1]}
    assert [len(pupils) for pupils in cohorts.values()] == [31, 32, 33]  # leavers of each of the last three years
    pupils_before = Pupil.objects.count()

    out = StringIO()
    call_command("retention", "--dry-run", "--date", TODAY.isoformat(), stdout=out)
    text = out.getvalue()

    oldest, *later = cohorts.values()
    for pupil in oldest:
        assert f"{pupil.full_name}, uitgestroomd op {pupil.date_out:%d-%m-%Y}" in text
    for cohort in later:
        for pupil in cohort:
            # Names recur among the demo's cohorts: a later leaver is told apart by her own leaving date.
            assert f"uitgestroomd op {pupil.date_out:%d-%m-%Y}" not in text
    assert "leerlingdossier: zorg en begeleiding (termijn 24 maanden, vervallen sinds 16-07-2026)" in text
    held = LegalHold.objects.get()
    assert held.pupil in oldest
    assert f"{held.pupil.full_name}, uitgestroomd op 16-07-2024" in text
    assert "blijft bewaard: termijn verlengd tot en met" in text
    assert "30 onderdelen zouden worden verwijderd, 1 blijft bewaard." in text
    assert Pupil.objects.count() == pupils_before
