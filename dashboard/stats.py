"""Counts for the dashboard (/thong-ke/): models by field, unit and period, from two sources.

Query functions: they take querysets already narrowed by `scoping` (the caller passes
`MobilizationModel.objects.restrict(user)` and `SurveySession.objects.restrict(user)`) and
return plain data. Every count is made by the database (GROUP BY); Python only places the
grouped numbers into rows. The number of queries does not depend on the number of rows.
The counted rows are kept in a cache until the data change (`Results`, keyed by the data
version that database triggers keep: `core.dataversion`).

Two sources, never mixed:
- registry: registered models, by year started or year recognised;
- reported: what localities reported in survey sessions. Per surveyed unit only its latest
  final session whose period lies inside the chosen years is used, and a session is left
  out when a unit above it (its district, its province) has a chosen session too: the
  larger unit's count already includes it. So two overlapping sessions are never added.

Two structures:
- historical: units as they were; the rows are the children of the chosen unit.
- current: every unit is carried along its successions to the units valid today. A unit
  whose successions end in more than one row ("partly merged", split among successors) is
  not divided: its models are shown under each of those rows as "partly merged" and
  counted once, in a separate row, so the total is the same as in the historical view.
  A unit closed without successor (the districts abolished on 1/7/2025) is carried to
  where its parent went.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber

from core import dataversion
from core.text import fold
from reports.models import PeriodicReport, ReportingPeriod, ReportLine, ReportStatus
from surveys.models import ReportedCount
from units.models import AdministrativeUnit, subtree_filter
from units.today import SELF, UNMAPPED, TodayMapping, execute  # SELF: a row of the chosen unit itself

HISTORICAL = "historical"
CURRENT = "current"
STARTED = "started"
RECOGNISED = "recognised"
BOTH = "both"
REGISTRY = "registry"
REPORTED = "reported"
PERIODIC = "periodic"  # approved periodic reports of one period (reports/), never mixed with the others

SPLIT = "split"  # (SPLIT, unit id): a unit split among several rows (current structure), under its own name
OWN = "own"  # the chosen unit's own report: a row of its own ("Báo cáo của chính …")

# What a periodic report line counts, by the measure the dashboard shows.
MEASURES = {
    "in_operation": F("in_operation"),
    "newly_registered": F("newly_registered"),
    "recognised": F("recognised_commune") + F("recognised_district") + F("recognised_province")
    + F("recognised_central"),
    "exemplary": F("exemplary_collectives") + F("exemplary_individuals"),
}


@dataclass
class Params:
    """What the dashboard counts; built from the validated FilterSet form."""

    unit: AdministrativeUnit | None = None  # None: the whole country (rows are provinces)
    fields: list = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    kind: str = ""
    source: str = BOTH
    year_basis: str = STARTED
    structure: str = HISTORICAL
    period: ReportingPeriod | None = None  # source PERIODIC: the one period counted
    measure: str = "in_operation"  # source PERIODIC: which figure of the report lines

    @property
    def year_field(self):
        return "recognition_year" if self.year_basis == RECOGNISED else "year_started"


@dataclass
class Row:
    key: object  # a unit id, or SELF / SPLIT / UNMAPPED
    unit: AdministrativeUnit | None = None
    registry: dict = field(default_factory=lambda: defaultdict(int))
    reported: dict = field(default_factory=lambda: defaultdict(int))
    partial: dict = field(default_factory=lambda: defaultdict(int))  # registry, partly merged
    has_reported: bool = False
    parts: frozenset = frozenset()  # a split unit's row: the rows it went into (None: outside the view)

    @property
    def partly_outside(self):
        """A split unit only partly inside the chosen unit: shown, never added to its total."""
        return None in self.parts

    def registry_total(self):
        return sum(self.registry.values())

    def reported_total(self):
        return sum(self.reported.values()) if self.has_reported else None

    def partial_total(self):
        return sum(self.partial.values())


@dataclass
class Table:
    params: Params
    rows: list
    total: Row
    by_year: dict  # field id -> {year: count}
    years: list
    without_year: int = 0
    trend: list = field(default_factory=list)  # source PERIODIC: [(period, {field id: n} or None)]


# --- placing per-unit counts into rows --------------------------------------------------


class Placement:
    """Which row(s) each source unit's counts go to: `keys[unit id] = {row keys}`.

    The database counts per unit (GROUP BY unit, field: an index scan); a placement adds
    those per-unit numbers into the rows. That is a loop over units, never over models."""

    unit = None
    keys: dict

    def source_filter(self, lookup):
        if self.unit is None:
            return Q()
        return Q(**{f"{lookup}_id__in": list(self.keys)})

    def place(self, rows, groups, attr):
        """Add (unit, field, n) groups, counted by the database, into the rows: a unit that
        falls into one row goes there; one split among several goes to the split row, and
        (registry) is shown as "partly merged" under each of those rows."""
        whole, partial, split = defaultdict(int), defaultdict(int), {}
        keys_of = self.keys
        for unit_id, field_id, n in groups:
            keys = keys_of.get(unit_id)
            if not keys:
                continue
            if len(keys) == 1 and None not in keys:
                for key in keys:
                    whole[key, field_id] += n
                continue
            split[SPLIT, unit_id] = keys
            whole[(SPLIT, unit_id), field_id] += n
            for key in keys - {None}:
                partial[key, field_id] += n
        for (key, field_id), n in whole.items():
            _add(rows, key, field_id, n, attr)
        for key, keys in split.items():
            rows[key].parts = keys
        if attr == "registry":
            for (key, field_id), n in partial.items():
                _add(rows, key, field_id, n, "partial")

    def children(self):
        return None


class HistoricalPlacement(Placement):
    """Units as they were: a unit's row is the child of the chosen unit above it (one query)."""

    def __init__(self, unit, results):
        self.unit = unit
        self.units = AdministrativeUnit.objects.filter(historical_subtree(unit, "pk"))
        self.keys = {
            chain[0]: {historical_key(unit, chain)}
            for chain in results.fetch(
                self.units.values_list("pk", "parent", "parent__parent").order_by(), version=dataversion.STRUCTURE
            )
        }

    def source_filter(self, lookup):
        """The subtree as a subquery: no long list of ids to send."""
        if self.unit is None:
            return Q()
        return Q(**{f"{lookup}__in": self.units.values("pk").order_by()})


class CurrentMapping(TodayMapping, Placement):
    """Today's units (`units.today`): each unit is carried along its successions; the walk is
    kept with the unit graph while the structure does not change."""

    def __init__(self, unit, results):
        super().__init__(unit, results.database, results.versions.structure)


def _add(rows, key, field_id, n, attr):
    if attr == "reported" and key == SELF:
        key = OWN
    row = rows.get(key)
    if row is None:
        row = rows[key] = Row(key)
    getattr(row, attr)[field_id] += n
    if attr == "reported":
        row.has_reported = True


# --- historical structure -------------------------------------------------------------


def historical_subtree(unit, lookup="unit"):
    """`lookup` (a unit) is `unit` or below it; on units themselves pass lookup="pk"."""
    if unit is None:
        return Q()
    return subtree_filter([unit.pk], lookup)


def historical_key(unit, chain):
    """The same placement in Python, for a (unit, parent, grandparent) chain of ids."""
    chain = [pk for pk in chain if pk is not None]
    if unit is None:
        return chain[-1]
    if chain[0] == unit.pk:
        return SELF
    index = chain.index(unit.pk)
    return chain[index - 1]


# --- the queries ------------------------------------------------------------------------


def filter_models(models, params):
    """Field, kind and period filters of the registry (the FilterSet applies them on the page)."""
    if params.fields:
        models = models.filter(field__in=params.fields)
    if params.kind:
        models = models.filter(kind=params.kind)
    if params.year_from:
        models = models.filter(**{f"{params.year_field}__gte": params.year_from})
    if params.year_to:
        models = models.filter(**{f"{params.year_field}__lte": params.year_to})
    return models


def chosen_sessions(sessions, params):
    """Per surveyed unit, its latest final session whose period lies inside the chosen years."""
    sessions = sessions.filter(status="final")
    if params.year_from:
        sessions = sessions.filter(period_start__gte=params.year_from)
    if params.year_to:
        sessions = sessions.filter(period_end__lte=params.year_to)
    order = [F("period_end").desc(), F("date").desc(), F("pk").desc()]
    return sessions.annotate(rank=Window(RowNumber(), partition_by=F("unit"), order_by=order)).filter(rank=1)


def reported_groups(sessions, params, source_filter, results):
    """Reported (unit, field, n) per surveyed unit (two queries), leaving out a unit whose
    district or province has a chosen session too: that session already counts it."""
    chosen = chosen_sessions(sessions, params).filter(source_filter)
    return outermost_groups(chosen, ReportedCount.objects, "session", Sum("count"), params, results)


def outermost_groups(chosen, lines, owner, amount, params, results):
    """(unit, field, amount) of the `lines` of the `chosen` sessions or reports (`owner`: the
    lines' link to them), leaving out those whose unit's district or province is chosen too."""
    chains = chosen.values_list("unit", "unit__parent", "unit__parent__parent").order_by()
    chosen_units = {unit for unit, _parent, _grandparent in results.fetch(chains)}
    lines = lines.filter(**{f"{owner}__in": chosen.values("pk")})
    if params.fields:
        lines = lines.filter(field__in=params.fields)
    groups = lines.values_list(f"{owner}__unit", f"{owner}__unit__parent", f"{owner}__unit__parent__parent", "field")
    return [
        (unit, field, n)
        for unit, parent, grandparent, field, n in results.fetch(groups.annotate(n=amount).order_by())
        if parent not in chosen_units and grandparent not in chosen_units
    ]


class Results:
    """The rows of the dashboard's counting statements: from the database, or from the
    "dashboard" cache when the data have not changed since they were counted.

    The key is the data version (kept by database triggers, `core.dataversion`) and the
    statement itself with its parameters. The statement holds everything that decides its
    rows, the user's scope included (`scoping.restrict` is part of it), so a user can never
    be served rows counted for another; any write to a counted table changes the version.
    Keys are a fixed-length hash (safe for Redis, whatever the statement); rows are lists of
    tuples of numbers, which pickle, so the cache may be shared between processes (CACHE_URL)."""

    def __init__(self, using):
        self.versions = dataversion.read(using)
        self.cache = caches["dashboard"]
        self.database = connections[using].settings_dict["NAME"]

    def fetch(self, queryset, version=dataversion.DATA):
        """`version`: STRUCTURE for a statement that reads units and successions only."""
        sql, params = queryset.query.sql_with_params()
        key = self.key(sql, params, version)
        rows = None if key is None else dataversion.cache_get(self.cache, key)
        if rows is None:
            rows = execute(queryset.db, sql, params)
            if key is not None:
                dataversion.cache_set(self.cache, key, rows)
        return rows

    def key(self, sql, params, version=dataversion.DATA):
        """The cache key of a statement at the current data version; None: not to be cached."""
        value = getattr(self.versions, version)
        if value is None:
            return None
        statement = f"{self.database}\0{version}={value}\0{sql}\0{params!r}"
        return "dashboard:" + hashlib.sha256(statement.encode()).hexdigest()


def registry_by_year(models, params, source_filter, results):
    year = params.year_field
    by_year = defaultdict(dict)
    without_year = 0
    grouped = models.filter(source_filter).values_list(year, "field").annotate(n=Count("*")).order_by()
    for value, field_id, n in results.fetch(grouped):
        if value is None:
            without_year += n
        else:
            by_year[field_id][value] = n
    return by_year, without_year


def dashboard_table(models, sessions, params, reports=None) -> Table:
    """The dashboard's numbers: rows (children of the unit), totals and the yearly series.

    `models`, `sessions` and `reports` (periodic reports; needed for the source PERIODIC only)
    are the querysets the user may see (scoping.restrict). The whole table
    is kept in the "dashboard" cache under the data version (which any write to units, models,
    sessions or counts changes), the two querysets' statements (the user's scope is in them) and
    the parameters: a repeated view neither counts nor places nor sorts again."""
    results = Results(models.db)
    reports = PeriodicReport.objects.none() if reports is None else reports
    key = results.key(*_table_statement(models, sessions, params, reports))
    table = None if key is None else dataversion.cache_get(results.cache, key)
    if table is None:
        table = _count(models, sessions, params, results, reports)
        if key is not None:
            dataversion.cache_set(results.cache, key, table)
    return table


def _table_statement(models, sessions, params, reports):
    """What decides a table: the querysets' SQL and parameters, and the parameters of the view."""
    models_sql, models_params = _sql(models)
    sessions_sql, sessions_params = _sql(sessions)
    reports_sql, reports_params = _sql(reports)
    chosen = (None if params.unit is None else params.unit.pk, sorted(f.pk for f in params.fields), params.year_from,
              params.year_to, params.kind, params.source, params.year_basis, params.structure,
              None if params.period is None else params.period.pk, params.measure)
    return (f"table\0{models_sql}\0{sessions_sql}\0{reports_sql}",
            (models_params, sessions_params, reports_params, chosen))


def _sql(queryset):
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(): e.g. the sessions the public may see
        return "nothing", ()


def _count(models, sessions, params, results, reports) -> Table:
    models = filter_models(models, params)
    placement = (CurrentMapping if params.structure == CURRENT else HistoricalPlacement)(params.unit, results)
    source = placement.source_filter("unit")
    rows = {}
    if params.source == PERIODIC:
        placement.place(rows, periodic_groups(reports, params, source, results), "reported")
        ordered = _ordered_rows(rows, params, placement.children())
        trend = periodic_trend(reports, params, source, results)
        return Table(params, ordered, _total(ordered), {}, [], trend=trend)
    if params.source != REPORTED:
        groups = models.filter(source).values_list("unit", "field").annotate(n=Count("*")).order_by()
        placement.place(rows, results.fetch(groups), "registry")
    if params.source != REGISTRY:
        placement.place(rows, reported_groups(sessions, params, source, results), "reported")
    by_year, without_year = ({}, 0)
    if params.source != REPORTED:
        by_year, without_year = registry_by_year(models, params, source, results)
    ordered = _ordered_rows(rows, params, placement.children())
    years = sorted({y for series in by_year.values() for y in series})
    return Table(params, ordered, _total(ordered), by_year, years, without_year)


def _ordered_rows(rows, params, children):
    unit = params.unit
    units = AdministrativeUnit.objects.all()
    if children is None:  # historical: every child of the unit, in the period or not
        units = units.filter(Q(parent=unit) if unit is not None else Q(parent__isnull=True))
        if params.year_from:
            units = units.filter(Q(valid_until__isnull=True) | Q(valid_until__year__gte=params.year_from))
        if params.year_to:
            units = units.filter(Q(valid_from__isnull=True) | Q(valid_from__year__lte=params.year_to))
        if params.source == PERIODIC and params.period is not None:  # the units as they stood at its cut-off
            units = units.valid_on(params.period.cutoff)
        units = units | AdministrativeUnit.objects.filter(pk__in=[k for k in rows if isinstance(k, int)])
    else:
        split_ids = {k[1] for k in rows if isinstance(k, tuple)}
        units = units.filter(pk__in=children | split_ids | {k for k in rows if isinstance(k, int)})
    ordered = []
    for key in (OWN, SELF):  # the chosen unit's own report, its models registered at its level
        if key in rows:
            ordered.append(_with_unit(rows.pop(key), unit))
    # Units of the past first, then today's; by name, accents folded (Đức Thọ among the D).
    # Then the units split among several rows, each under its own name (current structure).
    split_rows = []
    for row_unit in sorted(units.distinct(), key=lambda u: (u.valid_until is None, fold(u.name), u.pk)):
        if (SPLIT, row_unit.pk) in rows:
            split_rows.append(_with_unit(rows.pop((SPLIT, row_unit.pk)), row_unit))
        else:
            ordered.append(_with_unit(rows.pop(row_unit.pk, Row(row_unit.pk)), row_unit))
    ordered.extend(split_rows)
    ordered.extend(rows.pop(key) for key in (UNMAPPED,) if key in rows)
    return ordered


def _with_unit(row, unit):
    row.unit = unit
    return row


def _total(rows):
    """Column totals: the sum of the rows. The chosen unit's own report is a row; the reports of
    its parts were left out as nested in it, so the rows never count a model twice. A unit split
    with a part outside the chosen unit (a district of 2023 seen from one of its 2025 communes)
    is shown in its row but not added: its count is not the chosen unit's."""
    total = Row("total")
    for row in rows:
        if row.partly_outside:
            continue
        for field_id, n in row.registry.items():
            total.registry[field_id] += n
        if row.has_reported:
            total.has_reported = True
            for field_id, n in row.reported.items():
                total.reported[field_id] += n
    return total


# --- approved periodic reports (reports/) ------------------------------------------------


def approved(reports):
    return reports.filter(status=ReportStatus.APPROVED)


def periodic_groups(reports, params, source_filter, results):
    """(unit, field, n) of the approved reports of the chosen period (two queries), the measure
    summed per report line. As for sessions, a report is left out when the unit above it (its
    district, its province) reported for the same period: that report already counts it."""
    chosen = approved(reports).filter(source_filter, period=params.period)
    return outermost_groups(chosen, ReportLine.objects, "report", Sum(MEASURES[params.measure]), params, results)


def periodic_trend(reports, params, source_filter, results):
    """[(period, {field id: n} or None)] for every period from the first with approved reports in
    the area to the last, in order of cut-off: None where a period has none (a gap, not a zero).
    Each period counted on its own, leaving out nested reports as `periodic_groups` does."""
    lines = ReportLine.objects.filter(report__in=approved(reports).filter(source_filter).values("pk"))
    if params.fields:
        lines = lines.filter(field__in=params.fields)
    grouped = lines.values_list(
        "report__period", "report__unit", "report__unit__parent", "report__unit__parent__parent", "field"
    ).annotate(n=Sum(MEASURES[params.measure])).order_by()
    groups = results.fetch(grouped)
    reporting = {(period_id, unit) for period_id, unit, *_rest in groups}
    by_period = defaultdict(lambda: defaultdict(int))
    for period_id, _unit, parent, grandparent, field_id, n in groups:
        if (period_id, parent) not in reporting and (period_id, grandparent) not in reporting:
            by_period[period_id][field_id] += n
    if not by_period:
        return []
    periods = list(ReportingPeriod.objects.select_related("kind").order_by("cutoff", "kind__order", "pk"))
    with_data = [i for i, p in enumerate(periods) if p.pk in by_period]
    return [(p, dict(by_period[p.pk]) if p.pk in by_period else None)
            for p in periods[with_data[0]:with_data[-1] + 1]]


# --- the home page ------------------------------------------------------------------------


def home_summary(models, fields):
    """Registered models by field for the whole province (or country): one GROUP BY, kept in
    the cache while the data do not change (the home page is the most visited page).

    The home page passes `MobilizationModel.objects.restrict(request.user)` and the
    active fields; the result feeds `templates/dashboard/_home_summary.html`."""
    grouped = models.values_list("field").annotate(n=Count("pk")).order_by()
    counts = dict(Results(models.db).fetch(grouped))
    by_field = [(f, counts.get(f.pk, 0)) for f in fields]
    return {"by_field": by_field, "total": sum(n for _, n in by_field)}
