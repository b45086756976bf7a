"""``manage.py retention``: apply the retention terms, daily (cron line in docs/privacy-retention.md).

With ``--dry-run`` it lists per school what would go and why, and removes nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacy.models import RecordKind
from privacy.services import retention


def _day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("Geef de datum als jjjj-mm-dd, bijvoorbeeld 2026-12-08.")) from error


def _dmy(day):
    return f"{day:%d-%m-%Y}"


class Command(BaseCommand):
    help = _(
        "Past de bewaartermijnen toe: verwijdert wat vervallen is, behalve bij leerlingen met een verlengde "
        "termijn. Met --dry-run alleen een overzicht."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Laat zien wat weg zou gaan; verwijder niets."))
        parser.add_argument("--date", type=_day, help=_("Doe alsof het deze dag is (jjjj-mm-dd), om te testen."))

    def handle(self, *args, dry_run=False, date=None, **options):
        results = retention.run(on=date, dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Proefdraai: er wordt niets verwijderd."))
        for result in results:
            self._school(result, dry_run)

    def _school(self, result, dry_run):
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(str(result.school)))
        if not result.items:
            self.stdout.write("  " + _("Niets vervallen."))
            return
        if dry_run:
            for items in per_subject(result.items):
                self.stdout.write("  " + self._line(items))
            self.stdout.write(
                "  "
                + ngettext(
                    "%(count)s onderdeel zou worden verwijderd",
                    "%(count)s onderdelen zouden worden verwijderd",
                    len(result.to_remove),
                )
                % {"count": len(result.to_remove)}
                + (
                    ", "
                    + ngettext("%(held)s blijft bewaard", "%(held)s blijven bewaard", len(result.skipped))
                    % {"held": len(result.skipped)}
                    if result.skipped
                    else ""
                )
                + "."
            )
            return
        for kind, count in sorted(result.removed.items()):
            self.stdout.write(f"  {RecordKind(kind).label}: " + _("%(count)s verwijderd") % {"count": count})
        for items in per_subject(result.skipped):
            self.stdout.write("  " + self._line(items))
        for item, error in result.failed:
            self.stderr.write("  " + _("Mislukt: %(item)s: %(error)s") % {"item": self._line([item]), "error": error})

    def _line(self, items):
        """What goes of one pupil (or one file or trajectory) as a line: who or what, since when its terms
        run, per kind the term and since when it is due, and why not when a hold keeps it."""
        first = items[0]
        if first.pupil is not None:
            head = _("%(name)s, uitgestroomd op %(left)s") % {
                "name": first.subject,
                "left": _dmy(first.pupil.date_out),
            }
        else:
            head = _("%(name)s van %(started)s") % {"name": first.subject, "started": _dmy(first.started_on)}
        kinds = "; ".join(
            _("%(kind)s (termijn %(months)s maanden, vervallen sinds %(due)s)")
            % {"kind": item.kind_label, "months": item.months, "due": _dmy(item.due_on)}
            for item in items
        )
        text = f"{head}: {kinds}"
        if first.held:
            text += " — " + _("blijft bewaard: termijn verlengd tot en met %(until)s") % {
                "until": _dmy(first.hold.until)
            }
        return text


def per_subject(items):
    """Items grouped per pupil or record, in the order they first appear."""
    groups = {}
    for item in items:
        key = ("pupil", item.pupil.pk) if item.pupil is not None else (item.kind, item.record.pk)
        groups.setdefault(key, []).append(item)
    return list(groups.values())
