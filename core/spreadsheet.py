"""Reading and writing the spreadsheets people keep: XLSX and CSV.

Everything that can be wrong with a file as a whole (format, size, encoding, merged cells,
formulas, no header, no rows, missing columns) raises `SpreadsheetError` with a Vietnamese
message before any row is looked at, so a bad file never changes anything.
"""

import csv
import datetime
import decimal
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Font
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.functions import iterparse

from core.text import fold

MAX_BYTES = 10 * 1024 * 1024
FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# OWASP: a spreadsheet program reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")
# A member that starts like an XML document (byte-order marks, whitespace, then "<"; or "<?xm" in
# EBCDIC): its prolog is read by expat before openpyxl parses it (`_refuse_doctypes`).
_XML_START = re.compile(rb"^[\x00\t\n\r \xef\xbb\xbf\xfe\xff]*<|^\x4c\x6f\xa7\x94")
CHUNK = 1 << 20
TICK_ROWS = 1000
RATIO_FROM = 1 << 20  # small members (styles, a short sheet) may compress well: no ratio check below this
# What a broken or hostile .xlsx raises from zipfile, zlib, the XML parser or openpyxl.
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, KeyError, IndexError, OSError, EOFError,
              ValueError, TypeError, ParseError)


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


def read_table(content: bytes, name: str, tick: Callable[[], None] | None = None) -> Table:
    """The table in `content` (the bytes of a file called `name`). `tick()` is called every
    TICK_ROWS rows read: the task worker's heartbeat (a 50,000-row workbook takes seconds to read)."""
    fmt = format_of(name)
    if len(content) > MAX_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(limit)s MB: split it into several files.") % {"limit": MAX_BYTES // 2**20}
        )
    if not content.strip():
        raise SpreadsheetError(_("The file is empty."))
    table = _read_xlsx(content, tick) if fmt == "xlsx" else _read_csv(content, tick)
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


def _read_csv(content: bytes, tick=None) -> Table:
    try:
        text = content.decode("utf-8-sig")  # Excel in Vietnam often saves UTF-8 with a BOM
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _("The CSV file is not in UTF-8. In Excel choose “CSV UTF-8 (Comma delimited)” when saving.")
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    csv.field_size_limit(MAX_BYTES)  # one long cell is fine: the file's size bounds it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table, limits = None, Limits(tick)
    try:
        for count, values in enumerate(reader):
            limits.check_row(count)
            values = [_clean(restored(v)) for v in values]
            if table is None:
                limits.check_header(values)
                table = Table([v or "" for v in values[: limits.columns]])
            elif any(v is not None for v in values):
                table.rows.append((reader.line_num, values[: limits.columns]))
    except csv.Error as exc:  # its reason is in English: say where instead
        raise SpreadsheetError(_("The CSV file cannot be read near line %(line)s: check the quotation marks "
                                 "there, or save the file again from Excel.") % {"line": reader.line_num}) from exc
    return table or Table([])


class Limits:
    """What one file may hold, from the settings (docs/configuration.md): a file that goes
    beyond is refused before its rows are checked, however it is compressed."""

    def __init__(self, tick: Callable[[], None] | None = None):
        self.tick = tick
        self.rows = settings.IMPORT_MAX_ROWS
        self.columns = settings.IMPORT_MAX_COLUMNS
        self.unpacked = settings.IMPORT_MAX_UNPACKED_BYTES
        self.ratio = settings.IMPORT_MAX_COMPRESSION_RATIO

    def check_row(self, count: int) -> None:
        """`count` rows were read before this one (the header included); blank rows count,
        or a sheet of a million empty rows would take minutes to walk through."""
        if self.tick and count % TICK_ROWS == 0:
            self.tick()
        if count > self.rows:
            raise SpreadsheetError(
                _("The file has more than %(limit)s rows (blank rows count too): split it into several files.")
                % {"limit": number_format(self.rows, force_grouping=True)}
            )

    def check_header(self, values) -> None:
        if any(v is not None for v in values[self.columns:]):
            raise SpreadsheetError(
                _("The file has more than %(limit)s columns: keep only the template's columns.")
                % {"limit": self.columns}
            )

    def check_archive(self, archive: zipfile.ZipFile) -> None:
        """The sizes the archive declares once unpacked (Python's zipfile never unpacks a member
        beyond its declared size: it fails on the checksum), checked before anything is unpacked."""
        total = 0
        for member in archive.infolist():
            total += member.file_size
            squeezed = member.file_size > RATIO_FROM and member.file_size > self.ratio * max(member.compress_size, 1)
            if squeezed or total > self.unpacked:
                raise SpreadsheetError(
                    _("The workbook unpacks to more than %(limit)s MB, or is compressed far more than a real "
                      "spreadsheet is: save it again from Excel, or split it into several files.")
                    % {"limit": self.unpacked // 2**20}
                )


def _read_xlsx(content: bytes, tick=None) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            Limits().check_archive(archive)
            _refuse_doctypes(archive)
        workbook = _open_workbook(content)
        _refuse_merged_cells(content, workbook.sheet_path)
        return _xlsx_table(workbook, content, tick)
    except UNREADABLE as exc:
        raise SpreadsheetError(
            _("The file is not a valid .xlsx workbook (is it an old .xls? Save it as .xlsx).")
        ) from exc


@dataclass
class _Workbook:
    sheet_path: str  # the first worksheet's member in the archive
    shared_strings: list
    date_styles: set  # the cell styles that make a number a date (or a duration: `duration_styles`)
    duration_styles: set
    epoch: datetime.datetime


def _open_workbook(content: bytes) -> _Workbook:
    """What reading the first sheet's values needs, read by openpyxl: the shared strings, which
    cell styles are dates, the date epoch, and where the sheet is. Not `load_workbook`: its
    read-only mode opens every sheet, and parses a sheet that does not declare its size (openpyxl's
    own write-only files, so our exports) from end to end just to measure it."""
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=False)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [rel.target for _sheet, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        book = reader.wb
        return _Workbook(sheets[0], reader.shared_strings, book._date_formats, book._timedelta_formats, book.epoch)
    finally:
        reader.archive.close()


class _RootReached(Exception):
    """The root element starts: the prolog is over, with no document type declaration in it."""


def _refuse_doctypes(archive: zipfile.ZipFile) -> None:
    """No member may declare a document type: Office Open XML never has one (ECMA-376 forbids
    DTDs), a hostile file uses it for entities that expand to gigabytes or read local files, and
    lxml (present for the .docx documents, and then openpyxl's parser) expands them. Each member
    that starts like XML is read by expat up to its root element, whatever its encoding (UTF-8
    or UTF-16; comments and processing instructions understood); one expat cannot read there
    (another encoding, broken XML) is refused too. Usually only the first chunk is read."""
    for member in archive.namelist():
        with archive.open(member) as part:
            chunk = part.read(CHUNK)
            if not _XML_START.match(chunk):
                continue  # not XML (an image, a printer's settings): no XML parser reads it
            parser = expat.ParserCreate()
            parser.StartDoctypeDeclHandler = _refuse_doctype
            parser.StartElementHandler = _reach_root
            try:
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = part.read(CHUNK)
                parser.Parse(b"", True)
            except _RootReached:
                continue
            except expat.ExpatError as error:
                raise ParseError(f"{member}: {error}") from error


def _refuse_doctype(*args):
    raise ParseError("document type declaration")


def _reach_root(*args):
    raise _RootReached


def _refuse_merged_cells(content: bytes, path: str):
    """The sheet's XML lists its merged ranges after its rows: this looks for them first, reading
    in chunks (a sheet may unpack to hundreds of megabytes)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(path.lstrip("/")) as xml:
        tail = b""
        while chunk := xml.read(CHUNK):
            if _MERGE.search(tail + chunk):
                raise SpreadsheetError(
                    _("The sheet has merged cells. Unmerge them (one value per cell) and upload it again.")
                )
            tail = chunk[-64:]  # a tag cut in two by the chunks


def _xlsx_table(workbook: _Workbook, content: bytes, tick=None) -> Table:
    """The sheet's rows, read from its XML as openpyxl's read-only mode reads them (numbers, dates
    by their cell style, shared and inline strings, booleans, rows out of order skipped), without
    its cell objects: those took a millisecond a row, most of the time of a large import."""
    limits = Limits(tick)
    table, width = None, limits.columns + 1
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(workbook.sheet_path.lstrip("/")) as xml:
        rows = _SheetRows(workbook)
        for _event, element in iterparse(xml):
            if element.tag == _DIMENSION:
                # The dimension the sheet declares may be false: trust its width only up to the
                # limit, and read one column more than the limit to see a header beyond it.
                width = min(_declared_width(element.get("ref")) or width, width)
            elif element.tag == _ROW:
                line = rows.line(element)
                if line is not None:
                    limits.check_row(line - 1)  # blank rows count: `line - 1` rows come before this one
                    values = rows.values(element, line, width)
                    if table is None and line > 1:
                        table = Table([""])  # the first row, blank, was to hold the headers
                    if table is None:
                        limits.check_header(values)
                        table = Table([str(v) if v is not None else "" for v in values[: limits.columns]])
                    elif any(v is not None for v in values):
                        values += [None] * (len(table.headers) - len(values))
                        table.rows.append((line, values[: limits.columns]))
                element.clear()
    return table or Table([])


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DIMENSION, _ROW, _CELL, _VALUE, _FORMULA = (f"{_MAIN}{tag}" for tag in ("dimension", "row", "c", "v", "f"))
_INLINE, _TEXT, _RUN = (f"{_MAIN}{tag}" for tag in ("is", "t", "r"))


def _declared_width(ref) -> int | None:
    return range_boundaries(ref)[2] if ref else None


class _SheetRows:
    """A sheet's <row> elements as lists of values, numbered and read as openpyxl reads them."""

    def __init__(self, workbook: _Workbook):
        self.shared_strings = workbook.shared_strings
        self.epoch = workbook.epoch
        self.date_styles = workbook.date_styles
        self.duration_styles = workbook.duration_styles
        self.counter = 0  # the row number openpyxl gives a row without one
        self.last = 0  # the last row read

    def line(self, element) -> int | None:
        """The row's line in the sheet; None for a row at or above one already read (openpyxl
        skips those)."""
        number = element.get("r")
        if number is None:
            self.counter += 1
        else:
            self.counter = int(number) if number.isdigit() else _whole(float(number))
        if self.counter <= self.last:
            return None
        self.last = self.counter
        return self.counter

    def values(self, element, line: int, width: int) -> list:
        """The values of the row's first `width` columns, up to its last cell; a formula refused."""
        cells, column = {}, 0
        for cell in element.iterfind(_CELL):
            reference = cell.get("r")
            column = coordinate_to_tuple(reference)[1] if reference else column + 1
            if column <= width:
                cells[column] = cell  # a column given twice: the last one, as openpyxl keeps
        values = [None] * max(cells, default=0)
        for column in sorted(cells):
            cell = cells[column]
            if cell.find(_FORMULA) is not None:
                raise SpreadsheetError(
                    _("Cell %(cell)s holds a formula. Copy the sheet and paste values only, then upload it again.")
                    % {"cell": cell.get("r") or f"{get_column_letter(column)}{line}"}
                )
            values[column - 1] = _clean(self.value(cell))
        return values

    def value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return self.inline_string(cell.find(_INLINE))
        text = cell.findtext(_VALUE) or None
        if text is None:
            return None
        if kind == "n":
            return self.number(text, int(cell.get("s") or 0))
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)

    @staticmethod
    def inline_string(element):
        """Its plain text and the text of its runs (not the phonetic guides), as openpyxl's `Text.content`."""
        if element is None:
            return None
        plain, runs = None, []
        for child in element:
            if child.tag == _TEXT:
                plain = child.text
            elif child.tag == _RUN:
                runs.append(child.findtext(_TEXT))
        return "".join(part for part in [plain, *runs] if part is not None)

    def number(self, text: str, style: int):
        number = float(text) if "." in text or "E" in text or "e" in text else int(text)
        if style not in self.date_styles:
            return number
        try:
            return from_excel(number, self.epoch, timedelta=style in self.duration_styles)
        except (OverflowError, ValueError):
            return "#VALUE!"  # how openpyxl reads a date out of range


def _whole(number: float) -> int:
    if not number.is_integer():
        raise ValueError(f"{number} is not a row number")
    return int(number)


# Writing. Every export and template goes through `write_table` (or, for a workbook with more
# than one sheet, through `xlsx_cell`), so that text a user typed is never a live formula in
# Excel: a model called `=HYPERLINK("http://x","y")` or `=1+1` must stay that text.

def write_table(stream, fmt: str, headers: list[str], rows, title: str = "", freeze: str = "",
                widths: dict[str, int] | None = None, *, preamble=(), number_format: str = "",
                delimiter: str = ",", bom: bool = True) -> None:
    """Write `headers` and `rows` (iterables of plain values) to a binary `stream`, text as text
    and numbers as numbers.

    XLSX only: `preamble` rows above the header (the first one, a title, in large bold type),
    `freeze` panes at a cell ("C2"), column `widths` by letter, and a `number_format` for the
    numbers of the rows ("#,##0": grouped with the reader's own thousands separator, 3.372 in a
    Vietnamese Excel). CSV only: the `delimiter`, and whether the file starts with a UTF-8
    byte-order mark (`bom`, which Excel needs to read UTF-8)."""
    if fmt == "csv":
        _write_csv(stream, headers, rows, delimiter=delimiter, bom=bom)
        return
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "Sheet1")
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(header)) + 4))
    for letter, width in (widths or {}).items():
        sheet.column_dimensions[letter].width = width
    if freeze:
        sheet.freeze_panes = freeze
    for index, values in enumerate(preamble):
        sheet.append([xlsx_cell(sheet, value, bold=index == 0, size=TITLE_SIZE if index == 0 else None)
                      for value in values])
    sheet.append([xlsx_cell(sheet, header, bold=True) for header in headers])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value, number_format=number_format) for value in row])
    workbook.save(stream)


TITLE_SIZE = 14


def spreadsheet_response(fmt: str, headers, rows, name: str, title: str = "", **options) -> HttpResponse:
    """A download of `write_table`'s file called `name`.`fmt` (no other format exists: 404)."""
    if fmt not in FORMATS:
        raise Http404
    stream = io.BytesIO()
    write_table(stream, fmt, headers, rows, title=title, **options)
    return download(stream.getvalue(), fmt, name)


def download(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(f"{name}.{fmt}")
    return response


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_NOT_SLUG = re.compile(r"[^a-z0-9.]+")


def content_disposition(file_name: str) -> str:
    """`attachment` with `file_name`: as it is when it is plain ASCII; otherwise an ASCII
    fallback ("Thống kê – Cẩm Xuyên.xlsx" -> "thong-ke-cam-xuyen.xlsx") for old clients and the
    name itself as RFC 5987 `filename*` (UTF-8, percent-encoded), which browsers prefer."""
    file_name = _UNSAFE_IN_NAME.sub("-", file_name)
    if file_name.isascii():
        return f'attachment; filename="{file_name}"'
    fallback = _NOT_SLUG.sub("-", fold(file_name)).strip("-.") or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def is_number(value) -> bool:
    return isinstance(value, int | float | decimal.Decimal)  # bool is an int, and a number to Excel too


def xlsx_cell(sheet, value, bold=False, number_format="", size=None):
    """A cell for `sheet` (write-only or not): text as a string cell, never a formula (openpyxl
    makes one of any text starting with "="), and with Excel's quote prefix where it starts like
    one, so that editing the cell in Excel keeps it text. Characters XML cannot hold are dropped.
    `number_format` applies to a number only (never to text, dates or booleans)."""
    if value is not None and not is_number(value) and not isinstance(value, datetime.date):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif number_format and is_number(value) and not isinstance(value, bool):
        cell.number_format = number_format
    if bold or size:
        cell.font = Font(bold=bold, size=size)
    return cell


def _write_csv(stream, headers, rows, delimiter=",", bom=True) -> None:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if bom else "utf-8", newline="")
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow([_csv_value(v) for v in headers])
    writer.writerows([_csv_value(v) for v in row] for row in rows)
    text.flush()
    text.detach()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if is_number(value):
        return value  # -1 stays a number, not text
    return neutralised(str(value))


def neutralised(text: str) -> str:
    """`text` as a CSV cell no spreadsheet program evaluates (OWASP, "CSV injection"): a quote
    before a formula's first character; also before text that already starts with quotes and
    then such a character, so that `restored` takes off exactly the quote added here."""
    return QUOTE + text if text.lstrip(QUOTE).startswith(FORMULA_STARTS) else text


def restored(text: str) -> str:
    """The text `neutralised` was given (CSV cells, on import)."""
    return text[1:] if text.startswith(QUOTE) and text.lstrip(QUOTE).startswith(FORMULA_STARTS) else text
