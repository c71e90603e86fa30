"""A unit's periodic report as each persona: entry prefilled from the registry, draft → submitted →
approved or returned, reopening, the entry window, optimistic locking, and every refusal with its
message and nothing saved."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import versioning
from models_registry.models import Field
from reports.models import PeriodicReport, ReportLine, ReportTransition
from tests.conftest import make_user, unit_2023
from tests.pages import PERSONAS, client_for
from tests.reports_data import as_first_view_after_a_write, period_around_today, report_post, report_url
from units.models import AdministrativeUnit

ALL_PERSONAS = [*PERSONAS, "xacambinh"]  # the commune officer too
pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the report pages could write."""
    return (
        sorted(PeriodicReport.objects.values_list("pk", "unit_id", "status", "version", "submitted_at", "is_late",
                                                  "entry_open_until", "results")),
        sorted(ReportLine.objects.values_list("pk", "report_id", "field_id", "in_operation", "recognised_province")),
        sorted(ReportTransition.objects.values_list("pk", "action", "comment")),
    )


@pytest.fixture
def period(demo):
    return period_around_today()


def client_of(request, persona):
    return client_for(request, persona)


def submit(client, period, unit, **changes):
    return client.post(report_url(period, unit), report_post(client, period, unit, "submit", **changes))


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


# --- who sees and writes what ------------------------------------------------------------------

# persona -> status of the report page of the 2025 xã Cẩm Bình and whether it offers the form
PAGE = {
    "anonymous": (302, None), "thachha": (404, None), "camxuyen": (200, True), "xacambinh": (200, True),
    "provincial": (200, True), "admin_user": (200, True),
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_report_page_is_scoped(request, persona, period, cam_binh_2025):
    response = client_of(request, persona).get(report_url(period, cam_binh_2025))
    status, editable = PAGE[persona]
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))
    if editable:
        assert response.context["editable"] and "Nộp báo cáo" in response.content.decode()


def test_the_form_is_prefilled_from_the_registry_and_shows_the_difference(client, xacambinh, period, cam_binh_2025):
    client.force_login(xacambinh)
    response = client.get(report_url(period, cam_binh_2025))
    rows = {row["field"].code: {cell["field"].name: cell for cell in row["cells"]} for row in response.context["rows"]}
    assert rows["kinh-te"]["in_operation"]["value"] == 2 and rows["kinh-te"]["exemplary_individuals"]["value"] == 1
    assert rows["kinh-te"]["in_operation"]["difference"] == 0
    body = response.content.decode()
    assert "sổ theo dõi: 2" in body
    data = report_post(client, period, cam_binh_2025, lines={("kinh-te", "in_operation"): 5})
    response = client.post(report_url(period, cam_binh_2025), data, follow=True)
    row = {row["field"].code: row for row in response.context["rows"]}["kinh-te"]
    assert row["cells"][0]["value"] == 5 and row["cells"][0]["difference"] == 3
    assert "(+3)" in response.content.decode()


def test_commune_officer_saves_a_draft_then_submits_on_time(client, xacambinh, period, cam_binh_2025):
    client.force_login(xacambinh)
    data = report_post(client, period, cam_binh_2025, lines={("kinh-te", "recognised_commune"): 2},
                       results="Duy trì 3 mô hình")
    response = client.post(report_url(period, cam_binh_2025), data)
    assert response.status_code == 302, (response.context["form"].errors, response.context["lines"].errors,
                                          response.context["lines"].non_form_errors())
    report = PeriodicReport.objects.get(unit=cam_binh_2025, period=period)
    assert (report.status, report.version, report.created_by, report.results) == ("draft", 1, xacambinh,
                                                                                 "Duy trì 3 mô hình")
    assert report.lines.count() == Field.objects.filter(is_active=True).count()
    assert report.lines.get(field__code="kinh-te").recognised_commune == 2
    response = submit(client, period, cam_binh_2025)
    report.refresh_from_db()
    assert (report.status, report.is_late, report.submitted_by, report.version) == ("submitted", False, xacambinh, 2)
    assert report.submitted_at is not None
    assert list(report.transitions.values_list("action", "from_status", "to_status")) == [
        ("submit", "draft", "submitted")]
    page = client.get(response["Location"])
    assert not page.context["editable"] and "đang chờ duyệt" in page.content.decode()


def test_submission_after_the_deadline_is_late(client, xacambinh, demo, cam_binh_2025):
    period = period_around_today(days_to_deadline=-2)
    client.force_login(xacambinh)
    submit(client, period, cam_binh_2025)
    report = PeriodicReport.objects.get(unit=cam_binh_2025, period=period)
    assert report.status == "submitted" and report.is_late


def test_entry_closes_after_deadline_and_grace(client, request, xacambinh, provincial, demo, cam_binh_2025):
    period = period_around_today(days_to_deadline=-10, grace=5)
    client.force_login(xacambinh)
    page = client.get(report_url(period, cam_binh_2025))
    assert not page.context["editable"]
    assert f"Đã quá hạn nhập số liệu kỳ {period}" in page.content.decode()
    before = snapshot()
    response = client.post(report_url(period, cam_binh_2025), {"action": "submit", "results": "x"})
    assert response.status_code == 200 and snapshot() == before
    assert "Đã quá hạn nhập số liệu kỳ" in str(response.context["form"].non_field_errors())


def test_province_reopens_entry_with_a_reason_and_the_submission_is_late(client, xacambinh, provincial, demo,
                                                                          cam_binh_2025):
    period = period_around_today(days_to_deadline=-10, grace=5)
    province = client_for_user(provincial)
    extend = report_url(period, cam_binh_2025, "extend")
    before = snapshot()
    response = province.post(extend, {"until": "", "comment": ""})
    assert response.status_code == 200 and snapshot() == before
    errors = response.context["review_forms"]["extend"].errors
    assert "Hãy ghi lý do mở lại việc nhập số liệu" in str(errors["comment"]) and errors["until"]
    until = timezone.localdate() + datetime.timedelta(days=3)
    response = province.post(extend, {"until": until.strftime("%d/%m/%Y"), "comment": "Xã mới thành lập"})
    assert response.status_code == 302
    report = PeriodicReport.objects.get(unit=cam_binh_2025, period=period)
    assert report.entry_open_until == until and report.status == "draft"
    assert report.transitions.get().comment == "Xã mới thành lập"
    client.force_login(xacambinh)
    submit(client, period, cam_binh_2025)
    report.refresh_from_db()
    assert report.status == "submitted" and report.is_late


@pytest.mark.parametrize("persona", ["xacambinh", "camxuyen"])
def test_local_officers_cannot_reopen_entry(request, persona, demo, cam_binh_2025):
    period = period_around_today(days_to_deadline=-10, grace=5)
    response = client_of(request, persona).post(report_url(period, cam_binh_2025, "extend"),
                                                {"until": "01/01/2099", "comment": "tự mở"})
    assert response.status_code == 403 and not PeriodicReport.objects.exists()


def client_for_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def submitted(client, xacambinh, period, cam_binh_2025):
    """The 2025 xã Cẩm Bình's report, submitted by its officer."""
    client.force_login(xacambinh)
    submit(client, period, cam_binh_2025)
    return PeriodicReport.objects.get(unit=cam_binh_2025, period=period)


def test_province_returns_with_a_comment_and_the_unit_corrects(client, provincial, submitted):
    province = client_for_user(provincial)
    url = report_url(submitted.period, submitted.unit, "return")
    before = snapshot()
    response = province.post(url, {"version": submitted.version, "comment": ""})
    assert response.status_code == 200 and snapshot() == before
    assert "Hãy ghi rõ đơn vị cần sửa" in str(response.context["review_forms"]["return"].errors["comment"])
    response = province.post(url, {"version": submitted.version, "comment": "Số mô hình kinh tế chưa khớp"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    first_submission = submitted.submitted_at
    assert submitted.status == "returned"
    page = client.get(report_url(submitted.period, submitted.unit))
    assert page.context["editable"] and "Số mô hình kinh tế chưa khớp" in page.content.decode()
    submit(client, submitted.period, submitted.unit, lines={("kinh-te", "in_operation"): 3})
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.submitted_at == first_submission
    assert list(submitted.transitions.values_list("action", flat=True)) == ["submit", "return", "submit"]


def test_province_approves_and_the_report_is_locked(client, provincial, submitted):
    province = client_for_user(provincial)
    page = province.get(report_url(submitted.period, submitted.unit))
    assert set(page.context["review_forms"]) == {"approve", "return"}
    response = province.post(report_url(submitted.period, submitted.unit, "approve"), {"version": submitted.version})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    before = snapshot()
    kinh_te = Field.objects.get(code="kinh-te")
    tampered = {"action": "save", "results": "sửa", "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
                "lines-0-field": kinh_te.pk, "lines-0-in_operation": "999"}
    response = client.post(report_url(submitted.period, submitted.unit), tampered)
    assert response.status_code == 200 and snapshot() == before
    assert "đã được duyệt và khóa" in str(response.context["form"].non_field_errors())
    assert "đã được duyệt và khóa" in response.content.decode()
    shown = {row["field"].code: row["cells"][0]["value"] for row in response.context["rows"]}
    assert shown["kinh-te"] == 2  # the figures as saved, not the refused ones


def test_reopening_an_approved_report_needs_a_reason_kept_in_history(client, provincial, submitted):
    province = client_for_user(provincial)
    province.post(report_url(submitted.period, submitted.unit, "approve"), {"version": submitted.version})
    submitted.refresh_from_db()
    url = report_url(submitted.period, submitted.unit, "reopen")
    before = snapshot()
    response = province.post(url, {"version": submitted.version, "comment": ""})
    assert response.status_code == 200 and snapshot() == before
    assert "Hãy ghi lý do mở lại" in str(response.context["review_forms"]["reopen"].errors["comment"])
    province.post(url, {"version": submitted.version, "comment": "Bổ sung số liệu quý IV"})
    submitted.refresh_from_db()
    assert submitted.status == "returned"
    assert submitted.history.first().history_change_reason == "mở lại: Bổ sung số liệu quý IV"
    page = client.get(report_url(submitted.period, submitted.unit))
    assert page.context["editable"] and "Bổ sung số liệu quý IV" in page.content.decode()


# persona -> status of approving the commune's submitted report
APPROVE = {"anonymous": 302, "thachha": 404, "camxuyen": 403, "xacambinh": 403, "provincial": 302,
           "admin_user": 302}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_the_province_approves(request, persona, submitted):
    response = client_of(request, persona).post(report_url(submitted.period, submitted.unit, "approve"),
                                                {"version": submitted.version})
    assert response.status_code == APPROVE[persona]
    submitted.refresh_from_db()
    assert (submitted.status == "approved") == (persona in ("provincial", "admin_user"))


@pytest.mark.parametrize("reviewer", ["provincial", "admin_user"])
def test_nobody_approves_their_own_submission(request, reviewer, period, cam_binh_2025, province):
    user = request.getfixturevalue(reviewer)
    own = client_for_user(user)
    submit(own, period, cam_binh_2025)
    report = PeriodicReport.objects.get(unit=cam_binh_2025, period=period)
    page = own.get(report_url(period, cam_binh_2025))
    assert page.context["review_forms"] == {} and "Bạn là người nộp báo cáo này" in page.content.decode()
    for step in ("approve", "return"):
        response = own.post(report_url(period, cam_binh_2025, step), {"version": report.version, "comment": "x"})
        assert response.status_code == 403
    other = client_for_user(make_user("tinh-2", province))
    assert other.post(report_url(period, cam_binh_2025, "approve"), {"version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"


def test_a_review_of_a_report_changed_since_is_refused(client, provincial, submitted):
    province = client_for_user(provincial)
    stale = submitted.version
    province.post(report_url(submitted.period, submitted.unit, "return"), {"version": stale, "comment": "Sửa lại"})
    submit(client, submitted.period, submitted.unit)  # the unit corrected and submitted again
    before = snapshot()
    response = province.post(report_url(submitted.period, submitted.unit, "approve"), {"version": stale})
    assert response.status_code == 200 and snapshot() == before
    assert str(versioning.STALE_MESSAGE) in str(response.context["review_forms"]["approve"].non_field_errors())


def test_two_officers_editing_at_once_the_second_is_refused(client, xacambinh, camxuyen, period, cam_binh_2025):
    client.force_login(xacambinh)
    client.post(report_url(period, cam_binh_2025), report_post(client, period, cam_binh_2025))
    district = client_for_user(camxuyen)
    theirs = report_post(district, period, cam_binh_2025, results="Huyện sửa")
    client.post(report_url(period, cam_binh_2025), report_post(client, period, cam_binh_2025, results="Xã sửa"))
    before = snapshot()
    response = district.post(report_url(period, cam_binh_2025), theirs)
    assert response.status_code == 200 and snapshot() == before
    assert str(versioning.STALE_MESSAGE) in str(response.context["form"].non_field_errors())


def test_a_second_report_for_the_same_unit_and_period_is_refused(client, xacambinh, camxuyen, period,
                                                                 cam_binh_2025):
    client.force_login(xacambinh)
    mine = report_post(client, period, cam_binh_2025, results="Bản của xã")
    district = client_for_user(camxuyen)
    district.post(report_url(period, cam_binh_2025), report_post(district, period, cam_binh_2025))
    before = snapshot()
    response = client.post(report_url(period, cam_binh_2025), mine)  # opened before the district created it
    assert response.status_code == 200 and snapshot() == before
    assert PeriodicReport.objects.filter(unit=cam_binh_2025, period=period).count() == 1


BAD_LINES = [
    ({("kinh-te", "in_operation"): "-1"}, "in_operation", "Nhập số mô hình từ 0 đến 1.000.000."),
    ({("kinh-te", "in_operation"): "abc"}, "in_operation", "Hãy nhập một số nguyên, ví dụ 12."),
    ({("kinh-te", "newly_registered"): "1000001"}, "newly_registered", "Nhập số mô hình từ 0 đến 1.000.000."),
    ({("kinh-te", "recognised_province"): "2", ("kinh-te", "recognised_commune"): "1"}, "in_operation",
     "Không được ít hơn số mô hình được công nhận (3)"),
]


@pytest.mark.parametrize(("lines", "name", "message"), BAD_LINES)
def test_bad_counts_are_refused_next_to_the_field(client, xacambinh, period, cam_binh_2025, lines, name, message):
    client.force_login(xacambinh)
    data = report_post(client, period, cam_binh_2025, "submit", lines=lines, results="Giữ lại")
    before = snapshot()
    response = client.post(report_url(period, cam_binh_2025), data)
    assert response.status_code == 200 and snapshot() == before
    row = {row["field"].code: row for row in response.context["rows"]}["kinh-te"]
    assert message in str(row["form"].errors[name])
    assert response.context["form"]["results"].value() == "Giữ lại"  # the rest of the input is kept


def test_a_line_removed_from_the_form_is_refused(client, xacambinh, period, cam_binh_2025):
    client.force_login(xacambinh)
    data = report_post(client, period, cam_binh_2025)
    data["lines-TOTAL_FORMS"] = "3"
    response = client.post(report_url(period, cam_binh_2025), data)
    assert response.status_code == 200 and not PeriodicReport.objects.exists()
    assert "Còn thiếu số liệu của: Xây dựng hệ thống chính trị" in str(response.context["lines"].non_form_errors())


def test_a_unit_not_due_cannot_report(client, camxuyen, period, cam_xuyen):
    client.force_login(camxuyen)
    page = client.get(report_url(period, cam_xuyen))  # huyện Cẩm Xuyên: the districts no longer report
    assert page.status_code == 200 and not page.context["editable"]
    assert "không thuộc diện báo cáo" in page.content.decode()
    response = client.post(report_url(period, cam_xuyen), {"action": "submit", "results": "x"})
    assert response.status_code == 200 and not PeriodicReport.objects.exists()


def test_unknown_period_or_unit_is_404(client, xacambinh, period, cam_binh_2025):
    client.force_login(xacambinh)
    assert client.get(reverse("reports:report", args=[period.pk + 1000, cam_binh_2025.pk])).status_code == 404
    assert client.get(reverse("reports:report", args=[period.pk, 2**63 + 5])).status_code == 404
    thach_ha = unit_2023("445")
    assert client.post(report_url(period, thach_ha), {"action": "save"}).status_code == 404


def test_history_and_workflow_are_shown(client, provincial, submitted):
    province = client_for_user(provincial)
    province.post(report_url(submitted.period, submitted.unit, "return"), {"version": submitted.version,
                                                                            "comment": "Thiếu kiến nghị"})
    body = province.get(report_url(submitted.period, submitted.unit)).content.decode()
    assert "Quá trình xử lý" in body and "Thiếu kiến nghị" in body and "Lịch sử thay đổi" in body
    assert AdministrativeUnit.objects.get(pk=submitted.unit_id).name in body
    assert submitted.history.count() == 3  # created (draft), submitted, returned


def test_report_page_query_count(client, xacambinh, provincial, submitted, django_assert_num_queries):
    url = report_url(submitted.period, submitted.unit)
    client.get(url)
    as_first_view_after_a_write()
    # session, user (with officer profile and scope unit), period, its levels, the data version and the
    # scope (subtree and whole links into it, three times as they reach further back, whole links out: 7),
    # the unit, its report, whether the report's area holds another report, the
    # registry's counts (the area as it stood on the cut-off: 6, the counts: 1), the report's fields (2),
    # its lines, the workflow, the history (report, lines), the objects the history names (user, unit,
    # period, field, the period's kind), the governing body.
    with django_assert_num_queries(34):
        assert client.get(url).status_code == 200


# step -> persona -> status of the approving level's step on the commune's report
STEPS = {
    "return": {"anonymous": 302, "thachha": 404, "camxuyen": 403, "xacambinh": 403, "provincial": 302,
               "admin_user": 302},
    "reopen": {"anonymous": 302, "thachha": 404, "camxuyen": 403, "xacambinh": 403, "provincial": 302,
               "admin_user": 302},
    "extend": {"anonymous": 302, "thachha": 404, "camxuyen": 403, "xacambinh": 403, "provincial": 302,
               "admin_user": 302},
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_each_review_step_is_the_provinces(request, persona, step, demo, cam_binh_2025, xacambinh):
    period = period_around_today(days_to_deadline=-10, grace=5) if step == "extend" else period_around_today()
    report = None
    if step != "extend":
        status = "approved" if step == "reopen" else "submitted"
        report = PeriodicReport.objects.create(period=period, unit=cam_binh_2025, status=status,
                                               submitted_at=timezone.now(), submitted_by=xacambinh)
    data = {"version": report.version if report else "", "comment": "Lý do",
            "until": f"{timezone.localdate():%d/%m/%Y}"}
    response = client_of(request, persona).post(report_url(period, cam_binh_2025, step), data)
    assert response.status_code == STEPS[step][persona]
    changed = PeriodicReport.objects.filter(transitions__action=step).exists()
    assert changed == (persona in ("provincial", "admin_user"))


def test_entry_does_not_open_before_the_period_starts(client, xacambinh, period, cam_binh_2025):
    period.start = timezone.localdate() + datetime.timedelta(days=1)
    period.cutoff = period.deadline = period.closes_on = period.start
    period.save()
    client.force_login(xacambinh)
    page = client.get(report_url(period, cam_binh_2025))
    assert not page.context["editable"] and "chưa nhập được số liệu" in page.content.decode()


def test_a_report_returned_after_entry_closed_can_still_be_corrected(client, xacambinh, provincial, demo,
                                                                     cam_binh_2025):
    period = period_around_today(days_to_deadline=-10, grace=5)
    report = PeriodicReport.objects.create(period=period, unit=cam_binh_2025, status="submitted",
                                           submitted_at=timezone.now(), submitted_by=xacambinh, is_late=True)
    client_for_user(provincial).post(report_url(period, cam_binh_2025, "return"),
                                     {"version": report.version, "comment": "Bổ sung"})
    report.refresh_from_db()
    assert report.entry_open_until == timezone.localdate() + datetime.timedelta(days=period.kind.grace_days)
    client.force_login(xacambinh)
    submit(client, period, cam_binh_2025)
    report.refresh_from_db()
    assert report.status == "submitted" and report.is_late


def test_reopening_entry_is_offered_only_once_entry_closed(provincial, demo, cam_binh_2025):
    province = client_for_user(provincial)
    open_period = period_around_today()
    assert province.get(report_url(open_period, cam_binh_2025)).context["review_forms"] == {}
    closed = period_around_today(days_to_deadline=-10, grace=5, year=2098)
    assert set(province.get(report_url(closed, cam_binh_2025)).context["review_forms"]) == {"extend"}
