import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.commands import read_file
from core.spreadsheet import SpreadsheetError
from units.importers import import_successions, succession_rows


class DateCommand(BaseCommand):
    @staticmethod
    def day(value) -> datetime.date:
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        raise CommandError(_("Give the date as YYYY-MM-DD or dd/mm/yyyy, not %(value)s.") % {"value": value})


class Command(DateCommand):
    help = (
        "Import an old -> new commune table (columns “Mã xã cũ”, “Mã xã mới”, optionally “Sáp nhập một phần”): "
        "links the communes valid the day before --date to those valid on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--date", required=True, type=self.day, help=_("The day the new units came into force."))
        parser.add_argument("--legal-basis", default="", help=_("E.g. Nghị quyết 1665/NQ-UBTVQH15."))
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, date, legal_basis, dry_run, **options):
        try:
            rows = succession_rows(read_file(file))
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc
        written, errors = import_successions(rows, date, legal_basis, dry_run=dry_run)
        for _line, message in errors:
            self.stderr.write(message)
        if errors:
            raise CommandError(_("%(count)s bad rows: nothing was imported.") % {"count": len(errors)})
        self.stdout.write(_("%(count)s succession links added or corrected.") % {"count": written})
