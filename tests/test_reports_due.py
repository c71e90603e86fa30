"""Which units report for a period, on Hà Tĩnh's real reorganisations (demo data): the districts
until 30/6/2025, the communes and wards from 1/7/2025; units closed or opened inside a period are
named with who carries their report. And what the registry says of a unit's report."""

import datetime

import pytest

from models_registry.models import Field
from reports.due import changes_in, due_units, is_due
from reports.prefill import registry_counts
from tests.conftest import unit_2023
from tests.reports_data import period_of
from units.models import AdministrativeUnit, UnitLevel

pytestmark = pytest.mark.django_db
DISTRICTS_2025 = {"436", "437", "439", "440", "441", "442", "443", "444", "445", "446", "447", "449"}
NEW_COMMUNES = {"18673", "18676", "18682", "18685", "18736", "18739", "18742", "18748", "18073", "18100", "18652"}


def codes(units):
    return {unit.code for unit in units}


def test_first_half_of_2025_is_reported_by_the_districts_under_their_old_selves(demo):
    period = period_of(2025, "6-thang")
    due = list(due_units(period))
    assert codes(due) == DISTRICTS_2025  # valid on 14/6/2025; huyện Lộc Hà closed on 31/12/2024
    assert {unit.level for unit in due} == {UnitLevel.DISTRICT}
    assert all(unit.valid_until == datetime.date(2025, 6, 30) for unit in due)  # merged on 1/7/2025


def test_a_district_closed_inside_the_period_is_named_with_its_successors(demo):
    [change] = changes_in(period_of(2025, "6-thang"))
    assert change.unit.name == "Huyện Lộc Hà" and change.closed
    assert {unit.name for unit in change.others} == {"Huyện Thạch Hà", "Thành phố Hà Tĩnh"}


def test_year_2025_is_reported_by_the_successor_communes(demo):
    period = period_of(2025, "nam")
    due = list(due_units(period))
    assert codes(due) == NEW_COMMUNES
    assert all(unit.valid_from == datetime.date(2025, 7, 1) for unit in due)
    old_cam_xuyen = unit_2023("446")
    assert not is_due(period, old_cam_xuyen) and is_due(period_of(2025, "6-thang"), old_cam_xuyen)


def test_year_2025_names_the_communes_that_merged_and_the_ones_that_opened(demo):
    changes = {(change.unit.name, change.unit.valid_from): change for change in changes_in(period_of(2025, "nam"))}
    new_cam_binh = changes[("Xã Cẩm Bình", datetime.date(2025, 7, 1))]
    assert not new_cam_binh.closed  # opened inside the period: it reports for the whole year
    assert {(unit.name, unit.valid_from) for unit in new_cam_binh.others} == {
        ("Xã Cẩm Bình", datetime.date(2025, 1, 1)), ("Xã Cẩm Vịnh", datetime.date(2025, 1, 1)),
        ("Xã Cẩm Thành", None), ("Xã Thạch Bình", None),
    }
    cam_thanh = changes[("Xã Cẩm Thành", None)]
    assert cam_thanh.closed and [unit.name for unit in cam_thanh.others] == ["Xã Cẩm Bình"]
    # The year began on 15/12/2024: xã Cẩm Bình of huyện Cẩm Xuyên moved into TP Hà Tĩnh inside it (1/1/2025).
    moved = changes[("Xã Cẩm Bình", None)]
    assert moved.closed and [(unit.name, unit.valid_from) for unit in moved.others] == [
        ("Xã Cẩm Bình", datetime.date(2025, 1, 1))]
    assert ("Xã Cẩm Bình", datetime.date(2025, 1, 1)) in changes  # opened and closed inside the year
    assert sum(not change.closed for change in changes.values()) == len(NEW_COMMUNES)


def test_a_period_after_the_reorganisation_has_no_change(demo):
    period = period_of(2026, "6-thang")
    assert changes_in(period) == [] and codes(due_units(period)) == NEW_COMMUNES


def test_before_2025_lộc_hà_still_reports(demo):
    assert "448" in codes(due_units(period_of(2024, "nam")))


def by_field(counts):
    names = dict(Field.objects.values_list("pk", "code"))
    return {names[pk]: row for pk, row in counts.items()}


def test_registry_counts_follow_the_unit_as_it_stood_on_the_cutoff(demo, cam_xuyen, tp_ha_tinh):
    half_2025 = period_of(2025, "6-thang")
    # Xã Cẩm Bình and Cẩm Vịnh moved into TP Hà Tĩnh on 1/1/2025: their models are the city's by 14/6/2025.
    cam_xuyen_2025 = by_field(registry_counts(cam_xuyen, half_2025))
    assert (cam_xuyen_2025["kinh-te"]["in_operation"], cam_xuyen_2025["van-hoa-xa-hoi"]["in_operation"]) == (1, 2)
    city_2025 = by_field(registry_counts(tp_ha_tinh, half_2025))
    assert (city_2025["kinh-te"]["in_operation"], city_2025["van-hoa-xa-hoi"]["in_operation"]) == (4, 3)
    cam_xuyen_2024 = by_field(registry_counts(cam_xuyen, period_of(2024, "6-thang")))
    assert (cam_xuyen_2024["kinh-te"]["in_operation"], cam_xuyen_2024["van-hoa-xa-hoi"]["in_operation"]) == (3, 3)
    # A half-year's new models cannot be told from the registry, which records years.
    assert cam_xuyen_2024["kinh-te"]["newly_registered"] is None


def test_registry_counts_of_a_new_commune_take_in_its_predecessors(demo, cam_binh_2025):
    counts = by_field(registry_counts(cam_binh_2025, period_of(2025, "nam")))
    assert counts["kinh-te"] == {
        "in_operation": 2, "newly_registered": 0, "recognised_commune": 0, "recognised_district": 0,
        "recognised_province": 0, "recognised_central": 0, "exemplary_collectives": 1, "exemplary_individuals": 1,
    }
    assert counts["van-hoa-xa-hoi"]["in_operation"] == 1 and "quoc-phong-an-ninh" not in counts


def test_registry_counts_recognition_stopped_models_and_years(demo, cam_binh_2025):
    old_cam_binh = AdministrativeUnit.objects.get(code="18685", valid_from__isnull=True)
    model = old_cam_binh.mobilization_models.get(kind="collective")
    model.recognition_level, model.recognition_year, model.year_started = "province", 2025, 2025
    model.save()
    counts = by_field(registry_counts(cam_binh_2025, period_of(2025, "nam")))["kinh-te"]
    assert (counts["recognised_province"], counts["newly_registered"]) == (1, 1)
    # Recognised in 2026: not yet at the 2025 cut-off; started in 2026: not in operation then either.
    model.recognition_year = model.year_started = 2026
    model.save()
    counts = by_field(registry_counts(cam_binh_2025, period_of(2025, "nam")))["kinh-te"]
    assert (counts["in_operation"], counts["recognised_province"]) == (1, 0)
    model.year_started, model.status = None, "stopped"
    model.save()
    assert by_field(registry_counts(cam_binh_2025, period_of(2025, "nam")))["kinh-te"]["in_operation"] == 1
