"""The sample periodic reports of the demo: Hà Tĩnh's 69 communes and wards, two periods, some on
time, late, returned or missing; plainly marked as sample data, loaded idempotently, and apart from
the article's real figures."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

from devtools.report_demo import load_report_demo
from reports.completeness import summary, with_report
from reports.due import due_units
from reports.models import PeriodicReport, ReportingPeriod
from surveys.models import ReportedCount, SurveySession
from units.models import AdministrativeUnit, UnitLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(demo):
    load_report_demo(with_users=True)


def periods():
    return [ReportingPeriod.objects.get(year=2025, kind__code="nam"),
            ReportingPeriod.objects.get(year=2026, kind__code="6-thang")]


def test_69_units_report_for_two_periods_with_every_kind_of_outcome(sample):
    today = datetime.date(2026, 1, 1)
    assert AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).valid_on(today).count() == 69
    for period in periods():
        counts = summary(with_report(due_units(period), period))
        assert counts["due"] == 69
        assert all(counts[key] > 0 for key in ("on_time", "late", "returned", "missing", "approved")), counts
        assert PeriodicReport.objects.filter(period=period).count() < 69  # some have no report at all


def test_every_sample_report_says_so(sample, client, provincial):
    reports = PeriodicReport.objects.all()
    assert reports.count() > 100 and not reports.filter(is_sample=False).exists()
    assert not reports.exclude(results__startswith="[Dữ liệu mẫu]").exists()
    report = reports.filter(status="approved").first()
    client.force_login(provincial)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Dữ liệu mẫu" in page
    listing = client.get("/bao-cao/", {"period": report.period_id}).content.decode()
    assert "Dữ liệu mẫu" in listing
    completeness = client.get("/bao-cao/tien-do/", {"period": report.period_id})
    sample = PeriodicReport.objects.filter(period=report.period_id).count()
    assert completeness.context["summary"]["sample"] == sample
    assert f"{sample} báo cáo của kỳ này là dữ liệu mẫu" in completeness.content.decode()


def test_loading_twice_changes_nothing(sample):
    before = (PeriodicReport.objects.count(), PeriodicReport.history.count(), AdministrativeUnit.objects.count())
    assert load_report_demo(with_users=True) == 0
    call_command("load_report_demo", verbosity=0)
    assert (PeriodicReport.objects.count(), PeriodicReport.history.count(),
            AdministrativeUnit.objects.count()) == before


def test_the_articles_figures_stay_exact(sample):
    totals = dict(SurveySession.objects.values_list("unit__code").annotate(total=Sum("reported_counts__count")))
    assert totals == {"446": 3372, "436": 794}
    assert ReportedCount.objects.count() == 8


def test_the_commune_officer_of_the_demo_reaches_their_report(sample, client):
    officer = get_user_model().objects.get(username="xacambinh")
    client.force_login(officer)
    period = periods()[0]
    response = client.get("/bao-cao/", {"period": period.pk})
    assert [unit.name for unit in response.context["units"]] == ["Xã Cẩm Bình"]
