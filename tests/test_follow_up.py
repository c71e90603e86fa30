"""Follow-up of conclusions and requests (/theo-doi/): who sees which request, who updates it
(the officers of the unit it is addressed to, and the province), progress notes and history,
filters, the XLSX export; a due date before the session is refused."""

import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from core.history import history_rows
from surveys.models import FollowUpStatus, ProgressNote, Recommendation, SurveySession
from tests.conftest import unit_2023
from tests.pages import client_for, queries_for, snapshot
from tests.test_foundation_admin import session_post_data
from tests.test_pages_surveys import edit_post, formset

LIST = reverse("surveys:follow_up_list")
PERSONAS = ["anonymous", "commune", "camxuyen", "thachha", "provincial", "admin_user"]


def detail(recommendation):
    return reverse("surveys:follow_up_detail", args=[recommendation.pk])


@pytest.fixture
def requests_(demo, cam_xuyen, tp_ha_tinh, thach_ha):
    """The demo's requests (Cẩm Xuyên's addressed to huyện Cẩm Xuyên, TP Hà Tĩnh's to the city),
    and two more in the Cẩm Xuyên session: one to thị trấn Cẩm Xuyên, overdue since 1/7/2023;
    one to huyện Thạch Hà, due in 2099."""
    session = SurveySession.objects.get(unit=cam_xuyen)
    return {
        "cam_xuyen": session.recommendations.order_by("order").first(),
        "commune": Recommendation.objects.create(
            session=session, text="Rà soát mô hình của thị trấn", responsible="Đảng ủy thị trấn Cẩm Xuyên",
            responsible_unit=unit_2023("18673", "commune"), due_date=datetime.date(2023, 7, 1), order=8),
        "thach_ha": Recommendation.objects.create(
            session=session, text="Trao đổi kinh nghiệm với Thạch Hà", responsible_unit=thach_ha,
            due_date=datetime.date(2099, 12, 31), order=9),
        "tp_ha_tinh": SurveySession.objects.get(unit=tp_ha_tinh).recommendations.first(),
    }


SEES = {"commune": 1, "camxuyen": 9, "thachha": 1, "provincial": 14, "admin_user": 14}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_the_requests_of_visible_sessions_and_those_addressed_to_the_area(request, persona, requests_):
    response = client_for(request, persona).get(LIST)
    if persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        return
    assert response.context["paginator"].count == SEES[persona]
    shown = {r.pk for r in response.context["recommendations"]}
    assert (requests_["commune"].pk in shown) == (persona != "thachha")
    assert (requests_["thach_ha"].pk in shown) == (persona in ("camxuyen", "thachha", "provincial", "admin_user"))


# persona -> status of a follow-up POST to (Cẩm Xuyên's, the commune's, Thạch Hà's, TP Hà Tĩnh's)
UPDATES = {
    "anonymous": (302, 302, 302, 302),
    "commune": (404, 302, 404, 404),
    "camxuyen": (302, 302, 403, 404),
    "thachha": (404, 404, 302, 404),
    "provincial": (302, 302, 302, 302),
    "admin_user": (302, 302, 302, 302),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_responsible_units_officers_update_their_own_requests(request, persona, requests_):
    client = client_for(request, persona)
    for key, expected in zip(("cam_xuyen", "commune", "thach_ha", "tp_ha_tinh"), UPDATES[persona], strict=True):
        recommendation = requests_[key]
        page = client.get(detail(recommendation))
        # Its page: to whoever may see the request (the form only to who may update it), else 404.
        assert page.status_code == {302: 302 if persona == "anonymous" else 200, 403: 200, 404: 404}[expected]
        if page.status_code == 200:
            assert ('name="note"' in page.content.decode()) == (expected == 302)
        before = snapshot()
        response = client.post(detail(recommendation), {"status": "in_progress", "note": "Đã triển khai đợt 1"})
        assert response.status_code == expected, key
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("login"))
        recommendation.refresh_from_db()
        if expected == 302 and persona != "anonymous":
            assert recommendation.follow_up_status == FollowUpStatus.IN_PROGRESS
            assert recommendation.progress_notes.get().text == "Đã triển khai đợt 1"
        else:
            assert snapshot() == before, key


def test_district_officer_updates_a_request_to_huyen_uy_and_the_province_sees_the_history(
        client, camxuyen, provincial, requests_):
    recommendation = requests_["cam_xuyen"]
    client.force_login(camxuyen)
    page = client.get(detail(recommendation)).content.decode()
    assert 'name="status"' in page and 'name="note"' in page
    response = client.post(detail(recommendation), {"status": "in_progress", "note": "Đã rà soát 120 mô hình."},
                           follow=True)
    assert "Đã lưu tình hình thực hiện." in response.content.decode()
    client.post(detail(recommendation), {"status": "done", "note": ""})
    client.post(detail(recommendation), {"status": "done", "note": "Báo cáo kết quả gửi Ban."})
    recommendation.refresh_from_db()
    assert recommendation.follow_up_status == FollowUpStatus.DONE
    notes = list(recommendation.progress_notes.values_list("text", "status", "created_by"))
    assert notes == [("Đã rà soát 120 mô hình.", "in_progress", camxuyen.pk),
                     ("Báo cáo kết quả gửi Ban.", "done", camxuyen.pk)]
    changes = [(row["user"], [c["after"] for c in row["changes"]]) for row in history_rows(recommendation)
               if row["type"] == "~"]
    assert changes == [(camxuyen, ["đã hoàn thành"]), (camxuyen, ["đang thực hiện"])]
    client.force_login(provincial)
    page = client.get(detail(recommendation)).content.decode()
    assert "Đã rà soát 120 mô hình." in page and "Báo cáo kết quả gửi Ban." in page
    assert "camxuyen-test" in page and "Lịch sử thay đổi (3)" in page
    assert 'name="note"' in page  # the province follows up too


def test_nothing_to_save_and_a_bad_status_are_refused_with_a_message(client, camxuyen, requests_):
    recommendation = requests_["cam_xuyen"]
    client.force_login(camxuyen)
    before = snapshot()
    response = client.post(detail(recommendation), {"status": "open", "note": "  "})
    assert response.status_code == 200
    assert "Chưa có gì để lưu: hãy đổi tình hình thực hiện hoặc viết ghi chú tiến độ." in response.content.decode()
    response = client.post(detail(recommendation), {"status": "finished", "note": "Ghi chú giữ lại"})
    body = response.content.decode()
    assert response.status_code == 200 and "Ghi chú giữ lại" in body and "Hãy chọn một lựa chọn hợp lệ" in body
    assert snapshot() == before


def test_a_due_date_before_the_session_is_refused(client, provincial, requests_, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    client.force_login(provincial)
    url = reverse("surveys:session_edit", args=[session.pk])
    before = snapshot()
    data = edit_post(session, **formset("recommendations", [
        {"text": "Hạn sai", "due_date": "04/06/2023", "follow_up_status": "open"}]))
    response = client.post(url, data)
    assert "Thời hạn không được trước ngày khảo sát (05/06/2023)." in response.content.decode()
    # Moving the session after a due date it has is refused too, by the same check.
    recs = list(session.recommendations.order_by("order", "pk"))
    rows = [{"id": r.pk, "text": r.text, "due_date": r.due_date.strftime("%d/%m/%Y") if r.due_date else "",
             "follow_up_status": r.follow_up_status} for r in recs]
    data = edit_post(session, date="02/07/2023", **formset("recommendations", rows, len(rows)))
    response = client.post(url, data)
    assert "Thời hạn không được trước ngày khảo sát (02/07/2023)." in response.content.decode()
    assert snapshot() == before
    # On its own day it is accepted.
    data = edit_post(session, **formset("recommendations", [{**rows[0], "due_date": "05/06/2023"}], 1))
    assert client.post(url, data).status_code == 302
    assert session.recommendations.get(pk=rows[0]["id"]).due_date == datetime.date(2023, 6, 5)


def test_filters_unit_status_overdue_session_and_due_dates(client, provincial, requests_, cam_xuyen, tp_ha_tinh):
    client.force_login(provincial)

    def shown(**params):
        return {r.pk for r in client.get(LIST, params).context["recommendations"]}

    assert shown(overdue="1") == {requests_["commune"].pk}
    assert shown(unit=unit_2023("18673", "commune").pk) == {requests_["commune"].pk}
    in_cam_xuyen = shown(unit=cam_xuyen.pk)
    assert len(in_cam_xuyen) == 8 and requests_["thach_ha"].pk not in in_cam_xuyen
    assert len(shown(session=SurveySession.objects.get(unit=tp_ha_tinh).pk)) == 5
    assert shown(due_from="01/01/2024") == {requests_["thach_ha"].pk}
    assert shown(due_to="31/12/2023") == {requests_["commune"].pk}
    requests_["tp_ha_tinh"].follow_up_status = FollowUpStatus.DONE
    requests_["tp_ha_tinh"].save()
    assert shown(status="done") == {requests_["tp_ha_tinh"].pk}
    response = client.get(LIST, {"due_from": "31/02/2025"})
    assert "Nhập một ngày hợp lệ." in response.content.decode()


def test_export_is_the_filtered_list_with_notes_and_no_live_formula(client, camxuyen, requests_):
    recommendation = requests_["commune"]
    ProgressNote.objects.create(recommendation=recommendation, text="=HYPERLINK(\"http://x\",\"y\")",
                                status="in_progress", created_by=camxuyen)
    client.force_login(camxuyen)
    response = client.get(LIST, {"overdue": "1", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("TT", "Buổi khảo sát") and len(rows) == 2
    assert rows[1][4:9] == ("Rà soát mô hình của thị trấn", "Đảng ủy thị trấn Cẩm Xuyên",
                            datetime.datetime(2023, 7, 1), "chưa thực hiện", "Có")
    assert rows[1][9].endswith('(camxuyen-test): =HYPERLINK("http://x","y")')
    assert sheet.cell(row=2, column=10).data_type == "s"


def test_session_page_links_each_request_to_its_follow_up(client, provincial, requests_, cam_xuyen):
    client.force_login(provincial)
    page = client.get(reverse("surveys:session_detail", args=[requests_["commune"].session_id])).content.decode()
    assert f'href="{detail(requests_["commune"])}"' in page and "Đảng ủy thị trấn Cẩm Xuyên" in page


def test_follow_up_query_counts(client, camxuyen, requests_, django_assert_num_queries):
    client.force_login(camxuyen)
    # session, user with officer profile and scope unit; the data version and Cẩm Xuyên's scope
    # (4: its subtree, whole successions into it, out of it in two steps: a first view); count, the
    # page of requests with session, unit, responsible unit, may-update and session-visible, their
    # progress notes with authors, the governing body's name (header), the data version again and
    # the session filter's sessions (the filter form's fields, kept once rendered)
    expected = 7 + 6
    queries_for(client, LIST, django_assert_num_queries, expected)
    for number in range(20):
        recommendation = Recommendation.objects.create(session=requests_["commune"].session, text=f"Thêm {number}",
                                                       responsible_unit=requests_["commune"].responsible_unit)
        ProgressNote.objects.create(recommendation=recommendation, text="Ghi chú", status="open")
    queries_for(client, LIST, django_assert_num_queries, expected)
    # session, user with officer profile and scope unit, the data version and the scope (4); the
    # request with session and units; may update; its notes; its change history (1) and the
    # session and units it names (2); session visible; the governing body's name
    queries_for(client, detail(requests_["commune"]), django_assert_num_queries, 7 + 1 + 1 + 1 + 3 + 1 + 1)


def test_the_database_refuses_a_due_date_before_the_session(requests_):
    """For writes that skip the forms (a trigger, on both databases)."""
    recommendation = requests_["cam_xuyen"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).update(due_date=datetime.date(2023, 6, 4))
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(session=recommendation.session, text="Sai hạn",
                                      due_date=datetime.date(2020, 1, 1))
    Recommendation.objects.filter(pk=recommendation.pk).update(due_date=datetime.date(2023, 6, 5))  # its day: fine


def test_the_admin_says_so_beside_the_due_date(admin_client, requests_):
    session = requests_["cam_xuyen"].session
    url = reverse("admin:surveys_surveysession_change", args=[session.pk])
    data = session_post_data(session, [1205, 1427, 425, 315], 3372)
    data.update({"recommendations-TOTAL_FORMS": "1", "recommendations-0-session": session.pk,
                 "recommendations-0-order": "1", "recommendations-0-text": "Hạn sai",
                 "recommendations-0-due_date": "04/06/2023", "recommendations-0-follow_up_status": "open"})
    before = snapshot()
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Thời hạn không được trước ngày khảo sát (05/06/2023)." in response.content.decode()
    assert snapshot() == before
    data["recommendations-0-due_date"] = "05/06/2023"
    assert admin_client.post(url, data).status_code == 302
    assert session.recommendations.get(text="Hạn sai").due_date == datetime.date(2023, 6, 5)
