"""The task worker as tests start it: `python -m tests.task_worker [db_worker options]`.

It is `manage.py db_worker` itself, with one thing added for tests that watch or kill a write:
SLOW_WRITE_SECONDS=n in the environment makes the importers wait n seconds before and after each
report of their write progress, inside the import's transaction (tests/test_worker.py). The
importers' interface, `run(dry_run, progress=..., write_progress=...)`, is all it relies on.
"""

import os
import sys
import time

import django


def slow_down_writes(seconds: float) -> None:
    from models_registry.importers import jobs

    for importer in set(jobs.IMPORTERS.values()):
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
