"""The real task worker in tests: `Workers` starts `python -m tests.task_worker [db_worker options]`
processes on the test database (fixture `workers` in conftest.py), and stops them.

The process is `manage.py db_worker` itself, with one thing added for tests that watch or kill a
write: SLOW_WRITE_SECONDS=n in its environment makes the importers wait n seconds before and after
each report of their write progress, inside the import's transaction (tests/test_worker.py). The
importers' interface, `run(dry_run, progress=..., write_progress=...)`, is all it relies on.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import django

ROOT = Path(__file__).resolve().parent.parent
LEASE = 5  # seconds: the workers of the tests beat every second; tests give the web this lease


# In the test process ---------------------------------------------------------------------------
def database_url() -> str:
    """The test database as the worker is told it (DATABASE_URL); on SQLite the progress file
    beside it is the test's progress database (danvan/settings.py)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Starts worker processes and stops whichever are still running at the end of the test."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []

    def start(self, *options, slow=0.0) -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": database_url(), "DANVAN_ENV_FILE": "", "DEBUG": "true",
               "IMPORT_HEARTBEAT_SECONDS": "1", "IMPORT_LEASE_SECONDS": str(LEASE), "SLOW_WRITE_SECONDS": str(slow)}
        command = [sys.executable, "-m", "tests.task_worker", "--no-reload", "--no-startup-delay",
                   "--interval", "0.1", *options]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.started.append(process)
        return process

    def run_queued(self) -> str:
        """Run the tasks queued now, in a worker that stops when the queue is empty; its output."""
        process = self.start("--batch")
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output.decode()
        return output.decode()

    def stop_all(self):
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)  # one a test stopped
                process.kill()
            process.communicate(timeout=30)


# In the worker process -------------------------------------------------------------------------
def slow_down_writes(seconds: float) -> None:
    from imports import registry  # after django.setup()

    for importer in {kind.importer for kind in registry.kinds()}:
        importer.run = slowed(importer.run, seconds)


def slowed(run, seconds):
    def slow_run(self, dry_run=True, progress=None, write_progress=None):
        def slow_progress(done, total):
            time.sleep(seconds)
            write_progress(done, total)
            time.sleep(seconds)

        return run(self, dry_run, progress, slow_progress if write_progress else None)

    return slow_run


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    django.setup()
    from django.core.management import call_command

    seconds = float(os.environ.get("SLOW_WRITE_SECONDS") or 0)
    if seconds:
        slow_down_writes(seconds)
    call_command("db_worker", *argv)


if __name__ == "__main__":
    main(sys.argv[1:])
