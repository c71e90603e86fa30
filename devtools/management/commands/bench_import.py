"""`make bench-import`: importing N new models, against a bare bulk insert of the same rows.

For each database (SQLite in a temporary file; PostgreSQL in BENCH_IMPORT_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/danvan_bench_import, created if missing and refused if it
holds data this benchmark did not make), in a process of its own (`--child`, devtools/bench_import.py):

1. migrate, load the demo province, and write N realistic rows (`Rows`: the demo's units by code,
   name and parent, its fields, host organisations as officers name them, years, several text
   columns) into an .xlsx file the way our exports write one;
2. time, best of --runs, each run committed and then deleted:
   - the baseline: `MobilizationModel.objects.bulk_create()` of the same rows, objects built
     beforehand (what the import writes, without reading, checking or history);
   - reading the file (`read_table`), checking it (`run(dry_run=True)`: the job's check) and
     checking it again and writing it (`run(dry_run=False)` after that preview: the job's
     confirmation), through the importer the job uses, as one user with a change reason;
3. count the queries of each.

It prints one table per database and rewrites the section "Import" of docs/benchmarks.md.
Timings are for reading, never for pass/fail (tests/test_bench_import.py runs it small).
"""

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql

from devtools import bench_import

ROOT = Path(settings.BASE_DIR)
DOCS = ROOT / "docs" / "benchmarks.md"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/danvan_bench_import"
SECTION = "## Import"


class Command(BaseCommand):
    help = "Time importing N new models against a bare bulk insert, on SQLite and PostgreSQL (docs/benchmarks.md)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=3, help="timed runs of each step; the best counts")
        parser.add_argument("--databases", type=lambda text: text.split(","), default=["sqlite", "postgresql"])
        parser.add_argument("--no-docs", action="store_true", help="print the table only")
        parser.add_argument("--child", action="store_true", help="(internal) measure on DATABASE_URL, print JSON")

    def handle(self, *args, rows, runs, databases, no_docs, child, **options):
        if child:
            settings.DEBUG = False  # DEBUG=true chose the development settings; queries are not logged
            self.stdout.write(json.dumps(bench_import.measure(rows, runs)))
            return
        results = [run_child(database, rows, runs) for database in databases]
        self.stdout.write("\n\n".join(table(result) for result in results))
        if not no_docs:
            write_docs(results, rows, runs)
            self.stdout.write(f"\nwritten to {DOCS.relative_to(ROOT)} (section “{SECTION[3:]}”)")


def run_child(database, rows, runs):
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        url = f"sqlite:///{folder}/bench.sqlite3" if database == "sqlite" else postgres_database()
        env = {**os.environ, "DEBUG": "true", "DATABASE_URL": url, "DANVAN_ENV_FILE": os.devnull}
        command = [sys.executable, "manage.py", "bench_import", "--child", "--rows", str(rows), "--runs", str(runs)]
        done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise CommandError(f"bench-import: the {database} run failed (exit {done.returncode})")
    return json.loads(done.stdout.splitlines()[-1])


def postgres_database() -> str:
    """BENCH_IMPORT_DATABASE_URL, created if missing."""
    url = os.environ.get("BENCH_IMPORT_DATABASE_URL", POSTGRES_URL)
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url


# The table ------------------------------------------------------------------------------------

STEPS = [  # (key, what)
    ("baseline", "bare `bulk_create` of the rows (the baseline)"),
    ("read", "read the .xlsx file (`read_table`)"),
    ("check", "check the rows (`run(dry_run=True)`: the job's check)"),
    ("write", "**check again and write rows and history** (`run(dry_run=False)`: the job's confirmation)"),
    ("file", "file to database once: read + check + write (as `manage.py import_models`)"),
    ("job", "the whole job: read + check, then read + check again + write"),
    ("unchanged", "the same file again: every row unchanged, nothing written (check + write)"),
    ("update", "the same rows, a text column changed in each: check + update rows and history"),
]


def table(result) -> str:
    steps = with_totals(result["steps"])
    base = steps["baseline"]["seconds"]
    rows = f"{result['rows']:,}".replace(",", ".")
    lines = [f"{result['version']}, {rows} rows, best of {result['runs']} runs",
             "", "| step | seconds | × bare insert | queries |", "|---|---:|---:|---:|"]
    for key, what in STEPS:
        step = steps[key]
        lines.append(f"| {what} | {decimal(step['seconds'], 2)} | {decimal(step['seconds'] / base, 2)} | "
                     f"{step['queries']} |")
    return "\n".join(lines)


def with_totals(steps) -> dict:
    def total(*keys):
        return {"seconds": sum(steps[k]["seconds"] for k in keys), "queries": sum(steps[k]["queries"] for k in keys)}

    return {**steps, "file": total("read", "write"), "job": total("read", "check", "read", "write")}


def decimal(number: float, places: int) -> str:
    return f"{number:.{places}f}".replace(".", ",")


def write_docs(results, rows, runs):
    """Replace the section "Import" of docs/benchmarks.md (up to the next section), or add it."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    start = text.find(f"\n{SECTION}\n")
    if start < 0:
        before, after = text.rstrip("\n") + "\n\n", ""
    else:
        end = text.find("\n## ", start + 1)
        before, after = text[:start + 1], text[end:] if end >= 0 else ""
    DOCS.write_text(before + docs_section(results, rows, runs) + after, encoding="utf-8")


def docs_section(results, rows, runs) -> str:
    first = results[0]
    machine = (f"{first['cpu']}, {os.cpu_count()} cores (load average {first['load']} when it started), "
               f"Python {platform.python_version()}, " + ", ".join(r["version"] for r in results))
    return "\n".join([
        SECTION, "",
        f"Measured on {datetime.date.today():%d/%m/%Y} by `make bench-import` (`manage.py bench_import --rows "
        f"{rows} --runs {runs}`) on {machine}. The machine is shared with other jobs: read the ratios, "
        "not the seconds.", "",
        "What is measured: importing N new models through the importer the import job uses (a provincial "
        "officer, a change reason, the change history), against a bare `MobilizationModel.objects.bulk_create()` "
        "of the same rows built beforehand (no reading, no checking, no history). The file is an .xlsx written "
        "as our exports write one (inline strings, no declared size), of realistic rows: the demo province's "
        "units by code, name and parent, its four fields, host organisations as officers write them "
        "(“Hội Phụ nữ”, “UBND xã”, “Công an xã”), years, recognitions and nine text columns. Each step is "
        "timed on its own, committed, then undone; the best of the runs counts. The job's confirmation "
        "(in bold) checks every row again, then writes the models with Django's `bulk_create` (the same "
        "statements as the baseline) and their history with one INSERT … SELECT per 500 rows.", "",
        *[table(result) + "\n" for result in results],
        "Reproduce: `make bench-import` (ROWS=…, RUNS=…; PostgreSQL in BENCH_IMPORT_DATABASE_URL, by default "
        "the database `danvan_bench_import` on 127.0.0.1, created if missing and refused if it holds data the "
        "benchmark did not make).", "",
    ])
