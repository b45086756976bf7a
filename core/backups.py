"""Back-ups of the whole database and their restore, for ``manage.py backup`` and ``manage.py restore``.

A back-up is one file named ``wathelpt-<UTC time>.<kind>`` with a ``.sha256`` file beside it in the
format of ``sha256sum`` (so ``sha256sum -c`` checks it too):

- SQLite: a copy made through SQLite's online backup API (``sqlite3.Connection.backup``), which is
  consistent while the app keeps writing; a file copy of a live database is not.
- PostgreSQL: ``pg_dump --format=custom``, with the connection passed in ``PG*`` environment variables
  so that the password never shows in the process list.

Both are written under a temporary name and renamed when complete, so a file under the final name is
always whole. Files hold every pupil's data: they are created readable by their owner only.

A restore goes only into a database without tables (see docs/operations.md, "Back-ups", for why there
is no ``--force``).
"""

import datetime
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PREFIX = "wathelpt-"
TIME_FORMAT = "%Y-%m-%dT%H%M%SZ"
SUFFIXES = {"sqlite": "sqlite3", "postgresql": "pgdump"}
CHECKSUM_SUFFIX = ".sha256"
# Only what this module wrote is ever pruned: the back-up, its checksum, and the hidden temporary files
# a crash may have left behind (".wathelpt-....sqlite3.part").
OWN_FILE = re.compile(
    r"^(?P<part>\.)?wathelpt-(?P<time>\d{4}-\d{2}-\d{2}T\d{6}Z)\.(?:sqlite3|pgdump)(?:\.sha256)?(?(part)\.part|)$"
)
# pg_dump/pg_restore read these; DATABASES OPTIONS keys that libpq also knows go along.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


class BackupError(Exception):
    """Something a person must fix; the message says what, in Dutch."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    sha256: str

    @property
    def checksum_path(self):
        return checksum_path(self.path)


def default_directory():
    return Path(getattr(settings, "BACKUP_DIR", "") or Path(settings.BASE_DIR) / "backups")


def checksum_path(path):
    return Path(path).with_name(Path(path).name + CHECKSUM_SUFFIX)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def kind_of(connection):
    try:
        return SUFFIXES[connection.vendor]
    except KeyError:
        raise BackupError(
            _("Back-ups van een %(vendor)s-database worden niet ondersteund, alleen van SQLite en PostgreSQL.")
            % {"vendor": connection.vendor}
        ) from None


def make_backup(connection, directory, now=None):
    """Write a back-up of ``connection``'s database into ``directory`` and return it."""
    kind = kind_of(connection)
    now = now or datetime.datetime.now(datetime.UTC)
    directory = Path(directory)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(
            _("De map %(dir)s kan niet worden aangemaakt: %(error)s") % {"dir": directory, "error": error.strerror}
        ) from error
    final = directory / f"{PREFIX}{now.strftime(TIME_FORMAT)}.{kind}"
    if final.exists():
        raise BackupError(_("%(file)s bestaat al; probeer het over een seconde opnieuw.") % {"file": final})
    temporary = directory / f".{final.name}.part"
    checksum_temporary = directory / f".{checksum_path(final).name}.part"
    try:
        _create_private(temporary)
        if kind == "sqlite3":
            _dump_sqlite(connection, temporary)
        else:
            _dump_postgresql(connection.settings_dict, temporary)
        digest = sha256_of(temporary)
        _create_private(checksum_temporary)
        checksum_temporary.write_text(f"{digest}  {final.name}\n", encoding="ascii")
        for written in (temporary, checksum_temporary):
            _flush_to_disk(written)  # before the rename, so that the final name never points at a partial file
        os.replace(temporary, final)
        os.replace(checksum_temporary, checksum_path(final))
    except BaseException as error:
        for leftover in (temporary, checksum_temporary):
            leftover.unlink(missing_ok=True)
        if isinstance(error, OSError):  # a full disk, a directory without write permission
            raise BackupError(
                _("De back-up kon niet in %(dir)s worden geschreven: %(error)s")
                % {"dir": directory, "error": error.strerror or error}
            ) from error
        raise
    return Backup(path=final, size=final.stat().st_size, sha256=digest)


def _flush_to_disk(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _create_private(path):
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)  # whatever the umask made of it


def _dump_sqlite(connection, target_path):
    if connection.in_atomic_block:
        # The copy would wait forever for the lock this very connection holds.
        raise BackupError(_("Een SQLite-back-up kan niet binnen een openstaande transactie worden gemaakt."))
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        # The app's own connection copies its database page by page under a read lock: consistent even
        # while other processes write, and it works for the in-memory database of the tests too.
        connection.connection.backup(target)
        (check,) = target.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as error:
        raise BackupError(_("De SQLite-back-up is mislukt: %(error)s") % {"error": error}) from error
    finally:
        target.close()
    if check != "ok":
        raise BackupError(_("De SQLite-back-up is beschadigd (%(check)s); er is niets bewaard.") % {"check": check})


def pg_environment(settings_dict):
    """The environment for pg_dump/pg_restore: the connection in libpq's variables, the password never
    as an argument."""
    env = {**os.environ}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    for option, variable in PG_OPTION_ENV.items():
        values[variable] = (settings_dict.get("OPTIONS") or {}).get(option)
    env.update({name: str(value) for name, value in values.items() if value})
    return env


def _run_pg(program, arguments, settings_dict):
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _(
                "%(program)s ontbreekt op deze machine. Installeer de PostgreSQL-clientprogramma's "
                "(Debian/Ubuntu: apt-get install postgresql-client) in dezelfde versie als de server "
                "en probeer het opnieuw."
            )
            % {"program": program}
        )
    # --no-password: never wait for a password prompt (cron has no one to type it).
    completed = subprocess.run(
        [executable, "--no-password", *arguments],
        env=pg_environment(settings_dict),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(
            _("%(program)s is mislukt (foutcode %(code)s): %(error)s")
            % {"program": program, "code": completed.returncode, "error": completed.stderr.strip() or "-"}
        )


def _dump_postgresql(settings_dict, target_path):
    _run_pg("pg_dump", ["--format=custom", f"--file={target_path}"], settings_dict)


def verify(path):
    """The file's checksum, after checking it against the checksum file beside it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("Het bestand %(file)s bestaat niet.") % {"file": path})
    checksum_file = checksum_path(path)
    try:
        expected = checksum_file.read_text(encoding="ascii").split()[0].lower()
    except (OSError, UnicodeDecodeError, IndexError):
        raise BackupError(
            _("Het controlebestand %(file)s ontbreekt of is onleesbaar; zonder die controle wordt er niets teruggezet.")
            % {"file": checksum_file}
        ) from None
    actual = sha256_of(path)
    if actual != expected:
        raise BackupError(
            _(
                "De controlesom van %(file)s klopt niet: het bestand is beschadigd of gewijzigd sinds de back-up. "
                "Er is niets teruggezet."
            )
            % {"file": path.name}
        )
    return actual


def existing_tables(connection):
    try:
        with connection.cursor() as cursor:
            return connection.introspection.table_names(cursor)
    except DatabaseError as error:
        raise BackupError(
            _("De doeldatabase is niet bereikbaar: %(error)s. Maak eerst een nieuwe, lege database aan.")
            % {"error": str(error).strip()}
        ) from error


def restore(path, connection):
    """Restore the back-up at ``path`` into ``connection``'s database, which must have no tables."""
    path = Path(path)
    kind = kind_of(connection)
    if not path.name.endswith(f".{kind}"):
        raise BackupError(
            _("%(file)s is geen back-up voor deze database: die verwacht een .%(kind)s-bestand.")
            % {"file": path.name, "kind": kind}
        )
    verify(path)
    tables = existing_tables(connection)
    if tables:
        raise BackupError(
            ngettext(
                "De doeldatabase is niet leeg: er staat al %(count)d tabel in (%(example)s). ",
                "De doeldatabase is niet leeg: er staan al %(count)d tabellen in (bijvoorbeeld %(example)s). ",
                len(tables),
            )
            % {"count": len(tables), "example": "django_migrations" if "django_migrations" in tables else tables[0]}
            + _("Terugzetten kan alleen in een nieuwe, lege database; zie docs/operations.md.")
        )
    if kind == "sqlite3":
        _restore_sqlite(path, connection)
    else:
        connection.close()  # pg_restore works in its own session
        _run_pg(
            "pg_restore",
            # One transaction: a restore that fails halfway leaves the database as empty as it was.
            # Objects get the restoring role as owner, and no GRANTs that name roles of the old server.
            [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
            connection.settings_dict,
        )


def _restore_sqlite(path, connection):
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(_("Terugzetten in SQLite is mislukt: %(error)s") % {"error": error}) from error
    finally:
        source.close()
    connection.close()  # the next query opens a connection that reads the restored schema


def prune(directory, keep_days, now=None):
    """Delete this module's back-ups (and their checksums) in ``directory`` older than ``keep_days``
    days, by the time in their name; return the paths removed."""
    now = now or datetime.datetime.now(datetime.UTC)
    cutoff = now - datetime.timedelta(days=keep_days)
    removed = []
    for path in sorted(Path(directory).iterdir()):
        match = OWN_FILE.match(path.name)
        if not match or not path.is_file():
            continue
        made = datetime.datetime.strptime(match["time"], TIME_FORMAT).replace(tzinfo=datetime.UTC)
        if made < cutoff:
            path.unlink()
            removed.append(path)
    return removed
