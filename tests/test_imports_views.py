"""The /nhap-xuat/ pages as each persona: upload, preview, confirm, progress, exports."""

import io

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from imports.models import ImportJob, ImportProgress
from models_registry import sheet
from models_registry.models import MobilizationModel
from tests.conftest import JOB_DATABASES
from tests.imports_helpers import csv_bytes, table

pytestmark = JOB_DATABASES


@pytest.fixture(autouse=True)
def inline_jobs(immediate_tasks):
    """Run import jobs in the request (a worker process would not see the test's transaction)."""


def upload(client, rows, kind="models", name="mo-hinh.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = csv_bytes(rows)
    return client.post(reverse("imports:upload", args=[kind]),
                       {f"{kind}-file": SimpleUploadedFile(name, content, "text/csv")})


def new_row(name):
    headers = sheet.headers()
    values = [""] * len(headers)
    values[1:7] = [name, "Kinh tế", "446", "Huyện Cẩm Xuyên", "", "Chính quyền"]
    return values


def test_provincial_officer_uploads_previews_and_confirms(client, provincial):
    client.force_login(provincial)
    response = upload(client, [sheet.headers(), new_row("Mô hình tải lên")])
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Nhập ngay" in page and not MobilizationModel.objects.filter(name="Mô hình tải lên").exists()
    assert client.get(reverse("imports:job_status", args=[job.pk])).json()["status"] == "checked"
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.result["created"] == 1
    model = MobilizationModel.objects.get(name="Mô hình tải lên")
    record = model.history.get()
    assert record.history_user == provincial and record.history_change_reason == f"Nhập tệp mo-hinh.csv #{job.pk}"
    # A second confirmation (double click) imports nothing more.
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    assert MobilizationModel.objects.filter(name="Mô hình tải lên").count() == 1


def test_a_bad_row_is_shown_with_its_line_and_cannot_be_confirmed(client, admin_user):
    client.force_login(admin_user)
    bad = new_row("Hỏng")
    bad[2] = "Không có"
    response = upload(client, [sheet.headers(), new_row("Tốt"), bad])
    page = client.get(response.url).content.decode()
    assert "dòng 3" in page and "Nhập ngay" not in page
    job = ImportJob.objects.get()
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    assert not MobilizationModel.objects.filter(name="Tốt").exists()


def test_wrong_file_type_is_an_error_next_to_the_field(client, provincial):
    client.force_login(provincial)
    response = upload(client, [["a"]], name="mo-hinh.pdf")
    assert response.status_code == 400
    assert ".xlsx" in response.content.decode() and not ImportJob.objects.exists()


def test_local_officer_and_anonymous_cannot_upload(client, camxuyen):
    assert upload(client, [sheet.headers()]).status_code == 302  # to the login page
    client.force_login(camxuyen)
    assert upload(client, [sheet.headers()]).status_code == 403
    page = client.get(reverse("imports:index")).content.decode()
    # Only the kinds open to every officer (periodic reports: tests/test_reports_upload.py).
    assert 'id="upload-models"' not in page and 'id="upload-reports"' in page


def test_another_users_job_is_not_found(client, provincial, thachha, admin_user):
    job = ImportJob.objects.create(kind="models", file_name="a.csv", content=b"", created_by=provincial)
    client.force_login(thachha)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404


def test_template_has_vietnamese_headers_and_an_example_row(client, demo):
    response = client.get(reverse("imports:template", args=["models", "xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Mã mô hình", "Tên mô hình", "Lĩnh vực") and len(rows) == 2
    response = client.get(reverse("imports:template", args=["counts", "csv"]))
    assert response.content.decode("utf-8-sig").splitlines()[0].endswith("Xây dựng hệ thống chính trị")


def test_exports_go_through_scoping(client, camxuyen, django_assert_num_queries):
    client.force_login(camxuyen)
    response = client.get(reverse("imports:export", args=["counts", "csv"]))
    sessions = table(response.content, "a.csv").rows
    assert [row[3] for _line, row in sessions] == ["Huyện Cẩm Xuyên"]
    client.logout()
    anonymous = client.get(reverse("imports:export", args=["counts", "csv"])).content
    assert anonymous.decode("utf-8-sig").count("\n") == 1  # the header row only
    MobilizationModel.objects.filter(name="Ống tiền tiết kiệm").update(is_published=False, review_status="draft")
    with django_assert_num_queries(1):  # the published models, with field, unit and parent unit joined
        response = client.get(reverse("imports:export", args=["models", "xlsx"]))
    names = [row[1] for row in list(load_workbook(io.BytesIO(response.content)).active.values)[1:]]
    assert len(names) == 12 and "Ống tiền tiết kiệm" not in names


def test_counts_upload_by_the_provincial_officer_updates_the_session(client, provincial):
    from surveys import importers as count_sheet
    from surveys.models import SurveySession

    headers, example = count_sheet.headers(), count_sheet.example_row()
    example[headers.index("Kinh tế")], example[headers.index("Văn hóa – xã hội")] = 1200, 1432
    client.force_login(provincial)
    response = upload(client, [headers, example], kind="counts", name="so-lieu.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED and job.result["updated"] == 1
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    assert client.get(response.url).status_code == 200
    session = SurveySession.objects.get(unit__code="446")
    assert session.reported_counts.get(field__code="kinh-te").count == 1200
    record = session.reported_counts.get(field__code="kinh-te").history.first()
    assert (record.history_user, record.history_change_reason) == (provincial, f"Nhập tệp so-lieu.csv #{job.pk}")


def test_job_pages_do_a_fixed_number_of_queries(client, provincial, django_assert_num_queries):
    job = ImportJob.objects.create(kind="models", file_name="a.csv", content=b"x", created_by=provincial,
                                   status=ImportJob.Status.CHECKED, result={"created": 3, "updated": 0,
                                                                            "unchanged": 0, "errors": []})
    client.force_login(provincial)
    # session, user, the job (its own creator: no scope needed)
    with django_assert_num_queries(3):
        assert client.get(reverse("imports:job_status", args=[job.pk])).json()["status"] == "checked"
    # the same three (the officer profile and its scope unit, for the menu, came with the user)
    # and the governing body's name today (header)
    with django_assert_num_queries(4):
        assert "Nhập ngay" in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    # session, user with officer profile and scope unit (the role), the user's recent jobs; the name
    with django_assert_num_queries(4):
        client.get(reverse("imports:index"))


def test_a_running_jobs_pages_read_its_progress_in_one_query(client, provincial, django_assert_num_queries):
    job = ImportJob.objects.create(kind="models", file_name="a.csv", content=b"x", created_by=provincial, total=10,
                                   status=ImportJob.Status.IMPORTING, started_at=timezone.now())
    ImportProgress.objects.create(job_id=job.pk, attempt=job.attempt, done=14, total=20, beat_at=timezone.now())
    client.force_login(provincial)
    # session, user, the job; and its progress row, through the progress connection
    with django_assert_num_queries(3), django_assert_num_queries(1, connection=connections["progress"]):
        state = client.get(reverse("imports:job_status", args=[job.pk])).json()
    assert state == {"status": "importing", "label": "đang nhập", "done": 14, "total": 20, "queued": False}
    with django_assert_num_queries(1, connection=connections["progress"]):
        assert "14 / 20" in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    # the progress rows of the user's running jobs among the last ten, all in one query
    with django_assert_num_queries(1, connection=connections["progress"]):
        client.get(reverse("imports:index"))


def test_an_unexpected_failure_while_writing_is_shown_and_changes_nothing(client, admin_user, monkeypatch):
    from models_registry.importers import ModelImporter

    client.force_login(admin_user)
    upload(client, [sheet.headers(), new_row("Một"), new_row("Hai")])
    job = ImportJob.objects.get()

    def broken(self, changes, progress=None):
        MobilizationModel.objects.filter(name="Ống tiền tiết kiệm").update(name="Đã đổi")
        raise RuntimeError("disk full")

    monkeypatch.setattr(ModelImporter, "apply", broken)
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and bytes(job.content) == b""
    assert "dữ liệu không bị thay đổi" in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert not MobilizationModel.objects.filter(name__in=["Một", "Hai", "Đã đổi"]).exists()
