"""Data versions: numbers that change whenever what the dashboard counts changes.

`danvan_data_version` holds two rows: "data" (every table the dashboard reads) and
"structure" (units and successions only, the graph behind "today's units"). Database
triggers give a row a new random value in any transaction that writes to one of its
tables, whoever writes: the pages, the admin, imports, COPY, raw SQL, TRUNCATE. The
dashboard keys its cache on these values (dashboard/dataversion.py), so no way of writing
can leave a cached number stale.

PostgreSQL: a statement trigger marks the transaction (a transaction-local setting, and one
row in `danvan_data_version_pending`); a deferred trigger on that row sets the new value at
commit. So the version row is locked only for a moment at commit: a long import does not
make everyone else's saves wait, and the new value becomes visible with the data. A
transaction that has written reads no version (it must not cache its own uncommitted rows).

SQLite runs one writer at a time anyway: row triggers set the new value at once.

The tables are not Django models on purpose: `flush` (tests) must not empty them.
"""

from django.db import migrations

from core.migration_sql import run_sql_by_vendor

TRACKED = {
    # table: the versions a write to it changes
    "models_registry_administrativeunit": ("data", "structure"),
    "models_registry_unitsuccession": ("data", "structure"),
    "models_registry_field": ("data",),
    "models_registry_mobilizationmodel": ("data",),
    "surveys_surveysession": ("data",),
    "surveys_reportedcount": ("data",),
}
NEW_VALUE = {"postgresql": "floor(random() * 9e18)::bigint", "sqlite": "random()"}


def pg_triggers(tracked):
    """The statement triggers that mark a transaction writing to the `tracked` tables ({table: versions})."""
    return [
        f"""CREATE TRIGGER danvan_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION danvan_data_changed({", ".join(f"'{v}'" for v in versions)})"""
        for table, versions in tracked.items()
    ]


def pg_drop_triggers(tracked):
    return [f"DROP TRIGGER IF EXISTS danvan_data_changed ON {table}" for table in tracked]


def sqlite_triggers(tracked):
    """The row triggers that give the versions of the `tracked` tables ({table: versions}) a new value."""
    return [
        f"""CREATE TRIGGER danvan_data_changed_{table}_{op.lower()} AFTER {op} ON {table} BEGIN
            UPDATE danvan_data_version SET value = random() WHERE name IN ({", ".join(f"'{v}'" for v in versions)});
        END"""
        for table, versions in tracked.items()
        for op in ("INSERT", "UPDATE", "DELETE")
    ]


def sqlite_drop_triggers(tracked):
    return [f"DROP TRIGGER IF EXISTS danvan_data_changed_{table}_{op}" for table in tracked
            for op in ("insert", "update", "delete")]


def _common(vendor):
    return [
        "CREATE TABLE danvan_data_version (name varchar(20) PRIMARY KEY, value bigint NOT NULL)",
        f"INSERT INTO danvan_data_version (name, value) VALUES ('data', {NEW_VALUE[vendor]}),"
        f" ('structure', {NEW_VALUE[vendor]})",
    ]


PG_FORWARD = [
    *_common("postgresql"),
    "CREATE TABLE danvan_data_version_pending (txid bigint, name varchar(20), PRIMARY KEY (txid, name))",
    """CREATE FUNCTION danvan_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE version text;
    BEGIN
        FOREACH version IN ARRAY TG_ARGV LOOP
            IF current_setting('danvan.changed_' || version, true) IS DISTINCT FROM 'yes' THEN
                PERFORM set_config('danvan.changed_' || version, 'yes', true);
                INSERT INTO danvan_data_version_pending (txid, name) VALUES (txid_current(), version)
                    ON CONFLICT DO NOTHING;
            END IF;
        END LOOP;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION danvan_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE danvan_data_version SET value = {NEW_VALUE["postgresql"]} WHERE name = NEW.name;
        DELETE FROM danvan_data_version_pending WHERE txid = NEW.txid AND name = NEW.name;
        RETURN NULL;
    END $$""",
    """CREATE CONSTRAINT TRIGGER danvan_data_version_bump AFTER INSERT ON danvan_data_version_pending
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION danvan_data_version_bump()""",
    *pg_triggers(TRACKED),
]
PG_BACKWARD = [
    *pg_drop_triggers(TRACKED),
    "DROP TABLE danvan_data_version_pending",
    "DROP FUNCTION danvan_data_version_bump()",
    "DROP FUNCTION danvan_data_changed()",
    "DROP TABLE danvan_data_version",
]

SQLITE_FORWARD = [
    *_common("sqlite"),
    *sqlite_triggers(TRACKED),
]
SQLITE_BACKWARD = [
    *sqlite_drop_triggers(TRACKED),
    "DROP TABLE danvan_data_version",
]


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("models_registry", "0004_dashboard_indexes"),
    ]

    operations = [
        run_sql_by_vendor(
            {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD},
            {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD},
        )
    ]
