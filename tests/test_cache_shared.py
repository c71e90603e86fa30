"""With CACHE_URL, every process shares the dashboard cache (Redis), and a page survives Redis
going away. Committed data (transaction=True): a second process reads the same database."""

import json
import logging
import os
import socket
import subprocess
import sys

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from core import dataversion
from models_registry.models import Field, MobilizationModel
from tests.redis_cache import redis_caches

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The home page in a process of its own (as another gunicorn worker): its status, its total,
# and how many counting statements (GROUP BY) it sent to the database.
OTHER_PROCESS = """
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
setup_test_environment()
with CaptureQueriesContext(connection) as context:
    response = Client().get("/")
print(json.dumps({"status": response.status_code, "total": response.context["summary"]["total"],
                  "counted": sum("GROUP BY" in q["sql"] for q in context.captured_queries)}))
"""


def database_url():
    """The test database as a DATABASE_URL, for the other process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def home_in_another_process(redis_cache):
    url, prefix = redis_cache
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "CACHE_KEY_PREFIX")}
    env.update(DEBUG="true", DANVAN_ENV_FILE="", DJANGO_SETTINGS_MODULE="danvan.settings",
               DATABASE_URL=database_url(), CACHE_URL=url, CACHE_KEY_PREFIX=prefix)
    result = subprocess.run([sys.executable, "-c", OTHER_PROCESS], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.splitlines()[-1])
    assert answer["status"] == 200
    return answer["total"], answer["counted"]


def home_here(client):
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        response = client.get("/")
    assert response.status_code == 200
    return response.context["summary"]["total"], sum("GROUP BY" in q["sql"] for q in context.captured_queries)


def test_two_processes_share_the_dashboard_cache(client, demo, cam_xuyen, redis_cache, settings):
    settings.CACHES = redis_caches(redis_cache)
    published = MobilizationModel.objects.filter(is_published=True).count()
    assert home_in_another_process(redis_cache) == (published, 1)  # counted there, kept in Redis
    assert home_here(client) == (published, 0)  # this process finds it: no counting
    MobilizationModel.objects.create(name="Mới", field=Field.objects.first(), unit=cam_xuyen, host_type="front",
                                     is_published=True)
    assert home_here(client) == (published + 1, 1)  # a new data version: counted here
    assert home_in_another_process(redis_cache) == (published + 1, 0)  # and found there


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_with_redis_away_pages_are_counted_without_it(client, provincial, province, settings, caplog, monkeypatch):
    monkeypatch.setattr(dataversion, "_unavailable_until", 0.0)  # this process has not failed before
    settings.CACHES = redis_caches((f"redis://127.0.0.1:{closed_port()}/0", "danvan-test-away"))
    client.force_login(provincial)
    with caplog.at_level(logging.WARNING, logger="core.dataversion"):
        response = client.get("/thong-ke/", {"unit": province.pk})
        assert client.get("/mo-hinh/").status_code == 200  # the officer's scope, computed without the cache
    assert response.status_code == 200
    assert response.context["table"].total.registry_total() == MobilizationModel.objects.count()
    warnings = [r for r in caplog.records if r.name == "core.dataversion"]
    assert len(warnings) == 1, warnings  # after a failure this process leaves Redis alone for a while
    assert "cache unavailable" in warnings[0].getMessage()
