"""Dates in a browser whose interface is English (issue 9, item 15): typed and shown as
dd/mm/yyyy, and a date that cannot be read is an error beside the field, not silently lost."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from surveys.models import SurveySession
from tests.browser import LAPTOP, log_in, shot
from tests.conftest import PASSWORD
from tests.test_browser_pages import fill_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUE = "#id_recommendations-0-due_date"


@pytest.fixture
def english_page(chromium, live_server):
    context = chromium.new_context(viewport=LAPTOP, locale="en-US", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_an_english_browser_types_and_reads_dd_mm_yyyy(english_page, provincial):
    page = english_page
    assert page.evaluate("navigator.language") == "en-US"
    log_in(page, provincial.username, PASSWORD)
    page.goto("/khao-sat/them/")
    fill_session(page, [120, 80, 30, 20], 250)
    page.fill("#id_date", "")
    page.locator("#id_date").press_sequentially("06/06/2023")
    page.locator(DUE).press_sequentially("15/10/2025")
    page.click("button[type=submit].primary")
    expect(page.locator(".messages")).to_contain_text("Đã lưu buổi khảo sát")
    expect(page.locator(".recommendations")).to_contain_text("hạn 15/10/2025")
    expect(page.locator("dl.facts")).to_contain_text("06/06/2023")
    session = SurveySession.objects.get(title__contains="Thạch Hà")
    assert session.date == datetime.date(2023, 6, 6)
    assert session.recommendations.get().due_date == datetime.date(2025, 10, 15)
    page.click("text=Sửa")
    expect(page.locator("#id_date")).to_have_value("06/06/2023")
    expect(page.locator(DUE)).to_have_value("15/10/2025")
    shot(page, "session-edit-dates-en-us")


def test_an_impossible_date_is_an_error_beside_the_field_and_the_rest_is_kept(english_page, provincial):
    page = english_page
    log_in(page, provincial.username, PASSWORD)
    page.goto("/khao-sat/them/")
    fill_session(page, [120, 80, 30, 20], 250)
    page.locator(DUE).press_sequentially("31/02/2025")
    page.click("button[type=submit].primary")
    cell = page.locator("td.has-error", has=page.locator(DUE))
    expect(cell).to_contain_text("Nhập một ngày hợp lệ.")
    expect(page.locator(DUE)).to_have_value("31/02/2025")
    expect(page.locator("#id_title")).to_have_value(re.compile("Thạch Hà"))
    expect(page.locator("#id_recommendations-0-text")).to_have_value(re.compile("Nhân rộng"))
    expect(page.locator("#id_counts-0-count")).to_have_value("120")
    assert SurveySession.objects.filter(title__contains="Thạch Hà").count() == 0
    shot(page, "session-edit-date-error-en-us")


def test_the_calendar_button_writes_dd_mm_yyyy(english_page, provincial):
    page = english_page
    log_in(page, provincial.username, PASSWORD)
    page.goto("/khao-sat/them/")
    page.locator(DUE).press_sequentially("01/10/2025")
    cell = page.locator("td", has=page.locator(DUE))
    cell.get_by_role("button", name="Chọn ngày trên lịch").click()
    calendar = cell.get_by_role("dialog", name="Chọn ngày trên lịch")
    expect(calendar).to_contain_text("2025")
    shot(page, "session-edit-calendar-en-us", full_page=False)
    calendar.get_by_role("button", name="15/10/2025").click()
    expect(page.locator(DUE)).to_have_value("15/10/2025")
    expect(calendar).to_have_count(0)
    # The session's date: the next month, then a day; Escape closes without writing.
    page.get_by_role("button", name="Chọn ngày trên lịch").first.click()
    page.get_by_role("button", name="Tháng sau").click()
    page.keyboard.press("Escape")
    expect(page.locator(".calendar")).to_have_count(0)
    expect(page.locator("#id_date")).to_have_value("")
