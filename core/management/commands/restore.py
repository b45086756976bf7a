from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from core import backups


class Command(BaseCommand):
    help = _(
        "Zet een back-up van manage.py backup terug in een nieuwe, lege database, na controle van de "
        "controlesom. Een database met tabellen wordt nooit overschreven."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help=_("Het back-upbestand (.sqlite3 of .pgdump), met het .sha256-bestand ernaast.")
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=_("De database (standaard: default)."))

    def handle(self, *args, file, database=DEFAULT_DB_ALIAS, **options):
        try:
            backups.restore(file, connections[database])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Teruggezet in database %(database)s: %(file)s")
                % {"database": connections[database].settings_dict["NAME"], "file": file}
            )
        )
        self.stdout.write(
            _(
                "Let op: de back-up kan leerlingen bevatten die sindsdien zijn verwijderd. Draai nu "
                "manage.py retention en verwijder opnieuw wie volgens het auditlog na de back-up is gewist "
                "(docs/operations.md, Back-ups)."
            )
        )
