"""The dashboard in headless Chromium: drill-down, structure switch, charts, a download, print.

Screenshots go to artifacts/screenshots/ (looked at by a person before calling it done)."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"


@pytest.fixture
def wide_page(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    return page


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/?next=/thong-ke/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/thong-ke/**")


def chart_has_drawn(page, canvas_id):
    return page.evaluate(
        """id => { const c = document.getElementById(id); const chart = window.Chart && Chart.getChart(c);
                   return !!chart && chart.data.datasets.length > 0 && c.width > 0; }""",
        canvas_id,
    )


def test_dashboard_in_the_browser(transactional_db, demo, admin_user, live_server, wide_page):
    page = wide_page
    log_in(page, live_server, admin_user.username)
    assert "3.372" in page.inner_text("#stats-table")
    assert chart_has_drawn(page, "chart-units")
    page.screenshot(path=str(SHOTS / "dashboard-province.png"), full_page=True)

    # Drill down to Cẩm Xuyên: the district's own report is its total.
    page.click("#stats-table >> text=Huyện Cẩm Xuyên")
    page.wait_for_url("**unit=**")
    assert "Cẩm Xuyên" in page.inner_text("h1")
    assert "3.372" in page.inner_text("#stats-table tfoot")
    assert "Xã Cẩm Bình" in page.inner_text("#stats-table tbody")
    page.screenshot(path=str(SHOTS / "dashboard-cam-xuyen.png"), full_page=True)

    # Switch to today's units: the old district's communes are carried to the 2025 communes.
    page.click(".switch >> text=Đơn vị hiện nay")
    page.wait_for_url("**structure=current**")
    body = page.inner_text("#stats-table tbody")
    assert "Xã Thiên Cầm" in body and "chia tách" in body
    assert "3.372" in page.inner_text("#stats-table tfoot")
    assert chart_has_drawn(page, "chart-units")
    page.screenshot(path=str(SHOTS / "dashboard-cam-xuyen-today.png"), full_page=True)

    # The download has the numbers of the page.
    with page.expect_download() as info:
        page.click("text=Tải về Excel (XLSX)")
    download = info.value
    # The Vietnamese name (RFC 5987 filename*), not the ASCII fallback.
    assert download.suggested_filename.startswith("Thống kê Dân vận khéo – Huyện Cẩm Xuyên – Đơn vị hiện nay")
    assert download.suggested_filename.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][0] == "Mô hình “Dân vận khéo” — Huyện Cẩm Xuyên"  # the title block, then the table
    rows = rows[next(i for i, row in enumerate(rows) if row[0] == "Mã đơn vị"):]
    assert rows[0][:2] == ("Mã đơn vị", "Đơn vị")
    assert rows[-1][1] == "Tổng cộng"
    assert 3372 in rows[-1]

    # Print layout: A4 landscape, no navigation or filters.
    page.emulate_media(media="print")
    assert not page.is_visible("form.filters")
    page.screenshot(path=str(SHOTS / "dashboard-print.png"), full_page=True)
    page.pdf(path=str(SHOTS.parent / "dashboard-print.pdf"), prefer_css_page_size=True)


def test_public_sees_the_province_only_in_the_browser(transactional_db, demo, live_server, wide_page):
    page = wide_page
    page.goto(f"{live_server.url}/thong-ke/")
    table = page.inner_text("#stats-table")
    assert "Tỉnh Hà Tĩnh" in table and "3.372" not in table
    assert page.locator("#stats-table tbody a").count() == 0
    assert chart_has_drawn(page, "chart-units")
    page.screenshot(path=str(SHOTS / "dashboard-public.png"), full_page=True)
