"""The dashboard's downloads for offices (`dashboard/downloads.py`): the XLSX with its title
block, thousands format and frozen header; the plain CSV for machines and the "CSV cho Excel";
Vietnamese file names. Each file is opened as a user's program would (openpyxl, csv) and its
numbers compared with the page's lines and with a direct count of the rows."""

import csv
import datetime
import io
import re
import zipfile
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from core.spreadsheet import neutralised
from models_registry.models import Field, MobilizationModel
from surveys.models import SurveySession
from tests import dashboard_data
from tests.conftest import make_user
from units.models import AdministrativeUnit

URL = "/thong-ke/"


def page_lines(response):
    """[code, label, *values] of each line the page prints (the total last)."""
    return [[code, label, *values] for _row, code, label, values in response.context["layout"].lines()]


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def header_index(rows):
    """The index of the header row (the one that starts with the unit code column)."""
    return next(i for i, row in enumerate(rows) if row[0] == "Mã đơn vị")


def file_name(response):
    """The Vietnamese name of the file (RFC 5987 `filename*`) and its ASCII fallback."""
    disposition = response["Content-Disposition"]
    fallback = re.search(r'filename="([^"]*)"', disposition).group(1)
    utf8 = re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)
    return unquote(utf8), fallback


@pytest.mark.parametrize("structure", ["historical", "current"])
def test_xlsx_has_title_block_frozen_header_and_the_page_numbers(client, admin_user, province, structure):
    client.force_login(admin_user)
    params = {"structure": structure}
    page = client.get(URL, params)
    response = client.get(URL, {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    top = header_index(rows)
    block = {row[0]: row[1] for row in rows[1:top] if row[0]}
    assert rows[0][0] == "Mô hình “Dân vận khéo” — Tỉnh Hà Tĩnh"
    assert sheet["A1"].font.b and sheet["A1"].font.sz > sheet["A2"].font.sz
    assert block["Địa bàn"] == "Tỉnh Hà Tĩnh"
    assert block["Giai đoạn"] == "mọi năm (sổ theo dõi tính theo năm bắt đầu)"
    assert block["Cách tính đơn vị"] == ("Đơn vị hiện nay" if structure == "current" else "Đơn vị trước sắp xếp")
    assert block["Số liệu"] == "Sổ theo dõi và báo cáo"
    exported = datetime.datetime.strptime(block["Ngày xuất"], "%d/%m/%Y %H:%M")
    assert abs(exported - datetime.datetime.now()) < datetime.timedelta(hours=15)  # local time, minutes
    assert "Dân vận khéo" in block["Nguồn"] and f"http://testserver/thong-ke/?structure={structure}" in block["Nguồn"]
    assert rows[top][:2] == ("Mã đơn vị", "Đơn vị") and sheet.cell(top + 1, 1).font.b
    assert sheet.freeze_panes == f"C{top + 2}"  # the header row and the unit columns stay in view
    body = [list(row) for row in rows[top + 1:]]
    assert body == [[None if v == "" else v for v in line] for line in page_lines(page)]
    total = body[-1]
    assert total[1] == "Tổng cộng"
    assert total[-3 if structure == "historical" else -4] == MobilizationModel.objects.count()  # registry total


def test_xlsx_numbers_are_numbers_with_a_thousands_format(client, admin_user, cam_xuyen):
    client.force_login(admin_user)
    sheet = workbook(client.get(URL, {"format": "xlsx"})).active
    top = header_index(list(sheet.iter_rows(values_only=True)))
    line = next(row for row in sheet.iter_rows(min_row=top + 2) if row[0].value == "446")
    assert "Cẩm Xuyên" in line[1].value
    numbers = [cell for cell in line[2:] if cell.value is not None]
    assert [c.value for c in numbers][1::3][:4] == [1205, 1427, 425, 315]  # the article's reported counts
    assert line[-2].value == 3372 and line[-2].data_type == "n"
    assert {cell.number_format for cell in numbers} == {"#,##0"}  # 3.372 in a Vietnamese Excel
    assert line[0].number_format == "General" and line[0].data_type == "s"  # a code stays text
    no_report = next(row for row in sheet.iter_rows(min_row=top + 2) if row[0].value == "439")
    assert no_report[3].value is None  # "–" on the page: nothing reported is not 0


def test_plain_csv_is_for_machines(client, admin_user):
    client.force_login(admin_user)
    params = {"structure": "current", "year_from": "2000"}
    page = client.get(URL, params)
    response = client.get(URL, {**params, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert not response.content.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    text = response.content.decode("utf-8")
    assert text.splitlines()[0].startswith("Mã đơn vị,Đơn vị,")  # the header first, comma-separated
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1:] == [[("" if v is None else str(v)) for v in line] for line in page_lines(page)]
    assert "4166" in lines[-1] and all(value.isdigit() for value in lines[-1][2:] if value)  # no grouping


def test_csv_for_excel_uses_semicolons_and_a_byte_order_mark(client, admin_user):
    client.force_login(admin_user)
    page = client.get(URL)
    response = client.get(URL, {"format": "csv-excel"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"].count(".csv") == 2  # a .csv file (fallback and UTF-8 names)
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:2] == ["Mã đơn vị", "Đơn vị"] and len(lines[0]) > 10
    assert lines[1:] == [[("" if v is None else str(v)) for v in line] for line in page_lines(page)]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "csv-excel"])
def test_file_names_are_vietnamese_with_an_ascii_fallback(client, admin_user, cam_xuyen, fmt):
    client.force_login(admin_user)
    response = client.get(URL, {"unit": cam_xuyen.pk, "year_from": 2015, "year_to": 2020, "format": fmt})
    name, fallback = file_name(response)
    extension = "xlsx" if fmt == "xlsx" else "csv"
    today = datetime.date.today().strftime("%d-%m-%Y")
    assert name == f"Thống kê Dân vận khéo – Huyện Cẩm Xuyên – Đơn vị trước sắp xếp – 2015–2020 – {today}.{extension}"
    assert fallback.isascii() and fallback.endswith(f".{extension}")
    assert fallback.startswith("thong-ke-dan-van-kheo-huyen-cam-xuyen-don-vi-truoc-sap-xep-2015")
    assert "historical" not in response["Content-Disposition"] and "current" not in response["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "csv-excel"])
def test_formula_looking_names_stay_text(client, admin_user, fmt):
    Field.objects.filter(code="kinh-te").update(name='=HYPERLINK("http://x","y")')
    client.force_login(admin_user)
    response = client.get(URL, {"field": Field.objects.get(code="kinh-te").pk, "format": fmt})
    header = '=HYPERLINK("http://x","y") – Sổ theo dõi'
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
        sheet = workbook(response).active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == header]
        assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
        figures = next(row for row in sheet.iter_rows() if row[0].value == "Số liệu")[1]
        assert figures.value == 'Sổ theo dõi và báo cáo; =HYPERLINK("http://x","y")' and figures.data_type == "s"
    else:
        delimiter = ";" if fmt == "csv-excel" else ","
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))
        assert lines[0][2] == neutralised(header) == "'" + header


def test_public_download_holds_what_the_public_page_shows(client, cam_xuyen):
    page = client.get(URL)
    response = client.get(URL, {"format": "csv", "unit": cam_xuyen.pk})  # a unit the public may not open
    assert response.status_code == 404
    lines = list(csv.reader(io.StringIO(client.get(URL, {"format": "csv"}).content.decode())))
    assert lines[1:] == [[("" if v is None else str(v)) for v in line] for line in page_lines(page)]
    assert "3372" not in "".join(sum(lines, []))  # reported counts are not public
    assert lines[-1][-1] == str(MobilizationModel.objects.filter(is_published=True).count())


@pytest.mark.parametrize("seed", [3, 17])
def test_xlsx_total_line_matches_a_direct_count_on_random_provinces(client, db, seed):
    """On seeded random reorganised provinces: the file's total line is the direct count of the
    rows (registry: the models in the period; reported: the chosen sessions' counts)."""
    dashboard_data.build(seed)
    client.force_login(make_user("admin-downloads", is_superuser=True, is_staff=True))
    top = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    models = list(MobilizationModel.objects.select_related("unit__parent__parent"))
    sessions = list(SurveySession.objects.select_related("unit__parent__parent"))
    for structure in ("historical", "current"):
        expected = dashboard_data.expected(models, sessions, top, structure, 2010, 2022)
        response = client.get(URL, {"unit": top.pk, "structure": structure, "year_from": 2010, "year_to": 2022,
                                    "source": "both", "format": "xlsx"})
        rows = list(workbook(response).active.iter_rows(values_only=True))
        columns, total = rows[header_index(rows)], rows[-1]
        registry = sum(sum(v["registry"].values()) for v in expected.values())
        reports = [v["reported"] for key, v in expected.items() if v["reported"]]
        own = expected["own"]["reported"] if "own" in expected else None
        reported = sum(own.values()) if own else (sum(sum(r.values()) for r in reports) if reports else None)
        assert total[1] == "Tổng cộng"
        assert total[columns.index("Tổng cộng – Sổ theo dõi")] == registry
        assert total[columns.index("Tổng cộng – Báo cáo")] == reported


def test_a_download_of_approved_periodic_reports_names_the_period_and_adds_up(client, db):
    """With no source chosen the page shows the latest period with approved reports: its file
    says so in the title block and its total line is the page's total."""
    dashboard_data.build(5)
    client.force_login(make_user("admin-periodic", is_superuser=True, is_staff=True))
    top = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    page = client.get(URL, {"unit": top.pk})
    params, table = page.context["table"].params, page.context["table"]
    assert params.source == "periodic" and params.period is not None
    rows = list(workbook(client.get(URL, {"unit": top.pk, "format": "xlsx"})).active.iter_rows(values_only=True))
    block = {row[0]: row[1] for row in rows[:header_index(rows)] if row and row[0]}
    assert block["Giai đoạn"] == params.period.label
    assert "Báo cáo định kỳ" in block["Số liệu"]
    columns, total = rows[header_index(rows)], rows[-1]
    assert total[1] == "Tổng cộng" and columns[-1] == "Tổng cộng – Mô hình đang hoạt động"
    assert total[-1] == table.total.reported_total() > 0
