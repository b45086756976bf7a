"""manage.py backup and restore: the demo survives a round trip on SQLite (PostgreSQL's round trip is
.ci/backup-roundtrip), and every refusal says in Dutch why nothing was written or restored."""

import datetime
import hashlib
import os
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from core import backups

ROOT = Path(settings.BASE_DIR)


def manage(*args, database_url, env=None):
    """Run manage.py in its own process against ``database_url``, as cron or an operator would."""
    environment = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def backup(directory, **options):
    out = StringIO()
    call_command("backup", dir=str(directory), stdout=out, **options)
    (path,) = re.findall(r"Back-up geschreven: (\S+)", out.getvalue())
    return Path(path), out.getvalue()


def group_page(client):
    """The demo coordinator's page of group 8 as she sees it, without the per-request tokens."""
    from schools import demo
    from schools.models import Group, User

    client.force_login(User.objects.get(username="ib"))
    group = Group.objects.filter(name="Groep 8", school_year__school__name=demo.MAIN_SCHOOL).latest(
        "school_year__start_date"
    )
    session = client.session
    session["school_id"] = group.school_year.school_id
    session.save()
    response = client.get(reverse("group_detail", args=[group.pk]))
    assert response.status_code == 200, response.status_code
    return re.sub(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r'\1""', response.content.decode())


def row_counts():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def snapshot():
    """What must survive a round trip: the rows of every table, counted before the coordinator's page
    of group 8 is rendered (rendering adds a session and an audit entry). .ci/backup-roundtrip prints it
    for both PostgreSQL databases and compares."""
    counts = "".join(f"{table} {count}\n" for table, count in sorted(row_counts().items()))
    return counts + group_page(Client())


# The snapshot in a second process, against the restored database (setup_test_environment admits the
# test client's host name whatever ALLOWED_HOSTS says).
SNAPSHOT = """
from django.test.utils import setup_test_environment; setup_test_environment()
from tests.core.test_backup import snapshot
print(snapshot(), end="")
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's round trip is .ci/backup-roundtrip")
def test_the_demo_survives_a_round_trip_through_a_fresh_sqlite_file(reference_data, tmp_path):
    call_command("load_demo", stdout=StringIO())
    path, _output = backup(tmp_path / "backups")

    restored = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    result = manage("restore", str(path), database_url=restored)
    assert result.returncode == 0, result.stderr
    assert f"Teruggezet in database {tmp_path / 'restored.sqlite3'}: {path}" in result.stdout
    assert "manage.py retention" in result.stdout  # the reminder that erased pupils may be back

    counts = row_counts()
    assert counts["pupils_pupil"] > 100 and counts["django_migrations"] > 0
    original = snapshot()
    assert "30 leerlingen" in original
    copy = manage("shell", "--no-imports", "-c", SNAPSHOT, database_url=restored)
    assert copy.returncode == 0, copy.stderr
    assert copy.stdout == original


def test_a_backup_is_private_and_checked_by_sha256sum(transactional_db, tmp_path):
    path, output = backup(tmp_path / "nieuw")

    assert re.fullmatch(r"wathelpt-\d{4}-\d{2}-\d{2}T\d{6}Z\.(sqlite3|pgdump)", path.name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert f"SHA-256: {digest}" in output and "Grootte: " in output
    assert backups.checksum_path(path).read_text() == f"{digest}  {path.name}\n"  # the format of sha256sum -c
    assert {p.stat().st_mode & 0o777 for p in path.parent.iterdir()} == {0o600}
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, path.name + ".sha256"]  # no temp files


def test_a_changed_backup_is_refused_before_the_database_is_touched(transactional_db, tmp_path):
    path, _output = backup(tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))

    with pytest.raises(CommandError, match="De controlesom van .* klopt niet") as refused:
        call_command("restore", str(path))
    assert refused.value.returncode == 1


def test_a_backup_without_its_checksum_file_is_refused(transactional_db, tmp_path):
    path, _output = backup(tmp_path)
    backups.checksum_path(path).unlink()

    with pytest.raises(CommandError, match="controlebestand .* ontbreekt"):
        call_command("restore", str(path))


def test_restore_never_writes_over_a_database_that_has_tables(transactional_db, tmp_path):
    from schools.models import School

    School.objects.create(name="Blijft staan")
    path, _output = backup(tmp_path)

    with pytest.raises(CommandError, match=r"De doeldatabase is niet leeg: er staan al \d+ tabellen in"):
        call_command("restore", str(path))
    assert School.objects.filter(name="Blijft staan").exists()


def connection_suffix():
    return "." + backups.SUFFIXES[connection.vendor]


def test_a_backup_of_the_other_kind_is_refused(transactional_db, tmp_path):
    other = "pgdump" if connection.vendor == "sqlite" else "sqlite3"
    path = tmp_path / f"wathelpt-2026-12-01T023000Z.{other}"
    path.write_bytes(b"x")

    with pytest.raises(
        CommandError, match=f"geen back-up voor deze database: die verwacht een {connection_suffix()}-bestand"
    ):
        call_command("restore", str(path))


def test_backups_older_than_the_term_go_and_nothing_else(transactional_db, tmp_path):
    now = datetime.datetime.now(datetime.UTC)
    kind = backups.SUFFIXES[connection.vendor]

    def made(days_ago, suffix=""):
        name = f"wathelpt-{(now - datetime.timedelta(days=days_ago)).strftime(backups.TIME_FORMAT)}.{kind}{suffix}"
        (tmp_path / name).write_text("x")
        return name

    made(31), made(31, ".sha256"), made(45), made(45, ".sha256")
    (tmp_path / f".{made(40)}.part").write_text("x")  # left behind by a crash
    (tmp_path / made(40)).unlink()
    young = [made(29), made(29, ".sha256")]
    foreign = ["notities.txt", "wathelpt-export.csv", "school-2020-01-01T000000Z.sqlite3", "wathelpt-handmatig.sqlite3"]
    for name in foreign:
        (tmp_path / name).write_text("x")

    path, output = backup(tmp_path, keep_days=30)

    assert "2 back-ups ouder dan 30 dagen verwijderd." in output
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {*young, *foreign, path.name, path.name + ".sha256"}


def test_a_term_under_one_day_is_refused(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="--keep-days moet minstens 1 zijn"):
        call_command("backup", dir=str(tmp_path), keep_days=0, stdout=StringIO())
    assert not any(tmp_path.iterdir())


POSTGRES_NOBODY_LISTENS = "postgres://postgres@127.0.0.1:1/wathelpt_nergens"


def test_missing_pg_dump_is_a_dutch_error_and_leaves_no_file(tmp_path):
    result = manage("backup", "--dir", str(tmp_path), database_url=POSTGRES_NOBODY_LISTENS, env={"PATH": str(tmp_path)})

    assert result.returncode == 1
    assert "pg_dump ontbreekt op deze machine" in result.stderr
    assert "apt-get install postgresql-client" in result.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_a_failing_pg_dump_is_a_dutch_error_and_leaves_no_file(tmp_path):
    result = manage("backup", "--dir", str(tmp_path), database_url=POSTGRES_NOBODY_LISTENS)

    assert result.returncode == 1
    assert "pg_dump is mislukt (foutcode 1)" in result.stderr
    assert "Connection refused" in result.stderr  # pg_dump's own words, for whoever reads the cron mail
    assert not any(tmp_path.iterdir())


def test_a_directory_that_cannot_be_made_is_a_dutch_error(tmp_path):
    (tmp_path / "bestand").write_text("x")

    with pytest.raises(CommandError, match="De map .* kan niet worden aangemaakt"):
        call_command("backup", dir=str(tmp_path / "bestand" / "backups"), stdout=StringIO())


def test_pg_dump_gets_the_password_in_its_environment_never_as_an_argument(tmp_path, monkeypatch):
    class PostgresConnection:
        vendor = "postgresql"
        settings_dict = {
            "NAME": "wathelpt",
            "USER": "wathelpt",
            "PASSWORD": "geheim-wachtwoord",
            "HOST": "db.school.nl",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "require"},
        }

    calls = []

    def run(arguments, env, **options):
        calls.append((arguments, env))
        return subprocess.CompletedProcess(arguments, 0, "", "")

    monkeypatch.setattr(backups.shutil, "which", lambda program: f"/usr/bin/{program}")
    monkeypatch.setattr(backups.subprocess, "run", run)
    backups.make_backup(PostgresConnection(), tmp_path)

    ((arguments, env),) = calls
    assert arguments[0] == "/usr/bin/pg_dump" and "--format=custom" in arguments and "--no-password" in arguments
    assert not any("geheim" in argument for argument in arguments)
    assert {name: env[name] for name in ("PGPASSWORD", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGSSLMODE")} == {
        "PGPASSWORD": "geheim-wachtwoord",
        "PGHOST": "db.school.nl",
        "PGPORT": "5433",
        "PGUSER": "wathelpt",
        "PGDATABASE": "wathelpt",
        "PGSSLMODE": "require",
    }
