"""`make bench-reports`: 10,000 units × 20 periods of reports, and how fast the completeness page, the
report list and the dashboard on approved reports are on them, against the raw SQL of their counting.

The data: one province, 50 districts of 200 communes (10,000 units reporting), 20 periods (the
six-month and year reports of 2017–2026, reported by the communes), a report for about 85% of the
units of each period in every state (170,000-odd reports) with a line for each of the four fields
(680,000-odd lines: the dashboard counts them), and an officer for one commune in three. Rows go in
with PostgreSQL's COPY (devtools.bench.insert), or executemany on SQLite (the smoke test).

Each page is timed through Django's test client as the province's officer and as an admin, for a
whole province and for one district's area (median and p95 of repeated runs, queries counted);
beside it, its counting written by hand and sent raw through the driver: for the completeness page
the statement that counts the categories and the one that reads the first page of missing units;
for the dashboard (source "Báo cáo định kỳ (đã duyệt)", the latest period) the period's approved
lines by unit and field, the trend by period and field, the headline cards' totals and completeness
of the two latest periods. The dashboard is timed as the first view after a change to the data (a
write before each run: its cache cannot serve it). Timings go to the output and docs/benchmarks.md,
never into a pass/fail threshold.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from devtools.bench import (
    BENCH_USER,
    FIELDS,
    bench_user,
    captured,
    data_changed,
    insert,
    production_templates,
    reset_sequences,
    timed_pair,
    vacuum,
)
from models_registry.models import Field
from reports.models import (
    PeriodicReport,
    PeriodLevel,
    ReportingPeriod,
    ReportLine,
    ReportStatus,
    ReportTransition,
    SentReminder,
)
from reports.periods import ensure_defaults, generate_periods
from units.models import AdministrativeUnit, OfficerProfile, UnitLevel

DISTRICTS, COMMUNES = 50, 200
YEARS = range(2017, 2027)  # two kinds: 20 periods
OFFICER_EVERY = 3
PROVINCE_OFFICER = "bench-tinh"


@dataclass
class Result:
    name: str
    queries: int
    median: float
    p95: float
    raw_median: float

    @property
    def ratio(self):
        return self.median / self.raw_median if self.raw_median else 0


def clear():
    """Empty what the generator fills (the benchmark's own database only: see the command)."""
    models = [SentReminder, ReportTransition, ReportLine.history.model, ReportLine, PeriodicReport.history.model,
              PeriodicReport, PeriodLevel, ReportingPeriod, OfficerProfile, AdministrativeUnit.history.model,
              AdministrativeUnit]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    get_user_model().objects.exclude(username=BENCH_USER).delete()


class Generator:
    def __init__(self, districts=DISTRICTS, communes=COMMUNES, seed=2026):
        self.districts, self.communes = districts, communes
        self.rng = random.Random(seed)  # noqa: S311 - made-up data

    def run(self) -> dict:
        with transaction.atomic():
            clear()
            bench_user()
            ensure_defaults()
            units = self.units()
            for year in YEARS:
                generate_periods(year)
            PeriodLevel.objects.exclude(level=UnitLevel.COMMUNE).update(level=UnitLevel.COMMUNE)
            periods = list(ReportingPeriod.objects.all())
            reports = self.reports(units, periods)
            lines = self.lines(reports, bench_fields())
            officers = self.officers(units)
            reset_sequences()
            reset_report_sequence()
        vacuum()
        return {"units": len(units), "periods": len(periods), "reports": reports, "report lines": lines,
                "officers": officers}

    def units(self) -> list[int]:
        """The communes (ids); their province and districts are made on the way."""
        province = AdministrativeUnit.objects.create(name="Tỉnh Thử", code="99", level=UnitLevel.PROVINCE,
                                                     kind="tinh")
        districts = AdministrativeUnit.objects.bulk_create([
            AdministrativeUnit(name=f"Huyện Thử {d}", code=f"9{d:02d}", level=UnitLevel.DISTRICT, kind="huyen",
                               parent=province, search_text=f"huyen thu {d}")
            for d in range(self.districts)
        ])
        start = AdministrativeUnit.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
        rows = [
            {"id": start + i, "name": f"Xã Thử {i}", "code": f"{90000 + i}", "level": UnitLevel.COMMUNE,
             "kind": "xa", "parent_id": districts[i // self.communes].pk, "search_text": f"xa thu {i}"}
            for i in range(self.districts * self.communes)
        ]
        insert(AdministrativeUnit, rows, total=len(rows), desc="units")
        return [row["id"] for row in rows]

    def reports(self, units, periods) -> int:
        """About 85% of the units of each period report, in every state."""
        rows, rng, now = [], self.rng, timezone.now()
        next_id = 1
        for period in periods:
            deadline = timezone.make_aware(datetime.datetime.combine(period.deadline, datetime.time(12)))
            for unit in units:
                draw = rng.random()
                if draw < 0.15:
                    continue
                status = (ReportStatus.DRAFT if draw < 0.2 else ReportStatus.RETURNED if draw < 0.25
                          else ReportStatus.APPROVED if draw < 0.8 else ReportStatus.SUBMITTED)
                late = status != ReportStatus.DRAFT and rng.random() < 0.2
                submitted = None if status == ReportStatus.DRAFT else deadline + datetime.timedelta(
                    days=rng.randint(1, 5) if late else -rng.randint(0, 3))
                rows.append({"id": next_id, "unit_id": unit, "period_id": period.pk, "status": status,
                             "submitted_at": submitted, "is_late": late, "is_sample": True, "created_at": now,
                             "updated_at": now})
                next_id += 1
        insert(PeriodicReport, rows, total=len(rows), desc="reports")
        return len(rows)

    def lines(self, reports, fields) -> int:
        """A line per field for every report (ids 1…`reports`), recognitions within the models in
        operation (the table's constraint)."""
        rng = self.rng

        def rows():
            next_id = 1
            for report in range(1, reports + 1):
                for field_id in fields:
                    in_operation = rng.randint(0, 40)
                    yield {"id": next_id, "report_id": report, "field_id": field_id, "in_operation": in_operation,
                           "newly_registered": rng.randint(0, in_operation // 4),
                           "recognised_commune": rng.randint(0, in_operation // 2),
                           "recognised_district": rng.randint(0, in_operation // 4),
                           "exemplary_collectives": rng.randint(0, 3), "exemplary_individuals": rng.randint(0, 5)}
                    next_id += 1
        total = reports * len(fields)
        insert(ReportLine, rows(), total=total, desc="report lines")
        return total

    def officers(self, units) -> int:
        User = get_user_model()  # noqa: N806
        chosen = units[::OFFICER_EVERY]
        users = User.objects.bulk_create([User(username=f"bench-{unit}", email=f"{unit}@example.invalid")
                                          for unit in chosen])
        OfficerProfile.objects.bulk_create([OfficerProfile(user=user, scope_unit_id=unit)
                                            for user, unit in zip(users, chosen, strict=True)])
        province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE)
        officer = User.objects.create_user(PROVINCE_OFFICER)
        OfficerProfile.objects.create(user=officer, scope_unit=province)
        return len(users) + 1


def bench_fields() -> list[int]:
    """The four fields (ids), made if the database has none yet."""
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    return list(Field.objects.filter(code__in=[code for code, _name in FIELDS]).order_by("order")
                .values_list("pk", flat=True))


def reset_report_sequence():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (PeriodicReport, ReportLine):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"  # noqa: S608
                )


# --- measuring -------------------------------------------------------------------------------

# The completeness page's two main statements, written by hand: the categories counted, and the
# first page of missing units. The page adds the scope, the filters, pagination and the template.
SUMMARY_SQL = """
SELECT COUNT(*),
       SUM(CASE WHEN r.status IN ('submitted', 'approved') AND r.is_late THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.status IN ('submitted', 'approved') AND NOT r.is_late THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.status = 'returned' THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.status IS NULL OR r.status = 'draft' THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.status = 'approved' THEN 1 ELSE 0 END)
FROM models_registry_administrativeunit u
LEFT JOIN reports_periodicreport r ON r.unit_id = u.id AND r.period_id = %s
WHERE u.level = 'commune' AND (u.valid_from IS NULL OR u.valid_from <= %s)
  AND (u.valid_until IS NULL OR u.valid_until >= %s) {area}
"""
MISSING_SQL = """
SELECT u.id, u.name FROM models_registry_administrativeunit u
LEFT JOIN reports_periodicreport r ON r.unit_id = u.id AND r.period_id = %s
WHERE u.level = 'commune' AND (u.valid_from IS NULL OR u.valid_from <= %s)
  AND (u.valid_until IS NULL OR u.valid_until >= %s) {area} AND (r.status IS NULL OR r.status = 'draft')
ORDER BY u.name, u.id LIMIT 50
"""
AREA = "AND u.parent_id = %s"


def raw(period, area=None):
    """The two statements, through the driver."""
    args = [period.pk, period.cutoff, period.cutoff, *([area] if area is not None else [])]
    statements = [sql.format(area=AREA if area is not None else "") for sql in (SUMMARY_SQL, MISSING_SQL)]

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql, args)
                cursor.fetchall()
    return run


# The dashboard's counting on approved reports, written by hand: the chosen period's lines by unit and
# field (the table), by period and field (the trend), the totals of the two latest periods (the
# headline cards) and their completeness (SUMMARY_SQL, twice). The page adds the scope, the placing of
# units into rows, the leaving out of reports nested in a larger unit's, the template.
PERIODIC_SQL = """
SELECT r.unit_id, l.field_id, SUM(l.in_operation) FROM reports_reportline l
JOIN reports_periodicreport r ON r.id = l.report_id
WHERE r.status = 'approved' AND r.period_id = %s {area} GROUP BY r.unit_id, l.field_id
"""
TREND_SQL = """
SELECT r.period_id, l.field_id, SUM(l.in_operation) FROM reports_reportline l
JOIN reports_periodicreport r ON r.id = l.report_id
WHERE r.status = 'approved' {area} GROUP BY r.period_id, l.field_id
"""
CARDS_SQL = """
SELECT r.period_id, SUM(l.in_operation), SUM(l.newly_registered),
       SUM(l.exemplary_collectives + l.exemplary_individuals) FROM reports_reportline l
JOIN reports_periodicreport r ON r.id = l.report_id
WHERE r.status = 'approved' AND r.period_id IN (%s, %s) {area} GROUP BY r.period_id
"""
REPORT_AREA = "AND r.unit_id IN (SELECT id FROM models_registry_administrativeunit WHERE id = %s OR parent_id = %s)"


def raw_dashboard(period, previous, area=None):
    """The dashboard's counting (the area: a district and its communes; None: everything, one province)."""
    where = REPORT_AREA if area is not None else ""
    around = [area, area] if area is not None else []
    statements = [
        (PERIODIC_SQL.format(area=where), [period.pk, *around]),
        (TREND_SQL.format(area=where), around),
        (CARDS_SQL.format(area=where), [period.pk, previous.pk, *around]),
        *((SUMMARY_SQL.format(area=AREA if area is not None else ""),
           [p.pk, p.cutoff, p.cutoff, *([area] if area is not None else [])]) for p in (period, previous)),
    ]

    def run():
        with connection.cursor() as cursor:
            for sql, args in statements:
                cursor.execute(sql, args)
                cursor.fetchall()
    return run


def dashboard_requests(province, district, period):
    """(name, query string, area for the raw SQL) of the dashboard on the approved reports of `period`."""
    base = {"source": "periodic", "period": period.pk}
    return [
        ("dashboard, reports, province", {**base, "unit": province.pk}, None),
        ("dashboard, reports, one district (units as they were)", {**base, "unit": district.pk}, district.pk),
        ("dashboard, reports, province, today's units", {**base, "unit": province.pk, "structure": "current"},
         None),
    ]


def measure(runs: int) -> list[Result]:
    """`make bench-reports` runs with DEBUG=true (no secret key needed); time as in production: no
    query log, cached templates."""
    with override_settings(DEBUG=False, TEMPLATES=production_templates()):
        return _measure(runs)


def _measure(runs: int) -> list[Result]:
    period = ReportingPeriod.objects.filter(reports__isnull=False).order_by("-cutoff").first()
    previous = ReportingPeriod.objects.filter(reports__status=ReportStatus.APPROVED, cutoff__lt=period.cutoff) \
        .order_by("-cutoff").first()
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE)
    district = AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT).order_by("pk").first()
    User = get_user_model()  # noqa: N806
    results = []
    for who in (User.objects.get(username=PROVINCE_OFFICER), User.objects.get(username=BENCH_USER)):
        client = Client(SERVER_NAME="localhost")
        client.force_login(who)
        for name, url, params, area in [
            ("completeness, province", "/bao-cao/tien-do/", {"period": period.pk}, None),
            ("completeness, one district's area", "/bao-cao/tien-do/", {"period": period.pk, "area": district.pk},
             district.pk),
            ("report list, province", "/bao-cao/", {"period": period.pk}, None),
        ]:
            results.append(timed_request(f"{name} ({who.username})", client, url, params, raw(period, area), runs))
        for name, params, area in dashboard_requests(province, district, period):
            results.append(timed_request(f"{name} ({who.username})", client, "/thong-ke/", params,
                                         raw_dashboard(period, previous, area), runs, before=data_changed))
    return results


def timed_request(name, client, url, params, raw_run, runs, before=None) -> Result:
    """`before`: run untimed before each view (the dashboard: a write, so its cache cannot serve it)."""
    def view():
        response = client.get(url, params)
        assert response.status_code == 200, (name, response.status_code)  # noqa: S101 - a failed page is no timing
        return response

    view()  # templates compiled, the connection open: as on a server that has been up a while
    if before is not None:
        before()
    queries, _response = captured(view)
    median, p95, raw_median, _cpu = timed_pair(view, raw_run, runs, before=before)
    return Result(name, len(queries), median, p95, raw_median)


def markdown(results, made, runs) -> str:
    lines = [
        f"{made}; {connection.vendor}; median and p95 of {runs} runs, ms.", "",
        "| request | queries | median | p95 | raw SQL | page / raw |", "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.name} | {r.queries} | {r.median:.1f} | {r.p95:.1f} | {r.raw_median:.1f} | "
                     f"{r.ratio:.1f}× |")
    return "\n".join(lines)
