"""The model import template (issue 9, item 18): its example row matches no model and is refused
if left in; drop-down lists on every coded column; an instructions sheet and today's unit codes;
the host organisations officers actually name are understood."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportJob
from models_registry import sheet
from models_registry.importers import ModelImporter
from models_registry.models import MobilizationModel
from tests.conftest import JOB_DATABASES
from tests.imports_helpers import table, xlsx_bytes

HEADERS = sheet.headers()


def template(client, fmt):
    return client.get(reverse("imports:template", args=["models", fmt])).content


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_example_row_left_in_is_refused_and_changes_nothing(client, provincial, fmt):
    client.force_login(provincial)
    before = sorted(MobilizationModel.objects.values_list("pk", "name", "version"))
    result = ModelImporter(table(template(client, fmt), f"mau.{fmt}"), user=provincial).run(dry_run=False)
    assert result.errors == [(2, "dòng 2: đây là dòng mẫu: hãy xoá dòng này trước khi nhập")]
    assert (result.created, result.updated) == (0, 0)
    assert sorted(MobilizationModel.objects.values_list("pk", "name", "version")) == before


@JOB_DATABASES
def test_the_example_row_uploaded_is_refused_on_the_job_page(client, provincial, immediate_tasks):
    client.force_login(provincial)
    upload = SimpleUploadedFile("mau-nhap-mo-hinh.xlsx", template(client, "xlsx"))
    page = client.get(client.post(reverse("imports:upload", args=["models"]), {"models-file": upload}).url)
    assert "đây là dòng mẫu" in page.content.decode() and "Nhập ngay" not in page.content.decode()
    assert ImportJob.objects.get().result["updated"] == 0


def test_the_template_offers_drop_downs_instructions_and_todays_unit_codes(client, provincial):
    client.force_login(provincial)
    book = load_workbook(io.BytesIO(template(client, "xlsx")))
    assert book.sheetnames == ["Mô hình", "Hướng dẫn", "Mã đơn vị hành chính", "Danh mục"]
    data, lists = book["Mô hình"], book["Danh mục"]
    offered = {}
    for validation in data.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        cells = validation.formula1.split("!")[1].replace("$", "")
        values = [c.value for row in lists[cells] for c in row]
        offered[data[f"{column}1"].value] = values
    assert set(offered) == {"Lĩnh vực", "Tập thể/cá nhân", "Loại chủ thể thực hiện", "Cấp công nhận", "Trạng thái",
                            "Điển hình", "Công khai"}
    assert offered["Lĩnh vực"] == ["Kinh tế", "Văn hóa – xã hội", "Quốc phòng – an ninh", "Xây dựng hệ thống chính trị"]
    assert offered["Điển hình"] == ["Có", "Không"] and "Hội Liên hiệp Phụ nữ" in offered["Loại chủ thể thực hiện"]
    instructions = [row for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    described = {row[0]: row for row in instructions if row[0] in HEADERS}
    assert set(described) == set(HEADERS)
    assert "Công an xã" in described["Loại chủ thể thực hiện"][3] and "1945" in described["Năm bắt đầu"][3]
    codes = {row[0]: row[1] for row in book["Mã đơn vị hành chính"].iter_rows(min_row=2, values_only=True)}
    assert codes["18685"] == "Xã Cẩm Bình" and codes["42"] == "Tỉnh Hà Tĩnh"
    assert "446" not in codes  # huyện Cẩm Xuyên was abolished on 1/7/2025


def test_a_row_filled_from_the_drop_downs_imports(client, provincial):
    client.force_login(provincial)
    book = load_workbook(io.BytesIO(template(client, "xlsx")))
    rows = list(book["Mô hình"].iter_rows(values_only=True))
    filled = list(rows[1])
    filled[HEADERS.index("Tên mô hình")] = "Mô hình theo tệp mẫu"
    result = ModelImporter(table(xlsx_bytes([rows[0], filled])), user=provincial).run(dry_run=False)
    assert result.errors == [] and result.created == 1
    model = MobilizationModel.objects.get(name="Mô hình theo tệp mẫu")
    assert (model.host_type, model.kind, model.recognition_level, model.is_exemplary) == (
        "youth", "collective", "commune", True)


@pytest.mark.parametrize(("written", "host_type", "host_name"), [
    ("Ủy ban nhân dân", "government", ""),
    ("UBND xã Cẩm Bình", "government", ""),
    ("Mặt trận", "front", ""),
    ("MTTQ xã", "front", ""),
    ("Hội Phụ nữ", "women", ""),
    ("hoi lhpn", "women", ""),
    ("Chi hội Phụ nữ thôn 3", "women", ""),
    ("Đoàn Thanh niên", "youth", ""),
    ("Huyện đoàn Cẩm Xuyên", "youth", ""),
    ("Hội Cựu chiến binh", "veterans", ""),
    ("Chi bộ thôn Trung Lân", "party", ""),
    ("Tổ dân phố Trung Lân", "residential", ""),
    ("Công an xã", "other", "Công an xã"),
    ("Ban Chỉ huy quân sự xã", "other", "Ban Chỉ huy quân sự xã"),
    ("Khác", "other", ""),
])
def test_host_organisations_as_officers_name_them(demo, written, host_type, host_name):
    row = [""] * len(HEADERS)
    row[1:7] = ["Mô hình chủ thể", "Kinh tế", "446", "Huyện Cẩm Xuyên", "", written]
    plans, errors = ModelImporter(table(xlsx_bytes([HEADERS, row]))).plan()
    assert errors == []
    assert (plans[0].payload.host_type, plans[0].payload.host_name) == (host_type, host_name)


def test_an_unknown_host_organisation_is_an_error_listing_the_types(demo):
    row = [""] * len(HEADERS)
    row[1:7] = ["Mô hình chủ thể", "Kinh tế", "446", "Huyện Cẩm Xuyên", "", "Ban quản lý dự án"]
    _plans, [(_line, message)] = ModelImporter(table(xlsx_bytes([HEADERS, row]))).plan()
    assert "“Ban quản lý dự án” không thuộc các giá trị" in message and "chính quyền" in message
