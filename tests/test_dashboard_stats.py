"""Every cell and total of the dashboard equals a direct computation over the rows.

Random provinces (tests/dashboard_data.py) with moves, merges and splits; both sources;
both structures; several units, periods and filters."""

import pytest

from dashboard import stats
from models_registry.models import MobilizationModel
from reports.models import PeriodicReport, ReportingPeriod
from surveys.models import SurveySession
from tests import dashboard_data
from units.models import AdministrativeUnit

SEEDS = [1, 2, 3]


def nonzero(values):
    return {k: v for k, v in values.items() if v}


def actual_cells(table):
    cells = {}
    for row in table.rows:
        key = ("outside" if row.partly_outside else "split", row.key[1]) if row.parts else row.key
        cells[key] = {
            "registry": nonzero(row.registry),
            "reported": nonzero(row.reported),
            "partial": nonzero(row.partial),
        }
    return cells


def expected_cells(expected):
    cells = {}
    for key, values in expected.items():
        cells[key] = {name: nonzero(values[name]) for name in ("registry", "reported", "partial")}
    return cells


def drop_empty(cells):
    return {k: v for k, v in cells.items() if any(v.values())}


def tops():
    """The whole country, each province, a district of the past and a commune of today."""
    provinces = list(AdministrativeUnit.objects.filter(level="province"))
    district = AdministrativeUnit.objects.filter(level="district").first()
    today = AdministrativeUnit.objects.filter(level="commune", valid_until__isnull=True).first()
    return [None, *provinces, district, today]


def check(top, structure, **filters):
    models = list(MobilizationModel.objects.select_related("unit__parent__parent"))
    sessions = list(SurveySession.objects.select_related("unit__parent__parent"))
    basis = "recognition_year" if filters.get("year_basis") == stats.RECOGNISED else "year_started"
    field = filters.get("field")
    expected = dashboard_data.expected(
        models, sessions, top, structure, filters.get("year_from"), filters.get("year_to"), basis, field
    )
    params = stats.Params(unit=top, structure=structure, fields=[field] if field else [], **{
        k: v for k, v in filters.items() if k != "field"
    })
    table = stats.dashboard_table(MobilizationModel.objects.all(), SurveySession.objects.all(), params)
    assert drop_empty(actual_cells(table)) == drop_empty(expected_cells(expected))
    # A unit split with a part outside `top` is shown in its row, never added to the total.
    counted = {key: values for key, values in expected.items() if not (isinstance(key, tuple) and key[0] == "outside")}
    registry_total = sum(sum(v["registry"].values()) for v in counted.values())
    assert table.total.registry_total() == registry_total
    assert sum(row.registry_total() for row in table.rows if not row.partly_outside) == registry_total
    reported = {}  # the chosen unit's own report is a row: the rows add up to the total
    for values in counted.values():
        for f, n in values["reported"].items():
            reported[f] = reported.get(f, 0) + n
    assert nonzero(table.total.reported) == nonzero(reported)
    for f, n in table.total.reported.items():
        assert n == sum(row.reported.get(f, 0) for row in table.rows if not row.partly_outside)
    return table


@pytest.mark.parametrize("seed", SEEDS)
def test_every_cell_matches_the_rows(db, seed):
    dashboard_data.build(seed)
    for top in tops():
        for structure in (stats.HISTORICAL, stats.CURRENT):
            check(top, structure)
            check(top, structure, year_from=2012, year_to=2020)


def test_filters_by_field_kind_and_recognition_year(db):
    fields = dashboard_data.build(7)
    province = AdministrativeUnit.objects.filter(level="province").first()
    for structure in (stats.HISTORICAL, stats.CURRENT):
        check(province, structure, field=fields[1])
        check(province, structure, year_from=2015, year_basis=stats.RECOGNISED)
        check(None, structure, year_to=2016, field=fields[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_province_total_is_the_same_in_both_structures(db, seed):
    dashboard_data.build(seed)
    for top in [None, *AdministrativeUnit.objects.filter(level="province")]:
        then = stats.dashboard_table(
            MobilizationModel.objects.all(), SurveySession.objects.all(), stats.Params(unit=top)
        )
        now = stats.dashboard_table(
            MobilizationModel.objects.all(),
            SurveySession.objects.all(),
            stats.Params(unit=top, structure=stats.CURRENT),
        )
        in_subtree = MobilizationModel.objects.all()
        if top is not None:
            in_subtree = in_subtree.filter(unit__in=AdministrativeUnit.objects.subtree_of(top))
        assert then.total.registry_total() == now.total.registry_total() == in_subtree.count()
        # Nothing counted twice: the rows add up to the total in the current structure too.
        assert sum(row.registry_total() for row in now.rows) == now.total.registry_total()


def test_the_years_series_adds_up(db):
    dashboard_data.build(5)
    table = stats.dashboard_table(MobilizationModel.objects.all(), SurveySession.objects.all(), stats.Params())
    in_series = sum(n for series in table.by_year.values() for n in series.values())
    assert in_series + table.without_year == MobilizationModel.objects.count()
    assert table.without_year == MobilizationModel.objects.filter(year_started__isnull=True).count()


@pytest.mark.parametrize("seed", SEEDS)
def test_periodic_reports_match_the_rows(db, seed):
    """Source "approved periodic reports": one period at a time, every cell and total against a
    direct computation, both structures, across 1/7/2025; nested reports counted once; the rows
    add up to the total; the trend has each period's own total and a gap (None) for none."""
    fields = dashboard_data.build(seed)
    reports = list(PeriodicReport.objects.select_related("unit__parent__parent").prefetch_related("lines"))
    periods = list(ReportingPeriod.objects.select_related("kind").order_by("cutoff"))
    for top in tops():
        for structure in (stats.HISTORICAL, stats.CURRENT):
            for period in periods:
                for measure, field in [("in_operation", None), ("recognised", fields[1])]:
                    expected = dashboard_data.expected_periodic(reports, top, structure, period, measure, field)
                    params = stats.Params(unit=top, structure=structure, source=stats.PERIODIC, period=period,
                                          measure=measure, fields=[field] if field else [])
                    table = stats.dashboard_table(MobilizationModel.objects.all(), SurveySession.objects.all(),
                                                  params, PeriodicReport.objects.all())
                    assert drop_empty(actual_cells(table)) == drop_empty(expected_cells(expected))
                    in_total = [row for row in table.rows if not row.partly_outside]
                    for f, n in table.total.reported.items():
                        assert n == sum(row.reported.get(f, 0) for row in in_total)
                    if measure == "in_operation":
                        # The trend's point for this period: every row, those partly outside included.
                        trend = dict(table.trend)
                        shown = {}
                        for row in table.rows:
                            for f, n in row.reported.items():
                                shown[f] = shown.get(f, 0) + n
                        assert nonzero(trend.get(period) or {}) == nonzero(shown)
                        if table.trend:  # a period inside the trend without a report is a gap, not 0
                            assert all(counts is None or counts for _p, counts in table.trend)
