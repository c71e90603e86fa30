"""Writing many rows at once, faster than the ORM's bulk helpers where those are slow."""

from django.db import connections, router


def update_rows(model, objects, fields: list[str]) -> None:
    """Write `fields` of `objects` (rows of `model` that exist) as they are on the objects: one
    UPDATE … WHERE id = … run for every object at once (`executemany`), each value as the field
    stores it. Django's `bulk_update` builds one CASE per field with a WHEN per row, which the
    database then tests row by row: 150 s for 10,000 models on SQLite, against well under one."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    written = [model._meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in written)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608
    rows = [[*(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in written), obj.pk]
            for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
