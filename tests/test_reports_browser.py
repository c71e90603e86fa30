"""The whole reporting cycle in headless Chromium: the commune submits, the province returns it with
a comment, the commune corrects it, the province approves; the completeness page moves with each
step (every figure checked before and after). Then the commune officer's import page: the template,
a file of their own figures checked and imported, a file with another commune's row refused.
Screenshots at 1366×900 and 390×844 go to artifacts/screenshots/ (looked at before calling it done),
each page checked for sideways scrolling."""

import io

import pytest
from django.db import connections
from openpyxl import load_workbook

from reports import importers as sheet
from reports.models import PeriodicReport, ReportLine
from tests.browser import LAPTOP, PHONE, log_in, shot, watch_csp
from tests.conftest import PASSWORD
from tests.imports_helpers import xlsx_bytes
from tests.reports_data import period_around_today, report_url

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1366, "height": 900}


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


# The innermost elements that reach past the window's right edge (outside a scrolling table box).
TOO_WIDE = """() => [...document.querySelectorAll("body *")].filter(e => !e.closest(".table-wrap")
  && e.getBoundingClientRect().right > window.innerWidth + 1 && ![...e.children].some(
  c => c.getBoundingClientRect().right > window.innerWidth + 1)).map(e => e.tagName + "." + e.className
  + " " + e.textContent.trim().slice(0, 60))"""


def both_sizes(page, name):
    """Screenshots of the page at 1366×900 and 390×844, neither scrolling sideways."""
    for size, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        page.set_viewport_size(size)
        assert no_sideways_scroll(page), (name, size, page.evaluate(TOO_WIDE))
        shot(page, name + suffix)
    page.set_viewport_size(LAPTOP)


def completeness(page, period):
    """The completeness page's figures: {"due": "11", "on_time": "0", …, "approved": "0"}."""
    page.goto(f"/bao-cao/tien-do/?period={period.pk}")
    return page.eval_on_selector_all(
        "#completeness td[data-key]", "cells => Object.fromEntries(cells.map(c => [c.dataset.key, c.innerText]))")


def numbers(due=11, on_time=0, late=0, returned=0, approved=0):
    missing = due - on_time - late - returned
    return {"due": str(due), "on_time": str(on_time), "late": str(late), "returned": str(returned),
            "missing": str(missing), "approved": str(approved)}


# The dashboard's figures for the source "Báo cáo định kỳ (đã duyệt)" as the page shows them: the
# headline card of reported models (None: no card) and its label, the table's column headings, the
# unit's row (by its name: "Xã Cẩm Bình", or "Báo cáo của chính Xã Cẩm Bình" on the commune's own page)
# and the total row.
DASHBOARD_FIGURES = """(unit) => {
  const card = document.querySelector("[data-card=reported]");
  const headings = [...document.querySelectorAll("#stats-table thead th")].slice(1).map(c => c.innerText.trim());
  const cells = row => row ? [...row.querySelectorAll("td")].map(c => c.innerText.trim()) : null;
  const row = [...document.querySelectorAll("#stats-table tbody tr")].find(
    r => r.querySelector("th").innerText.trim().endsWith(unit));
  return {card: card ? card.querySelector(".stat-value").dataset.value : null,
          card_label: card ? card.querySelector(".stat-label").innerText : "",
          headings, row: cells(row), total: cells(document.querySelector("#stats-table tfoot tr"))};
}"""


def dashboard(page, period, unit):
    """The dashboard on the approved reports of `period` (the user's own area)."""
    page.goto(f"/thong-ke/?source=periodic&period={period.pk}")
    page.locator("#stats-table tfoot tr").wait_for()
    return page.evaluate(DASHBOARD_FIGURES, unit.name)


def dashboard_sizes(page, period, name):
    """Screenshots of the dashboard at 1366×900 and 390×844, each loaded at its size (the charts are
    drawn for the window they open in), neither scrolling sideways."""
    for size, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        page.set_viewport_size(size)
        page.goto(f"/thong-ke/?source=periodic&period={period.pk}")
        page.wait_for_function("document.getElementById('chart-units')?.dataset.rendered === 'true'")
        assert no_sideways_scroll(page), (name, size, page.evaluate(TOO_WIDE))
        shot(page, name + suffix)
    page.set_viewport_size(LAPTOP)


def vi_number(n):
    return f"{n:,}".replace(",", ".")


def approved_figures(report):
    """What the dashboard must show for the approved `report`: its lines' "in operation" by field, in
    the table's column order, then their total (Vietnamese number format)."""
    lines = {line.field.name: line.in_operation for line in report.lines.select_related("field")}
    return lines, sum(lines.values())


def after_approval(page, province_page, period, unit, before):
    """What the approval shows beyond the report page: the commune sees it locked, the database holds
    the approved figures and the four steps; the dashboard's source "Báo cáo định kỳ (đã duyệt)" of the
    period now holds the commune's approved figures, for the province (the commune's row, the total,
    the headline card) and for the commune officer (their own report's row), where `before` (the
    province's dashboard before anything was submitted) had none."""
    page.goto(report_url(period, unit))
    assert page.locator("button[value=submit]").count() == 0
    assert "đã được duyệt và khóa" in page.inner_text("#entry-problem")
    report = PeriodicReport.objects.get()
    assert (report.status, report.lines.get(field__code="kinh-te").in_operation) == ("approved", 2)
    assert list(report.transitions.values_list("action", flat=True)) == ["submit", "return", "submit", "approve"]

    by_field, total = approved_figures(report)
    assert before["card"] is None and before["row"] is not None and set(before["row"]) == {"–"}, before
    assert set(before["total"]) == {"–"}, before
    for who, browser in (("province", province_page), ("commune", page)):
        after = dashboard(browser, period, unit)
        expected = [vi_number(by_field[name]) if name in by_field else "–" for name in after["headings"][:-1]]
        assert after["row"] == [*expected, vi_number(total)], (who, after, by_field)
        assert after["total"] == after["row"], (who, after)  # the only approved report of the period
        assert after["card"] == str(total) and period.label in after["card_label"], (who, after)
        assert set(by_field) <= set(after["headings"]), (who, after["headings"])
    for browser, name in ((page, "report-dashboard-commune"), (province_page, "report-dashboard-province")):
        dashboard_sizes(browser, period, name)


def test_the_reporting_cycle_in_the_browser(transactional_db, demo, xacambinh, provincial, cam_binh_2025, page,
                                            province_page):
    period = period_around_today()
    url = report_url(period, cam_binh_2025)
    log_in(page, xacambinh.username, PASSWORD)
    log_in(province_page, provincial.username, PASSWORD)
    assert completeness(province_page, period) == numbers()
    before = dashboard(province_page, period, cam_binh_2025)

    # The commune officer starts from the home page and submits.
    page.goto("/")
    page.click("#reports-todo >> text=1 đơn vị chưa nộp")
    page.click("table.list >> text=Xã Cẩm Bình")
    page.wait_for_url(f"**{url}")
    page.fill("#id_lines-0-in_operation", "5")
    page.fill("#id_results", "Duy trì 5 mô hình kinh tế")
    both_sizes(page, "report-form")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Báo cáo đã được nộp lên cấp tỉnh.")
    assert "đã nộp" in page.inner_text("#report-status")
    assert completeness(province_page, period) == numbers(on_time=1)

    # The province returns it with a comment; a comment is required.
    province_page.goto(url)
    province_page.click("text=Trả lại đơn vị")
    province_page.wait_for_selector("#review >> text=Hãy ghi rõ đơn vị cần sửa những gì.")
    province_page.fill("#review textarea[name=comment]", "Số mô hình kinh tế chưa khớp sổ theo dõi")
    province_page.click("text=Trả lại đơn vị")
    province_page.wait_for_selector("text=Báo cáo đã được trả lại đơn vị kèm ý kiến của bạn.")
    assert completeness(province_page, period) == numbers(returned=1)

    # The commune reads the comment, corrects, submits again: still on time (the first submission's).
    page.goto(url)
    assert "Số mô hình kinh tế chưa khớp sổ theo dõi" in page.inner_text("main")
    both_sizes(page, "report-returned")
    page.fill("#id_lines-0-in_operation", "2")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Báo cáo đã được nộp lên cấp tỉnh.")
    assert completeness(province_page, period) == numbers(on_time=1)

    # The province approves: the report is locked, the completeness page counts it.
    province_page.goto(url)
    province_page.click("text=Duyệt và khóa")
    province_page.wait_for_selector("text=Báo cáo đã được duyệt và khóa.")
    shot(province_page, "report-approved")
    assert completeness(province_page, period) == numbers(on_time=1, approved=1)
    shot(province_page, "report-completeness")

    # The commune officer's own completeness page: their one unit.
    page.goto(f"/bao-cao/tien-do/?period={period.pk}")
    assert completeness(page, period) == numbers(due=1, on_time=1, approved=1)
    both_sizes(page, "report-completeness-commune")
    after_approval(page, province_page, period, cam_binh_2025, before)


@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_a_commune_officer_imports_their_figures_in_the_browser(demo, xacambinh, cam_binh_2025, page, tmp_path,
                                                                immediate_tasks):
    period = period_around_today()
    log_in(page, xacambinh.username, PASSWORD)
    page.goto("/nhap-xuat/")
    assert page.locator("section.imports-upload").count() == 1  # periodic reports only
    help_text = page.inner_text("#upload-reports")
    assert "Chỉ nhận các dòng của đơn vị bạn phụ trách" in help_text and "lưu thành bản nháp" in help_text
    both_sizes(page, "import-commune")
    with page.expect_download() as download:
        page.click("#upload-reports >> text=.xlsx")
    template = list(load_workbook(io.BytesIO(download.value.path().read_bytes())).active.values)
    assert template[0][0] == "Kỳ báo cáo"

    def upload(rows, name):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes([sheet.headers()[:13], *rows]))
        page.goto("/nhap-xuat/")
        page.set_input_files("#upload-reports input[type=file]", str(path))
        page.click("#upload-reports button")
        page.wait_for_url("**/nhap-xuat/lan-nhap/**")

    mine = [str(period), "18685", "Xã Cẩm Bình", "", "Kinh tế", 7, 1, 2, 0, 1, 0, 1, 0]
    theirs = [str(period), "18673", "Xã Cẩm Xuyên", "", "Kinh tế", 3, 0, 0, 0, 0, 0, 0, 0]
    upload([mine, theirs], "hai-xa.xlsx")
    assert "dòng 3: Xã Cẩm Xuyên nằm ngoài phạm vi đơn vị bạn phụ trách" in page.inner_text("#job")
    assert page.get_by_role("button", name="Nhập ngay").count() == 0
    assert "Sẽ tạo mới" not in page.inner_text("#job")  # no count of rows "to create" beside a refusal
    both_sizes(page, "import-commune-refused")

    upload([mine], "xa-cam-binh.xlsx")
    confirm = page.get_by_role("button", name="Nhập ngay")
    confirm.wait_for()
    assert not ReportLine.objects.exists()  # the check wrote nothing
    confirm.click()
    page.get_by_text("Đã nhập xong tệp").wait_for()
    report = PeriodicReport.objects.get()
    assert (report.unit_id, report.status, report.lines.get().in_operation) == (cam_binh_2025.pk, "draft", 7)
    page.goto(report_url(period, cam_binh_2025))
    assert page.input_value("#id_lines-0-in_operation") == "7"  # the draft, to check and submit on its page
    connections.close_all()  # Playwright's loop thread's own connection (see test_imports_browser.py)
