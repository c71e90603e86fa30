"""`make bench` at a tiny scale, so the generator and the timing code cannot rot unnoticed."""

import pytest
from django.core.management import CommandError, call_command

from dashboard import stats
from devtools import bench
from models_registry.models import MobilizationModel
from surveys.models import ReportedCount, SurveySession
from units.models import AdministrativeUnit, UnitSuccession


def test_generator_and_bench_at_tiny_scale(db):
    made = bench.Generator(scale=0.0005, seed=1).run()
    assert made["models"] == MobilizationModel.objects.count() == 500
    assert made["units"] == AdministrativeUnit.objects.count() > 300
    assert UnitSuccession.objects.filter(kind="partial").exists()
    assert ReportedCount.objects.count() == 4 * SurveySession.objects.count()

    # The generated country adds up in both structures.
    for structure in (stats.HISTORICAL, stats.CURRENT):
        table = stats.dashboard_table(
            MobilizationModel.objects.all(), SurveySession.objects.all(), stats.Params(structure=structure)
        )
        assert table.total.registry_total() == 500

    results = bench.measure(runs=1)
    assert [r.name for r in results][:2] == ["country, units as they were", "country, today's units"]
    assert all(r.queries > 0 and r.median > 0 and r.raw_median > 0 for r in results), results
    dashboard = [r for r in results if r.name.startswith(("country", "province", "district"))]
    # Repeated views come from the cache (on PostgreSQL not inside this test's transaction,
    # which has written: it reads no data version, so both views count).
    assert all(r.cached_median > 0 and r.cached_queries <= r.queries for r in dashboard), dashboard
    assert "| first / raw | cached / raw |" in bench.markdown(results, "tiny", 1)
    assert all(r.cpu > 0 and r.raw_cpu > 0 for r in results), results


def test_bench_refuses_a_database_with_other_data(demo):
    with pytest.raises(CommandError, match="--force"):
        call_command("bench_dashboard", scale=0.0005, runs=1)
    assert MobilizationModel.objects.filter(name="Tổ bát cháo tự tâm").exists()
