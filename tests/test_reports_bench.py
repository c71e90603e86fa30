"""`make bench-reports` at a tiny scale, so the generator and the timing code cannot rot unnoticed."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from devtools import bench_reports as bench
from reports.models import PeriodicReport, ReportingPeriod
from units.models import AdministrativeUnit


def test_generator_and_bench_at_tiny_scale(db):
    made = bench.Generator(districts=2, communes=10, seed=1).run()
    assert made["units"] == 20 and made["periods"] == 20
    assert made["reports"] == PeriodicReport.objects.count() > 0.7 * 20 * 20
    results = bench.measure(runs=1)
    assert len(results) == 12 and all(r.queries > 0 and r.median > 0 and r.raw_median > 0 for r in results)
    assert "| page / raw |" in bench.markdown(results, "tiny", 1)

    # The page's counts are the raw statement's.
    period = ReportingPeriod.objects.filter(reports__isnull=False).order_by("-cutoff").first()
    client = Client()
    client.force_login(AdministrativeUnit.objects.get(level="province").officers.get().user)
    summary = client.get("/bao-cao/tien-do/", {"period": period.pk}).context["summary"]
    with connection.cursor() as cursor:
        cursor.execute(bench.SUMMARY_SQL.format(area=""), [period.pk, period.cutoff, period.cutoff])
        due, late, on_time, returned, missing, approved = cursor.fetchone()
    assert (summary["due"], summary["late"], summary["on_time"], summary["returned"], summary["missing"],
            summary["approved"]) == (due, late, on_time, returned, missing, approved)


def dashboard_queries(results):
    return {r.name: r.queries for r in results if r.name.startswith("dashboard")}


def test_the_dashboard_on_reports_makes_as_many_queries_at_any_scale(db):
    """The dashboard's requests of the benchmark (province, one district, today's units; as the
    province officer and as an admin) make the same number of queries on 20 units as on 60."""
    bench.Generator(districts=2, communes=10, seed=1).run()
    small = dashboard_queries(bench.measure(runs=1))
    bench.Generator(districts=3, communes=20, seed=2).run()
    larger = dashboard_queries(bench.measure(runs=1))
    assert len(small) == 6 and small == larger, (small, larger)


def test_the_dashboards_figures_are_the_raw_statements(db):
    """The page counts what the raw SQL counts: the table's cells and total, the trend, the cards."""
    bench.Generator(districts=2, communes=10, seed=3).run()
    period = ReportingPeriod.objects.filter(reports__isnull=False).order_by("-cutoff").first()
    previous = ReportingPeriod.objects.filter(reports__status="approved", cutoff__lt=period.cutoff) \
        .order_by("-cutoff").first()
    province = AdministrativeUnit.objects.get(level="province")
    district = AdministrativeUnit.objects.filter(level="district").order_by("pk").first()
    client = Client()
    client.force_login(province.officers.get().user)
    for name, params, area in bench.dashboard_requests(province, district, period):
        context = client.get("/thong-ke/", params).context
        table, cards = context["table"], {c.key: c for c in context["overview"].cards}
        around = [area, area] if area is not None else []
        where = bench.REPORT_AREA if area is not None else ""
        with connection.cursor() as cursor:
            cursor.execute(bench.PERIODIC_SQL.format(area=where), [period.pk, *around])
            by_unit = cursor.fetchall()
            cursor.execute(bench.TREND_SQL.format(area=where), around)
            trend = cursor.fetchall()
            cursor.execute(bench.CARDS_SQL.format(area=where), [period.pk, previous.pk, *around])
            cards_sql = {p: in_operation for p, in_operation, _new, _exemplary in cursor.fetchall()}
        by_field = {}
        for _unit, field, n in by_unit:
            by_field[field] = by_field.get(field, 0) + n
        assert dict(table.total.reported) == by_field and table.total.reported_total() > 0, name
        rows = {row.unit.pk: row.reported_total() for row in table.rows if row.has_reported}
        assert sum(rows.values()) == sum(n for _u, _f, n in by_unit), name
        by_period = {}
        for period_id, field, n in trend:
            by_period.setdefault(period_id, {})[field] = n
        assert {p.pk: counts for p, counts in table.trend if counts is not None} == by_period, name
        # the cards: the chosen unit's area over time (a district's: its communes, here as in the table)
        assert (cards["reported"].value, cards["reported"].previous) == (cards_sql[period.pk],
                                                                           cards_sql[previous.pk]), name


def test_bench_refuses_a_database_with_other_data(demo):
    with pytest.raises(CommandError, match="benchmark did not make"):
        call_command("bench_reports", districts=1, communes=5, runs=1)
    assert AdministrativeUnit.objects.filter(name="Huyện Cẩm Xuyên").exists()
