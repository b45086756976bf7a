"""What the benchmark scripts share: Django on a throwaway database, timing a
page through the test client, and writing a figures block into a docs file."""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Django with the project's settings on DATABASE_URL, or a new SQLite file."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def measure_get(client, url, runs):
    """(queries, median ms, p95 ms) of GET ``url``, after one warm-up request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return len(queries), statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def write_block(path, marker, heading, text):
    """Replace the text between <!-- MARKER:START --> and <!-- MARKER:END --> in ``path``
    (added under ``heading`` at the end when the markers are not there yet)."""
    target = ROOT / path
    content = target.read_text()
    start, end = f"<!-- {marker}:START -->", f"<!-- {marker}:END -->"
    if start not in content:
        content += f"\n## {heading}\n\n{start}\n{end}\n"
    before, _, rest = content.partition(start)
    _, _, after = rest.partition(end)
    target.write_text(f"{before}{start}\n{text}{end}{after}")


def year_results(pupil, year, level, ability, instruments, levels, rng):
    """A pupil's LVS results of one school year, M (January) and E (June) per instrument, around ``ability``
    (a z-score): the score grows with the year level, the level (``levels``, I..V) follows the z-score."""
    from pupils.models import Assessment

    results = []
    for moment, month in (("M", 1), ("E", 6)):
        for instrument in instruments:
            z = ability + rng.gauss(0, 0.4)
            results.append(
                Assessment(
                    pupil=pupil,
                    instrument=instrument,
                    subject_id=instrument.subject_id,
                    date=datetime.date(year.start_date.year + 1, month, 15),
                    moment=f"{moment}{level}",
                    score=100 + 12 * level + round(14 * z),
                    level=levels[min(4, max(0, int(2 - z * 1.2)))],
                )
            )
    return results
