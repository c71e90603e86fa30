"""Loading units from the optional `vietnam-provinces` package (GPL-3.0, extra `provinces`).

The package's releases differ in what they carry, and which one pip picks depends on the
Python version:

- 2025.x (the newest for Python 3.11): the current list only (34 provinces, 3,321 communes;
  no districts), as `vietnam_provinces.Province` / `Ward`.
- 0.x (older): the legacy list only (63 / 696 / 10,051), with districts.
- 2026.x (Python >= 3.12): the current list, the legacy list as `vietnam_provinces.legacy`
  and the old -> new commune table as `vietnam_provinces._ward_conversion_2025`.

So `available()` says what the installed release offers, and the loader uses that. The
lists become the same rows an NSO spreadsheet gives, and go through the same import.
"""

import datetime
import importlib

REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_DATE = datetime.date(2025, 1, 1)


def _module(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def available() -> dict:
    """What the installed package offers: {"version", "current", "legacy", "conversion"}."""
    package = _module("vietnam_provinces")
    if package is None:
        return {}
    legacy = _module("vietnam_provinces.legacy")
    top_level_is_legacy = hasattr(package, "District") or _module("vietnam_provinces.enums.districts") is not None
    return {
        "version": getattr(package, "__version__", "?"),
        "current": None if top_level_is_legacy else package,
        "legacy": legacy or (package if top_level_is_legacy else None),
        "conversion": _module("vietnam_provinces._ward_conversion_2025"),
    }


def _int(code) -> int:
    return int(getattr(code, "value", code))


def _label(division_type) -> str:
    return str(getattr(division_type, "value", division_type or "")).capitalize()


def _province_name(province) -> str:
    name = province.name
    kind = _label(getattr(province, "division_type", ""))
    if kind == "Thành phố trung ương":
        kind = "Thành phố"
    return name if kind and name.lower().startswith(kind.lower()) else f"{kind} {name}".strip()


def current_rows(package, province_code=None) -> list[tuple[int, dict]]:
    """The 2025 list as NSO-shaped rows (province, its code, commune, its code, level)."""
    provinces = {_int(p.code): p for p in package.Province.iter_all()}
    rows = []
    for line, ward in enumerate(package.Ward.iter_all(), start=1):
        code = _int(ward.province_code)
        if province_code is not None and code != province_code:
            continue
        rows.append((line, {
            "province_name": _province_name(provinces[code]), "province_code": str(code),
            "commune_name": ward.name, "commune_code": str(_int(ward.code)), "level": _label(ward.division_type),
        }))
    return rows


def legacy_rows(package, province_code=None) -> list[tuple[int, dict]]:
    """The pre-2025 list (with districts) as NSO-shaped rows."""
    provinces = {_int(p.code): p for p in package.Province.iter_all()}
    districts = {_int(d.code): d for d in package.District.iter_all()}
    rows = []
    for line, ward in enumerate(package.Ward.iter_all(), start=1):
        district = districts[_int(ward.district_code)]
        code = _int(district.province_code)
        if province_code is not None and code != province_code:
            continue
        rows.append((line, {
            "province_name": _province_name(provinces[code]), "province_code": str(code),
            "district_name": district.name, "district_code": str(_int(district.code)),
            "commune_name": ward.name, "commune_code": str(_int(ward.code)), "level": _label(ward.division_type),
        }))
    return rows


def conversion_rows(conversion, province_code=None) -> list[tuple[int, dict]]:
    """The old -> new commune table as succession rows (old code, new code, partial)."""
    rows = []
    for line, entry in enumerate(conversion.OLD_TO_NEW.values(), start=1):
        old = entry.old_ward
        if province_code is not None and _int(old.province_code) != province_code:
            continue
        for new in entry.new_wards:
            rows.append((line, {"old_code": str(_int(old.code)), "new_code": str(_int(new.code)),
                                "partial": bool(old.is_partly_merged)}))
    return rows
