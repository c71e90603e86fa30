"""The report list and the completeness page: scoped rows per persona, the numbers against a direct
computation on seeded random data, filters by area and level, the missing units with their
officers, CSV/XLSX through the safe writer, and constant query counts."""

import csv
import datetime
import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from models_registry.models import Field
from reports.due import due_units
from reports.models import PeriodicReport, PeriodLevel, ReportLine, ReportStatus
from tests.conftest import make_user
from tests.pages import client_for
from tests.reports_data import as_first_view_after_a_write, period_around_today, period_of
from units.models import AdministrativeUnit, OfficerProfile, UnitLevel

pytestmark = pytest.mark.django_db
LIST = reverse("reports:report_list")
COMPLETENESS = reverse("reports:completeness")
PERSONAS = ["anonymous", "camxuyen", "thachha", "xacambinh", "provincial", "admin_user"]
# persona -> the 2025 communes and wards (codes) whose reports they follow
SEES = {
    "camxuyen": {"18673", "18676", "18682", "18685", "18736", "18739", "18742", "18748"},
    "thachha": {"18652"},
    "xacambinh": {"18685"},
    "provincial": {"18673", "18676", "18682", "18685", "18736", "18739", "18742", "18748", "18073", "18100",
                   "18652"},
}
SEES["admin_user"] = SEES["provincial"]


@pytest.fixture
def period(demo):
    return period_around_today()


def report(period, unit, status, late=False, sample=False):
    submitted = None if status == ReportStatus.DRAFT else timezone.now()
    return PeriodicReport.objects.create(period=period, unit=unit, status=status, submitted_at=submitted,
                                         is_late=late and submitted is not None, is_sample=sample)


@pytest.mark.parametrize("persona", PERSONAS)
def test_report_list_shows_the_due_units_in_scope(request, persona, period):
    response = client_for(request, persona).get(LIST, {"period": period.pk})
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert {unit.code for unit in response.context["units"]} == SEES[persona]


def test_report_list_defaults_to_the_open_period_and_filters_by_status_and_name(client, provincial, period):
    new_cam_binh = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))
    report(period, new_cam_binh, ReportStatus.SUBMITTED, late=True)
    client.force_login(provincial)
    response = client.get(LIST)
    assert response.context["period"] == period
    assert [u.code for u in client.get(LIST, {"status": "late"}).context["units"]] == ["18685"]
    assert len(client.get(LIST, {"status": "missing"}).context["units"]) == 10
    assert [u.name for u in client.get(LIST, {"q": "cam binh"}).context["units"]] == ["Xã Cẩm Bình"]
    assert "nộp muộn" in client.get(LIST, {"status": "late"}).content.decode()


def test_both_pages_show_their_filters(client, provincial, period):
    client.force_login(provincial)
    for url, names in ((LIST, ["period", "area", "level", "status", "q"]), (COMPLETENESS, ["period", "area", "level"])):
        page = client.get(url, {"period": period.pk}).content.decode()
        assert all(f'name="{name}"' in page for name in names), url
        assert f'<option value="{period.pk}" selected>Năm 2099</option>' in page


def test_a_period_that_does_not_exist_is_refused_next_to_the_field(client, provincial, period):
    client.force_login(provincial)
    for url in (LIST, COMPLETENESS):
        response = client.get(url, {"period": "999999"})
        assert response.status_code == 200
        assert "Hãy chọn một kỳ báo cáo trong danh sách." in str(response.context["filterset"].form.errors["period"])
    assert client.get(COMPLETENESS, {"period": "999999", "format": "csv"})["Content-Type"].startswith("text/html")


def seeded_world(period, seed):
    """60 more communes of 2025 (and 5 closed ones that are not due) with random reports."""
    rng = random.Random(seed)
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE)
    extra = [AdministrativeUnit.objects.create(name=f"Xã Thử {i}", code=f"9{i:04d}", level=UnitLevel.COMMUNE,
                                               kind="xa", parent=province, valid_from=datetime.date(2025, 7, 1))
             for i in range(60)]
    closed = [AdministrativeUnit.objects.create(name=f"Xã Cũ {i}", code=f"8{i:04d}", level=UnitLevel.COMMUNE,
                                                kind="xa", parent=province,
                                                valid_until=period.cutoff - datetime.timedelta(days=1))
              for i in range(5)]
    for unit in [*due_units(period), *closed]:
        status = rng.choice([None, *ReportStatus.values])
        if status is not None:
            report(period, unit, status, late=rng.random() < 0.4)
    return extra


def expected_counts(period, units):
    """The categories counted in Python, unit by unit, from the rows themselves."""
    counts = dict.fromkeys(["due", "on_time", "late", "returned", "missing", "approved"], 0)
    reports = {r.unit_id: r for r in PeriodicReport.objects.filter(period=period)}
    for unit in units:
        counts["due"] += 1
        found = reports.get(unit.pk)
        status = found.status if found else None
        if status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            counts["late" if found.is_late else "on_time"] += 1
        elif status == ReportStatus.RETURNED:
            counts["returned"] += 1
        else:
            counts["missing"] += 1
        counts["approved"] += status == ReportStatus.APPROVED
    return counts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_completeness_numbers_match_a_direct_computation(client, provincial, period, seed):
    seeded_world(period, seed)
    client.force_login(provincial)
    summary = client.get(COMPLETENESS, {"period": period.pk}).context["summary"]
    due = [u for u in AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE) if u.is_valid_on(period.cutoff)]
    expected = expected_counts(period, due)
    assert {key: summary[key] for key in expected} == expected
    shares = {row["key"]: row["percent"] for row in summary["rows"]}
    assert shares["missing"] == pytest.approx(expected["missing"] * 100 / expected["due"])


def test_completeness_by_area_follows_the_scope_rule(client, provincial, period, cam_xuyen):
    seeded_world(period, 4)
    client.force_login(provincial)
    summary = client.get(COMPLETENESS, {"period": period.pk, "area": cam_xuyen.pk}).context["summary"]
    area = AdministrativeUnit.objects.filter(code__in=SEES["camxuyen"], valid_from=datetime.date(2025, 7, 1))
    assert summary["due"] == 8 and summary == {**summary, **expected_counts(period, area)}


def test_level_filter_with_a_period_reported_by_two_levels(client, provincial, demo):
    period = period_around_today(days_to_deadline=3)
    period.cutoff = datetime.date(2025, 6, 14)  # three-tier: districts (and here communes) report
    period.start = datetime.date(2024, 12, 15)
    period.save()
    PeriodLevel.objects.filter(period=period).update(level="district")
    PeriodLevel.objects.create(period=period, level="commune")
    client.force_login(provincial)
    both = client.get(COMPLETENESS, {"period": period.pk}).context["summary"]["due"]
    districts = client.get(COMPLETENESS, {"period": period.pk, "level": "district"}).context["summary"]["due"]
    communes = client.get(COMPLETENESS, {"period": period.pk, "level": "commune"}).context["summary"]["due"]
    assert (districts, both) == (12, districts + communes) and communes > 0


def test_missing_units_are_listed_with_their_officers(client, provincial, xacambinh, period):
    xacambinh.first_name, xacambinh.email = "Lê Thị Hoa", "hoa@example.invalid"
    xacambinh.save()
    gone = make_user("nghi-viec", xacambinh.officer_profile.scope_unit)
    gone.is_active = False
    gone.save()
    client.force_login(provincial)
    response = client.get(COMPLETENESS, {"period": period.pk})
    missing = {u.name: [o.user for o in u.active_officers] for u in response.context["missing"]}
    assert len(missing) == 11 and missing["Xã Cẩm Bình"] == [xacambinh]
    assert "hoa@example.invalid" in response.content.decode()
    report(period, xacambinh.officer_profile.scope_unit, ReportStatus.SUBMITTED)
    response = client.get(COMPLETENESS, {"period": period.pk})
    assert "Xã Cẩm Bình" not in {u.name for u in response.context["missing"]}


def test_completeness_downloads_every_due_unit_safely(client, provincial, period, province):
    AdministrativeUnit.objects.create(name="=HYPERLINK(\"http://x\")", code="99999", level=UnitLevel.COMMUNE,
                                      kind="xa", parent=province, valid_from=datetime.date(2025, 7, 1))
    cam_binh = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))
    report(period, cam_binh, ReportStatus.APPROVED, late=True, sample=True)
    OfficerProfile.objects.create(user=get_user_model().objects.create_user("hoa", email="hoa@example.invalid",
                                                                            first_name="Lê Thị Hoa"),
                                  scope_unit=cam_binh)
    client.force_login(provincial)
    response = client.get(COMPLETENESS, {"period": period.pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Mã đơn vị", "Đơn vị", "Đơn vị cấp trên", "Tình hình nộp", "Trạng thái báo cáo",
                       "Thời điểm nộp", "Dữ liệu mẫu", "Cán bộ phụ trách", "Thư điện tử"]
    assert len(rows) == 1 + 12
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["18685"][3:5] == ["nộp muộn", "đã duyệt"] and by_code["18685"][6:] == ["Có", "Lê Thị Hoa",
                                                                                          "hoa@example.invalid"]
    assert by_code["99999"][1] == "'=HYPERLINK(\"http://x\")"  # not a live formula
    response = client.get(COMPLETENESS, {"period": period.pk, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sheet.max_row == 13 and cells["99999"][1] == "=HYPERLINK(\"http://x\")"
    assert next(sheet.iter_rows(min_row=2))[1].data_type == "s"
    assert client.get(COMPLETENESS, {"period": period.pk, "format": "pdf"}).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_completeness_is_scoped(request, persona, period):
    response = client_for(request, persona).get(COMPLETENESS, {"period": period.pk})
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.context["summary"]["due"] == len(SEES[persona])
    assert {u.code for u in response.context["missing"]} == SEES[persona]


def test_a_signed_in_user_without_scope_sees_no_unit(client, period):
    client.force_login(make_user("khach"))
    assert client.get(COMPLETENESS, {"period": period.pk}).context["summary"]["due"] == 0
    assert list(client.get(LIST, {"period": period.pk}).context["units"]) == []


def test_units_changed_inside_the_period_are_named(client, provincial, demo):
    client.force_login(provincial)
    body = client.get(COMPLETENESS, {"period": period_of(2025, "6-thang").pk}).content.decode()
    assert "Huyện Lộc Hà chấm dứt hoạt động ngày 31/12/2024" in body
    assert "Huyện Thạch Hà, Thành phố Hà Tĩnh" in body


def test_the_filters_are_on_the_page(client, xacambinh, period):
    """The period, area and level pickers (they were missing: includes/filters.html asks the filterset
    for `fields_html`)."""
    client.force_login(xacambinh)
    for url in (LIST, COMPLETENESS):
        body = client.get(url, {"period": period.pk}).content.decode()
        assert 'name="period"' in body and 'name="area"' in body and 'name="level"' in body, url
    listed = client.get(LIST, {"period": period.pk}).content.decode()
    assert 'name="status"' in listed and 'name="q"' in listed


def test_query_counts_do_not_grow_with_the_units(client, provincial, period, django_assert_num_queries):
    client.force_login(provincial)
    seeded_world(period, 5)
    url = f"{COMPLETENESS}?period={period.pk}"
    client.get(url)
    as_first_view_after_a_write()
    # session, user (with officer profile and scope unit: units.backends), the data version and the scope
    # (subtree, whole links into it, whole links out of it: 3; then kept under the data version), period
    # (validation), its levels, the units counted (the summary: 1 query, which counts the missing units'
    # pages too), the levels again for the units that changed, the changes and their links (2), the
    # governing body, the periods the filter offers, the missing units' page, their officers.
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200
    list_url = f"{LIST}?period={period.pk}"
    as_first_view_after_a_write()
    # session, user (with profile and scope unit), the data version and the scope (3), period (validation),
    # its levels, the count, the governing body, the periods the filter offers, the page of units.
    with django_assert_num_queries(12):
        assert client.get(list_url).status_code == 200


def test_report_list_downloads_the_figures_by_unit_and_field_in_scope(client, camxuyen, provincial, period):
    cam_binh = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))
    city = AdministrativeUnit.objects.get(code="18073", valid_from=datetime.date(2025, 7, 1))  # not Cẩm Xuyên's
    for unit, in_operation in ((cam_binh, 7), (city, 9)):
        report = report_with_lines(period, unit, in_operation)
    client.force_login(camxuyen)
    response = client.get(LIST, {"period": period.pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == ["Mã đơn vị", "Đơn vị", "Kỳ báo cáo", "Trạng thái báo cáo", "Nộp muộn", "Dữ liệu mẫu",
                           "Lĩnh vực", "Mô hình đang hoạt động tại ngày chốt số liệu"]
    assert len(rows[0]) == 6 + 1 + 8
    assert [row[:2] for row in rows[1:]] == [["18685", "Xã Cẩm Bình"]] * 4  # the city's ward is not in scope
    assert rows[1][6:8] == ["Kinh tế", "7"] and rows[1][3] == "đã nộp"
    client.force_login(provincial)
    sheet = load_workbook(io.BytesIO(client.get(LIST, {"period": period.pk, "format": "xlsx"}).content)).active
    assert sheet.max_row == 1 + 8 and report.lines.count() == 4


def report_with_lines(period, unit, in_operation):
    made = report(period, unit, ReportStatus.SUBMITTED)
    ReportLine.objects.bulk_create([ReportLine(report=made, field=field, in_operation=in_operation)
                                    for field in Field.objects.filter(is_active=True)])
    return made
