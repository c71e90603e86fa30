"""Operations shared by migrations: SQL that differs between PostgreSQL and SQLite (constraints,
triggers), and content types that follow models moved to another app."""

from django.db import migrations


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def run_sql_by_vendor(forward, backward):
    """A migration operation running `forward[vendor]` (and `backward[vendor]` to undo)."""
    return migrations.RunPython(_run(forward), _run(backward))


def _relabel(source, target, names):
    def run(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType")
        for name in names:
            if not content_types.objects.filter(app_label=target, model=name).exists():
                content_types.objects.filter(app_label=source, model=name).update(app_label=target)

    return run


def move_content_types(source, target, names):
    """A migration operation moving the content types of models `names` from app `source` to
    `target` (and back to undo): the same rows, so permissions, admin log entries and anything
    else pointing at them keep pointing right. Needs contenttypes' 0002 migration."""
    return migrations.RunPython(_relabel(source, target, names), _relabel(target, source, names))
