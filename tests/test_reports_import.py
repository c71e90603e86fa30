"""Importing periodic reports' figures (one row per unit × period × field) through /nhap-xuat/: the
template, the dry run, each refusal next to its line, all rows or none, and the export taken back."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportJob
from reports import importers as sheet
from reports.importers import ReportImporter
from reports.models import PeriodicReport, ReportLine, ReportStatus
from tests.conftest import JOB_DATABASES
from tests.imports_helpers import csv_bytes, table, xlsx_bytes
from tests.reports_data import period_around_today
from units.models import AdministrativeUnit

pytestmark = JOB_DATABASES


@pytest.fixture(autouse=True)
def inline_jobs(immediate_tasks):
    """Run import jobs in the request (a worker process would not see the test's transaction)."""


@pytest.fixture
def period(demo):
    return period_around_today()


def row(period, field="Kinh tế", code="18685", name="Xã Cẩm Bình", **counts):
    values = {"in_operation": 10, "newly_registered": 2, "recognised_commune": 3, "recognised_district": 0,
              "recognised_province": 1, "recognised_central": 0, "exemplary_collectives": 1,
              "exemplary_individuals": 2, **counts}
    return [str(period), code, name, "", field, *values.values()]


def run(rows, user, dry_run=False):
    return ReportImporter(table(xlsx_bytes([sheet.headers()[:13], *rows])), user=user, reason="tệp").run(dry_run)


def lines():
    return sorted(ReportLine.objects.values_list("report__unit__code", "field__name", "in_operation",
                                                 "recognised_province"))


def test_the_template_has_vietnamese_headers_and_an_example_row(client, xacambinh, period):
    client.force_login(xacambinh)
    response = client.get(reverse("imports:template", args=["reports", "xlsx"]))
    sheet_rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert sheet_rows[0][:5] == ("Kỳ báo cáo", "Mã đơn vị", "Đơn vị", "Đơn vị cấp trên", "Lĩnh vực")
    assert "Số mô hình đang hoạt động tại thời điểm chốt số liệu" in sheet_rows[0] or len(sheet_rows[0]) == 16
    assert sheet_rows[1][1:3] == ("18685", "Xã Cẩm Bình")


def test_a_commune_officer_imports_its_figures_as_a_draft_with_history(xacambinh, period):
    dry = run([row(period), row(period, field="Văn hóa – xã hội", in_operation=4, recognised_commune=4,
                                recognised_province=0)], xacambinh, dry_run=True)
    assert (dry.created, dry.errors, lines()) == (2, [], [])
    result = run([row(period), row(period, field="Văn hóa – xã hội", in_operation=4, recognised_commune=4,
                                   recognised_province=0)], xacambinh)
    assert (result.created, result.updated, result.errors, result.written) == (2, 0, [], True)
    report = PeriodicReport.objects.get(period=period)
    assert (report.unit.code, report.status, report.created_by, report.submitted_at) == (
        "18685", ReportStatus.DRAFT, xacambinh, None)
    assert lines() == [("18685", "Kinh tế", 10, 1), ("18685", "Văn hóa – xã hội", 4, 0)]
    entry = ReportLine.objects.get(field__name="Kinh tế").history.get()
    assert (entry.history_user, entry.history_change_reason) == (xacambinh, "tệp")
    # Again, one figure changed: one line updated, one unchanged, the report's version claimed once.
    again = run([row(period, in_operation=12), row(period, field="Văn hóa – xã hội", in_operation=4,
                                                   recognised_commune=4, recognised_province=0)], xacambinh)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 1, 1, [])
    report.refresh_from_db()
    assert report.version == 2 and lines()[0] == ("18685", "Kinh tế", 12, 1)


def test_every_bad_row_is_refused_on_its_line_and_nothing_is_written(xacambinh, period, demo):
    other_period = period_around_today(days_to_deadline=-30, grace=2, year=2098)  # entry closed
    district_period = period_around_today(level="district", year=2097)
    rows = [
        row(period),  # good, but the file is refused as a whole
        row(period, in_operation=-1),
        row(period, field="Quốc phòng – an ninh", in_operation="nhiều"),
        row(period, field="Xây dựng hệ thống chính trị", in_operation=2, recognised_commune=3),
        row(period, code="18673", name="Xã Cẩm Xuyên"),  # another commune: outside the officer's scope
        row(other_period),
        row(district_period),  # communes do not report for it
        ["Năm 1900", "18685", "Xã Cẩm Bình", "", "Kinh tế", 1, 0, 0, 0, 0, 0, 0, 0],
        row(period),  # the same unit, period and field twice
        row(period, field="Lĩnh vực không có"),
    ]
    result = run(rows, xacambinh)
    errors = dict(result.errors)
    assert sorted(errors) == list(range(3, 12)), errors
    assert "Số mô hình" in errors[3] or "0" in errors[3]
    assert "“" in errors[4]
    assert "không thể nhiều hơn" in errors[5]
    assert "ngoài" in errors[6]
    assert "đã đóng" in errors[7] or "quá hạn" in errors[7]
    assert "không báo cáo" in errors[8]
    assert "Năm 1900" in errors[9]
    assert "dòng 2" in errors[10]
    assert "Lĩnh vực không có" in errors[11]
    assert not result.written and lines() == [] and not PeriodicReport.objects.exists()


def test_a_submitted_report_cannot_be_changed_by_import(xacambinh, period):
    run([row(period)], xacambinh)
    PeriodicReport.objects.update(status=ReportStatus.SUBMITTED, submitted_at="2026-01-01T00:00Z")
    result = run([row(period, in_operation=20)], xacambinh)
    assert "chờ duyệt" in result.errors[0][1] and lines() == [("18685", "Kinh tế", 10, 1)]


@pytest.mark.parametrize("persona", ["camxuyen", "provincial", "admin_user"])
def test_officers_import_the_units_in_their_scope(request, persona, period):
    # The 2025 xã Cẩm Bình is in the scope of the old Cẩm Xuyên (what it became), of the province and the admin.
    result = run([row(period)], request.getfixturevalue(persona))
    assert result.errors == [] and lines() == [("18685", "Kinh tế", 10, 1)]


def test_thachha_officer_is_refused_another_districts_commune(thachha, period):
    result = run([row(period)], thachha)
    assert "ngoài" in result.errors[0][1] and lines() == []


def test_export_then_import_changes_nothing(client, admin_user, period):
    run([row(period), row(period, code="18673", name="Xã Cẩm Xuyên", in_operation=7)], admin_user)
    client.force_login(admin_user)
    content = client.get(reverse("imports:export", args=["reports", "xlsx"])).content
    before, entries = lines(), ReportLine.history.count()
    result = ReportImporter(table(content), user=admin_user).run(False)
    assert (result.unchanged, result.errors) == (2, [])
    assert lines() == before and ReportLine.history.count() == entries


def test_the_export_holds_the_reports_in_scope_only(client, thachha, xacambinh, period):
    run([row(period)], xacambinh)
    client.force_login(thachha)
    content = client.get(reverse("imports:export", args=["reports", "csv"])).content.decode("utf-8-sig")
    assert "Kỳ báo cáo" in content and "18685" not in content
    client.force_login(xacambinh)
    assert "18685" in client.get(reverse("imports:export", args=["reports", "csv"])).content.decode("utf-8-sig")
    client.logout()
    assert "18685" not in client.get(reverse("imports:export", args=["reports", "csv"])).content.decode("utf-8-sig")


def test_upload_previews_errors_on_their_lines_then_confirms(client, provincial, period):
    # Every officer uploads reports (their own units': tests/test_reports_upload.py); the public does not.
    assert client.post(reverse("imports:upload", args=["reports"])).status_code == 302  # to log in
    client.force_login(provincial)

    def upload(rows):
        content = csv_bytes([sheet.headers()[:13], *rows])
        return client.post(reverse("imports:upload", args=["reports"]),
                           {"reports-file": SimpleUploadedFile("bao-cao.csv", content, "text/csv")})

    page = client.get(upload([row(period), row(period, in_operation=-3)]).url).content.decode()
    assert "dòng 3" in page and "Nhập ngay" not in page
    response = upload([row(period)])
    assert "Nhập ngay" in client.get(response.url).content.decode() and lines() == []
    job = ImportJob.objects.filter(kind="reports").latest("pk")
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and lines() == [("18685", "Kinh tế", 10, 1)]
    assert AdministrativeUnit.objects.get(pk=PeriodicReport.objects.get().unit_id).code == "18685"


def test_a_report_saved_after_the_preview_refuses_the_file(xacambinh, period):
    run([row(period)], xacambinh)
    preview = run([row(period, in_operation=15)], xacambinh, dry_run=True)
    assert (preview.updated, preview.errors) == (1, [])
    PeriodicReport.objects.update(version=2)  # someone saved the report on its page meanwhile
    importer = ReportImporter(table(xlsx_bytes([sheet.headers()[:13], row(period, in_operation=15)])),
                              user=xacambinh)
    importer.preview_versions = preview.versions
    result = importer.run(False)
    assert "người khác sửa" in result.errors[0][1] and lines() == [("18685", "Kinh tế", 10, 1)]
