"""The real task worker in tests: `Workers` starts `python -m tests.task_worker [db_worker options]`
processes on the test database (fixture `workers` in conftest.py), and stops them.

The process is `manage.py db_worker` itself, with two things added for tests that watch or kill
it at work: SLOW_WRITE_SECONDS=n in its environment makes the importers wait n seconds before and
after each report of their write progress, inside the import's transaction (tests/test_worker.py);
SLOW_SCHEDULE_SECONDS=n makes each periodic job wait n seconds before it runs, its run taken
(tests/test_schedule_worker.py). The importers' interface, `run(dry_run, progress=...,
write_progress=...)`, and the periodic jobs' registry are all it relies on. Mail goes where the
test says (`mail_dir`: Django's file backend, read back by `sent_mails`).
"""

import dataclasses
import email
import email.policy
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

    def __init__(self, mail_dir: Path | None = None):
        self.started: list[subprocess.Popen] = []
        self.mail_dir = mail_dir

    def start(self, *options, slow=0.0, slow_schedule=0.0) -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": database_url(), "DANVAN_ENV_FILE": "", "DEBUG": "true",
               "IMPORT_HEARTBEAT_SECONDS": "1", "IMPORT_LEASE_SECONDS": str(LEASE), "SLOW_WRITE_SECONDS": str(slow),
               "SLOW_SCHEDULE_SECONDS": str(slow_schedule)}
        if self.mail_dir:
            env.update(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                       EMAIL_FILE_PATH=str(self.mail_dir))
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


def sent_mails(mail_dir: Path) -> list:
    """The mails the workers sent through Django's file backend (one file per connection, the
    messages separated by a line of 79 dashes), oldest first, as `email.message.EmailMessage`s."""
    found = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                found.append(email.message_from_bytes(raw, policy=email.policy.default))
    return found


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


def slow_down_schedules(seconds: float) -> None:
    from imports import schedules  # after django.setup()

    for job in schedules.jobs():
        schedules._JOBS[job.name] = dataclasses.replace(job, run=waiting(job.run, seconds))


def waiting(run, seconds):
    def slow_run():
        time.sleep(seconds)
        return run()

    return slow_run


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    django.setup()
    from django.core.management import call_command

    seconds = float(os.environ.get("SLOW_WRITE_SECONDS") or 0)
    if seconds:
        slow_down_writes(seconds)
    if schedule_seconds := float(os.environ.get("SLOW_SCHEDULE_SECONDS") or 0):
        slow_down_schedules(schedule_seconds)
    call_command("db_worker", *argv)


if __name__ == "__main__":
    main(sys.argv[1:])
