"""A database of the old layout (commit 728e9ac: units, successions, officer profiles, the governing
body's names and import jobs in `models_registry`) migrates to the new one (docs/architecture.md)
with no data change: every table holds the same rows, the change history is still there and
shown, content types, permissions and the admin log point at the models in their new apps, and the
pages render. And `load_demo`, now reading devtools/demo_data/, builds exactly the database the
old Python-coded demo built.

Each step runs `manage.py` in a subprocess: the old code from a `git archive` of the commit, the
new code from this tree, on SQLite files, and on PostgreSQL too when DATABASE_URL points there.
"""

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.apps import apps

from reports import defaults

pytestmark = pytest.mark.layout_migration

ROOT = Path(__file__).resolve().parent.parent
OLD_COMMIT = "728e9ac"
# Columns whose values depend on the moment or on a random salt, not on the data.
VOLATILE = {"created_at", "updated_at", "history_date", "password", "last_login", "date_joined", "started_at",
            "finished_at", "action_time"}
# Tables that are supposed to differ: the migrations applied, the content types and permissions
# (checked one by one below), sessions.
NOT_COMPARED = {"django_migrations", "django_content_type", "auth_permission", "django_session"}
# The layout's last migration (it depends on the others, units/0001, imports/0001, surveys/0005): the
# old database is compared with itself migrated up to it, in one `migrate` as an upgrade would.
LAYOUT = ("models_registry", "0011")
# What the migrations after the layout change, and nothing else: tables they add (empty, but for
# those filled from a column they drop and those seeded), columns they drop, columns they add (with
# the value every existing row gets: a string as dumped, or a function of the row and its dump). On
# SQLite the import progress table is in a file of its own (imports/progress.py), not in this database.
# The periodic reports' tables are new; two of them hold the defaults reports/0002 seeds (reports/defaults.py).
ADDED_TABLES = {"imports_importprogress", "django_tasks_database_dbtaskresult",
                "units_notification", "surveys_progressnote", "surveys_reminder",
                "units_outgoingmail", "imports_periodicschedule"} | {
    model._meta.db_table for model in apps.get_app_config("reports").get_models()}
SEEDED = {"reports_reportingkind": len(defaults.KINDS), "reports_reportinglevelrule": len(defaults.LEVEL_RULES)}
SEPARATE_ON_SQLITE = {"imports_importprogress"}
# surveys/0006 turns each request's follow-up note into its first progress note (0007 drops the column).
FILLED_FROM_DROPPED = {"surveys_progressnote": ("surveys_recommendation", "follow_up_note")}
DROPPED_COLUMNS = {("models_registry_importjob", "processed"), ("surveys_recommendation", "follow_up_note"),
                   ("surveys_historicalrecommendation", "follow_up_note")}


def _published_or_draft(row, tables):
    """models_registry/0012: the models published before are published, the others drafts."""
    return "published" if row["is_published"] == "True" else "draft"


ADDED_COLUMNS = {
    ("models_registry_importjob", "attempt"): "1",
    # units/0002: the documents' header name (empty: the short name is used).
    **{(table, "header_name"): "" for table in ("models_registry_governingbody",
                                                "models_registry_historicalgoverningbody")},
    # models_registry/0012, the publishing queue: history rows keep the default, "draft".
    ("models_registry_mobilizationmodel", "review_status"): _published_or_draft,
    ("models_registry_historicalmobilizationmodel", "review_status"): "draft",
    **{(table, column): value for table in ("models_registry_mobilizationmodel",
                                            "models_registry_historicalmobilizationmodel")
       for column, value in (("review_comment", ""), ("submitted_at", "None"), ("submitted_by_id", "None"))},
    # surveys/0006, the follow-up: the unit that follows a request up (none yet).
    **{(table, column): value for table in ("surveys_recommendation", "surveys_historicalrecommendation")
       for column, value in (("responsible_unit_id", "None"),)},
}
# The fresh demo's history rows record the state their model was saved in (a migration gives old
# history rows the default), and its governing bodies have their header names
# (devtools/demo_data/governing_bodies.csv: the short name without the parent body).
def _demo_header_name(row, tables):
    return row["short_name"].removesuffix(" Tỉnh ủy")


def _session_unit(row, tables):
    """devtools/demo.py: a demo request is followed up by the unit its session surveyed."""
    units = {session["id"]: session["unit_id"] for session in by_column(tables["surveys_surveysession"])}
    return units[row["session_id"]]


FRESH_ADDED_COLUMNS = ADDED_COLUMNS | {
    ("models_registry_historicalmobilizationmodel", "review_status"): _published_or_draft,
    **{(table, "responsible_unit_id"): _session_unit for table in ("surveys_recommendation",
                                                                    "surveys_historicalrecommendation")},
    **{(table, "header_name"): _demo_header_name for table in ("models_registry_governingbody",
                                                                "models_registry_historicalgoverningbody")},
}

DUMP = """
import json
from django.db import connection
tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        if table in NOT_COMPARED:
            continue
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        names = [column[0] for column in cursor.description]
        keep = [i for i, name in enumerate(names) if name not in VOLATILE]
        tables[table] = {"columns": [names[i] for i in keep],
                         "rows": [[str(row[i]) for i in keep] for row in cursor.fetchall()]}
print("JSON" + json.dumps(tables))
"""

# With the old code: an import job, a change with its history row, a permission given to an
# officer and an admin log entry, all on models that move.
OLD_EXTRAS = """
import json
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from models_registry.models import AdministrativeUnit, ImportJob
admin = User.objects.get(username="admin")
job = ImportJob.objects.create(kind="models", file_name="mo-hinh.csv", content=b"", status="done",
                               created_by=admin, started_at=timezone.now(), finished_at=timezone.now(),
                               total=1, processed=1, result={"created": 1})
unit = AdministrativeUnit.objects.get(code="446", valid_from=None)
unit.name = "Huyện Cẩm Xuyên (đổi tên thử)"
unit._change_reason = "layout migration test"
unit.save()
unit_type = ContentType.objects.get(app_label="models_registry", model="administrativeunit")
permission = Permission.objects.get(content_type=unit_type, codename="change_administrativeunit")
User.objects.get(username="tinh").user_permissions.add(permission)
LogEntry.objects.create(user=admin, content_type=unit_type, object_id=str(unit.pk), object_repr=str(unit),
                        action_flag=CHANGE, change_message="[]")
print("JSON" + json.dumps({"job": job.pk, "unit": unit.pk, "unit_type": unit_type.pk,
                           "history": unit.history.count(), "permission": permission.pk}))
"""

NEW_CHECKS = """
import json
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from imports.models import ImportJob
from units.models import AdministrativeUnit
old = json.loads(OLD)
unit = AdministrativeUnit.objects.get(pk=old["unit"])
job = ImportJob.objects.get(pk=old["job"])
entry = LogEntry.objects.get(object_id=str(unit.pk))
client = Client()
client.force_login(User.objects.get(username="admin"))
pages = ["/", "/mo-hinh/", "/khao-sat/", "/thong-ke/", "/nhap-xuat/", f"/nhap-xuat/lan-nhap/{job.pk}/",
         "/admin/units/administrativeunit/", f"/admin/units/administrativeunit/{unit.pk}/change/",
         f"/admin/units/administrativeunit/{unit.pk}/history/", "/admin/units/governingbody/",
         "/admin/units/officerprofile/", "/admin/", "/theo-doi/", "/mo-hinh/cho-duyet/"]
history_page = client.get(f"/admin/units/administrativeunit/{unit.pk}/history/").content.decode()
print("JSON" + json.dumps({
    "unit_type": ContentType.objects.get_for_model(AdministrativeUnit).pk,
    "job_type_app": ContentType.objects.get(model="importjob").app_label,
    "left_behind": sorted(ContentType.objects.filter(
        app_label="models_registry", model__in=["administrativeunit", "unitsuccession", "officerprofile",
        "governingbody", "historicaladministrativeunit", "historicalunitsuccession", "historicalgoverningbody",
        "importjob"]).values_list("model", flat=True)),
    "officer_may_change_units": User.objects.get(username="tinh").has_perm("units.change_administrativeunit"),
    "unit_permissions": ContentType.objects.get_for_model(AdministrativeUnit).permission_set.count(),
    "log_object": str(entry.get_edited_object()),
    "history": unit.history.count(),
    "history_reason_shown": "layout migration test" in history_page,
    "job": [job.kind, str(job.kind_label), job.status, job.created_by.username, job.started_at is not None],
    "statuses": {page: client.get(page).status_code for page in pages},
}))
"""


def run(tree, database_url, *args, script=None):
    """`manage.py args…` (or `manage.py shell -c script`) in `tree`; the JSON it printed, if any."""
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database_url, "ALLOWED_HOSTS": "testserver,127.0.0.1",
           "PYTHONPATH": str(tree)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "manage.py", *args] if script is None else [sys.executable, "manage.py", "shell",
                                                                             "-c", script]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command[:4])} failed:\n{done.stdout}\n{done.stderr}"
    for line in done.stdout.splitlines():
        if line.startswith("JSON"):
            return json.loads(line[4:])
    return None


def dump(tree, database_url):
    script = f"NOT_COMPARED = {sorted(NOT_COMPARED)!r}\nVOLATILE = {sorted(VOLATILE)!r}\n" + DUMP
    return run(tree, database_url, script=script)


def old_tree(into: Path) -> Path:
    """The old code, from git (a shallow clone may lack it: .ci/run fetches the whole history)."""
    archive = subprocess.run(["git", "archive", "--format=tar", OLD_COMMIT], cwd=ROOT, capture_output=True)
    if archive.returncode != 0:
        message = f"commit {OLD_COMMIT} is not in this clone (git fetch --unshallow): {archive.stderr.decode()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def databases(tmp: Path):
    """(old database, fresh database) URLs: SQLite files, or PostgreSQL databases beside DATABASE_URL's."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp / 'old.sqlite3'}", f"sqlite:///{tmp / 'fresh.sqlite3'}"
        return
    parts = urlsplit(url)
    base = parts.path.lstrip("/")
    names = [f"{base}_layout_old", f"{base}_layout_fresh"]
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(urlunsplit(parts._replace(path=f"/{name}")) for name in names)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def migrated():
    """The old database before and after migrating with the new code, and a fresh new demo."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        old = old_tree(tmp / "old")
        for old_url, fresh_url in databases(tmp):
            run(old, old_url, "migrate", "--noinput")
            run(old, old_url, "load_demo")
            old_demo = dump(old, old_url)
            extras = run(old, old_url, script=OLD_EXTRAS)
            before = dump(old, old_url)
            run(ROOT, old_url, "migrate", *LAYOUT, "--noinput")
            after = dump(ROOT, old_url)
            run(ROOT, old_url, "migrate", "--noinput")
            latest = dump(ROOT, old_url)
            checks = run(ROOT, old_url, script=f"OLD = {json.dumps(json.dumps(extras))}\n" + NEW_CHECKS)
            run(ROOT, fresh_url, "migrate", "--noinput")
            run(ROOT, fresh_url, "load_demo")
            fresh_demo = dump(ROOT, fresh_url)
            yield {"old_demo": old_demo, "extras": extras, "before": before, "after": after, "latest": latest,
                   "checks": checks, "fresh_demo": fresh_demo, "sqlite": old_url.startswith("sqlite")}


def test_migrating_changes_no_row_of_any_table(migrated):
    before, after = migrated["before"], migrated["after"]
    assert sorted(after) == sorted(before)
    for table, content in before.items():
        assert after[table] == content, table
    assert len(before["models_registry_administrativeunit"]["rows"]) > 50
    assert len(before["models_registry_importjob"]["rows"]) == 1


def by_column(content):
    return [dict(zip(content["columns"], row, strict=True)) for row in content["rows"]]


def added_tables(migrated) -> set:
    return ADDED_TABLES - SEPARATE_ON_SQLITE if migrated["sqlite"] else ADDED_TABLES


def assert_upgraded(table, content, upgraded, tables, added_columns=ADDED_COLUMNS):
    """`upgraded` is `content` (a table of the layout, from the dump `tables`) with only the later
    migrations' declared changes."""
    dropped = {column for name, column in DROPPED_COLUMNS if name == table}
    added = {column: value for (name, column), value in added_columns.items() if name == table}
    assert set(content["columns"]) - set(upgraded["columns"]) == dropped, table
    assert set(upgraded["columns"]) - set(content["columns"]) == set(added), table
    expected = [{k: v for k, v in row.items() if k not in dropped}
                | {column: value(row, tables) if callable(value) else value for column, value in added.items()}
                for row in by_column(content)]
    assert by_column(upgraded) == expected, table


def test_later_migrations_change_only_what_they_declare(migrated):
    after, latest = migrated["after"], migrated["latest"]
    assert sorted(latest) == sorted(set(after) | added_tables(migrated))
    for table in added_tables(migrated):
        if table in FILLED_FROM_DROPPED:
            source, column = FILLED_FROM_DROPPED[table]
            kept = sorted(row[column] for row in by_column(after[source]) if row[column])
            assert sorted(row["text"] for row in by_column(latest[table])) == kept, table
        else:
            assert len(latest[table]["rows"]) == SEEDED.get(table, 0), table
    for table, content in after.items():
        # The dashboard's cache key moves when a migration writes rows (models_registry/0012 marks
        # the published models published): the counts cached before are not served after.
        if table != "danvan_data_version":
            assert_upgraded(table, content, latest[table], after)
    assert len(latest["models_registry_importjob"]["rows"]) == 1


def test_content_types_move_with_their_models(migrated):
    checks, extras = migrated["checks"], migrated["extras"]
    assert checks["unit_type"] == extras["unit_type"]  # the same row, relabelled: what points at it follows
    assert checks["job_type_app"] == "imports"
    assert checks["left_behind"] == []
    assert checks["unit_permissions"] == 4  # add, change, delete, view: none created twice


def test_permissions_admin_log_and_history_still_point_right(migrated):
    checks, extras = migrated["checks"], migrated["extras"]
    assert checks["officer_may_change_units"] is True
    assert checks["log_object"].startswith("Huyện Cẩm Xuyên (đổi tên thử)")
    assert checks["history"] == extras["history"] >= 2
    assert checks["history_reason_shown"] is True
    assert checks["job"] == ["models", "số mô hình", "done", "admin", True]


def test_pages_render_after_the_migration(migrated):
    statuses = migrated["checks"]["statuses"]
    assert statuses == dict.fromkeys(statuses, 200)


def test_load_demo_from_data_files_builds_the_same_database(migrated):
    """The same rows in every table and column of the old demo; what later migrations added or
    dropped (`ADDED_TABLES`, `DROPPED_COLUMNS`, `FRESH_ADDED_COLUMNS`) aside."""
    old, fresh = migrated["old_demo"], migrated["fresh_demo"]
    assert sorted(fresh) == sorted(set(old) | added_tables(migrated))
    for table, content in old.items():
        if table != "danvan_data_version":  # the dashboard's cache key: a new value at every write
            assert_upgraded(table, content, fresh[table], old, FRESH_ADDED_COLUMNS)
    assert len(old["surveys_indicator"]["rows"]) == 11
