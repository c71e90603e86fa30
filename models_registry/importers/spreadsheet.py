"""Reading and writing the spreadsheets people keep: XLSX and CSV.

Everything that can be wrong with a file as a whole (format, size, encoding, merged cells,
formulas, no header, no rows, missing columns) raises `SpreadsheetError` with a Vietnamese
message before any row is looked at, so a bad file never changes anything.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from danvan.text import fold

MAX_BYTES = 10 * 1024 * 1024
FORMATS = ("xlsx", "csv")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    """The header row and the non-empty data rows, each with its line number in the file."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)

    def column_index(self) -> dict[str, int]:
        return {fold(name): i for i, name in enumerate(self.headers) if name}


def format_of(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise SpreadsheetError(
            _("“%(name)s” is not a spreadsheet this site reads: use an .xlsx or a .csv file.") % {"name": name}
        )
    return suffix


def read_table(content: bytes, name: str) -> Table:
    """The table in `content` (the bytes of a file called `name`)."""
    fmt = format_of(name)
    if len(content) > MAX_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(limit)s MB: split it into several files.") % {"limit": MAX_BYTES // 2**20}
        )
    if not content.strip():
        raise SpreadsheetError(_("The file is empty."))
    table = _read_xlsx(content) if fmt == "xlsx" else _read_csv(content)
    if not any(table.headers):
        raise SpreadsheetError(_("The first row must hold the column headers, and it is empty."))
    if not table.rows:
        raise SpreadsheetError(_("The file has headers but no data rows."))
    return table


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")  # Excel in Vietnam often saves UTF-8 with a BOM
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _("The CSV file is not in UTF-8. In Excel choose “CSV UTF-8 (Comma delimited)” when saving.")
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = None
    for values in reader:
        values = [_clean(v) for v in values]
        if table is None:
            table = Table([v or "" for v in values])
        elif any(v is not None for v in values):
            table.rows.append((reader.line_num, values))
    return table or Table([])


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError(
            _("The file is not a valid .xlsx workbook (is it an old .xls? Save it as .xlsx).")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        _refuse_merged_cells(content, sheet)
        return _xlsx_table(sheet)
    finally:
        workbook.close()


def _refuse_merged_cells(content: bytes, sheet):
    # Read-only worksheets do not expose merged ranges; the sheet's XML lists them.
    path = getattr(sheet, "_worksheet_path", None)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = [path.lstrip("/")] if path else [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        for member in names:
            with archive.open(member) as xml:
                if _MERGE.search(xml.read()):
                    raise SpreadsheetError(
                        _("The sheet has merged cells. Unmerge them (one value per cell) and upload it again.")
                    )


def _xlsx_table(sheet) -> Table:
    table = None
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                raise SpreadsheetError(
                    _("Cell %(cell)s holds a formula. Copy the sheet and paste values only, then upload it again.")
                    % {"cell": cell.coordinate}
                )
            values.append(_clean(cell.value))
        if table is None:
            table = Table([str(v) if v is not None else "" for v in values])
        elif any(v is not None for v in values):
            line = row[0].row if row and hasattr(row[0], "row") else len(table.rows) + 2
            table.rows.append((line, values))
    return table or Table([])


def write_table(stream, fmt: str, headers: list[str], rows, title: str = "") -> None:
    """Write `headers` and `rows` (iterables of plain values) to a binary `stream`."""
    if fmt == "csv":
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows([_csv_value(v) for v in row] for row in rows)
        text.flush()
        text.detach()
        return
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "Sheet1")
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 4))
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    workbook.save(stream)


def _csv_value(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else value
