"""Issue 13 in a browser: a model's publish → return → fix → publish path between a district
officer and the province, and a request updated by the district officer it is addressed to."""

import datetime

import pytest
from playwright.sync_api import expect

from models_registry.models import Field, HostType, MobilizationModel, ReviewStatus
from surveys.models import ProgressNote, SurveySession
from tests.browser import PHONE, log_in, shot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_publish_return_fix_publish(page, chromium, live_server, camxuyen, provincial, cam_xuyen):
    model = MobilizationModel.objects.create(
        name="Tổ hòa giải ở cơ sở giỏi", unit=cam_xuyen, field=Field.objects.get(code="quoc-phong-an-ninh"),
        host_type=HostType.FRONT, created_by=camxuyen,
    )
    log_in(page, camxuyen.username, PASSWORD)
    page.goto(model.get_absolute_url())
    page.click("#submit-for-approval")
    expect(page.locator(".messages")).to_contain_text("Đã gửi duyệt mô hình.")
    expect(page.locator("#submit-for-approval")).to_have_count(0)

    province = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", base_url=live_server.url)
    reviewer = province.new_page()
    log_in(reviewer, provincial.username, PASSWORD)
    expect(reviewer.locator("#to-approve")).to_contain_text("Tổ hòa giải ở cơ sở giỏi")
    reviewer.click("nav >> text=Chờ duyệt")
    reviewer.click("text=Tổ hòa giải ở cơ sở giỏi")
    reviewer.click("#return")  # no comment: refused beside the field
    expect(reviewer.locator(".return-form .errorlist")).to_contain_text("bắt buộc phải có ý kiến")
    reviewer.fill("#id_comment", "Bổ sung mục tiêu, tiêu chí cụ thể.")
    shot(reviewer, "model-review")
    reviewer.click("#return")
    expect(reviewer.locator(".messages")).to_contain_text("Đã trả lại mô hình cho người gửi.")

    page.goto("/")
    expect(page.locator("#notifications")).to_contain_text("bị trả lại: Bổ sung mục tiêu, tiêu chí cụ thể.")
    expect(page.locator("#returned")).to_contain_text("Tổ hòa giải ở cơ sở giỏi")
    shot(page, "home-tasks-returned")
    page.click("#returned >> text=Tổ hòa giải ở cơ sở giỏi")
    expect(page.locator(".notice.returned")).to_contain_text("Bổ sung mục tiêu, tiêu chí cụ thể.")
    page.click(".head-actions >> text=Sửa")
    page.fill("#id_objectives", "Giảm 50% vụ việc phải đưa lên xã.")
    page.click("button[type=submit].primary")
    expect(page.locator(".messages")).to_contain_text("Đã lưu mô hình")
    page.click("#submit-for-approval")

    reviewer.goto(model.get_absolute_url())
    reviewer.click("#publish")
    expect(reviewer.locator(".messages")).to_contain_text("Đã công khai mô hình.")
    province.close()
    model.refresh_from_db()
    assert (model.review_status, model.is_published, model.objectives) == (
        ReviewStatus.PUBLISHED, True, "Giảm 50% vụ việc phải đưa lên xã.")
    page.goto("/")
    expect(page.locator("#notifications")).to_contain_text("đã được công khai")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    shot(page, "home-tasks-phone")


def test_district_officer_updates_a_request_addressed_to_huyen_uy(page, camxuyen, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    request = session.recommendations.order_by("order").first()
    request.due_date = datetime.date(2023, 12, 31)
    request.save()
    log_in(page, camxuyen.username, PASSWORD)
    expect(page.locator("#overdue")).to_contain_text("Đề nghị quá hạn (1)")
    page.click("nav >> text=Theo dõi thực hiện")
    page.select_option("#id_overdue", "1")
    page.click(".filters button[type=submit]")
    expect(page.locator("#match-count")).to_have_text("Tìm thấy 1 kết luận, đề nghị")
    shot(page, "follow-up-list")
    page.click(f"#rec-{request.pk} >> text=Cập nhật")
    page.select_option("#id_status", "done")
    page.fill("#id_note", "Đã khảo sát lại 1.205 mô hình kinh tế, chọn 40 mô hình để nhân rộng.")
    page.click("button[type=submit].primary")
    expect(page.locator(".messages")).to_contain_text("Đã lưu tình hình thực hiện.")
    expect(page.locator(".notes")).to_contain_text("chọn 40 mô hình")
    shot(page, "follow-up-detail")
    note = ProgressNote.objects.get()
    assert (note.recommendation, note.status, note.created_by) == (request, "done", camxuyen)
    page.set_viewport_size(PHONE)
    page.goto("/theo-doi/")
    no_sideways_scroll(page)
    shot(page, "follow-up-list-phone")
