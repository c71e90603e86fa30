"""The data versions kept by database triggers (migration surveys 0002), read in one query.

`read()` gives the current value of "data" (changes with any write to a table the dashboard
reads) and "structure" (units and successions only). None means "do not cache": the row is
missing, or this very transaction has written (PostgreSQL gives a transaction that has
written no new value until it commits; SQLite changes the value at once, so there it is
never None for that reason).

Anything computed from those tables alone may be kept under its version (`remember`): the
dashboard's counts and tables (dashboard/stats.py), the units in an officer's scope (scoping), a
list's filter form. A kept value is never stale, since any write gives a new version, so the
cache may be shared between processes (CACHE_URL).
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connections
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

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


def remember(key: str, version: str, compute, using="default"):
    """compute(), kept in the default cache under `key` and the current value of `version` (DATA
    or STRUCTURE) for as long as that value lasts; computed afresh when there is none to key on.
    `key` names what is computed and from what (short: it is part of the cache key); the value
    must pickle."""
    value = getattr(read(using), version)
    if value is None:
        return compute()
    cache = caches["default"]
    database = hashlib.sha256(str(connections[using].settings_dict["NAME"]).encode()).hexdigest()[:16]
    cache_key = f"{key}@{database}:{version}={value}"
    found = cache_get(cache, cache_key)
    if found is None:
        found = compute()
        cache_set(cache, cache_key, found)
    return found


# --- Redis away: pages are computed without the cache (slower, still exact), not refused ---------

RETRY_SECONDS = 10  # after a failure, this process leaves Redis alone for this long
_unavailable_until = 0.0


def cache_get(cache, key):
    """cache.get(key); None (a miss) when the cache cannot be reached."""
    if time.monotonic() < _unavailable_until:
        return None
    try:
        return cache.get(key)
    except RedisError as error:
        _unavailable(error)
        return None


def cache_set(cache, key, value):
    if time.monotonic() < _unavailable_until:
        return
    try:
        cache.set(key, value)
    except RedisError as error:
        _unavailable(error)


def _unavailable(error):
    """Not asked again for RETRY_SECONDS: a Redis that does not answer (a connection timeout per
    question) would otherwise make every page wait."""
    global _unavailable_until
    _unavailable_until = time.monotonic() + RETRY_SECONDS
    logger.warning("cache unavailable for %s s, computing without it: %s", RETRY_SECONDS, error)
