"""Shared set-up of the tests that run against Redis (CACHE_URL; the machine's and CI's Redis).

Redis is asked at TEST_CACHE_URL (default redis://127.0.0.1:6379/15: a database number kept for
tests, never the site's), under a key prefix of its own for each test run, so runs side by side
never see each other's entries; the run's keys are deleted at its end (never FLUSHDB: other runs
share the database). Without Redis the tests skip on a developer machine but fail under CI=true.
"""

import os
import secrets

import pytest
import redis

from danvan.settings import DASHBOARD_CACHE_ENTRIES, DASHBOARD_CACHE_SECONDS, cache_settings

TEST_CACHE_URL = os.environ.get("TEST_CACHE_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def redis_cache():
    """(url, key prefix) of this run's part of the test Redis; its keys go at the end."""
    client = redis.Redis.from_url(TEST_CACHE_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis is not answering at {TEST_CACHE_URL} ({error}): start it with redis-server --daemonize yes"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"danvan-test-{secrets.token_hex(6)}"
    yield TEST_CACHE_URL, prefix
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)
    client.close()


def redis_caches(redis_cache):
    """The CACHES setting that CACHE_URL gives, pointed at this run's part of the test Redis."""
    url, prefix = redis_cache
    return cache_settings(url, prefix, DASHBOARD_CACHE_ENTRIES, DASHBOARD_CACHE_SECONDS)
