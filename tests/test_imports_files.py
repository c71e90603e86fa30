"""Every way a whole file can be bad: a clear Vietnamese error, and nothing changes."""

import io

import pytest
from django.core.management import CommandError, call_command

from core.spreadsheet import MAX_BYTES, SpreadsheetError, read_table
from models_registry import sheet
from models_registry.models import MobilizationModel
from tests.imports_helpers import csv_bytes, xlsx_bytes

HEADERS = sheet.headers()
ROW = ["", "Mô hình mới", "Kinh tế", "446", "Huyện Cẩm Xuyên", "", "Chính quyền"] + [""] * (len(HEADERS) - 7)


def refused(content, name):
    with pytest.raises(SpreadsheetError) as error:
        read_table(content, name)
    return str(error.value)


def test_wrong_format_is_refused():
    assert "xlsx" in refused(b"abc", "danh-sach.xls")
    assert "xlsx" in refused(b"PK not a zip", "danh-sach.xlsx")


def test_empty_file_and_file_without_rows_are_refused():
    assert "trống" in refused(b"", "tep.csv")
    assert "không có dòng dữ liệu" in refused(csv_bytes([HEADERS]), "tep.csv")
    assert "không có dòng dữ liệu" in refused(xlsx_bytes([HEADERS]), "tep.xlsx")


def test_file_over_ten_megabytes_is_refused():
    assert "10 MB" in refused(b"x" * (MAX_BYTES + 1), "tep.csv")


def test_merged_cells_are_refused():
    assert "gộp" in refused(xlsx_bytes([HEADERS, ROW, ROW], merge="B2:B3"), "tep.xlsx")


def test_formulas_are_refused_naming_the_cell():
    assert "C2" in refused(xlsx_bytes([HEADERS, ROW], formula_at="C2"), "tep.xlsx")


def test_csv_not_in_utf8_is_refused():
    assert "UTF-8" in refused(",".join(HEADERS).encode() + "\nCam Xuy\xean".encode("cp1252"), "tep.csv")


def test_csv_with_and_without_bom_and_semicolons_read_alike():
    with_bom = read_table(csv_bytes([HEADERS, ROW], bom=True), "a.csv")
    plain = read_table(csv_bytes([HEADERS, ROW], bom=False, delimiter=";"), "b.csv")
    assert with_bom.headers == plain.headers == HEADERS
    assert with_bom.rows[0][1][1] == "Mô hình mới"


@pytest.mark.django_db
def test_command_refuses_missing_and_unknown_columns_and_changes_nothing(demo, tmp_path):
    before = MobilizationModel.objects.count()
    missing = tmp_path / "thieu-cot.csv"
    missing.write_bytes(csv_bytes([HEADERS[2:], ROW[2:]]))
    with pytest.raises(CommandError, match="Tên mô hình"):
        call_command("import_models", str(missing))
    unknown = tmp_path / "cot-la.csv"
    unknown.write_bytes(csv_bytes([[*HEADERS, "Ghi chú"], [*ROW, "x"]]))
    with pytest.raises(CommandError, match="Ghi chú"):
        call_command("import_models", str(unknown))
    assert MobilizationModel.objects.count() == before


@pytest.mark.django_db
def test_a_date_in_a_text_column_is_an_error_for_that_row(demo, tmp_path):
    import datetime

    row = list(ROW)
    row[7] = datetime.datetime(2023, 6, 5)  # Excel turned "5/6" into a date in "Tên chủ thể"
    path = tmp_path / "ngay.xlsx"
    path.write_bytes(xlsx_bytes([HEADERS, row]))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_models", str(path), stderr=errors)
    assert "dòng 2" in errors.getvalue() and "ngày" in errors.getvalue()
    assert not MobilizationModel.objects.filter(name="Mô hình mới").exists()
