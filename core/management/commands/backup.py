from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import backups


class Command(BaseCommand):
    help = _(
        "Maakt een back-up van de database (SQLite: online back-up, PostgreSQL: pg_dump) met een "
        "controlebestand ernaast, en ruimt back-ups op die ouder zijn dan --keep-days dagen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            help=_("Map voor de back-ups (standaard de instelling BACKUP_DIR, anders backups/ naast het project)."),
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=30,
            help=_("Verwijdert eigen back-ups die ouder zijn dan zoveel dagen (standaard 30)."),
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=_("De database (standaard: default)."))

    def handle(self, *args, dir=None, keep_days=30, database=DEFAULT_DB_ALIAS, **options):
        if keep_days < 1:
            raise CommandError(_("--keep-days moet minstens 1 zijn: de back-up van vandaag blijft altijd staan."))
        directory = dir or backups.default_directory()
        try:
            backup = backups.make_backup(connections[database], directory)
            removed = backups.prune(directory, keep_days)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Back-up geschreven: %(file)s") % {"file": backup.path}))
        self.stdout.write(_("Grootte: %(size)s") % {"size": filesizeformat(backup.size)})
        self.stdout.write(
            _("SHA-256: %(sum)s (in %(file)s)") % {"sum": backup.sha256, "file": backup.checksum_path.name}
        )
        count = sum(1 for path in removed if path.name.startswith(backups.PREFIX) and path.suffix != ".sha256")
        if count:
            self.stdout.write(
                ngettext(
                    "%(count)d back-up ouder dan %(days)d dagen verwijderd.",
                    "%(count)d back-ups ouder dan %(days)d dagen verwijderd.",
                    count,
                )
                % {"count": count, "days": keep_days}
            )
