"""What every spreadsheet import shares: columns, the dry run, and the one transaction.

An import first *plans* every row (parse, match, compare with the database) without
writing. Any bad row makes the whole file refused with each bad row's line and reason.
Only a file without bad rows is written, in one transaction: all rows or none.

A row that changes an existing record is planned against the record's version, and the write
claims that version (core/versioning.py, as every write path does): if someone saved the
record after the plan — or after the preview the user confirmed — the whole file is refused,
their change stays and nothing is set back.
"""

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import versioning
from core.cells import CellError
from core.spreadsheet import SpreadsheetError, Table
from core.text import fold
from units import scoping

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"

Progress = Callable[[int, int], None]


def field_header(model, name: str):
    """The header of the column that holds `model`'s field `name`: the field's own label, so that
    the spreadsheet, the forms and the admin name it the same way (lazy: translated when used)."""
    return capfirst(model._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False


@dataclass
class RowPlan:
    line: int
    action: str
    payload: object = None


@dataclass
class ImportResult:
    """The outcome of a dry run or of a real import, as shown to the user."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    written: bool = False
    versions: dict[int, int] = field(default_factory=dict)  # record id -> the version its row was planned against

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        """What the job keeps and its page shows: the first errors only (a file of 50,000 bad
        rows made a 26 MB page), and how many more there are."""
        shown = settings.IMPORT_MAX_ERRORS_SHOWN
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [list(error) for error in self.errors[:shown]],
            "more_errors": max(0, len(self.errors) - shown),
            "written": self.written,
            "versions": {str(pk): version for pk, version in self.versions.items()},
        }


def check_object(obj, exclude, header_of: Callable[[str], str], checks: "FieldChecks | None" = None) -> None:
    """Run a model's own checks on an object about to be written, without a query: its `clean()`
    first (a year out of range is then said in the model's words), then each field's
    (`clean_fields`: length, the integer range of this database, choices). With `cells`' own
    checks (no NUL character, ASCII digits) this makes a row the dry run accepts one the database
    stores. The message names each column by its header (`header_of(field name)`). `checks`: what
    the field checks of earlier objects of the same import accepted (`FieldChecks`)."""
    checks = checks or FieldChecks()
    errors = {}
    try:
        obj.clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    known, pending = checks.known(obj, {*exclude, *errors})
    try:
        obj.clean_fields(exclude=[*exclude, *errors, *known])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    checks.remember(obj, pending, errors)
    if not errors:
        return
    messages = []
    for name, problems in ValidationError(errors).message_dict.items():
        text = "; ".join(problems)
        if name != "__all__":
            text = _("column “%(column)s”: %(errors)s") % {"column": header_of(name), "errors": text}
        messages.append(text)
    raise CellError("; ".join(messages))


class FieldChecks:
    """The field checks (`Field.clean`: type, length, range, choices) an import need not run again.
    Such a check depends on the field's value alone (relations aside, never skipped), so a value
    it accepted once is accepted again, and a file repeats a few values in most columns (a kind, a
    year, yes or no); and text cannot be refused by a text field that may be blank and has no
    choices and no validators. Leaving those out made `clean_fields` a quarter as costly."""

    def __init__(self):
        self.accepted = set()  # (model, field name, type, value)

    def known(self, obj, skipped) -> tuple[list[str], dict]:
        """The fields of `obj` whose check cannot refuse their value, and {field: (attname, key)}
        of those to check whose value can be remembered."""
        model, known, pending = type(obj), [], {}
        for name, attname, free_text in _checked_fields(model):
            if name in skipped:
                continue
            value = getattr(obj, attname)
            key = (model, name, type(value), value)
            try:
                if (free_text and isinstance(value, str)) or key in self.accepted:
                    known.append(name)
                    continue
            except TypeError:  # an unhashable value: checked every time
                continue
            pending[name] = (attname, key)
        return known, pending

    def remember(self, obj, pending, refused) -> None:
        """Remember the values the checks accepted unchanged (not those they converted)."""
        for name, (attname, key) in pending.items():
            cleaned = getattr(obj, attname)
            if name not in refused and type(cleaned) is key[2] and cleaned == key[3]:
                self.accepted.add(key)


@functools.cache
def _checked_fields(model) -> list[tuple[str, str, bool]]:
    """(name, attname, free text?) of the fields of `model` whose check depends on the value alone."""
    return [(field.name, field.attname, isinstance(field, models.TextField) and field.blank and not field.choices
             and not field.validators) for field in model._meta.concrete_fields if not field.is_relation]


def versions_of(result: dict) -> dict[int, int]:
    """The versions a stored result (ImportResult.to_dict()) was planned against."""
    return {int(pk): version for pk, version in result.get("versions", {}).items()}


class StaleRows(Exception):
    """Raised inside the write when records changed after their rows were planned."""

    def __init__(self, lines: list[int]):
        super().__init__(lines)
        self.lines = lines


class BaseImporter:
    """Subclasses set `columns` and implement `plan_row()` and `apply()`."""

    columns: list[Column] = []
    progress_every = 200
    batch_size = 500
    # The row error when the record changed after the check; subclasses name their record.
    stale_row = ""

    def __init__(self, table: Table, user=None, reason: str = ""):
        self.table = table
        self.user = user  # the author, in the rows and in their history
        self.scope_user = user  # whose scope limits the rows (None: the command line, no limit)
        self.reason = reason
        self.unit_ids = scoping.visible_unit_ids(user) if user is not None else None
        self.index = self.map_columns()
        self.headers = {column.key: column.header for column in self.columns}
        self.seen = {}
        self.field_checks = FieldChecks()
        self.planned = {}  # record id -> (the version its row is planned against, the row's line)
        # The versions the user's preview was planned against (None: no preview, e.g. the command line).
        self.preview_versions: dict[int, int] | None = None

    # Columns ---------------------------------------------------------------------------
    def known_headers(self) -> dict[str, str]:
        """Folded header -> column key, for every column this import understands."""
        return {fold(column.header): column.key for column in self.columns}

    def map_columns(self) -> dict[str, int]:
        known = self.known_headers()
        index, unknown = {}, []
        for position, header in enumerate(self.table.headers):
            if not header:
                continue
            key = known.get(fold(header))
            if key is None:
                unknown.append(header)
            else:
                index[key] = position
        missing = [c.header for c in self.columns if c.required and c.key not in index]
        if missing:
            raise SpreadsheetError(
                _("Required columns are missing: %(columns)s. Download the template to see the columns.")
                % {"columns": ", ".join(missing)}
            )
        if unknown:
            raise SpreadsheetError(
                _("Columns this import does not know: %(columns)s. Rename or remove them (see the template).")
                % {"columns": ", ".join(unknown)}
            )
        return index

    def header(self, key: str) -> str:
        return self.headers[key]

    def check(self, obj, exclude=(), columns=None) -> None:
        """Refuse in the dry run what the write would fail on, naming the columns: see `check_object`.
        `columns` maps a model field to the key of the column it comes from, where they differ."""
        columns = columns or {}

        def header_of(name):
            key = columns.get(name, name)
            found = [c.header for c in self.columns if c.key == key]
            return found[0] if found else str(obj._meta.get_field(name).verbose_name)

        check_object(obj, exclude, header_of, self.field_checks)

    def cells(self, values: list) -> dict:
        return {key: values[i] if i < len(values) else None for key, i in self.index.items()}

    # Running ---------------------------------------------------------------------------
    def plan(self, progress: Progress | None = None) -> tuple[list[RowPlan], list[tuple[int, str]]]:
        self.prepare()
        plans, errors = [], []
        total = len(self.table.rows)
        for done, (line, values) in enumerate(self.table.rows, start=1):
            try:
                plans.append(self.plan_row(line, self.cells(values)))
            except CellError as exc:
                errors.append(row_error(line, exc))
            if progress and (done % self.progress_every == 0 or done == total):
                progress(done, total)
        return plans, errors

    def run(self, dry_run: bool = True, progress: Progress | None = None,
            write_progress: Progress | None = None) -> ImportResult:
        plans, errors = self.plan(progress)
        actions = Counter(plan.action for plan in plans)
        versions = {pk: version for pk, (version, _line) in self.planned.items()}
        result = ImportResult(actions[CREATE], actions[UPDATE], actions[UNCHANGED], errors, versions=versions)
        if dry_run or errors:
            return result
        changes = [plan for plan in plans if plan.action != UNCHANGED]
        try:
            with transaction.atomic():
                self.apply(changes, write_progress)
        except StaleRows as exc:
            result.errors = [row_error(line, self.stale_row) for line in exc.lines]
            return result
        result.written = True
        return result

    def prepare(self):
        """Load whatever the rows are matched against (once, before the rows)."""

    def plan_row(self, line: int, cells: dict) -> RowPlan:
        raise NotImplementedError

    def apply(self, changes: list[RowPlan], progress: Progress | None) -> None:
        raise NotImplementedError

    # Helpers for subclasses ------------------------------------------------------------
    def claim(self, key, line: int) -> None:
        """Refuse a second row for the same object (which of the two should win?)."""
        if key in self.seen:
            raise CellError(_("the same record is already on line %(line)s") % {"line": self.seen[key]})
        self.seen[key] = line

    def plan_against(self, record, line: int) -> None:
        """Plan the row on `line` against the version `record` has now; after a preview, that
        must still be the version the preview saw."""
        if self.preview_versions is not None and self.preview_versions.get(record.pk) != record.version:
            raise CellError(self.stale_row)
        self.planned[record.pk] = (record.version, line)

    def claim_versions(self, model, records) -> None:
        """Claim the versions `records` were planned against, one UPDATE per batch, and give
        them the claimed versions. Raises StaleRows (the write rolls back) naming every row
        whose record someone saved since."""
        stale = []
        for start in range(0, len(records), self.batch_size):
            batch = records[start:start + self.batch_size]
            stale += versioning.claim_many(model, {record.pk: self.planned[record.pk][0] for record in batch})
        if stale:
            raise StaleRows(sorted(self.planned[pk][1] for pk in stale))
        for record in records:
            record.version = self.planned[record.pk][0] + 1

    def save(self, obj):
        """Save one record with its change-history author and reason (the import's)."""
        obj._history_user = self.user
        obj._change_reason = self.reason
        obj.save()

    def restricted(self, queryset):
        """The rows the importing user may change (all of them on the command line)."""
        return queryset if self.scope_user is None else queryset.restrict(self.scope_user, scoping.Action.CHANGE)

    def may_use_unit(self, unit) -> bool:
        return self.unit_ids is None or unit.pk in self.unit_ids


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def row_error(line: int, reason) -> tuple[int, str]:
    return line, _("line %(line)s: %(reason)s") % {"line": line, "reason": reason}
