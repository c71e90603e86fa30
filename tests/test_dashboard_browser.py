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
    assert "Xã Thiên Cầm" in body and "Huyện Cẩm Xuyên" in body and "chia cho 8 đơn vị mới" in body
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


# --- every screen: the three personas at both sizes --------------------------------------

SIZES = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

COLUMNS_ADD_UP = """() => {
  // Every registry and reported column of the table: its rows (hidden zero rows included, the
  // rows "not in the total" excluded) add up to the total line. "–" is no number.
  const table = document.getElementById("stats-table");
  const kinds = Number(table.dataset.kinds);
  const value = (cell) => {
    const t = cell.innerText.trim();
    return t === "–" || t === "" ? null : Number(t.replace(/\\./g, ""));
  };
  const rows = [...table.tBodies].filter((b) => !b.classList.contains("outside")).flatMap((b) => [...b.rows]);
  const total = [...table.tFoot.rows[0].cells].slice(1);
  const problems = [];
  total.forEach((cell, i) => {
    if (cell.classList.contains("partial") || (kinds === 3 && i % 3 === 2)) { return; }  // difference, partly merged
    const sum = rows.map((r) => value(r.cells[i + 1])).filter((v) => v !== null).reduce((a, b) => a + b, 0);
    const shown = value(cell);
    if ((shown ?? 0) !== sum) { problems.push([i, shown, sum]); }
  });
  return {problems, columns: total.length, rows: rows.length};
}"""


def numbers_of_cards(page):
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("[data-card]")].map(
             (c) => [c.dataset.card, Number(c.querySelector(".stat-value").dataset.value)]))""")


@pytest.fixture
def with_reports(transactional_db, demo):
    from devtools.report_demo import load_report_demo

    load_report_demo(with_users=False)


@pytest.mark.parametrize("who", ["provincial", "camxuyen", "public"])
def test_every_persona_at_both_sizes(with_reports, live_server, page, who, request):
    """No sideways scroll; the cards equal the page's direct computation (tests/test_dashboard_overview.py
    checks them against the rows); the table's columns add up to its total line in both structures;
    each chart has data. Screenshots for a person to look at."""
    from tests.browser import log_in as sign_in
    from tests.browser import shot
    from tests.test_dashboard_overview import direct_cards

    if who != "public":
        user = request.getfixturevalue(who)
        sign_in(page, user.username, PASSWORD)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        for structure in ("historical", "current"):
            page.goto(f"/thong-ke/?structure={structure}")
            page.wait_for_function("document.getElementById('chart-units')?.dataset.rendered === 'true'")
            width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert width[0] <= width[1], (who, size, structure, width)
            added = page.evaluate(COLUMNS_ADD_UP)
            assert added["problems"] == [] and added["rows"] > 0, (who, size, structure, added)
            assert chart_has_drawn(page, "chart-units")
            if structure == "historical":
                shot(page, f"dashboard-{who}-{size}")
        if page.locator("#chart-trend").count():
            assert chart_has_drawn(page, "chart-trend")
    cards = numbers_of_cards(page)
    assert {"active", "new", "exemplary", "recognised"} <= set(cards)
    if who != "public":
        from reports.models import ReportingPeriod

        unit = request.getfixturevalue("province" if who == "provincial" else "cam_xuyen")  # their own unit
        period_label = page.inner_text("#overview-title").split(" — ")[-1]
        periods = [p for p in ReportingPeriod.objects.select_related("kind").order_by("-cutoff")]
        period = next(p for p in periods if p.label == period_label)
        earlier = [p for p in periods if p.cutoff < period.cutoff and p.reports.filter(status="approved").exists()]
        previous = earlier[0] if earlier else None
        expected = direct_cards(unit, period, previous)
        assert cards["reported"] == expected["reported"] and cards["completeness"] == expected["completeness"]
        assert cards["active"] == expected["active"] and cards["exemplary"] == expected["exemplary"]
    else:
        from models_registry.models import MobilizationModel

        assert cards["active"] == MobilizationModel.objects.filter(is_published=True, status="active").count()
        assert "reported" not in cards
