"""Random provinces for the dashboard tests, and the dashboard's numbers computed the slow way.

`build(seed)` makes two provinces whose districts and communes were reorganised in 2025
(moves, whole merges, splits among successors, units closed without successor), with
models, survey sessions and periodic reports (approved or not, some fields left out, at
every level and across 1/7/2025) scattered over every level. `expected(...)` and
`expected_periodic(...)` recompute each cell from the rows in plain Python, without any of
`dashboard.stats`.
"""

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from models_registry.models import Field, MobilizationModel
from reports.models import PeriodicReport, ReportingKind, ReportingPeriod, ReportLine
from reports.periods import ensure_defaults
from surveys.models import ReportedCount, SurveySession
from units.models import AdministrativeUnit, UnitSuccession

EVE = datetime.date(2025, 6, 30)
NEW = datetime.date(2025, 7, 1)


def build(seed, provinces=2, districts=3, communes=4, models=250, sessions=30, reports=60):
    rng = random.Random(seed)
    _PLACES.clear()
    fields = [Field.objects.create(name=f"Lĩnh vực {i}", code=f"f{i}", order=i) for i in range(3)]
    units = _units(rng, provinces, districts, communes)
    _models(rng, units, fields, models)
    _sessions(rng, units, fields, sessions)
    _reports(rng, units, fields, reports)
    return fields


MEASURES = {
    "in_operation": ("in_operation",),
    "newly_registered": ("newly_registered",),
    "recognised": ("recognised_commune", "recognised_district", "recognised_province", "recognised_central"),
    "exemplary": ("exemplary_collectives", "exemplary_individuals"),
}


def periods():
    """Three periods across 1/7/2025: the first half of 2025 (old units), the year 2025 and the first
    half of 2026 (new units), as the default calendar makes them."""
    ensure_defaults()
    kinds = {k.code: k for k in ReportingKind.objects.all()}
    made = []
    for kind, year, start, cutoff in [("6-thang", 2025, (2024, 12, 15), (2025, 6, 14)),
                                      ("nam", 2025, (2024, 12, 15), (2025, 12, 14)),
                                      ("6-thang", 2026, (2025, 12, 15), (2026, 6, 14))]:
        cutoff = datetime.date(*cutoff)
        made.append(ReportingPeriod.objects.get_or_create(
            kind=kinds[kind], year=year, number=1,
            defaults={"start": datetime.date(*start), "cutoff": cutoff, "deadline": cutoff + datetime.timedelta(days=3),
                      "closes_on": cutoff + datetime.timedelta(days=10)})[0])
    return made


def _reports(rng, units, fields, n):
    """Reports at any level (nested ones too: a district and its commune for the same period),
    mostly approved; each line's figures random, some fields without a line."""
    chosen = set()
    for period in periods():
        alive = [u for u in units if u.is_valid_on(period.cutoff)] or units
        for unit in rng.sample(alive, min(len(alive), n // 3)):
            if (unit.pk, period.pk) in chosen:
                continue
            chosen.add((unit.pk, period.pk))
            status = rng.choice(["approved", "approved", "approved", "submitted", "draft"])
            report = PeriodicReport.objects.create(
                unit=unit, period=period, status=status,
                submitted_at=None if status == "draft" else timezone.now())
            for f in fields:
                if rng.random() < 0.8:
                    recognised = [rng.randint(0, 20) for _level in range(4)]
                    ReportLine.objects.create(
                        report=report, field=f, in_operation=sum(recognised) + rng.randint(0, 300),
                        newly_registered=rng.randint(0, 50), recognised_commune=recognised[0],
                        recognised_district=recognised[1], recognised_province=recognised[2],
                        recognised_central=recognised[3], exemplary_collectives=rng.randint(0, 10),
                        exemplary_individuals=rng.randint(0, 10))


def _unit(code, level, parent=None, until=None, valid_from=None, name=None):
    return AdministrativeUnit.objects.create(
        name=name or f"{level} {code}", code=code, level=level, kind="xa", parent=parent,
        valid_until=until, valid_from=valid_from,
    )


def _units(rng, provinces, districts, communes):
    code = iter(range(1000, 100000))
    for _p in range(provinces):
        province = _unit(str(next(code)), "province")
        old = []
        for _d in range(districts):
            district = _unit(str(next(code)), "district", province, EVE)
            old += [_unit(str(next(code)), "commune", district, EVE) for _c in range(communes)]
        new = [_unit(str(next(code)), "commune", province, None, NEW) for _n in range(max(2, len(old) // 3))]
        for commune in old:
            fate = rng.random()
            if fate < 0.15:
                continue  # closed without a recorded successor
            if fate < 0.3:
                for successor in rng.sample(new, 2):
                    UnitSuccession.objects.create(predecessor=commune, successor=successor, kind="partial")
            else:
                UnitSuccession.objects.create(predecessor=commune, successor=rng.choice(new), kind="whole")
        districts_of = list(AdministrativeUnit.objects.filter(parent=province, level="district"))
        UnitSuccession.objects.create(predecessor=districts_of[0], successor=districts_of[1], kind="partial")
    return list(AdministrativeUnit.objects.all())


def _models(rng, units, fields, n):
    rows = []
    for i in range(n):
        started = rng.choice([None, *range(2008, 2026)])
        recognised = None if started is None or rng.random() < 0.4 else rng.randint(started, 2026)
        rows.append(
            MobilizationModel(
                name=f"Mô hình {i}", field=rng.choice(fields), unit=rng.choice(units), host_type="front",
                kind=rng.choice(["collective", "individual"]), year_started=started, recognition_year=recognised,
                is_published=(published := rng.random() < 0.5),
                review_status="published" if published else "draft",  # bulk_create does not call save()
            )
        )
    MobilizationModel.objects.bulk_create(rows)


def _sessions(rng, units, fields, n):
    for i in range(n):
        start = rng.randint(2008, 2020)
        session = SurveySession.objects.create(
            date=datetime.date(rng.randint(2015, 2024), rng.randint(1, 12), 1), title=f"Khảo sát {i}",
            delegation="Đoàn", head_name="Trưởng đoàn", unit=rng.choice(units), period_start=start,
            period_end=rng.randint(start, 2024), status=rng.choice(["final", "final", "draft"]),
        )
        ReportedCount.objects.bulk_create(
            ReportedCount(session=session, field=f, count=rng.randint(0, 500)) for f in fields if rng.random() < 0.8
        )


# --- the slow way -------------------------------------------------------------------


def chain(unit):
    out = []
    while unit is not None:
        out.append(unit)
        unit = unit.parent
    return out


def targets(unit, seen=(), down=True):
    """Today's units that `unit` went into; None: nowhere known."""
    if unit.valid_until is None:
        return {unit.pk}
    if (unit.pk, down) in seen:
        return {None}
    seen = seen + ((unit.pk, down),)
    successors = [link.successor for link in UnitSuccession.objects.filter(predecessor=unit)]
    if successors:
        return set().union(*(targets(s, seen) for s in successors))
    children = list(AdministrativeUnit.objects.filter(parent=unit))
    if down and children:
        return set().union(*(targets(c, seen) for c in children))
    if unit.parent is not None:
        return targets(unit.parent, seen, down=False)
    return {None}


def historical_row(top, unit):
    """The row key of `unit` under `top` (None: outside), as the dashboard should place it."""
    ids = [u.pk for u in chain(unit)]
    if top is None:
        return ids[-1]
    if top.pk not in ids:
        return None
    index = ids.index(top.pk)
    return "self" if index == 0 else ids[index - 1]


def current_row(top, target):
    if target is None:
        return "unmapped" if top is None else None
    unit = AdministrativeUnit.objects.get(pk=target)
    if top is None:
        return chain(unit)[-1].pk
    if top.valid_until is not None:
        return target
    return historical_row(top, unit)


_PLACES = {}


def place(top, unit, structure):
    """{row keys} of a unit's counts; a single key, or a split (several, or partly outside)."""
    key = (top.pk if top else None, unit.pk, structure)
    if key not in _PLACES:
        _PLACES[key] = _place(top, unit, structure)
    return _PLACES[key]


def _place(top, unit, structure):
    if structure == "historical":
        key = historical_row(top, unit)
        return None if key is None else {key}
    if top is not None and top.valid_until is not None and top.pk not in [u.pk for u in chain(unit)]:
        return None  # a unit of the past shows only its own subtree
    keys = {current_row(top, t) for t in targets(unit)}
    return None if keys == {None} else keys


def in_period(year, year_from, year_to):
    if year_from is None and year_to is None:
        return True
    return year is not None and (year_from is None or year >= year_from) and (year_to is None or year <= year_to)


def expected(models, sessions, top, structure, year_from=None, year_to=None, basis="year_started", field=None):
    """{row key: {"registry": {field: n}, "reported": {field: n}, "partial": {field: n}}}, total."""
    rows = defaultdict(lambda: {name: defaultdict(int) for name in ("registry", "reported", "partial")})
    for model in models:
        if field is not None and model.field_id != field.pk:
            continue
        if not in_period(getattr(model, basis), year_from, year_to):
            continue
        _put(rows, place(top, model.unit, structure), "registry", model.field_id, 1, model.unit_id)
    for session, counts in chosen(sessions, top, structure, year_from, year_to).items():
        for count in counts:
            if field is None or count.field_id == field.pk:
                _put(rows, place(top, session.unit, structure), "reported", count.field_id, count.count,
                     session.unit_id)
    return rows


def _put(rows, keys, attr, field_id, n, unit_id):
    """A unit's count into its row; a unit split among several rows into a row of its own,
    ("split", unit id), or ("outside", unit id) when a part of it lies outside `top` (not in the total)."""
    if not keys:
        return
    if len(keys) == 1 and None not in keys:
        key = next(iter(keys))
        if attr == "reported" and key == "self":
            key = "own"
        rows[key][attr][field_id] += n
        return
    rows["outside" if None in keys else "split", unit_id][attr][field_id] += n
    if attr == "registry":
        for key in keys - {None}:
            rows[key]["partial"][field_id] += n


def chosen(sessions, top, structure, year_from, year_to):
    latest = {}
    for s in sessions:
        if s.status != "final":
            continue
        if (year_from and s.period_start < year_from) or (year_to and s.period_end > year_to):
            continue
        best = latest.get(s.unit_id)
        if best is None or (s.period_end, s.date, s.pk) > (best.period_end, best.date, best.pk):
            latest[s.unit_id] = s
    inside = {pk: s for pk, s in latest.items() if place(top, s.unit, structure)}
    return {
        s: list(s.reported_counts.all())
        for s in inside.values()
        if not any(u.pk in inside for u in chain(s.unit)[1:3])
    }


def expected_periodic(reports, top, structure, period, measure="in_operation", field=None):
    """{row key: {"reported": {field: n}}} of the approved reports of `period`, placed as the
    dashboard should (nested reports left out: the unit above already counts them)."""
    rows = defaultdict(lambda: {name: defaultdict(int) for name in ("registry", "reported", "partial")})
    inside = {r.unit_id: r for r in reports
              if r.status == "approved" and r.period_id == period.pk and place(top, r.unit, structure)}
    for report in inside.values():
        if any(u.pk in inside for u in chain(report.unit)[1:3]):
            continue
        for line in report.lines.all():
            if field is None or line.field_id == field.pk:
                value = sum(getattr(line, name) for name in MEASURES[measure])
                _put(rows, place(top, report.unit, structure), "reported", line.field_id, value, report.unit_id)
    return rows
