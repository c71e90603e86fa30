"""Two versions of a unit with the same level and code must never be valid at once.

Codes are reused over time (18073 was phường Nam Hà, is now phường Thành Sen), so a plain
unique constraint cannot express this. PostgreSQL gets an exclusion constraint over the
validity range (btree_gist is a trusted extension: the database owner may create it);
SQLite gets triggers that abort the insert or update.
"""

from django.db import migrations

from core.migration_sql import run_sql_by_vendor

TABLE = "models_registry_administrativeunit"

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE {TABLE} ADD CONSTRAINT unit_code_no_overlap EXCLUDE USING gist (
        level WITH =, code WITH =, daterange(valid_from, valid_until, '[]') WITH &&)""",
]
PG_BACKWARD = [f"ALTER TABLE {TABLE} DROP CONSTRAINT unit_code_no_overlap"]

_SQLITE_CHECK = f"""
    SELECT RAISE(ABORT, 'unit_code_no_overlap')
    WHERE EXISTS (
        SELECT 1 FROM {TABLE} other
        WHERE other.level = NEW.level AND other.code = NEW.code AND other.id IS NOT NEW.id
          AND COALESCE(other.valid_from, '0001-01-01') <= COALESCE(NEW.valid_until, '9999-12-31')
          AND COALESCE(NEW.valid_from, '0001-01-01') <= COALESCE(other.valid_until, '9999-12-31')
    );"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER unit_code_no_overlap_insert BEFORE INSERT ON {TABLE} BEGIN {_SQLITE_CHECK} END",
    f"CREATE TRIGGER unit_code_no_overlap_update BEFORE UPDATE ON {TABLE} BEGIN {_SQLITE_CHECK} END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS unit_code_no_overlap_insert",
    "DROP TRIGGER IF EXISTS unit_code_no_overlap_update",
]


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]

    operations = [
        run_sql_by_vendor(
            {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD},
            {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD},
        )
    ]
