"""gunicorn's settings for danvan: gunicorn reads this file when started in this folder.

Every value can be changed in the environment or in the settings file (DANVAN_ENV_FILE,
e.g. production.env): GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT (docs/configuration.md);
options on gunicorn's command line win over this file.
Measured in docs/benchmarks.md ("Load"): threads in each worker serve the other clients while
one request waits for PostgreSQL or Redis, and no client waits behind a slow one in a queue.
"""

import os
from pathlib import Path

from core.env import env_int, load_env_file

load_env_file(Path(__file__).resolve().parent / ".env")  # as manage.py does: the env file's GUNICORN_*


def cpu_count():
    """The CPUs this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "danvan.wsgi"
worker_class = "gthread"
workers = env_int("GUNICORN_WORKERS", 2 * cpu_count())
threads = env_int("GUNICORN_THREADS", 4)
# A request still running after this many seconds is stopped (its worker restarted): far above a
# page's time, enough for a 10 MB spreadsheet upload over a slow line.
timeout = env_int("GUNICORN_TIMEOUT", 120)
graceful_timeout = 30  # on restart or stop, requests under way get this long to finish
keepalive = 5  # seconds a proxy's idle connection stays open (nginx reuses them)
# The access log on stdout (journald under systemd): the client as the proxy says it (X-Real-IP),
# the request, status, size, time taken in milliseconds, referrer and browser.
accesslog = "-"
access_log_format = '%({x-real-ip}i)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
