"""The three browser scenarios of issue 3, in headless Chromium against live_server."""

import re

import pytest
from playwright.sync_api import expect

from models_registry.models import MobilizationModel
from surveys.models import SurveySession
from tests.browser import PHONE, log_in, pick, shot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_session(page, counts, total):
    page.fill("#id_title", "Khảo sát phong trào “Dân vận khéo” huyện Thạch Hà")
    page.fill("#id_date", "06/06/2023")
    pick(page, "#id_unit", "thach ha", "Huyện Thạch Hà")
    expect(page.locator("#id_unit option:checked")).to_contain_text("Huyện Thạch Hà")
    page.fill("#id_period_start", "2008")
    page.fill("#id_period_end", "2023")
    page.fill("#id_delegation", "Đoàn công tác Ban Chỉ đạo tỉnh")
    page.fill("#id_head_name", "Nguyễn Hải Nam")
    for index, count in enumerate(counts):
        page.fill(f"#id_counts-{index}-count", str(count))
    page.fill("#id_reported_total", str(total))
    page.fill("#id_recommendations-0-text", "Nhân rộng các mô hình có hàm lượng “Dân vận khéo” cao.")


def test_provincial_officer_enters_a_survey_session(page, provincial):
    log_in(page, provincial.username, PASSWORD)
    page.click("nav >> text=+ Buổi khảo sát")
    expect(page.locator("h1")).to_have_text("Buổi khảo sát mới")
    # Four rows, one per field, are there before the officer types anything.
    expect(page.locator("#counts-table tbody tr")).to_have_count(4)

    fill_session(page, [500, -5, 100, 50], 700)
    expect(page.locator("#counts-sum")).to_contain_text("645")
    page.click("button[type=submit].primary")
    expect(page.locator("#counts-table .errorlist")).to_contain_text("không được âm")
    # All the page's errors at once: the total, beside the counts, says it waits for them.
    total = page.locator(".field.has-error", has=page.locator("#id_reported_total"))
    expect(total).to_contain_text("Chưa kiểm tra được tổng số")
    expect(page.locator("#id_title")).to_have_value(re.compile("Thạch Hà"))  # what was typed is kept
    shot(page, "session-edit-errors")

    page.fill("#id_counts-1-count", "40")
    page.click("button[type=submit].primary")
    error = page.locator(".field.has-error", has=page.locator("#id_reported_total"))
    expect(error).to_contain_text("chênh lệch là 10")
    assert SurveySession.objects.count() == 2  # nothing saved yet

    page.fill("#id_reported_total", "690")
    page.click("button[type=submit].primary")
    expect(page.locator(".messages")).to_contain_text("Đã lưu buổi khảo sát")
    expect(page.locator("#counts-total")).to_have_text("690")
    shot(page, "session-detail")

    page.goto("/khao-sat/")
    expect(page.locator("table.list")).to_contain_text("huyện Thạch Hà")
    shot(page, "session-list")


def test_district_officer_cannot_edit_another_districts_model(page, thachha, cam_xuyen):
    model = MobilizationModel.objects.filter(unit=cam_xuyen).first()
    page.goto("/dang-nhap/")
    shot(page, "login")
    log_in(page, thachha.username, PASSWORD)
    page.goto(f"/mo-hinh/{model.pk}/")
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)
    response = page.goto(f"/mo-hinh/{model.pk}/sua/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Không được phép")
    shot(page, "forbidden-403")


def test_public_sees_the_gallery(page, demo):
    page.goto("/")
    expect(page.locator(".gallery .card")).to_have_count(12)
    expect(page.locator("nav")).not_to_contain_text("Khảo sát")
    shot(page, "home-gallery")
    page.click("text=Tất cả mô hình điển hình")
    expect(page.locator("#match-count")).to_contain_text("13")
    shot(page, "model-list")
    # The unit picker searches as you type, accents optional; the user picks a match.
    pick(page, "#id_unit", "huyen cam xuyen", "Huyện Cẩm Xuyên")
    expect(page.locator("#id_unit")).to_have_value(re.compile(r"\d+"))
    expect(page.locator("#id_unit option:checked")).to_contain_text("Huyện Cẩm Xuyên")
    page.click(".filters button[type=submit]")
    expect(page.locator("#match-count")).to_contain_text("6")
    page.click("text=Ngân hàng máu sống cứu người")
    expect(page.locator("h1")).to_have_text("Ngân hàng máu sống cứu người")
    shot(page, "model-detail")
    page.set_viewport_size(PHONE)
    page.goto("/mo-hinh/?exemplary=1")
    shot(page, "phone-model-list")
    page.goto("/")
    shot(page, "phone-home-gallery")


def test_screenshots_of_the_entry_pages(page, provincial):
    log_in(page, provincial.username, PASSWORD)
    page.goto("/mo-hinh/them/")
    shot(page, "model-edit")
    page.goto("/khao-sat/them/")
    shot(page, "session-edit")
    page.goto(f"/khao-sat/{SurveySession.objects.get(reported_total=3372).pk}/")
    shot(page, "session-detail-cam-xuyen")
    page.set_viewport_size(PHONE)
    shot(page, "phone-session-detail")
    page.goto("/khao-sat/them/")
    shot(page, "phone-session-edit")
