"""Importing survey sessions' reported counts (one row per session, a column per field)."""

import io

import pytest
from django.core.management import CommandError, call_command

from surveys import importers as sheet
from surveys.importers import CountImporter
from surveys.models import ReportedCount, SurveySession
from tests.imports_helpers import table, xlsx_bytes


def snapshot():
    return (sorted(ReportedCount.objects.values_list("session_id", "field_id", "count")),
            sorted(SurveySession.objects.values_list("pk", "date", "unit_id", "title", "reported_total", "version")))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(demo, tmp_path, fmt):
    path = tmp_path / f"so-lieu.{fmt}"
    call_command("export_counts", str(path), stderr=io.StringIO())
    before, entries = snapshot(), ReportedCount.history.count() + SurveySession.history.count()
    call_command("import_counts", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert snapshot() == before
    assert ReportedCount.history.count() + SurveySession.history.count() == entries


def test_template_row_updates_cam_xuyen_and_a_new_row_creates_a_session(demo, admin_user):
    headers = sheet.headers()
    example = sheet.example_row()
    example[headers.index("Kinh tế")] = 1200
    example[headers.index("Văn hóa – xã hội")] = 1432  # total 3.372 still adds up
    new = ["", "05/06/2023", "445", "Huyện Thạch Hà", "", "Khảo sát Thạch Hà", "Đoàn công tác", "Nguyễn Văn A",
           2008, 2023, 10, 4, 3, 2, 1]
    result = CountImporter(table(xlsx_bytes([headers, example, new])), user=admin_user, reason="r").run(False)
    assert (result.created, result.updated, result.unchanged, result.errors) == (1, 1, 0, [])
    cam_xuyen = SurveySession.objects.get(unit__code="446")
    assert cam_xuyen.counts_total() == 3372
    assert cam_xuyen.reported_counts.get(field__code="kinh-te").count == 1200
    assert SurveySession.objects.get(unit__code="445").counts_total() == 10


def test_counts_that_do_not_add_up_to_the_total_are_refused(demo, tmp_path):
    headers, example = sheet.headers(), sheet.example_row()
    example[headers.index("Kinh tế")] = 1
    path = tmp_path / "sai-tong.xlsx"
    path.write_bytes(xlsx_bytes([headers, example]))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_counts", str(path), stderr=errors)
    assert "dòng 2" in errors.getvalue() and "3.372" in errors.getvalue()  # the one message, numbers grouped
    assert SurveySession.objects.get(unit__code="446").reported_counts.get(field__code="kinh-te").count == 1205


def test_bad_cells_name_their_line_and_column(demo):
    headers = sheet.headers()
    bad_date, bad_count, gone_unit = sheet.example_row(), sheet.example_row(), sheet.example_row()
    bad_date[1] = "2023-06-05"
    bad_count[headers.index("Kinh tế")] = "nhiều"
    gone_unit[1] = "05/06/2026"  # Huyện Cẩm Xuyên was abolished on 1/7/2025
    result = CountImporter(table(xlsx_bytes([headers, bad_date, bad_count, gone_unit]))).run()
    messages = dict(result.errors)
    assert set(messages) == {2, 3, 4}
    assert "dd/mm/yyyy" in messages[2]
    assert "Kinh tế" in messages[3]
    assert "không còn tồn tại" in messages[4] or "không tồn tại" in messages[4]


def test_camxuyen_officer_cannot_import_counts(demo, camxuyen):
    # Local officers do not change sessions (scoping.restrict_sessions): the session is not found for them.
    headers = sheet.headers()
    example = sheet.example_row()
    result = CountImporter(table(xlsx_bytes([headers, [1, *example[1:]]])), user=camxuyen).run()
    assert "mã 1" in result.errors[0][1]
