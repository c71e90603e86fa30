"""Long file names and long strings from the user never overflow a bounded column (issue 9,
item 9). SQLite stores an over-long string; PostgreSQL refuses it and the whole import with
it, so these tests matter most on PostgreSQL, and the length assertions catch it on both."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.history import REASON_LENGTH, reason_naming_file
from core.text import shorten_middle
from imports.models import ImportJob
from models_registry import sheet
from models_registry.models import MobilizationModel
from tests.conftest import JOB_DATABASES
from tests.imports_helpers import csv_bytes
from units.models import AdministrativeUnit, UnitSuccession

# A file name of 200 characters (with Vietnamese letters, under the 255 bytes a Linux name allows).
LONG_NAME = ("Danh sách mô hình Dân vận khéo " + "x" * 200)[:195] + ".csv"


def deep_path(tmp_path, name=LONG_NAME):
    """A path of more than 300 characters ending in `name`."""
    folder = tmp_path / ("thu-muc-rat-sau-" + "a" * 100) / ("bao-cao-" + "b" * 100)
    folder.mkdir(parents=True)
    path = folder / name
    assert len(str(path)) > 300 and len(name) == 199
    return path


def model_row(name):
    values = [""] * len(sheet.headers())
    values[1:7] = [name, "Kinh tế", "446", "Huyện Cẩm Xuyên", "", "Chính quyền"]
    return values


def assert_fits(reason):
    assert reason is not None and len(reason) <= REASON_LENGTH
    assert "…" in reason and "thu-muc" not in reason  # the base name, cut in the middle


def test_reason_keeps_the_start_and_the_extension_of_a_long_name():
    reason = reason_naming_file("Nhập tệp %(name)s #%(id)s", "/a/b/" + LONG_NAME, id=123456)
    assert len(reason) == REASON_LENGTH
    assert reason.startswith("Nhập tệp Danh sách mô hình") and reason.endswith("xxx.csv #123456")
    assert reason_naming_file("Nhập tệp %(name)s", r"C:\Users\can bo\mo-hinh.csv") == "Nhập tệp mo-hinh.csv"
    assert shorten_middle("abcdef", 5) == "ab…ef" and shorten_middle("abc", 5) == "abc"


def test_import_models_from_a_300_character_path(demo, tmp_path):
    path = deep_path(tmp_path)
    path.write_bytes(csv_bytes([sheet.headers(), model_row("Mô hình tệp tên dài")]))
    call_command("import_models", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    record = MobilizationModel.objects.get(name="Mô hình tệp tên dài").history.get()
    assert_fits(record.history_change_reason)
    assert record.history_change_reason.endswith("xx.csv (dòng lệnh)")


NSO_HEADER = "Tỉnh / Thành phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n"


@pytest.mark.django_db
def test_import_units_and_successions_from_300_character_paths(tmp_path):
    before = deep_path(tmp_path)
    before.write_text(NSO_HEADER + "Tỉnh Thử,99,Huyện Thử,999,Xã Cũ,99001,Xã\n", encoding="utf-8")
    after = before.with_name(LONG_NAME[:-5] + "2.csv")
    after.write_text(NSO_HEADER + "Tỉnh Thử,99,,,Xã Mới,99002,Xã\n", encoding="utf-8")
    table = before.with_name(LONG_NAME[:-5] + "3.csv")
    table.write_text("Mã xã cũ,Mã xã mới\n99001,99002\n", encoding="utf-8")
    for path, date in ((before, "2025-01-01"), (after, "2025-07-01")):
        call_command("import_units", str(path), "--valid-from", date, stdout=io.StringIO(), stderr=io.StringIO())
    call_command("import_successions", str(table), "--date", "2025-07-01", stdout=io.StringIO(),
                 stderr=io.StringIO())
    reasons = set(AdministrativeUnit.history.values_list("history_change_reason", flat=True))
    assert len(reasons) == 2
    for reason in reasons:
        assert_fits(reason)
        assert reason.startswith("Danh mục chính thức Danh sách") and "hiệu lực từ" in reason
    assert UnitSuccession.objects.get().successor.name == "Xã Mới"


@pytest.mark.django_db
def test_a_legal_basis_longer_than_its_column_is_refused(tmp_path):
    path = tmp_path / "bang.csv"
    path.write_text("Mã xã cũ,Mã xã mới\n99001,99002\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_successions", str(path), "--date", "2025-07-01", "--legal-basis", "N" * 201,
                     stdout=io.StringIO(), stderr=errors)
    assert "nhiều nhất 200" in errors.getvalue()


@JOB_DATABASES
def test_upload_with_a_200_character_name_imports(client, provincial, immediate_tasks):
    client.force_login(provincial)
    upload = SimpleUploadedFile(LONG_NAME, csv_bytes([sheet.headers(), model_row("Mô hình tải lên tên dài")]))
    client.post(reverse("imports:upload", args=["models"]), {"models-file": upload})
    job = ImportJob.objects.get()
    assert job.file_name == LONG_NAME and job.status == ImportJob.Status.CHECKED
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.result
    record = MobilizationModel.objects.get(name="Mô hình tải lên tên dài").history.get()
    assert_fits(record.history_change_reason)
    assert record.history_change_reason.endswith(f".csv #{job.pk}")
