"""A file that passes the preview imports (issue 9, item 13): every nasty cell value is either
refused in the dry run with a Vietnamese row error naming its column, or written exactly as the
dry run planned it — on SQLite and on PostgreSQL (which refuses NUL characters, over-long text
and integers beyond its column types, where SQLite stores them)."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models_registry import sheet as model_sheet
from models_registry.importers import ModelImporter
from models_registry.models import MobilizationModel
from models_registry.sheet import MODEL_FIELDS
from surveys import importers as count_sheet
from surveys.importers import CountImporter
from surveys.models import SurveySession
from tests.imports_helpers import csv_bytes, table, xlsx_bytes

MODEL_HEADERS = model_sheet.headers()
REFUSED, IMPORTED, EITHER = "refused", "imported", "either"


def model_row(**cells):
    values = dict.fromkeys(MODEL_HEADERS, "")
    values.update({"Tên mô hình": "Mô hình thử", "Lĩnh vực": "Kinh tế", "Mã đơn vị": "446",
                   "Đơn vị": "Huyện Cẩm Xuyên", "Loại chủ thể thực hiện": "Chính quyền"})
    values.update(cells)
    return list(values.values())


def count_rows(**cells):
    headers = count_sheet.headers()
    values = dict.fromkeys(headers, "")
    values.update({"Ngày": "05/06/2023", "Mã đơn vị": "445", "Đơn vị": "Huyện Thạch Hà", "Tiêu đề": "Khảo sát",
                   "Đoàn công tác": "Đoàn công tác", "Trưởng đoàn": "Nguyễn Văn A", "Giai đoạn từ năm": "2008",
                   "Giai đoạn đến năm": "2023", "Kinh tế": "4"})
    values.update(cells)
    return [headers, list(values.values())]


def same_as_planned(payload):
    """The row the database holds now is the object the dry run planned."""
    if isinstance(payload, MobilizationModel):
        stored = MobilizationModel.objects.get(pk=payload.pk)
        return all(getattr(stored, key) == getattr(payload, key) for key in [*MODEL_FIELDS, "unit_id"])
    session, counts = payload
    stored = SurveySession.objects.get(pk=session.pk)
    keys = ["date", "unit_id", "title", "delegation", "head_name", "period_start", "period_end", "reported_total"]
    stored_counts = {c.field_id: c.count for c in stored.reported_counts.all()}
    return (all(getattr(stored, key) == getattr(session, key) for key in keys)
            and all(stored_counts[field.pk] == number for field, number in counts.items()))


def preview_then_import(importer_class, content, name):
    """REFUSED with the row errors, or IMPORTED after checking each row against its plan."""
    plans, errors = importer_class(table(content, name)).plan()
    if errors:
        assert all(message.startswith(f"dòng {line}: ") for line, message in errors), errors
        return REFUSED, " ".join(message for _line, message in errors)
    result = importer_class(table(content, name)).run(dry_run=False)  # must not fail
    assert result.written and not result.errors
    for plan in plans:
        payload = plan.payload
        if isinstance(payload, MobilizationModel) and payload.pk is None:
            payload.pk = MobilizationModel.objects.get(name=payload.name, unit=payload.unit).pk
        if isinstance(payload, tuple) and payload[0].pk is None:
            payload[0].pk = SurveySession.objects.get(date=payload[0].date, unit=payload[0].unit).pk
        assert same_as_planned(payload)
    return IMPORTED, ""


MODEL_CASES = [
    # column, value, expected outcome, a word of the message (or the stored value)
    ("Tên mô hình", "Mô hình\x00ẩn", REFUSED, "NUL"),
    ("Tên mô hình", "x" * 301, REFUSED, "cột “Tên mô hình”"),
    ("Tên mô hình", "ẩ" * 300, IMPORTED, None),
    ("Tên mô hình", "🙂" * 300, IMPORTED, None),
    ("Tên mô hình", "   ", REFUSED, "trống"),
    ("Chủ thể thực hiện", "y" * 201, REFUSED, "cột “Chủ thể thực hiện”"),
    ("Thực trạng, lý do xây dựng", "a\x00b", REFUSED, "NUL"),
    ("Thực trạng, lý do xây dựng", "dài " * 25_000, IMPORTED, None),
    ("Lĩnh vực", "Kinh tế\x00", REFUSED, "NUL"),
    ("Cấp công nhận", "cap tinh", IMPORTED, "province"),
    ("Cấp công nhận", "Cấp\x00tỉnh", REFUSED, "cột “Cấp công nhận”"),
    ("Điển hình", "có", IMPORTED, True),
    ("Điển hình", "có lẽ", REFUSED, "Điển hình"),
    ("Năm bắt đầu", "²⁰¹⁵", REFUSED, "cột “Năm bắt đầu”"),
    ("Năm bắt đầu", "２０１５", REFUSED, "cột “Năm bắt đầu”"),
    ("Năm bắt đầu", "١٢٣٤", REFUSED, "cột “Năm bắt đầu”"),
    ("Năm bắt đầu", "20.15", REFUSED, "cột “Năm bắt đầu”"),
    ("Năm bắt đầu", "2015.0", REFUSED, "cột “Năm bắt đầu”"),
    ("Năm bắt đầu", "1e3", REFUSED, "cột “Năm bắt đầu”"),
    ("Năm bắt đầu", "+2015", REFUSED, "cột “Năm bắt đầu”"),
    ("Năm bắt đầu", "-2015", REFUSED, "từ 1945 đến 2100"),
    ("Năm bắt đầu", "32768", REFUSED, "từ 1945 đến 2100"),
    ("Năm bắt đầu", "99999999999999999999", REFUSED, "từ 1945 đến 2100"),
    ("Năm bắt đầu", "2.015", IMPORTED, 2015),
    ("Năm bắt đầu", " 2 015\n", IMPORTED, 2015),
    ("Mã đơn vị", "４４６", REFUSED, "４４６"),
]


@pytest.mark.parametrize(("column", "value", "outcome", "detail"), MODEL_CASES)
def test_nasty_model_cells_in_csv(demo, column, value, outcome, detail):
    result, message = preview_then_import(ModelImporter, csv_bytes([MODEL_HEADERS, model_row(**{column: value})]),
                                          "a.csv")
    assert result == outcome, message
    if outcome == REFUSED:
        assert detail in message
        assert "year_started" not in message and "name:" not in message  # columns by their Vietnamese headers
    elif detail is not None:
        key = model_sheet.MODEL_COLUMNS[MODEL_HEADERS.index(column)][0]
        assert getattr(MobilizationModel.objects.get(name="Mô hình thử"), key) == detail


XLSX_CASES = [
    ("Năm bắt đầu", 1e20, REFUSED),
    ("Năm bắt đầu", 2015.0, IMPORTED),
    ("Năm bắt đầu", 2015.5, REFUSED),
    ("Năm bắt đầu", True, REFUSED),
    ("Năm bắt đầu", datetime.datetime(2015, 1, 1), REFUSED),
    ("Năm bắt đầu", -1, REFUSED),
    ("Tên mô hình", 12345, IMPORTED),
    ("Tên mô hình", 1.5, IMPORTED),
    ("Tên mô hình", datetime.datetime(2023, 6, 5), REFUSED),
]


@pytest.mark.parametrize(("column", "value", "outcome"), XLSX_CASES)
def test_nasty_model_cells_in_xlsx(demo, column, value, outcome):
    result, message = preview_then_import(ModelImporter, xlsx_bytes([MODEL_HEADERS, model_row(**{column: value})]),
                                          "a.xlsx")
    assert result == outcome, message


COUNT_CASES = [
    ({"Giai đoạn từ năm": "²⁰⁰⁸"}, REFUSED, "cột “Giai đoạn từ năm”"),
    ({"Kinh tế": "²"}, REFUSED, "cột “Kinh tế”"),
    ({"Kinh tế": "3.372"}, IMPORTED, None),
    ({"Kinh tế": "-1"}, REFUSED, "cột “Kinh tế”"),
    ({"Kinh tế": "99999999999999999999"}, REFUSED, "cột “Kinh tế”"),
    # Beyond PostgreSQL's integer, within SQLite's: refused or stored, the same in the preview and the write.
    ({"Kinh tế": "2147483648"}, EITHER, None),
    ({"Kinh tế": "", "Tổng số báo cáo": "9223372036854775808"}, REFUSED, "cột “Tổng số báo cáo”"),
    ({"Tiêu đề": "Khảo sát\x00"}, REFUSED, "NUL"),
    ({"Tiêu đề": "t" * 301}, REFUSED, "cột “Tiêu đề”"),
    ({"Trưởng đoàn": "t" * 151}, REFUSED, "cột “Trưởng đoàn”"),
    ({"Ngày": "０５/06/2023"}, REFUSED, "cột “Ngày”"),
    ({"Ngày": "31/02/2023"}, REFUSED, "cột “Ngày”"),
]


@pytest.mark.parametrize(("cells", "outcome", "detail"), COUNT_CASES)
def test_nasty_count_cells_in_csv(demo, cells, outcome, detail):
    result, message = preview_then_import(CountImporter, csv_bytes(count_rows(**cells)), "a.csv")
    if outcome != EITHER:
        assert result == outcome, message
    if result == REFUSED and detail:
        assert detail in message


CELL_TEXT = st.text(st.characters(codec="utf-8"), max_size=310)
NUMBERISH = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(st.sampled_from("0123456789.,-+ e²⁰١٢٣４５\u00a0"), max_size=12),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=CELL_TEXT, host=CELL_TEXT, year=NUMBERISH, count=NUMBERISH)
def test_whatever_the_cells_the_preview_is_the_write(demo, name, host, year, count):
    models = csv_bytes([MODEL_HEADERS, model_row(**{"Tên mô hình": name, "Chủ thể thực hiện": host,
                                                    "Năm bắt đầu": year})])
    counts = csv_bytes(count_rows(**{"Trưởng đoàn": host[:150], "Kinh tế": count}))
    with transaction.atomic():
        preview_then_import(ModelImporter, models, "a.csv")
        preview_then_import(CountImporter, counts, "b.csv")
        transaction.set_rollback(True)
