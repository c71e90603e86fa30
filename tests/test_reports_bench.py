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
    assert len(results) == 6 and all(r.queries > 0 and r.median > 0 and r.raw_median > 0 for r in results)
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


def test_bench_refuses_a_database_with_other_data(demo):
    with pytest.raises(CommandError, match="benchmark did not make"):
        call_command("bench_reports", districts=1, communes=5, runs=1)
    assert AdministrativeUnit.objects.filter(name="Huyện Cẩm Xuyên").exists()
