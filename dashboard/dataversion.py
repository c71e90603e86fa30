"""The data versions kept by database triggers (migration surveys 0002), read in one query.

`read()` gives the current value of "data" (changes with any write to a table the dashboard
reads) and "structure" (units and successions only). None means "do not cache": the row is
missing, or this very transaction has written (PostgreSQL gives a transaction that has
written no new value until it commits; SQLite changes the value at once, so there it is
never None for that reason).
"""

from dataclasses import dataclass

from django.db import connections

DATA = "data"
STRUCTURE = "structure"

_QUERY = {
    "postgresql": (
        "SELECT name, CASE WHEN current_setting('danvan.changed_' || name, true) = 'yes' THEN NULL ELSE value END"
        " FROM danvan_data_version"
    ),
    "sqlite": "SELECT name, value FROM danvan_data_version",
}


@dataclass(frozen=True)
class Versions:
    data: int | None = None
    structure: int | None = None


def read(using="default") -> Versions:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_QUERY[connection.vendor])
        values = dict(cursor.fetchall())
    return Versions(values.get(DATA), values.get(STRUCTURE))
