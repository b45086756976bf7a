"""A pupil's change history page reads as people write: field labels, choice labels, names and Dutch
dates; never ids, field names or codes."""

import datetime
import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import history
from pupils import services
from pupils.models import SecondaryAdvice
from tests import factories as f


def changes_on(page):
    """Every 'label: old → new' line of the page's table."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li>(.*?)</li>", body, re.S)]


def test_the_history_shows_labels_names_and_dates_never_ids_or_codes(world, login):
    pupil, teacher = world.pupils["six"], world.user("teacher")
    teacher.first_name, teacher.last_name = "Janna", "de Vries"
    teacher.save()
    period = f.PeriodFactory(school_year=world.school.current_year(), name="Periode 2")
    need = history.save(
        f.NeedFactory.build(pupil=pupil, author=teacher, subject=f.subject("spelling"), period=period), teacher
    )
    need.is_open = False
    history.save(need, teacher)
    history.save(f.ObservationFactory.build(pupil=pupil, author=teacher, date=datetime.date(2026, 10, 1)), teacher)
    advice = SecondaryAdvice(pupil=pupil, school_year=world.school.current_year(), provisional="pro")
    history.save(advice, teacher)
    advice.provisional = "vmbo_b"
    history.save(advice, teacher)
    services.set_care_level(pupil, 2, "Extra instructie.", teacher)

    page = login(teacher, world.school).get(reverse("pupils:history", args=[pupil.pk])).content.decode()
    lines = changes_on(page)

    assert "Voorlopig advies: praktijkonderwijs → vmbo basis" in lines
    assert "Nog actueel: ja → nee" in lines
    assert "De leerling heeft … nodig: instructie die" in lines
    assert "Bron: observatie" in lines
    assert "Vak: Spelling" in lines
    assert any(line.startswith("Periode: Periode 2") for line in lines)
    assert "Auteur: Janna de Vries" in lines
    assert "Datum: 01-10-2026" in lines
    assert "Zorgniveau: 2 – extra zorg in de groep" in lines
    assert "Janna de Vries" in page.split("<tbody>")[1]  # who, by name
    for line in lines:
        label, _colon, values = line.partition(": ")
        # No field names, no codes, no ids: every value is words or a date.
        assert not re.fullmatch(r"[a-z_]+", label), line
        assert not re.search(r"\b(pro|vmbo_b|instruction|observation|True|False|None)\b", values), line
        assert not any(part.strip().isdigit() for part in values.split("→")), line
    for hidden in ("Leerling:", "Id:", "Version:", "Versie:"):
        assert not any(line.startswith(hidden) for line in lines)


def test_the_history_page_costs_the_same_queries_for_one_change_or_many(world, login):
    pupil, teacher = world.pupils["six"], world.user("teacher")
    client = login(teacher, world.school)
    url = reverse("pupils:history", args=[pupil.pk])
    period = f.PeriodFactory(school_year=world.school.current_year())

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    history.save(f.NeedFactory.build(pupil=pupil, author=teacher, period=period), teacher)
    history.save(f.ObservationFactory.build(pupil=pupil, author=teacher), teacher)
    one = queries()
    for n in range(10):
        need = history.save(f.NeedFactory.build(pupil=pupil, author=f.UserFactory(), period=period), teacher)
        need.text = f"versie {n}"
        history.save(need, teacher)
        history.save(f.ObservationFactory.build(pupil=pupil, author=f.UserFactory()), teacher)
    assert queries() == one  # names are read in one query per kind of record, not one a row
