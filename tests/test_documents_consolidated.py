"""The consolidated periodic report (.docx, Hướng dẫn 36-HD/VPTW) of an area for a period, read back
with python-docx: header and page as the other documents, the completeness table as the completeness
page counts it, the tables of figures against the approved reports' lines in the database, the
units' narratives gathered, and who may download it for which area (scoping: 404 outside)."""


import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from docx.oxml.ns import qn

from documents.render import party_date
from models_registry.models import Field
from reports.models import COUNT_NAMES, RECOGNISED_NAMES, ReportLine, ReportStatus
from tests.conftest import make_user
from tests.docx_reading import (
    assert_hd36_header,
    assert_hd36_page,
    cell_lines,
    full_text,
    is_bold,
    open_docx,
    size_of,
)
from tests.pages import client_for, queries_for
from tests.reports_data import filed, period_around_today, year_of_reports

pytestmark = pytest.mark.django_db
URL = reverse("reports:consolidated_report")
CAM_XUYEN_COMMUNES = {"18673", "18676", "18682", "18685", "18736", "18739", "18742", "18748"}


@pytest.fixture
def period(demo):
    return year_of_reports()


def download(client, period, **params):
    return client.get(URL, {"period": period.pk, **params})


def rows_of(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def figures(lines):
    """The five figures of the tables, summed in Python from the lines themselves."""
    total = {name: sum(getattr(line, name) for line in lines) for name in COUNT_NAMES}
    recognised = sum(total[name] for name in RECOGNISED_NAMES)
    values = [total["in_operation"], total["newly_registered"], recognised, total["exemplary_collectives"],
              total["exemplary_individuals"]]
    return [number_format(value, force_grouping=True) for value in values]


def approved_lines(period, codes=None):
    lines = ReportLine.objects.filter(report__period=period, report__status=ReportStatus.APPROVED)
    return lines.filter(report__unit__code__in=codes) if codes else lines


def test_the_consolidated_report_follows_hd36(client, provincial, period):
    client.force_login(provincial)
    response = download(client, period)
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-hop-nam-2099-1-42.docx"'
    document = open_docx(response)
    assert_hd36_page(document)
    today = party_date(timezone.localdate())
    # Dated today, so under today's name of the body (the merged Ban, BTGDVTU).
    assert_hd36_header(document, "TỈNH ỦY HÀ TĨNH", "BAN TUYÊN GIÁO VÀ DÂN VẬN",
                       "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTU",
                       f"Hà Tĩnh, ngày {today['day']} tháng {today['month']} năm {today['year']}")
    kind, subject = [p for p in document.paragraphs if p.text][:2]
    assert kind.text == "BÁO CÁO" and is_bold(kind) and size_of(kind) == {16}
    assert subject.text == "tổng hợp kết quả phong trào thi đua “Dân vận khéo” năm 2099 trên địa bàn tỉnh Hà Tĩnh"
    assert is_bold(subject)
    headings = [p.text for p in document.paragraphs if p.text[:3] in ("I- ", "II-", "III", "IV-", "V- ")]
    assert headings == ["I- TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ", "II- KẾT QUẢ ĐẠT ĐƯỢC", "III- HẠN CHẾ VÀ NGUYÊN NHÂN",
                        "IV- NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", "V- KIẾN NGHỊ, ĐỀ XUẤT"]
    assert cell_lines(document.tables[-1].rows[0].cells[1])[0] == "TRƯỞNG BAN"
    for table in document.tables[1:4]:  # a table running onto the next page repeats its header row there
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    figures_table = document.tables[2]
    assert {size for row in figures_table.rows for cell in row.cells for p in cell.paragraphs
            for size in size_of(p)} == {12}


def test_the_completeness_table_is_the_completeness_pages(client, provincial, period):
    client.force_login(provincial)
    document = open_docx(download(client, period))
    summary = client.get(reverse("reports:completeness"), {"period": period.pk}).context["summary"]
    assert (summary["due"], summary["on_time"], summary["late"], summary["returned"], summary["missing"],
            summary["approved"]) == (11, 3, 1, 1, 6, 3)
    assert rows_of(document.tables[1]) == [
        ["TT", "Tình hình nộp báo cáo", "Số đơn vị", "Tỷ lệ"],
        ["1", "Đơn vị phải báo cáo", "11", "100,0%"],
        ["2", "Nộp đúng hạn", "3", "27,3%"],
        ["3", "Nộp muộn", "1", "9,1%"],
        ["4", "Bị trả lại, chờ sửa", "1", "9,1%"],
        ["5", "Chưa nộp", "6", "54,5%"],
        ["6", "Trong đó đã duyệt", "3", "27,3%"],
    ]
    text = full_text(document)
    assert "Đơn vị có báo cáo bị trả lại, chưa nộp lại: Xã Yên Hòa." in text
    assert "Đơn vị có báo cáo đang chờ duyệt (chưa tổng hợp): Xã Thiên Cầm." in text
    missing = text.split("Đơn vị chưa nộp báo cáo: ")[1].split(".")[0].split(", ")
    assert len(missing) == 6 and "Xã Cẩm Hưng" in missing  # its draft was never submitted
    assert ("trên địa bàn tỉnh Hà Tĩnh có 3/11 đơn vị phải báo cáo đã có báo cáo năm 2099 được duyệt" in text)
    assert "Báo cáo này chỉ tổng hợp các báo cáo đã được duyệt" in text
    assert "Trong các báo cáo đã duyệt có 1 báo cáo là dữ liệu mẫu" in text


def test_the_tables_are_the_approved_reports_figures(client, provincial, period):
    client.force_login(provincial)
    document = open_docx(download(client, period))
    by_field = rows_of(document.tables[2])
    assert by_field[0] == ["TT", "Lĩnh vực", "Mô hình đang hoạt động", "Đăng ký mới trong kỳ", "Được công nhận",
                           "Điển hình tập thể", "Điển hình cá nhân"]
    fields = Field.objects.filter(is_active=True).order_by("order", "name")
    assert by_field[1:-1] == [[str(number), field.name, *figures(approved_lines(period).filter(field=field))]
                              for number, field in enumerate(fields, start=1)]
    assert by_field[-1] == ["", "Tổng cộng", *figures(approved_lines(period))]
    assert by_field[1][2] == "1.893" and by_field[-1][2] == "3.635"  # 1.205 + 425 + 263; drafts etc. not counted
    by_unit = rows_of(document.tables[3])
    assert [row[1] for row in by_unit[1:-1]] == ["Phường Thành Sen", "Xã Cẩm Bình", "Xã Cẩm Xuyên"]
    for row in by_unit[1:-1]:
        assert row[2:] == figures(approved_lines(period).filter(report__unit__name=row[1]))
    assert by_unit[-1] == by_field[-1]
    assert "Mô hình được công nhận: cấp xã 1.910, cấp huyện 200, cấp tỉnh 11, cấp trung ương 1." in full_text(document)


def test_the_narratives_are_gathered_unit_by_unit_intact(client, provincial, period):
    client.force_login(provincial)
    document = open_docx(download(client, period))
    paragraphs = [p for p in document.paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    results = texts.index("3- Kết quả các đơn vị báo cáo")
    assert texts[results + 1:results + 5] == [
        "Phường Thành Sen: [Dữ liệu mẫu] Ngôi nhà xanh tiết kiệm sinh thái.",
        "Xã Cẩm Bình: Mô hình “Rác thải về đúng chỗ” được nhân rộng & duy trì.",
        "Đã có 1.205 mô hình kinh tế.",
        "Xã Cẩm Xuyên: Ống tiền tiết kiệm của Hội LHPN các cấp.",
    ]
    lead = paragraphs[results + 1].runs[0]
    assert lead.text == "Phường Thành Sen: " and lead.bold and lead.italic
    shortcomings = texts.index("III- HẠN CHẾ VÀ NGUYÊN NHÂN")
    assert texts[shortcomings + 1:shortcomings + 3] == ["Xã Cẩm Bình: Một số mô hình chưa bền vững.",
                                                        "IV- NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"]
    proposals = texts.index("V- KIẾN NGHỊ, ĐỀ XUẤT")
    assert texts[proposals + 1:proposals + 3] == ["Phường Thành Sen: Tăng khen thưởng thi đua.",
                                                  "Xã Cẩm Bình: Đề nghị Tỉnh có bộ tiêu chí đánh giá cụ thể."]
    text = full_text(document)
    for unapproved in ("Chờ duyệt", "Trả lại", "Nháp"):
        assert f": {unapproved}" not in text
    assert "{{" not in text and "{%" not in text


def test_an_area_has_only_its_units(client, provincial, period, cam_xuyen):
    client.force_login(provincial)
    document = open_docx(download(client, period, area=cam_xuyen.pk))
    subject = [p.text for p in document.paragraphs if p.text][1]
    assert subject.endswith("trên địa bàn huyện Cẩm Xuyên")
    assert rows_of(document.tables[1])[1] == ["1", "Đơn vị phải báo cáo", "8", "100,0%"]
    by_unit = rows_of(document.tables[3])
    assert [row[1] for row in by_unit[1:-1]] == ["Xã Cẩm Bình", "Xã Cẩm Xuyên"]
    assert by_unit[-1][2:] == figures(approved_lines(period, CAM_XUYEN_COMMUNES))
    assert "Phường Thành Sen" not in full_text(document)


def test_a_period_with_nothing_approved_says_so(client, provincial, demo):
    period = period_around_today(year=2098)
    client.force_login(provincial)
    document = open_docx(download(client, period))
    text = full_text(document)
    assert "Chưa có báo cáo nào của kỳ này được duyệt." in text
    assert rows_of(document.tables[2])[-1] == ["", "Tổng cộng", "0", "0", "0", "0", "0"]
    assert [p.text for p in document.paragraphs].count("……") == 4  # each narrative section: a blank to fill


# persona -> status for (no area: their own, huyện Cẩm Xuyên, TP Hà Tĩnh, the province)
ACCESS = {
    "anonymous": (302, 302, 302, 302),
    "public": (404, 404, 404, 404),
    "xacambinh": (200, 404, 404, 404),
    "camxuyen": (200, 200, 404, 404),
    "thachha": (200, 404, 404, 404),
    "provincial": (200, 200, 200, 200),
    "admin_user": (200, 200, 200, 200),
}


@pytest.fixture
def public(demo):
    return make_user("dan-test")


@pytest.mark.parametrize("persona", list(ACCESS))
def test_only_for_areas_the_user_may_follow(request, persona, period, cam_xuyen, tp_ha_tinh, province):
    client = client_for(request, persona)
    statuses = tuple(download(client, period, **({"area": area.pk} if area else {})).status_code
                     for area in (None, cam_xuyen, tp_ha_tinh, province))
    assert statuses == ACCESS[persona]


def test_own_area_of_a_commune_officer(client, xacambinh, period):
    client.force_login(xacambinh)
    document = open_docx(download(client, period))
    assert [p.text for p in document.paragraphs if p.text][1].endswith("trên địa bàn xã Cẩm Bình")
    assert [row[1] for row in rows_of(document.tables[3])[1:-1]] == ["Xã Cẩm Bình"]
    assert "Phường Thành Sen" not in full_text(document) and "Xã Cẩm Xuyên" not in full_text(document)


@pytest.mark.parametrize("params", [{"period": "999999"}, {"period": "abc"}, {"area": "999999"}, {"area": "x"},
                                    {"area": "1e3"}, {"level": "nope"}])
def test_what_does_not_exist_is_a_404(client, provincial, period, params):
    client.force_login(provincial)
    assert client.get(URL, {"period": period.pk, **params}).status_code == 404


def test_pages_link_to_the_consolidated_report(client, provincial, period, cam_xuyen):
    client.force_login(provincial)
    completeness = client.get(reverse("reports:completeness"), {"period": period.pk, "area": cam_xuyen.pk})
    assert f'href="{URL}?period={period.pk}&amp;area={cam_xuyen.pk}"' in completeness.content.decode()
    listing = client.get(reverse("reports:report_list"), {"period": period.pk, "q": "cam"}).content.decode()
    assert f'href="{URL}?period={period.pk}"' in listing


def test_query_count(client, provincial, period, django_assert_num_queries):
    client.force_login(provincial)
    url = f"{URL}?period={period.pk}"
    # session, user with officer profile and scope unit, the data version and the scope (3: a first
    # view); the period with its kind (the filter), its reporting levels; the area is in scope; the
    # completeness summary; the units missing, returned or waiting; the fields with their sums; the
    # total; the approved reports with their units and sums; the governing body's name on the day
    expected = 6 + 2 + 1 + 6 + 1
    queries_for(client, url, django_assert_num_queries, expected)
    for code in ("18739", "18742", "18748", "18100", "18652"):
        filed(period, code, ReportStatus.APPROVED, {"kinh-te": (1, 1, 0, 0, 0, 0, 0, 0)}, results="Thêm")
    queries_for(client, url, django_assert_num_queries, expected)
