"""The official documents (the session report, the registration sheet, the consolidated report) as
paper: each .docx converted to PDF by LibreOffice (headless, as an office would print it) and its
pages to PNG (artifacts/documents/, to look at). Skipped without
LibreOffice on a developer machine; under CI=true a missing soffice fails (.ci/run installs it)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from models_registry.models import MobilizationModel
from surveys.models import SurveySession
from tests.reports_data import year_of_reports

pytestmark = pytest.mark.office
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "documents"


@pytest.fixture
def office():
    missing = [tool for tool in ("soffice", "pdftoppm", "pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} missing: apt-get install -y libreoffice-writer-nogui poppler-utils"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def to_pdf(docx: Path) -> Path:
    profile = docx.parent / "lo-profile"  # its own profile: runs side by side do not lock each other out
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(docx.parent), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    return docx.with_suffix(".pdf")


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def to_png(pdf: Path, name: str) -> list[Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(ARTIFACTS / name)], check=True, timeout=60)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def test_session_report_prints_on_a4_with_page_numbers_from_page_two(office, tmp_path, client, provincial, cam_xuyen):
    client.force_login(provincial)
    session = SurveySession.objects.get(unit=cam_xuyen)
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(client.get(reverse("documents:session_report", args=[session.pk])).content)
    pdf = to_pdf(docx)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = pages_text(pdf)
    assert len(pages) >= 2
    first = pages[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "BAN DÂN VẬN" in first and "-BC/BDVTU" in first
    assert "Hà Tĩnh, ngày 05 tháng 6 năm 2023" in first and "BÁO CÁO" in first and "3.372" in first
    assert first.strip().splitlines()[0].strip() != "1"  # no number on the first page
    for number, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(number)  # at the top, from page 2 on
    assert "Trương Thanh Huyền" in pages[-1]
    assert len(to_png(pdf, "bao-cao-ket-qua-khao-sat")) == len(pages)


def test_registration_sheet_prints(office, tmp_path, client, demo):
    model = MobilizationModel.objects.get(name="Ngân hàng máu sống cứu người")
    docx = tmp_path / "phieu.docx"
    docx.write_bytes(client.get(reverse("documents:registration_sheet", args=[model.pk])).content)
    pdf = to_pdf(docx)
    first = pages_text(pdf)[0]
    assert "PHIẾU ĐĂNG KÝ" in first and "1- Tên mô hình: Ngân hàng máu sống cứu người" in first
    assert "10- Khả năng duy trì, nhân rộng:" in "".join(pages_text(pdf))
    assert to_png(pdf, "phieu-dang-ky-mo-hinh")


def test_consolidated_report_prints(office, tmp_path, client, provincial, demo):
    period = year_of_reports()
    client.force_login(provincial)
    docx = tmp_path / "tong-hop.docx"
    docx.write_bytes(client.get(reverse("reports:consolidated_report"), {"period": period.pk}).content)
    pdf = to_pdf(docx)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = pages_text(pdf)
    first = pages[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "BAN TUYÊN GIÁO VÀ DÂN VẬN" in first and "-BC/BTGDVTU" in first
    assert "BÁO CÁO" in first and "năm 2099 trên địa bàn tỉnh Hà Tĩnh" in " ".join(first.split())
    assert first.strip().splitlines()[0].strip() != "1"
    for number, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(number)
    text = "".join(pages)
    assert "3.635" in text and "TRƯỞNG BAN" in pages[-1]
    assert len(to_png(pdf, "bao-cao-tong-hop-dinh-ky")) == len(pages)
