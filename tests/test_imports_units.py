"""Official unit lists (NSO spreadsheets) and the optional vietnam-provinces loader give
Hà Tĩnh's 69 current units and the successions domain.md lists."""

import datetime
import io
import types
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from units import provinces
from units.importers import import_successions
from units.models import AdministrativeUnit, SuccessionKind, UnitLevel, UnitSuccession

DATA = Path(__file__).parent / "data"
LEGACY = DATA / "nso-ha-tinh-2025-01-01.csv"
CURRENT = DATA / "nso-ha-tinh-2025-07-01.csv"
CONVERSION = DATA / "nso-ha-tinh-chuyen-doi-2025-07-01.csv"
REFORM = datetime.date(2025, 7, 1)

# domain.md: new code <- old communes (all whole successions).
CAM_XUYEN_SUCCESSORS = {
    "18673": {"Thị trấn Cẩm Xuyên", "Xã Cẩm Quang", "Xã Cẩm Quan"},
    "18676": {"Thị trấn Thiên Cầm", "Xã Cẩm Nhượng", "Xã Nam Phúc Thăng"},
    "18682": {"Xã Yên Hòa", "Xã Cẩm Dương"},
    "18685": {"Xã Cẩm Bình", "Xã Cẩm Vịnh", "Xã Cẩm Thành", "Xã Thạch Bình"},
    "18736": {"Xã Cẩm Hà", "Xã Cẩm Hưng", "Xã Cẩm Thịnh"},
    "18739": {"Xã Cẩm Thạch", "Xã Cẩm Duệ", "Xã Cẩm Mỹ"},
    "18742": {"Xã Cẩm Lĩnh", "Xã Cẩm Lộc", "Xã Cẩm Trung"},
    "18748": {"Xã Cẩm Sơn", "Xã Cẩm Lạc", "Xã Cẩm Minh"},
}


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def current_ha_tinh():
    return AdministrativeUnit.objects.current().filter(parent__code="42", parent__level=UnitLevel.PROVINCE)


def predecessors(code):
    successor = AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code=code, valid_from=REFORM)
    return {link.predecessor.name: link.kind for link in successor.predecession_links.select_related("predecessor")}


def assert_ha_tinh_2025():
    assert current_ha_tinh().count() == 69
    assert current_ha_tinh().filter(kind="phuong").count() == 9
    assert not AdministrativeUnit.objects.current().filter(level=UnitLevel.DISTRICT).exists()
    for code, names in CAM_XUYEN_SUCCESSORS.items():
        assert predecessors(code) == dict.fromkeys(names, SuccessionKind.WHOLE)
    thanh_sen = predecessors("18073")
    assert AdministrativeUnit.objects.get(code="18073", valid_from=REFORM).name == "Phường Thành Sen"
    assert {"Phường Nam Hà", "Phường Bắc Hà", "Phường Tân Giang", "Phường Hà Huy Tập", "Phường Thạch Quý",
            "Phường Trần Phú", "Phường Văn Yên", "Phường Thạch Hưng"} <= set(thanh_sen)
    assert thanh_sen["Phường Đại Nài"] == SuccessionKind.PARTIAL
    assert predecessors("18652")["Phường Đại Nài"] == SuccessionKind.PARTIAL
    assert set(predecessors("18100")) == {"Phường Thạch Trung", "Phường Thạch Hạ", "Phường Đồng Môn", "Xã Hộ Độ"}


def load_nso():
    run("import_units", str(LEGACY), "--valid-from", "2025-01-01")
    run("import_units", str(CURRENT), "--valid-from", "2025-07-01")
    return run("import_successions", str(CONVERSION), "--date", "2025-07-01", "--legal-basis",
               "Nghị quyết 1665/NQ-UBTVQH15")


@pytest.mark.django_db
def test_nso_lists_and_conversion_table_give_ha_tinh_2025():
    load_nso()
    assert_ha_tinh_2025()
    # Nothing deleted: the 2025-01-01 versions are closed on 30/6/2025.
    nam_ha = AdministrativeUnit.objects.get(code="18073", valid_from=datetime.date(2025, 1, 1))
    assert (nam_ha.name, nam_ha.valid_until) == ("Phường Nam Hà", datetime.date(2025, 6, 30))
    assert AdministrativeUnit.objects.get(code="446", level=UnitLevel.DISTRICT).valid_until == datetime.date(2025, 6,
                                                                                                              30)


@pytest.mark.django_db
def test_reimporting_the_same_lists_changes_nothing_and_adds_no_history():
    load_nso()
    units, links = AdministrativeUnit.history.count(), UnitSuccession.history.count()
    assert "0 mối kế thừa" in load_nso()
    assert (AdministrativeUnit.history.count(), UnitSuccession.history.count()) == (units, links)


@pytest.mark.django_db
def test_the_new_list_on_top_of_the_demo_data_reuses_the_demo_units(demo):
    demo_cam_binh = AdministrativeUnit.objects.get(code="18685", valid_from=REFORM)
    run("import_units", str(CURRENT), "--valid-from", "2025-07-01")
    assert current_ha_tinh().count() == 69
    assert AdministrativeUnit.objects.get(code="18685", valid_from=REFORM) == demo_cam_binh
    assert AdministrativeUnit.objects.filter(code="446", level=UnitLevel.DISTRICT).count() == 1


@pytest.mark.django_db
def test_a_bad_official_list_is_refused_with_a_nonzero_exit(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("Tỉnh / Thành phố,Mã TP,Phường Xã,Mã PX,Cấp\nTỉnh Hà Tĩnh,42,Xã A,18001,Xã\n"
                    "Tỉnh Hà Tĩnh,42,Xã B,18001,Xã\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run("import_units", str(path), "--valid-from", "2025-07-01")
    assert not AdministrativeUnit.objects.exists()
    with pytest.raises(CommandError):
        run("import_units", str(CONVERSION), "--valid-from", "2025-07-01")


@pytest.mark.django_db
def test_vietnam_provinces_loader_gives_ha_tinh_current_units():
    pytest.importorskip("vietnam_provinces")
    offer = provinces.available()
    if not offer["legacy"]:
        run("import_units", str(LEGACY), "--valid-from", "2025-01-01")  # the list before, from NSO
    output = run("load_vietnam_provinces", "--province", "42")
    assert current_ha_tinh().count() == 69
    assert AdministrativeUnit.objects.get(code="18685", valid_until__isnull=True).name == "Xã Cẩm Bình"
    if not offer["conversion"]:
        # Releases for Python 3.11 carry no old -> new table: the NSO table supplies it.
        assert "import_successions" in output
        run("import_successions", str(CONVERSION), "--date", "2025-07-01")
        assert_ha_tinh_2025()


@pytest.mark.django_db
def test_conversion_table_from_the_package_gives_the_successions():
    """The path taken with vietnam-provinces >= 2026 (Python 3.12): its `_ward_conversion_2025`
    table, here a stand-in built from the NSO table's rows with the package's shape."""
    run("import_units", str(LEGACY), "--valid-from", "2025-01-01")
    run("import_units", str(CURRENT), "--valid-from", "2025-07-01")
    module = types.SimpleNamespace(OLD_TO_NEW={})
    for line in CONVERSION.read_text(encoding="utf-8-sig").splitlines()[1:]:
        old, _old_name, new, _new_name, partial = line.split(",")
        entry = module.OLD_TO_NEW.setdefault(int(old), types.SimpleNamespace(
            old_ward=types.SimpleNamespace(code=int(old), province_code=42, is_partly_merged=partial == "Có"),
            new_wards=[]))
        entry.new_wards.append(types.SimpleNamespace(code=int(new), province_code=42))
    written, errors = import_successions(provinces.conversion_rows(module, 42), REFORM)
    assert errors == [] and written > 200
    assert_ha_tinh_2025()


@pytest.mark.django_db
def test_dry_run_of_an_official_list_reports_and_writes_nothing():
    output = run("import_units", str(LEGACY), "--valid-from", "2025-01-01", "--dry-run")
    assert "Tạo mới 223 đơn vị" in output
    assert not AdministrativeUnit.objects.exists() and not AdministrativeUnit.history.exists()


@pytest.mark.django_db
def test_bad_official_lists_name_the_nso_columns_and_write_nothing(tmp_path):
    path = tmp_path / "thieu-cot.csv"
    path.write_text("Tỉnh / Thành phố,Phường Xã\nTỉnh Hà Tĩnh,Xã A\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Mã TP, Mã PX") as error:
        run("import_units", str(path), "--valid-from", "2025-07-01")
    assert "province_code" not in str(error.value)
    path = tmp_path / "dai.csv"
    path.write_text("Tỉnh / Thành phố,Mã TP,Phường Xã,Mã PX,Cấp\n"
                    f"Tỉnh Hà Tĩnh,42,Xã {'A' * 200},18001,Xã\nTỉnh Hà Tĩnh,42,Xã B,18002\x00,Xã\n"
                    "Tỉnh Hà Tĩnh,42,Xã C,18003180031800318003,Xã\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_units", str(path), "--valid-from", "2025-07-01", stdout=io.StringIO(), stderr=errors)
    lines = errors.getvalue().splitlines()
    assert lines[0].startswith("dòng 2: cột “Phường Xã”: ")
    assert lines[1].startswith("dòng 3: cột “Mã PX” có ký tự NUL")
    assert lines[2].startswith("dòng 4: cột “Mã PX”: ")
    assert not AdministrativeUnit.objects.exists()
