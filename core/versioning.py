"""Optimistic locking: every write path claims the version it started from, the same way.

A versioned row (a model, a survey session) carries `version`. Whoever writes it — a site form,
the admin, an import, later the API — first claims the version it read, with one conditional
UPDATE (… SET version = version + 1 WHERE id = … AND version = N), inside the transaction of
the write. If nobody saved in between, the row is claimed (and locked until the transaction
ends); otherwise the write is refused. So two writers can never both win, and nobody sets a
newer version back. `claim_many` does the same for a batch of rows in one UPDATE.
"""

from collections.abc import Mapping

from django.db import connections, router, transaction
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this record after you opened it. Your changes were not saved: "
    "open the page again to see their version, then make your changes again."
)


def claim_many(model, expected: Mapping[int, int]) -> list[int]:
    """Claim every row `pk` of `model` still at `expected[pk]` (bump its version) in one UPDATE.

    Returns the pks someone else saved (or deleted) since; when there are any, nothing is
    claimed. Call inside the write's transaction.atomic()."""
    if not expected:
        return []
    if len(expected) == 1:
        return [] if _bump(model, expected) else list(expected)
    with transaction.atomic(using=router.db_for_write(model)):
        if _bump(model, expected) == len(expected):
            return []
        # Undo the bumps of this batch, so that what is read next tells ours from theirs.
        transaction.set_rollback(True)
    current = dict(model._default_manager.filter(pk__in=list(expected)).values_list("pk", "version"))
    return [pk for pk, version in expected.items() if current.get(pk) != version]


def claim(model, pk, expected_version: int) -> bool:
    """Claim one row: False if someone else saved it since it was read at `expected_version`."""
    return not claim_many(model, {pk: expected_version})


def _bump(model, expected: Mapping[int, int]) -> int:
    """UPDATE … SET version = version + 1 WHERE (id, version) IN (VALUES (…), …): one statement
    for a batch whatever its versions, read through the primary key on SQLite and PostgreSQL
    alike. The ORM has no row-value IN; a CASE per row made SQLite compare every row with
    every WHEN (1.1 s instead of 0.05 s for 10,000 rows)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    version = quote(model._meta.get_field("version").column)
    pairs = ", ".join(["(%s, %s)"] * len(expected))
    sql = f"UPDATE {table} SET {version} = {version} + 1 WHERE ({pk}, {version}) IN (VALUES {pairs})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for pair in expected.items() for value in pair])
        return cursor.rowcount


def stamp(obj, user) -> None:
    """Record who writes `obj`: its creator when it is new, its last editor always."""
    if obj.pk is None:
        obj.created_by = user
    obj.updated_by = user


def bump(obj, user) -> None:
    """The next version of a row this transaction holds locked (select_for_update), and who
    writes it: saved with the row, so a page opened at the old version is refused."""
    obj.version += 1
    stamp(obj, user)


def claim_version(obj, expected_version: int | None) -> bool:
    """Claim the version a saved row was read at (None: 0) and give `obj` the claimed, next
    version. False: someone else saved it first."""
    started_from = expected_version or 0
    if not claim(type(obj), obj.pk, started_from):
        return False
    obj.version = started_from + 1
    return True


def claim_for_save(obj, expected_version: int | None, user) -> bool:
    """Before saving `obj` as `user`: claim the version it was read at (a new row has none to
    claim) and stamp its authors. False: someone saved first."""
    if obj.pk is not None and not claim_version(obj, expected_version):
        return False
    stamp(obj, user)
    return True
