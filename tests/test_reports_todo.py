"""The home page tells an officer what to do about periodic reports: units that have not submitted
while entry is open, reports returned for correction, reports waiting for their approval."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from reports.models import PeriodicReport
from reports.todo import todo
from tests.reports_data import period_around_today, report_post, report_url

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def section(client):
    body = client.get("/").content.decode()
    return body.split('id="reports-todo"')[1].split("</section>")[0] if 'id="reports-todo"' in body else ""


def test_the_home_page_follows_a_report_through_its_workflow(xacambinh, provincial, cam_binh_2025):
    period = period_around_today()
    commune, province = logged_in(xacambinh), logged_in(provincial)
    assert "1 đơn vị chưa nộp" in section(commune)
    assert f"?period={period.pk}&amp;status=missing" in section(commune)
    assert "11 đơn vị chưa nộp" in section(province)
    commune.post(report_url(period, cam_binh_2025), report_post(commune, period, cam_binh_2025, "submit"))
    assert section(commune) == ""
    assert "10 đơn vị chưa nộp" in section(province) and "1 chờ duyệt" in section(province)
    report = PeriodicReport.objects.get()
    province.post(report_url(period, cam_binh_2025, "return"), {"version": report.version, "comment": "Sửa lại"})
    assert "1 bị trả lại, chờ sửa" in section(commune) and "chờ duyệt" not in section(province)


def test_nothing_for_the_public_and_no_query(client, demo, django_assert_num_queries):
    period_around_today()
    with django_assert_num_queries(0):
        assert todo(AnonymousUser()) == []
    assert 'id="reports-todo"' not in client.get("/").content.decode()


def test_waiting_reports_are_listed_for_the_approving_level(xacambinh, provincial, cam_binh_2025):
    period = period_around_today()
    commune = logged_in(xacambinh)
    commune.post(report_url(period, cam_binh_2025), report_post(commune, period, cam_binh_2025, "submit"))
    units = logged_in(provincial).get("/bao-cao/", {"period": period.pk, "status": "waiting"}).context["units"]
    assert [unit.name for unit in units] == ["Xã Cẩm Bình"]


def test_todo_query_count(provincial, demo, django_assert_num_queries):
    period_around_today()
    period_around_today(year=2098)
    provincial.refresh_from_db()
    # officer profile, scope unit, the data version (the scope is kept under it), the scope (subtree, whole
    # links in, whole links out: 3), open periods, their levels, one count per open period (2), returned and
    # waiting reports by period (2)
    with django_assert_num_queries(12):
        assert len(todo(provincial)) == 2
