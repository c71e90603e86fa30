"""Migrations whose SQL differs between PostgreSQL and SQLite (constraints, triggers)."""

from django.db import migrations


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def run_sql_by_vendor(forward, backward):
    """A migration operation running `forward[vendor]` (and `backward[vendor]` to undo)."""
    return migrations.RunPython(_run(forward), _run(backward))
