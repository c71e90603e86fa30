"""The periodic reports in the dashboard's data version (surveys/migrations/0002_data_version).

The dashboard counts approved reports (source "Báo cáo định kỳ (đã duyệt)", the headline cards) and
keeps what it counted under the "data" version. Without triggers on these tables an approval left
the dashboard showing the figures counted before it until some other table changed. The same
triggers as for the registry and the sessions, on the tables the dashboard reads: the reports, their
lines, the periods, their reporting levels and kinds (labels, cut-offs, which units are due).

SQLite drops a table's triggers when a migration rebuilds it (a new CHECK constraint): such a
migration creates these again at its end, as surveys/0003 does."""

import importlib

from django.db import migrations

from core.migration_sql import run_sql_by_vendor

data_version = importlib.import_module("surveys.migrations.0002_data_version")

TRACKED = {
    "reports_periodicreport": ("data",),
    "reports_reportline": ("data",),
    "reports_reportingperiod": ("data",),
    "reports_periodlevel": ("data",),
    "reports_reportingkind": ("data",),
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_defaults"),
        ("surveys", "0002_data_version"),
    ]

    operations = [
        run_sql_by_vendor(
            {"postgresql": data_version.pg_triggers(TRACKED), "sqlite": data_version.sqlite_triggers(TRACKED)},
            {"postgresql": data_version.pg_drop_triggers(TRACKED),
             "sqlite": data_version.sqlite_drop_triggers(TRACKED)},
        )
    ]
