"""Finalizing a half-yearly report while colleagues press "Afronden" or save an analysis at the same
moment: the report is finalized once, and a text either lands before the figures and texts are frozen
(and then the finalize, made on what the user read before it, is refused) or is refused itself. Never
both: a finalized report never holds a text its finalizer did not see. PostgreSQL only: SQLite takes
writers one at a time anyway."""

import threading

import pytest
from django.db import connection, connections

from core import editguard
from reports import services
from reports.forms import ReportTextForm
from reports.models import HalfYearReport, ReportText
from schools.access import ReportReach
from schools.models import Role
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks between two connections"),
]


def _report():
    year = f.SchoolYearFactory()
    director = f.UserFactory()
    f.MembershipFactory(user=director, school=year.school, role=Role.MANAGEMENT)
    report, _created = services.start_report(year.school, year, 1, ReportReach(), director)
    return report, director


def _run(tasks):
    barrier = threading.Barrier(len(tasks))
    outcomes, lock = [], threading.Lock()

    def run(task):
        try:
            barrier.wait(10)
            result = task()
        except editguard.Stale as refused:
            result = type(refused).__name__
        except Exception as error:  # noqa: BLE001 - reported in the outcome
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_ten_simultaneous_finalizes_finalize_once():
    report, director = _report()
    version = report.version

    def finalize():
        services.finalize(HalfYearReport.objects.get(pk=report.pk), version, director)
        return "finalized"

    outcomes = _run([finalize] * 10)
    assert sorted(outcomes) == ["Stale"] * 9 + ["finalized"]


def _finalize_and_write_at_once():
    report, director = _report()
    version = report.version
    text = ReportText.objects.get(report=report, section="care")

    def finalize():
        services.finalize(HalfYearReport.objects.get(pk=report.pk), version, director)
        return "finalized"

    def write():
        form = ReportTextForm({"analysis": "Laat", "interventions": "", "version": text.version}, instance=text)
        assert form.is_valid()
        services.save_text(form, director)
        return "saved"

    return report, text, _run([finalize, write])


@pytest.mark.parametrize("attempt", range(5))
def test_a_text_saved_while_finalizing_is_either_seen_or_refused(attempt):
    report, text, outcomes = _finalize_and_write_at_once()
    assert sorted(outcomes) in (["Stale", "saved"], ["Finalized", "finalized"]), outcomes
    stored = HalfYearReport.objects.get(pk=report.pk)
    saved = ReportText.objects.get(pk=text.pk).analysis == "Laat"
    assert stored.is_final != saved
