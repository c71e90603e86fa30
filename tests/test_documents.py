"""Official documents (.docx, Hướng dẫn 36-HD/VPTW): the survey session's report and a model's
registration sheet, read back with python-docx; who may download which (scoping: 404 outside)."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import number_format

from documents import render as documents_render
from documents.render import party_date
from documents.template_sources import REGISTRATION_SHEET, SESSION_REPORT
from models_registry.models import Field, HostType, MobilizationModel
from surveys.models import Recommendation, SurveySession
from tests.docx_reading import assert_hd36_header, assert_hd36_page, cell_lines, full_text, is_bold, open_docx
from tests.pages import client_for, queries_for
from units.models import AdministrativeUnit

PERSONAS = ["anonymous", "commune", "camxuyen", "thachha", "provincial", "admin_user"]


def report_url(session):
    return reverse("documents:session_report", args=[session.pk])


def sheet_url(model):
    return reverse("documents:registration_sheet", args=[model.pk])


@pytest.mark.parametrize(("day", "expected"), [
    (datetime.date(2023, 6, 5), ("05", "6", "2023")),
    (datetime.date(2024, 2, 15), ("15", "02", "2024")),
    (datetime.date(2025, 1, 9), ("09", "01", "2025")),
    (datetime.date(2025, 12, 10), ("10", "12", "2025")),
    (datetime.date(2025, 3, 1), ("01", "3", "2025")),
])
def test_dates_are_padded_as_hd36_writes_them(day, expected):
    assert tuple(party_date(day).values()) == expected


@pytest.fixture
def cam_xuyen_session(cam_xuyen):
    return SurveySession.objects.get(unit=cam_xuyen)


def test_session_report_follows_hd36(client, provincial, cam_xuyen_session):
    client.force_login(provincial)
    document = open_docx(client.get(report_url(cam_xuyen_session)))
    assert_hd36_page(document)
    # 5/6/2023: the body was then the Ban Dân vận (BDVTU), not today's merged Ban.
    assert_hd36_header(document, "TỈNH ỦY HÀ TĨNH", "BAN DÂN VẬN", "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BDVTU",
                       "Hà Tĩnh, ngày 05 tháng 6 năm 2023")
    kind, subject = [p for p in document.paragraphs if p.text][:2]
    assert kind.text == "BÁO CÁO" and is_bold(kind) and {r.font.size.pt for r in kind.runs} == {16}
    assert subject.text == ("kết quả khảo sát, đánh giá phong trào thi đua “Dân vận khéo” tại huyện Cẩm Xuyên "
                            "giai đoạn 2008 – 2023") and is_bold(subject)


def test_session_report_tables_are_the_database_figures(client, provincial, cam_xuyen_session):
    client.force_login(provincial)
    document = open_docx(client.get(report_url(cam_xuyen_session)))
    counts = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in counts.rows]
    expected = [[str(number), c.field.name, number_format(c.count, force_grouping=True)]
                for number, c in enumerate(cam_xuyen_session.reported_counts.select_related("field"), start=1)]
    assert rows[1:-1] == expected
    assert rows[1][2] == "1.205" and rows[-1] == ["", "Tổng cộng", "3.372"]
    indicators = [[cell.text for cell in row.cells] for row in document.tables[2].rows][1:]
    assert indicators == [[str(n), f"{i.name} ({i.year})", i.value_text]
                          for n, i in enumerate(cam_xuyen_session.indicators.all(), start=1)]
    requests = [[cell.text for cell in row.cells] for row in document.tables[3].rows][1:]
    assert [row[1:3] for row in requests] == [[r.text, r.responsible]
                                             for r in cam_xuyen_session.recommendations.all()]
    assert len(requests) == 7


def test_session_report_keeps_the_vietnamese_text_intact(client, provincial, cam_xuyen_session):
    client.force_login(provincial)
    text = full_text(open_docx(client.get(report_url(cam_xuyen_session))))
    for expected in (
        "Ngày 05/6/2023, đoàn công tác Ban Chỉ đạo Phong trào thi đua “Dân vận khéo” tỉnh Hà Tĩnh do đồng chí "
        "Trương Thanh Huyền, Trưởng ban Dân vận Tỉnh ủy làm Trưởng đoàn",
        "Chủ trì buổi làm việc: Trưởng ban Dân vận Tỉnh ủy Trương Thanh Huyền; Phó Bí thư Thường trực Huyện ủy Cẩm "
        "Xuyên Hà Thị Việt Ánh.",
        cam_xuyen_session.summary, cam_xuyen_session.conclusion,
        "- Sản xuất nông nghiệp tuần hoàn (xã Cẩm Bình)",
        "- Bí thư Huyện ủy Cẩm Xuyên Nguyễn Văn Thành: Tỉnh cần có bộ tiêu chí cụ thể",
        "Nơi nhận:", "- Huyện ủy Cẩm Xuyên,", "TRƯỞNG ĐOÀN", "Trương Thanh Huyền",
    ):
        assert expected in text
    assert "{{" not in text and "{%" not in text


def test_a_2025_session_takes_the_merged_body_and_escapes_what_was_typed(client, provincial, cam_xuyen_session):
    session = cam_xuyen_session
    session.pk = None
    session.date = datetime.date(2025, 8, 1)
    session.unit = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))
    session.summary = "Thu & chi <b>rõ ràng</b>\x0b; “ngoặc” 'đơn'\n\nĐoạn hai"
    session.reported_total = 10
    session.save()
    Recommendation.objects.create(session=session, text="Báo cáo </w:t> kết quả", responsible="Đảng ủy xã Cẩm Bình",
                                  due_date=datetime.date(2025, 12, 31))
    client.force_login(provincial)
    document = open_docx(client.get(report_url(session)))
    assert_hd36_header(document, "TỈNH ỦY HÀ TĨNH", "BAN TUYÊN GIÁO VÀ DÂN VẬN",
                       "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTU", "Hà Tĩnh, ngày 01 tháng 8 năm 2025")
    text = full_text(document)
    assert "Thu & chi <b>rõ ràng</b>; “ngoặc” 'đơn'\nĐoạn hai" in text
    assert "Tổng số địa phương báo cáo (10) khác tổng số mô hình theo lĩnh vực." in text
    assert ["1", "Báo cáo </w:t> kết quả", "Đảng ủy xã Cẩm Bình", "31/12/2025"] == [
        c.text for c in document.tables[-2].rows[1].cells]
    assert "(để báo cáo)" in text and "- Đảng ủy xã Cẩm Bình," in text


# persona -> may download the report of (the Cẩm Xuyên session, the TP Hà Tĩnh session)
REPORTS = {
    "anonymous": (302, 302),
    "commune": (404, 404),
    "camxuyen": (200, 404),
    "thachha": (404, 404),
    "provincial": (200, 200),
    "admin_user": (200, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_session_report_only_for_who_may_see_the_session(request, persona, cam_xuyen, tp_ha_tinh):
    client = client_for(request, persona)
    statuses = tuple(client.get(report_url(SurveySession.objects.get(unit=unit))).status_code
                     for unit in (cam_xuyen, tp_ha_tinh))
    assert statuses == REPORTS[persona]
    if persona == "anonymous":
        assert client.get(report_url(SurveySession.objects.get(unit=cam_xuyen)))["Location"].startswith(
            reverse("login"))


@pytest.fixture
def draft(cam_xuyen):
    """A draft of the Cẩm Xuyên officer's, with two of its items filled in."""
    return MobilizationModel.objects.create(
        name="Dân vận khéo “chuyển đổi số” ở Cẩm Xuyên", unit=cam_xuyen, field=Field.objects.get(code="kinh-te"),
        host_type=HostType.YOUTH, host_name="Huyện đoàn Cẩm Xuyên", year_started=2021,
        rationale="Người dân còn ngại dùng dịch vụ công trực tuyến.\nCán bộ trẻ có thể hướng dẫn tận nhà.",
        outputs="1.250 hồ sơ trực tuyến; 50,5% hộ dùng ví điện tử",
    )


def test_registration_sheet_has_the_ten_items(client, camxuyen, draft):
    client.force_login(camxuyen)
    document = open_docx(client.get(sheet_url(draft)))
    assert_hd36_page(document)
    today = party_date(datetime.date.today())
    assert_hd36_header(document, "TỈNH ỦY HÀ TĨNH", "BAN TUYÊN GIÁO VÀ DÂN VẬN", None,
                       f"Hà Tĩnh, ngày {today['day']} tháng {today['month']} năm {today['year']}")
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:2] == ["PHIẾU ĐĂNG KÝ", "mô hình “Dân vận khéo”"]
    headings = [text for text in paragraphs if re.match(r"\d+- ", text)]
    assert headings == [
        "1- Tên mô hình: Dân vận khéo “chuyển đổi số” ở Cẩm Xuyên", "2- Thực trạng, lý do xây dựng:",
        "3- Mục tiêu, tiêu chí:", "4- Nội dung, cách thức thực hiện:", "5- Địa bàn, đối tượng:",
        "6- Lực lượng thực hiện:", "7- Nguồn lực:", "8- Thời gian thực hiện:", "9- Sản phẩm, kết quả đầu ra:",
        "10- Khả năng duy trì, nhân rộng:",
    ]
    after = paragraphs.index("2- Thực trạng, lý do xây dựng:")
    assert paragraphs[after + 1:after + 3] == ["Người dân còn ngại dùng dịch vụ công trực tuyến.",
                                               "Cán bộ trẻ có thể hướng dẫn tận nhà."]
    assert paragraphs[paragraphs.index("9- Sản phẩm, kết quả đầu ra:") + 1] == draft.outputs
    assert paragraphs[paragraphs.index("3- Mục tiêu, tiêu chí:") + 1] == "……"  # left empty: a blank to fill
    assert "Chủ thể thực hiện: Huyện đoàn Cẩm Xuyên" in paragraphs
    assert "Đơn vị: Huyện Cẩm Xuyên, Tỉnh Hà Tĩnh" in paragraphs and "Năm bắt đầu: 2021" in paragraphs
    assert cell_lines(document.tables[-1].rows[0].cells[1])[:2] == ["ĐẠI DIỆN ĐƠN VỊ ĐĂNG KÝ",
                                                                     "(Ký, ghi rõ họ tên, đóng dấu)"]


# persona -> may download the sheet of (a published model, the Cẩm Xuyên draft): as its page
SHEETS = {
    "anonymous": (200, 404),
    "commune": (200, 404),
    "camxuyen": (200, 200),
    "thachha": (200, 404),
    "provincial": (200, 200),
    "admin_user": (200, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_registration_sheet_only_for_who_may_see_the_model(request, persona, draft):
    client = client_for(request, persona)
    published = MobilizationModel.objects.get(name="Ngân hàng máu sống cứu người")
    assert (client.get(sheet_url(published)).status_code, client.get(sheet_url(draft)).status_code) == SHEETS[persona]


def test_pages_link_to_their_documents(client, provincial, cam_xuyen_session, draft):
    client.force_login(provincial)
    session_page = client.get(reverse("surveys:session_detail", args=[cam_xuyen_session.pk])).content.decode()
    assert f'href="{report_url(cam_xuyen_session)}"' in session_page
    assert f'href="{sheet_url(draft)}"' in client.get(draft.get_absolute_url()).content.decode()


def test_document_query_counts(client, provincial, cam_xuyen_session, draft, django_assert_num_queries):
    client.force_login(provincial)
    # session, user with officer profile and scope unit, the data version and the scope (subtree,
    # whole successions into it and out of it: a first view); the session with its unit; counts
    # with fields, their sum, recommendations, indicators, proposals, visited models with units,
    # the governing body's name on the day
    queries_for(client, report_url(cam_xuyen_session), django_assert_num_queries, 6 + 1 + 7)
    for number in range(5):
        Recommendation.objects.create(session=cam_xuyen_session, text=f"Đề nghị {number}", responsible="Xã")
    cam_xuyen_session.visited_models.add(*MobilizationModel.objects.all())
    queries_for(client, report_url(cam_xuyen_session), django_assert_num_queries, 6 + 1 + 7)
    # session, user with officer profile and scope unit, the data version and the scope (3); the
    # model with field, unit and parent; the governing body's name on the day
    queries_for(client, sheet_url(draft), django_assert_num_queries, 6 + 1 + 1)


def test_the_build_command_writes_the_templates_the_same_each_time(tmp_path, client, provincial,
                                                                   cam_xuyen_session, monkeypatch):
    call_command("build_document_templates", output=tmp_path / "a", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("build_document_templates", output=tmp_path / "b", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for name in (SESSION_REPORT, REGISTRATION_SHEET):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    # What the command writes is what the downloads are made from.
    monkeypatch.setattr(documents_render, "TEMPLATE_DIR", tmp_path / "a")
    client.force_login(provincial)
    assert_hd36_page(open_docx(client.get(report_url(cam_xuyen_session))))
