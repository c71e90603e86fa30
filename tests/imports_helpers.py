"""Building spreadsheets in memory for the import tests."""

import csv
import io

from openpyxl import Workbook

from core.spreadsheet import read_table, write_table


def xlsx_bytes(rows, merge=None, formula_at=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula_at:
        sheet[formula_at] = "=1+1"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def csv_bytes(rows, bom=True, delimiter=",") -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode("utf-8-sig" if bom else "utf-8")


def exported(fmt, headers, rows) -> bytes:
    stream = io.BytesIO()
    write_table(stream, fmt, headers, rows)
    return stream.getvalue()


def table(content: bytes, name="tep.xlsx"):
    return read_table(content, name)
