"""The reporting calendar in the admin: every list opens, periods are generated for a chosen year,
reports are shown but written only through their workflow."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from reports.models import (
    Holiday,
    PeriodicReport,
    ReportingKind,
    ReportingLevelRule,
    ReportingPeriod,
    SentReminder,
)
from tests.reports_data import period_around_today

pytestmark = pytest.mark.django_db
MODELS = [ReportingKind, ReportingLevelRule, Holiday, ReportingPeriod, PeriodicReport, SentReminder]


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:reports_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_list_opens_in_vietnamese(admin_client, model):
    period_around_today()
    response = admin_client.get(admin_url(model))
    assert response.status_code == 200
    assert str(model._meta.verbose_name_plural) in response.content.decode().lower()


def test_calendar_pages_can_add_and_reports_cannot(admin_client):
    for model in (ReportingKind, ReportingLevelRule, Holiday, ReportingPeriod):
        assert admin_client.get(admin_url(model, "add")).status_code == 200
    assert admin_client.get(admin_url(PeriodicReport, "add")).status_code == 403


def test_periods_are_generated_for_the_year_chosen(admin_client):
    period_around_today()  # the default kinds
    kinds = list(ReportingKind.objects.values_list("pk", flat=True))
    chosen = {"action": "generate", ACTION_CHECKBOX_NAME: kinds}
    page = admin_client.post(admin_url(ReportingKind), chosen)
    assert page.status_code == 200 and "Tạo các kỳ báo cáo của một năm" in page.content.decode()
    refused = admin_client.post(admin_url(ReportingKind), {**chosen, "year": "1800"})
    assert "Nhập năm từ 1945 đến 2100." in refused.content.decode()
    assert not ReportingPeriod.objects.filter(year=1800).exists()
    done = admin_client.post(admin_url(ReportingKind), {**chosen, "year": "2030"}, follow=True)
    assert "Đã tạo 2 kỳ báo cáo" in done.content.decode()
    assert sorted(str(p) for p in ReportingPeriod.objects.filter(year=2030)) == ["6 tháng đầu năm 2030", "Năm 2030"]


def test_a_report_is_shown_with_its_lines_and_history(admin_client, cam_binh_2025):
    period = period_around_today()
    report = PeriodicReport.objects.create(period=period, unit=cam_binh_2025)
    page = admin_client.get(admin_url(PeriodicReport, "change", report.pk))
    assert page.status_code == 200 and "Xã Cẩm Bình" in page.content.decode()
    assert admin_client.post(admin_url(PeriodicReport, "change", report.pk), {"results": "x"}).status_code == 403
    assert admin_client.get(admin_url(PeriodicReport, "history", report.pk)).status_code == 200
