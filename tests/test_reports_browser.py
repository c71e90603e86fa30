"""The whole reporting cycle in headless Chromium: the commune submits, the province returns it with
a comment, the commune corrects it, the province approves; the completeness page moves with it.
Screenshots at 1366 and 390 pixels go to artifacts/screenshots/ (looked at before calling it done)."""

import pytest

from reports.models import PeriodicReport
from tests.browser import LAPTOP, PHONE, log_in, shot, watch_csp
from tests.conftest import PASSWORD
from tests.reports_data import period_around_today, report_url

pytestmark = pytest.mark.browser


@pytest.fixture
def province_page(chromium, live_server):
    """A second browser, for the provincial officer, beside the commune's `page`."""
    context = chromium.new_context(viewport=LAPTOP, locale="vi-VN", base_url=live_server.url)
    other = context.new_page()
    other.set_default_timeout(15000)
    watch_csp(other)
    yield other
    context.close()
    assert not other.csp_violations, other.csp_violations


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def completeness(page, period, key):
    page.goto(f"/bao-cao/tien-do/?period={period.pk}")
    return page.inner_text(f"#completeness td[data-key={key}]")


def test_the_reporting_cycle_in_the_browser(transactional_db, demo, xacambinh, provincial, cam_binh_2025, page,
                                            province_page):
    period = period_around_today()
    url = report_url(period, cam_binh_2025)
    log_in(page, xacambinh.username, PASSWORD)
    log_in(province_page, provincial.username, PASSWORD)
    assert completeness(province_page, period, "missing") == "11"

    # The commune officer starts from the home page and submits.
    page.goto("/")
    page.click("#reports-todo >> text=1 đơn vị chưa nộp")
    page.click("table.list >> text=Xã Cẩm Bình")
    page.wait_for_url(f"**{url}")
    page.fill("#id_lines-0-in_operation", "5")
    page.fill("#id_results", "Duy trì 5 mô hình kinh tế")
    shot(page, "report-form")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    shot(page, "report-form-phone")
    page.set_viewport_size(LAPTOP)
    page.click("button[value=submit]")
    page.wait_for_selector("text=Báo cáo đã được nộp lên cấp tỉnh.")
    assert "đã nộp" in page.inner_text("#report-status")
    assert completeness(province_page, period, "on_time") == "1"

    # The province returns it with a comment; a comment is required.
    province_page.goto(url)
    province_page.click("text=Trả lại đơn vị")
    province_page.wait_for_selector("#review >> text=Hãy ghi rõ đơn vị cần sửa những gì.")
    province_page.fill("#review textarea[name=comment]", "Số mô hình kinh tế chưa khớp sổ theo dõi")
    province_page.click("text=Trả lại đơn vị")
    province_page.wait_for_selector("text=Báo cáo đã được trả lại đơn vị kèm ý kiến của bạn.")
    assert completeness(province_page, period, "returned") == "1"

    # The commune reads the comment, corrects, submits again.
    page.goto(url)
    assert "Số mô hình kinh tế chưa khớp sổ theo dõi" in page.inner_text("main")
    page.fill("#id_lines-0-in_operation", "2")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Báo cáo đã được nộp lên cấp tỉnh.")

    # The province approves: the report is locked, the completeness page counts it.
    province_page.goto(url)
    province_page.click("text=Duyệt và khóa")
    province_page.wait_for_selector("text=Báo cáo đã được duyệt và khóa.")
    shot(province_page, "report-approved")
    assert completeness(province_page, period, "approved") == "1"
    assert completeness(province_page, period, "missing") == "10"
    shot(province_page, "report-completeness")
    province_page.set_viewport_size(PHONE)
    assert no_sideways_scroll(province_page)
    shot(province_page, "report-completeness-phone")

    page.goto(url)
    assert page.locator("button[value=submit]").count() == 0
    assert "đã được duyệt và khóa" in page.inner_text("#entry-problem")
    report = PeriodicReport.objects.get()
    assert (report.status, report.lines.get(field__code="kinh-te").in_operation) == ("approved", 2)
    assert list(report.transitions.values_list("action", flat=True)) == ["submit", "return", "submit", "approve"]
