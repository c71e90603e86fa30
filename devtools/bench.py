"""`make bench`: national-scale data for the dashboard, and how fast the dashboard is on it.

At SCALE=1: 34 provinces, about 12,700 units (680 districts and 8,840 communes abolished
on 1/7/2025, some communes moved between districts on 1/1/2025, 2,950 communes of today),
their successions (whole, and some split among two successors), 1,000,000 models over 20
years and 100,000 reported counts (25,000 survey sessions × 4 fields). Rows go in with
PostgreSQL's COPY (psycopg 3), or executemany on SQLite (the smoke test).

Then each dashboard request is timed through Django's test client (median and p95 of
repeated runs, number of queries), twice: as the first view after a change to the data
(a write before each run; the dashboard's cache cannot serve it, though the unit graph,
which only changes with the units, stays) and as a repeated view (served from the cache
kept by the data version, core/dataversion.py). Beside them, the counting statements
of the first view sent raw through the driver: the live SQL. The ratios view/raw are what
the ORM, the placing of units into rows, the template and the export add on top of the
database's own work, and what the cache saves.
"""

import datetime
import random
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from tqdm import tqdm

from models_registry.models import Field, MobilizationModel
from surveys.models import ReportedCount, SurveySession
from units.models import AdministrativeUnit, UnitSuccession

FIELDS = [
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh"),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị"),
]
PROVINCES, DISTRICTS, COMMUNES = 34, 20, 13
MODELS, REPORTED_COUNTS = 1_000_000, 100_000
YEARS = range(2006, 2026)  # 20 years
EVE, MOVED, NEW = datetime.date(2025, 6, 30), datetime.date(2025, 1, 1), datetime.date(2025, 7, 1)
BENCH_USER = "bench-admin"


@dataclass
class Sizes:
    provinces: int
    models: int
    reported_counts: int

    @classmethod
    def at(cls, scale: float):
        return cls(max(1, round(PROVINCES * min(scale, 1))), max(1, round(MODELS * scale)),
                   max(4, round(REPORTED_COUNTS * scale)))


# --- writing rows -------------------------------------------------------------------------


def columns(model):
    return [f.column for f in model._meta.concrete_fields]


def as_rows(model, dicts):
    """Rows in column order; fields not given take their default (timestamps: now)."""
    now = timezone.now()
    base, index = [], {}
    for i, f in enumerate(model._meta.concrete_fields):
        index[f.attname] = i
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            base.append(now)
        elif f.has_default():
            base.append(f.get_default())
        else:
            base.append("" if f.empty_strings_allowed and not f.null else None)
    for values in dicts:
        row = base.copy()
        for name, value in values.items():
            row[index[name]] = value
        yield row


def insert(model, dicts, total=None, desc=None):
    table, cols = model._meta.db_table, columns(model)
    rows = tqdm(as_rows(model, dicts), total=total, desc=desc or table, unit=" rows", leave=False,
                mininterval=1, disable=total is None or total < 10_000)
    quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
    table = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(cols))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", list(rows))  # noqa: S608


BENCH_MODELS = [
    ReportedCount, SurveySession.visited_models.through, SurveySession, MobilizationModel.replicated_in.through,
    MobilizationModel, UnitSuccession, AdministrativeUnit, Field,
]


def clear():
    tables = [m._meta.db_table for m in BENCH_MODELS]
    history = [m.history.model._meta.db_table for m in (ReportedCount, SurveySession, MobilizationModel,
                                                       UnitSuccession, AdministrativeUnit)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables + history)} RESTART IDENTITY CASCADE")
        else:
            for table in tables + history:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def reset_sequences():
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Field, AdministrativeUnit, UnitSuccession, MobilizationModel, SurveySession, ReportedCount):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"  # noqa: S608
            )


def vacuum():
    """Statistics and the visibility map, as autovacuum would leave them on a live database."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- generating -------------------------------------------------------------------------------


class Generator:
    def __init__(self, scale: float, seed: int = 2025):
        self.sizes = Sizes.at(scale)
        self.rng = random.Random(seed)
        self.units = []  # dicts, ids assigned here
        self.links = []

    def unit(self, name, code, level, kind, parent, valid_from=None, valid_until=None):
        row = {"id": len(self.units) + 1, "name": name, "code": code, "level": level, "kind": kind,
               "parent_id": parent, "valid_from": valid_from, "valid_until": valid_until,
               "search_text": name.lower()}
        self.units.append(row)
        return row["id"]

    def build_units(self):
        code = iter(range(100, 10_000_000))
        self.old_communes, self.new_communes, self.districts, self.provinces = [], [], [], []
        for p in range(self.sizes.provinces):
            province = self.unit(f"Tỉnh {p + 1}", f"{p + 1:02}", "province", "tinh", None)
            self.provinces.append(province)
            olds = []
            for d in range(DISTRICTS):
                district = self.unit(f"Huyện {p + 1}.{d + 1}", str(next(code)), "district", "huyen", province,
                                     valid_until=EVE)
                self.districts.append(district)
                for c in range(COMMUNES):
                    olds.append(self.unit(f"Xã {p + 1}.{d + 1}.{c + 1}", str(next(code)), "commune", "xa", district,
                                          valid_until=EVE))
            news = [self.unit(f"Xã mới {p + 1}.{n + 1}", str(next(code)), "commune", "xa", province, NEW)
                    for n in range(len(olds) // 3)]
            self.old_communes += olds
            self.new_communes += news
            self.succeed(olds, news, province)

    def succeed(self, olds, news, province):
        rng = self.rng
        for i, old in enumerate(olds):
            fate = rng.random()
            if fate < 0.02:  # moved to another district on 1/1/2025: a new version, same code
                row = self.units[old - 1]
                row["valid_until"] = MOVED - datetime.timedelta(days=1)
                district = rng.choice(self.districts[-DISTRICTS:])
                moved = self.unit(row["name"], row["code"], "commune", "xa", district, MOVED, EVE)
                self.link(old, moved, "whole")
                old = moved
            if fate < 0.05:
                continue  # no successor recorded
            if fate < 0.12:
                for new in rng.sample(news, 2):
                    self.link(old, new, "partial")
            else:
                self.link(old, news[min(i // 3, len(news) - 1)], "whole")

    def link(self, predecessor, successor, kind):
        self.links.append({"id": len(self.links) + 1, "predecessor_id": predecessor, "successor_id": successor,
                           "kind": kind, "effective_date": NEW, "legal_basis": "Nghị quyết 1665/NQ-UBTVQH15"})

    def models(self):
        rng = self.rng
        fields = list(range(1, len(FIELDS) + 1))
        pools = [self.old_communes, self.new_communes, self.districts, self.provinces]
        weights = [0.7, 0.2, 0.08, 0.02]
        for i in range(self.sizes.models):
            pool = rng.choices(pools, weights)[0]
            started = None if rng.random() < 0.05 else rng.choice(YEARS)
            recognised = None if started is None or rng.random() < 0.5 else min(started + rng.randint(0, 3), 2025)
            published = rng.random() < 0.7
            yield {"id": i + 1, "name": f"Mô hình {i + 1}", "field_id": rng.choice(fields),
                   "unit_id": rng.choice(pool), "host_type": "front", "kind": rng.choice(("collective", "individual")),
                   "year_started": started, "recognition_year": recognised, "is_published": published,
                   "review_status": "published" if published else "draft", "search_text": f"mo hinh {i + 1}"}

    def sessions(self):
        rng = self.rng
        count = self.sizes.reported_counts // len(FIELDS)
        pool = self.districts + self.old_communes[: len(self.districts) * 3]
        self.session_ids = range(1, count + 1)
        for i in self.session_ids:
            start = rng.choice((2008, 2010, 2015, 2018))
            end = rng.randint(start + 2, 2024)
            yield {"id": i, "date": datetime.date(end, rng.randint(1, 12), 1), "title": f"Khảo sát {i}",
                   "delegation": "Đoàn công tác Ban Chỉ đạo", "head_name": "Trưởng đoàn",
                   "unit_id": rng.choice(pool), "period_start": start, "period_end": end,
                   "status": "final" if rng.random() < 0.85 else "draft"}

    def counts(self):
        rng, n = self.rng, 0
        for session in self.session_ids:
            for field in range(1, len(FIELDS) + 1):
                n += 1
                yield {"id": n, "session_id": session, "field_id": field, "count": rng.randint(0, 800)}

    @transaction.atomic
    def run(self):
        clear()
        insert(Field, ({"id": i, "code": c, "name": n, "order": i, "is_active": True}
                       for i, (c, n) in enumerate(FIELDS, start=1)))
        self.build_units()
        insert(AdministrativeUnit, self.units, len(self.units), "units")
        insert(UnitSuccession, self.links, len(self.links), "successions")
        insert(MobilizationModel, self.models(), self.sizes.models, "models")
        insert(SurveySession, self.sessions(), self.sizes.reported_counts // len(FIELDS), "sessions")
        insert(ReportedCount, self.counts(), self.sizes.reported_counts, "reported counts")
        reset_sequences()
        bench_user()  # marks the database as the benchmark's
        transaction.on_commit(vacuum)
        return {"units": len(self.units), "successions": len(self.links), "models": self.sizes.models,
                "sessions": self.sizes.reported_counts // len(FIELDS), "reported counts": self.sizes.reported_counts}


# --- measuring --------------------------------------------------------------------------------


def timed(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95


def timed_pair(view, raw, runs, before=None):
    """Both timed in turns, so that a busy moment of the machine falls on both alike;
    `before` runs untimed before each view. Returns (view median, view p95, raw median) in ms,
    and the median CPU time (`cpu_ms`) of each: (view, raw)."""
    view_times, raw_times, view_cpu, raw_cpu = [], [], [], []
    for _ in range(runs):
        if before is not None:
            before()
        for function, times, cpu in ((view, view_times, view_cpu), (raw, raw_times, raw_cpu)):
            start = cpu_ms()
            times.append(timed(function, 1)[0])
            cpu.append(cpu_ms() - start)
    view_times.sort()
    p95 = view_times[min(runs - 1, round(0.95 * (runs - 1)))]
    return statistics.median(view_times), p95, statistics.median(raw_times), (
        statistics.median(view_cpu), statistics.median(raw_cpu))


def cpu_ms():
    """CPU time used so far by this process and by the PostgreSQL server process of its
    connection (`/proc/<pid>/schedstat`, nanoseconds), in ms. On a machine shared with other
    work, wall-clock times include waiting for a CPU — for every round trip to the server —
    and this does not: view/raw in CPU is the ratio the machine would give alone."""
    used = time.process_time_ns()
    pid = _backend_pid()
    if pid is not None:
        try:
            with open(f"/proc/{pid}/schedstat") as stat:
                used += int(stat.read().split()[0])
        except OSError:
            pass  # a server on another machine: this process only
    return used / 1e6


_pids = {}  # the driver's connection -> its server process id: asked once, not inside a timing


def _backend_pid():
    if connection.vendor != "postgresql":
        return None  # SQLite works inside this process
    connection.ensure_connection()
    key = id(connection.connection)
    if key not in _pids:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _pids[key] = cursor.fetchone()[0]
    return _pids[key]


def data_changed():
    """A write as any save makes (committed): the data version changes, the cache misses."""
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE models_registry_field SET "order" = "order" WHERE id = (SELECT MIN(id) FROM models_registry_field)'
        )


def is_bench_database():
    """Empty, or made by the benchmark (it has the benchmark's user)."""
    User = get_user_model()  # noqa: N806
    empty = not MobilizationModel.objects.exists() and not User.objects.exclude(username=BENCH_USER).exists()
    return empty or User.objects.filter(username=BENCH_USER).exists()


def bench_user():
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=BENCH_USER).first()
    return user or User.objects.create_user(BENCH_USER, is_staff=True, is_superuser=True)


@dataclass
class Result:
    name: str
    median: float  # the first view after a change (computed)
    p95: float
    queries: int
    raw_median: float  # the live SQL of that view
    cached_median: float | None = None  # the same view again (from the cache)
    cached_p95: float | None = None
    cached_queries: int | None = None
    cpu: float | None = None  # CPU time (this process and its PostgreSQL server process), medians
    raw_cpu: float | None = None
    cached_cpu: float | None = None

    @property
    def cpu_ratio(self):
        return self.cpu / self.raw_cpu if self.cpu and self.raw_cpu else None

    @property
    def cached_cpu_ratio(self):
        return self.cached_cpu / self.raw_cpu if self.cached_cpu and self.raw_cpu else None

    @property
    def ratio(self):
        return self.median / self.raw_median if self.raw_median else float("nan")

    @property
    def cached_ratio(self):
        return self.cached_median / self.raw_median if self.cached_median and self.raw_median else None


def requests_to_time():
    """(name, query string) of realistic dashboard requests, from the whole country down."""
    province = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    district = AdministrativeUnit.objects.filter(parent=province, level="district").order_by("pk").first()
    return [
        ("country, units as they were", {"unit": ""}),
        ("country, today's units", {"unit": "", "structure": "current"}),
        ("province, units as they were", {"unit": province.pk}),
        ("province, today's units", {"unit": province.pk, "structure": "current"}),
        ("province, 2015–2020, one field", {"unit": province.pk, "year_from": 2015, "year_to": 2020, "field": 1}),
        ("district, units as they were", {"unit": district.pk}),
        ("province, XLSX download", {"unit": province.pk, "format": "xlsx"}),
    ]


def production_templates():
    """The template settings as in production (DEBUG off): compiled templates are cached."""
    templates = [dict(engine, OPTIONS=dict(engine["OPTIONS"])) for engine in settings.TEMPLATES]
    for engine in templates:
        engine["APP_DIRS"] = False
        engine["OPTIONS"]["debug"] = False
        engine["OPTIONS"]["loaders"] = [
            ("django.template.loaders.cached.Loader", [
                "django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader",
            ]),
        ]
    return templates


def measure(runs: int):
    """`make bench` runs with DEBUG=true (no secret key needed); time as in production:
    no query log, cached templates."""
    with override_settings(DEBUG=False, TEMPLATES=production_templates()):
        return _measure(runs)


def _measure(runs):
    client = Client(SERVER_NAME="localhost")
    client.force_login(bench_user())
    results = []
    for name, params in tqdm(requests_to_time(), desc="measuring", leave=False):
        results.append(measure_request(client, name, params, runs))
    # The home page as the public sees it: the gallery and the counts by field of every
    # published model.
    results.append(measure_request(Client(SERVER_NAME="localhost"), "home page (public)", {}, runs, url="/"))
    results.append(measure_registry_list(runs))
    return results


def measure_request(client, name, params, runs, url="/thong-ke/"):
    def view():
        return client.get(url, params)

    view()  # templates compiled, unit graph read: as on a server that has been up a while
    data_changed()
    queries, response = captured(view)
    assert response.status_code == 200, (name, response.status_code)
    statements = [(_plain(q["sql"]), None) for q in queries if _is_dashboard_sql(q["sql"])]
    median, p95, raw_median, (cpu, raw_cpu) = timed_pair(view, lambda: run_raw(statements), runs,
                                                          before=data_changed)
    view()
    cached_queries, _response = captured(view)
    cached_median, cached_p95 = timed(view, runs)
    cached_cpu = statistics.median(_cpu_of(view) for _ in range(runs))
    return Result(name, median, p95, len(queries), raw_median, cached_median, cached_p95, len(cached_queries),
                  cpu, raw_cpu, cached_cpu)


def _cpu_of(function):
    start = cpu_ms()
    function()
    return cpu_ms() - start


def captured(function):
    """(the queries it made, what it returned). The query log starts empty: a request
    empties it when it starts (Django's request_started), which would confuse the count."""
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        value = function()
    return list(context.captured_queries), value


def _plain(sql):
    """A server-side cursor's DECLARE … FOR <query> (ModelChoiceField's iterator) as <query>."""
    return sql.split(" FOR ", 1)[1] if sql.startswith("DECLARE ") else sql


def _is_dashboard_sql(sql):
    """The counting statements (not the session and user look-ups of the test client)."""
    return "django_session" not in sql and "auth_user" not in sql


def run_raw(statements):
    """The same SQL through the driver, rows fetched, nothing else."""
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def measure_registry_list(runs):
    """The registry list's query: a page of 50 models of a province, by name, with its count."""
    province = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    user = bench_user()

    def orm():
        in_province = AdministrativeUnit.objects.subtree_of(province)
        models = MobilizationModel.objects.restrict(user).filter(unit__in=in_province)
        list(models.select_related("unit", "field").order_by("name", "pk")[:50])
        models.count()

    queries, _nothing = captured(orm)
    statements = [(q["sql"], None) for q in queries]
    median, p95, raw_median, (cpu, raw_cpu) = timed_pair(orm, lambda: run_raw(statements), runs)
    return Result("registry list (ORM page of 50 + count)", median, p95, len(statements), raw_median,
                  cpu=cpu, raw_cpu=raw_cpu)


def markdown(results, sizes, runs):
    lines = [
        f"{sizes} — {runs} runs each, times in ms. First view: the first after a change to the data "
        "(computed); cached: the same view again (the data unchanged); raw SQL: the first view's "
        "statements sent straight to the driver. Wall-clock medians, then CPU medians (this process "
        "and its PostgreSQL server process: what the request costs, without the waits for a CPU).",
        "",
        "| request | first view median | p95 | queries | cached median | p95 | queries | raw SQL median "
        "| first / raw | cached / raw | CPU first | CPU cached | CPU raw | CPU first / raw | CPU cached / raw |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def number(value, form="{:.1f}"):
        return "–" if value is None else form.format(value)

    for r in results:
        lines.append(
            f"| {r.name} | {r.median:.1f} | {r.p95:.1f} | {r.queries} | {number(r.cached_median)} "
            f"| {number(r.cached_p95)} | {number(r.cached_queries, '{}')} | {r.raw_median:.1f} | {r.ratio:.2f}× "
            f"| {number(r.cached_ratio, '{:.2f}×')} | {number(r.cpu)} | {number(r.cached_cpu)} | {number(r.raw_cpu)} "
            f"| {number(r.cpu_ratio, '{:.2f}×')} | {number(r.cached_cpu_ratio, '{:.2f}×')} |"
        )
    return "\n".join(lines)
