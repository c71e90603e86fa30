"""The command-line side of imports and exports: shared by the management commands."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.history import reason_naming_file
from core.spreadsheet import SpreadsheetError, format_of, read_table, write_table


class Progress:
    """A tqdm bar that the importers' `progress(done, total)` callbacks drive."""

    def __init__(self, description, stream):
        self.description, self.stream, self.bar = description, stream, None

    def __call__(self, done, total):
        if self.bar is None:
            self.bar = tqdm(total=total, desc=self.description, unit=_("rows"), file=self.stream, leave=True)
        self.bar.update(done - self.bar.n)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def read_file(path: str):
    file = Path(path)
    if not file.is_file():
        raise CommandError(_("No such file: %(path)s") % {"path": path})
    try:
        return read_table(file.read_bytes(), file.name)
    except SpreadsheetError as exc:
        raise CommandError(str(exc)) from exc


def find_user(username):
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(_("No user called %(name)s.") % {"name": username}) from exc


class ImportCommand(BaseCommand):
    """`manage.py import_… FILE [--dry-run] [--user NAME]`: exits non-zero if the file is refused."""

    importer_class = None

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("An .xlsx or .csv file with the template's columns."))
        parser.add_argument("--dry-run", action="store_true", help=_("Check the file and report; write nothing."))
        parser.add_argument("--user", help=_("Username recorded in the change history as the author."))

    def handle(self, *args, file, dry_run, user, **options):
        table = read_file(file)
        reason = reason_naming_file(_("Import of file %(name)s (command line)"), file)
        try:
            importer = self.importer_class(table, user=None, reason=reason)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc
        importer.user = find_user(user)  # recorded as the author; the command line is not scoped
        checking, writing = Progress(_("Checking"), self.stderr), Progress(_("Writing"), self.stderr)
        try:
            result = importer.run(dry_run=dry_run, progress=checking, write_progress=writing)
        finally:
            checking.close()
            writing.close()
        for _line, message in result.errors:
            self.stderr.write(message)
        if result.written:
            summary = _("%(created)s rows were created, %(updated)s updated, %(unchanged)s unchanged.")
        else:
            summary = _("%(created)s rows would be created, %(updated)s updated, %(unchanged)s unchanged.")
        self.stdout.write(summary % result.to_dict())
        if result.errors:
            raise CommandError(
                _("%(count)s bad rows: nothing was imported.") % {"count": len(result.errors)}
            )


class ExportCommand(BaseCommand):
    """`manage.py export_… FILE`: .xlsx or .csv by the file's extension."""

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Where to write: a path ending in .xlsx or .csv."))

    def handle(self, *args, file, **options):
        try:
            fmt = format_of(file)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc
        headers, rows, title = self.table()
        rows = list(rows)
        with open(file, "wb") as stream:
            write_table(stream, fmt, headers, tqdm(rows, file=self.stderr, desc=title, unit=_("rows")), title=title)
        self.stdout.write(_("%(count)s rows written to %(file)s.") % {"count": len(rows), "file": file})

    def table(self):
        raise NotImplementedError
