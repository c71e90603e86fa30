import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import Progress, read_file
from core.history import reason_naming_file
from core.spreadsheet import SpreadsheetError
from units.importers import UnitListImport, unit_rows
from units.management.commands.import_successions import DateCommand


class Command(DateCommand):
    help = (
        "Import an official (NSO) list of administrative units, valid from --valid-from: columns province, its "
        "code, district, its code, commune, its code, level. Units missing from the list are closed, not deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The official list, .xlsx or .csv."))
        parser.add_argument("--valid-from", required=True, type=self.day, help=_("First day the list is in force."))
        parser.add_argument("--dry-run", action="store_true", help=_("Check the file and report; write nothing."))

    def handle(self, *args, file, valid_from: datetime.date, dry_run, **options):
        table = read_file(file)
        try:
            rows = unit_rows(table)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc
        reason = reason_naming_file(_("Official list %(name)s, valid from %(date)s"), file,
                                    date=f"{valid_from:%d/%m/%Y}")
        progress = Progress(_("Units"), self.stderr)
        result = UnitListImport(rows, valid_from, reason).run(dry_run=dry_run, progress=progress)
        progress.close()
        self.report(result)

    def report(self, result):
        for _line, message in result.errors:
            self.stderr.write(message)
        if result.errors:
            raise CommandError(_("%(count)s bad rows: nothing was imported.") % {"count": len(result.errors)})
        self.stdout.write(result.summary())
