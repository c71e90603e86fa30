"""Reading a workbook fast (issue 10) reads what openpyxl reads, and folding text fast folds it as
before: each against the slow way it replaced, on awkward input."""

import datetime
import io
import re
import unicodedata
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet import _read_only

from core import spreadsheet
from core.spreadsheet import Limits, Table, _clean, read_table
from core.text import fold


def openpyxl_table(content: bytes) -> Table:
    """The table as the reader read it before: openpyxl's read-only rows, cell by cell."""
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    sheet, limits = workbook.worksheets[0], Limits()
    width = min(sheet.max_column or limits.columns + 1, limits.columns + 1)
    sheet.reset_dimensions()
    table = None
    for count, row in enumerate(sheet.iter_rows(max_col=width)):
        values = [_clean(cell.value) for cell in row]
        if table is None:
            table = Table([str(v) if v is not None else "" for v in values[: limits.columns]])
        elif any(v is not None for v in values):
            table.rows.append((count + 1, values[: limits.columns]))
    workbook.close()
    return table


def same_table(content: bytes):
    fast, slow = read_table(content, "a.xlsx"), openpyxl_table(content)
    assert [h for h in fast.headers if h] == [h for h in slow.headers if h]
    assert [line for line, _values in fast.rows] == [line for line, _values in slow.rows]
    for (_line, values), (_same, expected) in zip(fast.rows, slow.rows, strict=True):
        width = max(len(values), len(expected))
        padded = [*values, *[None] * (width - len(values))], [*expected, *[None] * (width - len(expected))]
        assert padded[0] == padded[1]
        assert [type(v) for v in padded[0]] == [type(v) for v in padded[1]]
    return fast


def workbook_bytes(rows, write_only=False, number_formats=None) -> bytes:
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    for row in rows:
        sheet.append(row)
    if not write_only:
        for reference, number_format in (number_formats or {}).items():
            sheet[reference].number_format = number_format
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


ROWS = [
    ["Tên", "Năm", "Ngày", "Có", "Số", "Giờ", "Trống", "Tiền"],
    ["Cẩm Xuyên", 2015, datetime.datetime(2023, 6, 5), True, 3.5, datetime.time(7, 30), None, 1e21],
    ["  khoảng trắng  ", -3, datetime.date(2008, 1, 1), False, 0, datetime.timedelta(hours=5), "", 12345678901],
    [None, None, None, None, None, None, None, None],
    ["1+1 là chữ", "0012", "05/06/2023", "x", "3.372", "-", "'", 50.5],
]


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_values_of_every_kind_are_read_as_openpyxl_reads_them(write_only):
    table = same_table(workbook_bytes(ROWS, write_only, {"F2": "h:mm", "F3": "[h]:mm:ss"}))
    assert table.rows[0][1][:5] == ["Cẩm Xuyên", 2015, datetime.datetime(2023, 6, 5), True, 3.5]
    assert table.rows[1][0] == 3 and table.rows[2][0] == 5  # the blank row 4 is skipped, and counted


def sheet_xml(rows_xml: str, dimension: str = "") -> bytes:
    return (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}'
            f"<sheetData>{rows_xml}</sheetData></worksheet>").encode()


def with_sheet(xml: bytes) -> bytes:
    content = workbook_bytes([["a"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, xml if name == "xl/worksheets/sheet1.xml" else source.read(name))
    return out.getvalue()


def test_hand_written_sheets_are_read_as_openpyxl_reads_them():
    """What other programs write: rows and cells without references, rich text with phonetic guides,
    booleans, errors, a formula's cached text, ISO dates, rows out of order or given twice, a
    column given twice, cells beyond a false dimension."""
    rows = (
        '<row><c t="inlineStr"><is><t>Tên</t></is></c><c t="inlineStr"><is><t>Mã</t></is></c>'
        '<c t="inlineStr"><is><t>Ghi chú</t></is></c></row>'
        '<row><c t="inlineStr"><is><r><t>Cẩm </t></r><r><rPr><b/></rPr><t>Bình</t></r>'
        '<rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
        '<c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row>'
        '<row r="5"><c r="C5" t="str"><v>chữ</v></c><c r="A5" t="d"><v>2023-06-05T00:00:00</v></c>'
        '<c r="A5"><v>7</v></c></row>'
        '<row r="4"><c r="A4"><v>1</v></c></row>'
        '<row r="5"><c r="A5"><v>2</v></c></row>'
        '<row r="7"><c r="B7"><v>1.5E3</v></c><c r="Z7"><v>9</v></c><c r="D7" t="inlineStr"><is/></c></row>'
    )
    same_table(with_sheet(sheet_xml(rows)))
    same_table(with_sheet(sheet_xml(rows, '<dimension ref="A1:B7"/>')))


def test_the_first_row_blank_leaves_the_headers_empty():
    rows = '<row r="2"><c r="A2" t="inlineStr"><is><t>Tên</t></is></c></row>'
    with pytest.raises(spreadsheet.SpreadsheetError, match="tên các cột"):
        read_table(with_sheet(sheet_xml(rows)), "a.xlsx")


def test_a_formula_is_refused_naming_its_cell():
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
            '<row r="2"><c r="B2"><f>1+1</f><v>2</v></c></row>')
    with pytest.raises(spreadsheet.SpreadsheetError, match="B2"):
        read_table(with_sheet(sheet_xml(rows)), "a.xlsx")


def test_a_sheet_is_not_opened_to_measure_it(monkeypatch):
    """openpyxl's read-only worksheets parse a sheet that declares no size (its own write-only
    files: our exports) from end to end when they are opened: the reader opens none."""
    def opened(*args, **kwargs):
        raise AssertionError("a read-only worksheet was opened")

    monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_get_size", opened)
    content = workbook_bytes(ROWS, write_only=True)
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert read_table(content, "a.xlsx").rows[0][1][0] == "Cẩm Xuyên"


_SPACES = re.compile(r"\s+")


def fold_one_character_at_a_time(text):
    """`fold` as it was: each character of the decomposed text tested in Python."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


@given(st.text() | st.text(alphabet="aăâeêioôơuưyđĐ \u0300\u0301\u0303\u0309\u0323\u034f\u20d0\u1dc0ǅﬁ①"))
def test_fold_folds_any_text_as_before(text):
    assert fold(text) == fold_one_character_at_a_time(text)


def test_fold_examples():
    assert fold("Đồng Môn") == "dong mon" and fold("CẨM  Xuyên") == "cam xuyen" and fold(None) == ""
