"""Issue 11's "Bad input", each refusal as every persona it concerns: the commune officer (the 2025
xã Cẩm Bình), the district officer of the old structure (huyện Cẩm Xuyên, whose scope reaches the
communes it became), an officer of another district (Thạch Hà), the provincial officer, an admin and
the public. Each refusal says why in Vietnamese (next to the field, or above the form), or is a
403/404 for access, and nothing is saved. (tests/test_reports_pages.py has the allowed paths and
the refusals it showed for one persona; this file the rest of the persona × refusal table.)"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import PeriodicReport, ReportStatus
from tests.pages import client_for
from tests.reports_data import period_around_today, report_post, report_url
from tests.test_reports_pages import snapshot
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

# Those whose scope reaches the 2025 xã Cẩm Bình: they may write its report.
WRITERS = ["xacambinh", "camxuyen", "provincial", "admin_user"]
EVERYONE = ["anonymous", "thachha", *WRITERS]
LOCKED = "Báo cáo đã được duyệt và khóa: chỉ cấp duyệt mới mở lại được."
WAITING = "Báo cáo đã nộp và đang chờ duyệt: không sửa được nữa."


@pytest.fixture
def period(demo):
    return period_around_today()


def submit(client, period, unit):
    return client.post(report_url(period, unit), report_post(client, period, unit, "submit"))


def blind_post():
    """What a tampered or stale form would send: a save with one line, no version."""
    return {"action": "submit", "results": "sửa", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"}


# persona -> the answer to submitting the 2025 xã Cẩm Bình's report
SUBMIT = {"anonymous": 302, "thachha": 404, "xacambinh": 302, "camxuyen": 302, "provincial": 302, "admin_user": 302}


@pytest.mark.parametrize("persona", EVERYONE)
def test_submitting_as_each_persona(request, persona, period, cam_binh_2025):
    client = client_for(request, persona)
    if persona in WRITERS:
        response = submit(client, period, cam_binh_2025)
        report = PeriodicReport.objects.get()
        assert (report.status, report.submitted_by) == (ReportStatus.SUBMITTED, request.getfixturevalue(persona))
    else:
        response = client.post(report_url(period, cam_binh_2025), blind_post())
        assert not PeriodicReport.objects.exists()
    assert response.status_code == SUBMIT[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["xacambinh", "commune"])
def test_a_commune_officer_cannot_submit_another_communes_report(request, persona, period, cam_binh_2025):
    """xã Cẩm Xuyên (2025) for the officer of xã Cẩm Bình; xã Cẩm Bình for the officer of the 2023
    thị trấn Cẩm Xuyên (whose scope reaches the 2025 xã Cẩm Xuyên it went into, not its neighbour)."""
    other = cam_binh_2025 if persona == "commune" else AdministrativeUnit.objects.get(
        code="18673", valid_from=cam_binh_2025.valid_from)
    client = client_for(request, persona)
    assert client.get(report_url(period, other)).status_code == 404
    assert client.post(report_url(period, other), blind_post()).status_code == 404
    assert not PeriodicReport.objects.exists()


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
@pytest.mark.parametrize("persona", WRITERS)
def test_a_submitted_or_locked_report_is_not_edited_by_anyone(request, persona, status, period, cam_binh_2025,
                                                               xacambinh):
    PeriodicReport.objects.create(period=period, unit=cam_binh_2025, status=status, submitted_at=timezone.now(),
                                  submitted_by=xacambinh, results="Bản đã nộp")
    client = client_for(request, persona)
    page = client.get(report_url(period, cam_binh_2025))
    message = LOCKED if status == ReportStatus.APPROVED else WAITING
    assert not page.context["editable"] and message in page.content.decode()
    before = snapshot()
    response = client.post(report_url(period, cam_binh_2025), blind_post())
    assert response.status_code == 200 and snapshot() == before
    assert message in str(response.context["form"].non_field_errors())


@pytest.mark.parametrize("persona", WRITERS)
def test_entry_after_the_window_closed_is_refused_to_everyone(request, persona, demo, cam_binh_2025):
    period = period_around_today(days_to_deadline=-10, grace=5)
    client = client_for(request, persona)
    closed = f"Đã quá hạn nhập số liệu kỳ {period} (hạn cuối ngày {period.closes_on:%d/%m/%Y}"
    assert closed in client.get(report_url(period, cam_binh_2025)).content.decode()
    response = client.post(report_url(period, cam_binh_2025), blind_post())
    assert response.status_code == 200 and not PeriodicReport.objects.exists()
    assert closed in str(response.context["form"].non_field_errors())


def test_reopened_entry_lapses_after_its_day(client, xacambinh, demo, cam_binh_2025):
    period = period_around_today(days_to_deadline=-10, grace=5)
    PeriodicReport.objects.create(period=period, unit=cam_binh_2025,
                                  entry_open_until=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(xacambinh)
    before = snapshot()
    response = client.post(report_url(period, cam_binh_2025), blind_post())
    assert response.status_code == 200 and snapshot() == before
    assert "Đã quá hạn nhập số liệu kỳ" in str(response.context["form"].non_field_errors())


@pytest.mark.parametrize("persona", ["camxuyen", "provincial", "admin_user"])
def test_a_unit_not_due_is_refused_to_everyone_who_reaches_it(request, persona, period, cam_xuyen):
    """Huyện Cẩm Xuyên no longer reports (the communes of 1/7/2025 do): no entry, no review step."""
    client = client_for(request, persona)
    page = client.get(report_url(period, cam_xuyen))
    assert not page.context["editable"] and "không thuộc diện báo cáo kỳ" in page.content.decode()
    response = client.post(report_url(period, cam_xuyen), blind_post())
    assert response.status_code == 200 and "không thuộc diện báo cáo kỳ" in str(
        response.context["form"].non_field_errors())
    closed = period_around_today(days_to_deadline=-10, grace=5, year=2098)
    extend = client.post(report_url(closed, cam_xuyen, "extend"), {"until": "01/01/2099", "comment": "Mở lại"})
    assert extend.status_code == 403
    assert not PeriodicReport.objects.exists()


@pytest.mark.parametrize("reviewer", ["provincial", "admin_user"])
def test_nobody_reopens_a_report_they_submitted(request, reviewer, period, cam_binh_2025):
    user = request.getfixturevalue(reviewer)
    PeriodicReport.objects.create(period=period, unit=cam_binh_2025, status=ReportStatus.APPROVED,
                                  submitted_at=timezone.now(), submitted_by=user)
    report = PeriodicReport.objects.get()
    before = snapshot()
    response = client_for(request, reviewer).post(report_url(period, cam_binh_2025, "reopen"),
                                                  {"version": report.version, "comment": "Tự mở lại"})
    assert response.status_code == 403 and snapshot() == before
    other = client_for(request, "provincial" if reviewer == "admin_user" else "admin_user")
    assert other.post(report_url(period, cam_binh_2025, "reopen"),
                      {"version": report.version, "comment": "Bổ sung"}).status_code == 302


# step -> the report's state in which the step makes no sense, and the message
WRONG_STATE = {
    "approve": (ReportStatus.DRAFT, "Chỉ duyệt được báo cáo đã nộp."),
    "return": (ReportStatus.APPROVED, "Chỉ trả lại được báo cáo đã nộp."),
    "reopen": (ReportStatus.SUBMITTED, "Chỉ mở lại được báo cáo đã duyệt."),
}


@pytest.mark.parametrize("step", WRONG_STATE)
@pytest.mark.parametrize("persona", ["provincial", "admin_user"])
def test_a_step_the_reports_state_does_not_allow_is_refused_with_its_reason(request, persona, step, period,
                                                                            cam_binh_2025, xacambinh):
    status, message = WRONG_STATE[step]
    submitted = status != ReportStatus.DRAFT
    report = PeriodicReport.objects.create(period=period, unit=cam_binh_2025, status=status,
                                           submitted_at=timezone.now() if submitted else None,
                                           submitted_by=xacambinh if submitted else None)
    before = snapshot()
    response = client_for(request, persona).post(report_url(period, cam_binh_2025, step),
                                                 {"version": report.version, "comment": "Lý do"})
    assert response.status_code == 200 and snapshot() == before
    assert message in response.content.decode()


@pytest.mark.parametrize("persona", EVERYONE)
def test_a_period_that_does_not_exist(request, persona, period, cam_binh_2025):
    """Its report page is not found; the list and completeness pages say so next to the period."""
    client = client_for(request, persona)
    missing = period.pk + 1000
    response = client.get(reverse("reports:report", args=[missing, cam_binh_2025.pk]))
    assert response.status_code == (302 if persona == "anonymous" else 404)
    for name in ("reports:report_list", "reports:completeness"):
        for value in (str(missing), "năm-2026", "-1"):
            response = client.get(reverse(name), {"period": value})
            if persona == "anonymous":
                assert response.status_code == 302
                continue
            assert response.status_code == 200
            assert "Hãy chọn một kỳ báo cáo trong danh sách." in str(
                response.context["filterset"].form.errors["period"])
    assert not PeriodicReport.objects.exists()

