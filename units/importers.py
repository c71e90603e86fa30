"""Official lists of administrative units (NSO/GSO) and their succession tables.

A list is the state of a country's (or a province's) units from one date on. Importing it
with `valid_from` D: a unit already valid on D with the same name, kind and parent is
left alone; one whose name, kind or parent differs is closed on D-1 and a new version
opens on D (codes are reused, so a code alone never says it is the same unit); a unit
missing from the list is closed on D-1, never deleted. A unit that only moved (same code
and name) is linked to its new version as a whole succession. Re-importing the same list
changes nothing.

A succession table (old commune code -> new commune code, partial or not) links the
versions valid the day before its date to those valid on it.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import cells
from core.cells import CellError
from core.spreadsheet import SpreadsheetError, Table
from core.text import fold
from units.models import AdministrativeUnit, SuccessionKind, UnitKind, UnitLevel, UnitSuccession

# Folded header -> key. The NSO download's own headers first, then plainer ones.
UNIT_HEADERS = {
    "tinh / thanh pho": "province_name", "tinh thanh pho": "province_name", "tinh": "province_name",
    "ma tp": "province_code", "ma tinh": "province_code",
    "quan huyen": "district_name", "quan / huyen": "district_name", "huyen": "district_name",
    "ma qh": "district_code", "ma huyen": "district_code",
    "phuong xa": "commune_name", "phuong / xa": "commune_name", "xa": "commune_name",
    "ma px": "commune_code", "ma xa": "commune_code",
    "cap": "level",
}
REQUIRED = ("province_name", "province_code", "commune_name", "commune_code")
# How messages name the columns: the NSO download's own headers (a file format, like the
# aliases above, so not interface text to translate).
UNIT_COLUMNS = {
    "province_name": "Tỉnh / Thành phố", "province_code": "Mã TP", "district_name": "Quận Huyện",
    "district_code": "Mã QH", "commune_name": "Phường Xã", "commune_code": "Mã PX", "level": "Cấp",
}
CODE_WIDTH = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}
KIND_PREFIXES = [
    ("thanh pho truc thuoc trung uong", UnitKind.CENTRAL_CITY), ("thi tran", UnitKind.TOWNSHIP),
    ("thi xa", UnitKind.TOWN), ("thanh pho", UnitKind.CITY), ("tinh", UnitKind.PROVINCE),
    ("huyen", UnitKind.RURAL_DISTRICT), ("quan", UnitKind.URBAN_DISTRICT), ("phuong", UnitKind.WARD),
    ("dac khu", UnitKind.SPECIAL_ZONE), ("xa", UnitKind.COMMUNE),
]
DEFAULT_KIND = {UnitLevel.PROVINCE: UnitKind.PROVINCE, UnitLevel.DISTRICT: UnitKind.RURAL_DISTRICT,
                UnitLevel.COMMUNE: UnitKind.COMMUNE}
ORDER = [UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE]


def normal_code(value, level, header) -> str:
    code = cells.text(value, header)
    return code.zfill(CODE_WIDTH[level]) if code.isascii() and code.isdigit() else code


def kind_of(level, name, hint="") -> str:
    for text in (hint, name):
        folded = fold(text)
        for prefix, kind in KIND_PREFIXES:
            if folded == prefix or folded.startswith(prefix + " "):
                if level == UnitLevel.PROVINCE and kind == UnitKind.CITY:
                    return UnitKind.CENTRAL_CITY
                return kind
    return DEFAULT_KIND[level]


@dataclass
class Wanted:
    level: str
    code: str
    name: str
    kind: str
    parent: tuple | None
    line: int


@dataclass
class UnitImportResult:
    created: int = 0
    unchanged: int = 0
    new_versions: int = 0
    closed: int = 0
    linked: int = 0
    errors: list = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(created)s units created, %(new_versions)s new versions of changed units, %(closed)s closed, "
            "%(unchanged)s unchanged, %(linked)s succession links added."
        ) % self.__dict__


def keyed_rows(table: Table, aliases: dict) -> tuple[dict, list[tuple[int, dict]]]:
    """The rows as dicts keyed by `aliases`' values (folded header -> key); columns not in
    `aliases` are ignored (NSO files carry extra ones, e.g. English names)."""
    index = {}
    for position, header in enumerate(table.headers):
        key = aliases.get(fold(header))
        if key and key not in index:
            index[key] = position
    rows = [(line, {key: values[i] if i < len(values) else None for key, i in index.items()})
            for line, values in table.rows]
    return index, rows


def unit_rows(table: Table) -> list[tuple[int, dict]]:
    """The NSO list's rows (province, its code, district, its code, commune, its code, level)."""
    index, rows = keyed_rows(table, UNIT_HEADERS)
    missing = [UNIT_COLUMNS[key] for key in REQUIRED if key not in index]
    if missing:
        raise SpreadsheetError(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
            + " " + _("An official list has the columns: province, its code, district, its code, commune, its "
                      "code, level.")
        )
    return rows


class UnitListImport:
    """One official list, valid from one date."""

    def __init__(self, rows: list[tuple[int, dict]], valid_from: datetime.date, reason: str = ""):
        self.rows, self.valid_from, self.reason = rows, valid_from, reason
        self.eve = valid_from - datetime.timedelta(days=1)

    def wanted(self) -> tuple[dict, list]:
        wanted, errors = {}, []
        for line, row in self.rows:
            try:
                for unit in self.parse(line, row):
                    self.add(wanted, unit)
            except CellError as exc:
                errors.append((line, _("line %(line)s: %(reason)s") % {"line": line, "reason": exc}))
        return wanted, errors

    def parse(self, line, row):
        province = self.unit(line, UnitLevel.PROVINCE, row, "province", None)
        if province is None:
            raise CellError(_("the province is missing"))
        district = self.unit(line, UnitLevel.DISTRICT, row, "district", (UnitLevel.PROVINCE, province.code))
        parent = (district.level, district.code) if district else (province.level, province.code)
        commune = self.unit(line, UnitLevel.COMMUNE, row, "commune", parent, row.get("level"))
        return [unit for unit in (province, district, commune) if unit]

    @staticmethod
    def unit(line, level, row, prefix, parent, hint=None):
        headers = {"name": UNIT_COLUMNS[f"{prefix}_name"], "code": UNIT_COLUMNS[f"{prefix}_code"]}
        name = cells.text(row.get(f"{prefix}_name"), headers["name"])
        code = normal_code(row.get(f"{prefix}_code"), level, headers["code"])
        if not name and not code:
            return None
        if not name or not code:
            raise CellError(_("a unit needs both its name and its code (%(value)s)") % {"value": name or code})
        unit = Wanted(level, code, name, kind_of(level, name, cells.text(hint, UNIT_COLUMNS["level"])), parent, line)
        check_unit(unit, headers)
        return unit

    @staticmethod
    def add(wanted, unit):
        key = (unit.level, unit.code)
        known = wanted.get(key)
        if known is None:
            wanted[key] = unit
        elif (fold(known.name), known.parent) != (fold(unit.name), unit.parent):
            raise CellError(
                _("code %(code)s is “%(name)s” here but “%(other)s” on line %(line)s")
                % {"code": unit.code, "name": unit.name, "other": known.name, "line": known.line}
            )

    def run(self, dry_run=False, progress=None) -> UnitImportResult:
        wanted, errors = self.wanted()
        result = UnitImportResult(errors=errors)
        if errors:
            return result
        try:
            with transaction.atomic():
                self.apply(wanted, result, progress)
                if dry_run:
                    transaction.set_rollback(True)
        except IntegrityError:
            result.errors.append((0, _("The list overlaps versions of these units that start later: import the "
                                       "official lists in the order of their dates.")))
        return result

    def current(self):
        units = AdministrativeUnit.objects.valid_on(self.valid_from).select_related("parent")
        return {(u.level, u.code): u for u in units}

    def apply(self, wanted, result, progress):
        current = self.current()
        placed = {}
        ordered = sorted(wanted.values(), key=lambda u: ORDER.index(u.level))
        for done, unit in enumerate(ordered, start=1):
            parent = placed[unit.parent] if unit.parent else None
            placed[(unit.level, unit.code)] = self.place(unit, parent, current.get((unit.level, unit.code)), result)
            if progress:
                progress(done, len(ordered))
        self.close_missing(wanted, current, placed, result)

    def place(self, unit, parent, existing, result):
        values = {"name": unit.name, "kind": unit.kind, "parent": parent}
        if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
            result.unchanged += 1
            return existing
        if existing is not None and existing.valid_from == self.valid_from:
            for key, value in values.items():  # a correction of a version that starts that day
                setattr(existing, key, value)
            self.save(existing)
            result.new_versions += 1
            return existing
        if existing is not None:
            self.close(existing)
        new = AdministrativeUnit(level=unit.level, code=unit.code, valid_from=self.valid_from, **values)
        self.save(new)
        if existing is None:
            result.created += 1
        else:
            result.new_versions += 1
            if fold(existing.name) == fold(new.name):
                result.linked += link(existing, new, SuccessionKind.WHOLE, self.valid_from, self.reason)
        return new

    def close_missing(self, wanted, current, placed, result):
        provinces = {placed[key].pk for key in wanted if key[0] == UnitLevel.PROVINCE}
        for key, unit in current.items():
            if key in wanted or unit.level == UnitLevel.PROVINCE:
                continue
            if unit.parent_id in provinces or (unit.parent_id and unit.parent.parent_id in provinces):
                if unit.valid_from is not None and unit.valid_from >= self.valid_from:
                    continue  # began on or after this list's date: not ours to close
                self.close(unit)
                result.closed += 1

    def close(self, unit):
        unit.valid_until = self.eve
        self.save(unit)

    def save(self, unit):
        unit._change_reason = self.reason
        unit.save()


def check_unit(unit: Wanted, headers: dict) -> None:
    """The unit's fields as the database will store them (lengths), so that the dry run refuses
    what the write would fail on; the model's own clean() asks the database, so not that."""
    row = AdministrativeUnit(level=unit.level, code=unit.code, name=unit.name, kind=unit.kind,
                             search_text=fold(f"{unit.name} {unit.code}"))
    try:
        row.clean_fields(exclude=["parent", "valid_from", "valid_until"])
    except ValidationError as exc:
        columns = {"code": headers["code"]}
        messages = [_("column “%(column)s”: %(errors)s") % {"column": columns.get(name, headers["name"]),
                                                             "errors": "; ".join(problems)}
                    for name, problems in exc.message_dict.items()]
        raise CellError("; ".join(messages)) from exc


def link(predecessor, successor, kind, date, basis="") -> int:
    """Create or correct one succession link; 1 if something was written."""
    values = {"kind": kind, "effective_date": date}
    if basis:
        values["legal_basis"] = basis
    existing = UnitSuccession.objects.filter(predecessor=predecessor, successor=successor).first()
    if existing is None:
        UnitSuccession.objects.create(predecessor=predecessor, successor=successor, **values)
        return 1
    changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
    for key, value in changed.items():
        setattr(existing, key, value)
    if changed:
        existing.save()
    return int(bool(changed))


SUCCESSION_COLUMNS = {"old_code": "Mã xã cũ", "new_code": "Mã xã mới", "partial": "Sáp nhập một phần"}
SUCCESSION_HEADERS = {
    "ma xa cu": "old_code", "ma px cu": "old_code", "ma cu": "old_code",
    "ma xa moi": "new_code", "ma px moi": "new_code", "ma moi": "new_code",
    "sap nhap mot phan": "partial", "mot phan": "partial",
    "ten xa cu": "old_name", "ten xa moi": "new_name",
}


def succession_rows(table: Table) -> list[tuple[int, dict]]:
    index, rows = keyed_rows(table, SUCCESSION_HEADERS)
    if "old_code" not in index or "new_code" not in index:
        raise SpreadsheetError(_("A succession table needs the columns “Mã xã cũ” and “Mã xã mới”."))
    return rows


def import_successions(rows, effective: datetime.date, legal_basis: str = "", dry_run=False):
    """Link communes valid the day before `effective` to those valid on it. An old commune
    going to several new ones is a partial succession whatever the table says."""
    limit = UnitSuccession._meta.get_field("legal_basis").max_length
    if len(legal_basis) > limit:
        return 0, [(0, _("The legal basis is %(length)s characters long; it may have at most %(limit)s.")
                    % {"length": len(legal_basis), "limit": limit})]
    eve = effective - datetime.timedelta(days=1)
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)
    before = {u.code: u for u in communes.valid_on(eve)}
    after = {u.code: u for u in communes.valid_on(effective)}
    pairs, errors = [], []
    for line, row in rows:
        try:
            old = before.get(normal_code(row["old_code"], UnitLevel.COMMUNE, SUCCESSION_COLUMNS["old_code"]))
            new = after.get(normal_code(row["new_code"], UnitLevel.COMMUNE, SUCCESSION_COLUMNS["new_code"]))
            if old is None or new is None:
                missing = row["old_code"] if old is None else row["new_code"]
                raise CellError(_("no commune with code %(code)s on that date") % {"code": missing})
            pairs.append((old, new, bool(cells.boolean(row.get("partial"), SUCCESSION_COLUMNS["partial"]))))
        except CellError as exc:
            errors.append((line, _("line %(line)s: %(reason)s") % {"line": line, "reason": exc}))
    if errors:
        return 0, errors
    shares = {}
    for old, _new, _partial in pairs:
        shares[old.pk] = shares.get(old.pk, 0) + 1
    written = 0
    with transaction.atomic():
        for old, new, partial in pairs:
            kind = SuccessionKind.PARTIAL if partial or shares[old.pk] > 1 else SuccessionKind.WHOLE
            written += link(old, new, kind, effective, legal_basis)
        if dry_run:
            transaction.set_rollback(True)
    return written, []

