"""The periodic jobs the task worker runs (imports/scheduler.py): each app registers its own in its
`periodic.py` (`register(PeriodicJob(...))`), found at start-up by `discover()`, as importers are
(registry.py). So the scheduler never imports the apps whose jobs it runs."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

_JOBS: dict = {}


@dataclass(frozen=True)
class PeriodicJob:
    """A job run daily on the worker. `run()` does the work, idempotently, and returns one line
    saying what it did (kept as the schedule's last outcome). `label`: its name in the admin.
    `at`: "HH:MM" local time, default settings.SCHEDULE_TIME."""

    name: str
    run: Callable[[], str]
    label: str = ""
    at: str = ""

    def time(self) -> datetime.time:
        return parse_time(self.at or settings.SCHEDULE_TIME)


def parse_time(value: str) -> datetime.time:
    try:
        return datetime.datetime.strptime(value, "%H:%M").time()
    except ValueError as error:
        raise ImproperlyConfigured(f"{value!r}: a time of day is written HH:MM (e.g. 07:00).") from error


def register(job: PeriodicJob) -> PeriodicJob:
    if len(job.name) > 40:
        raise ImproperlyConfigured(f"Periodic job {job.name!r}: at most 40 characters (PeriodicSchedule.name).")
    if _JOBS.get(job.name, job) != job:
        raise ImproperlyConfigured(f"Periodic job {job.name!r} is registered twice.")
    job.time()
    _JOBS[job.name] = job
    return job


def discover() -> None:
    """Import every installed app's `periodic` module, where it registers its jobs."""
    autodiscover_modules("periodic")


def jobs() -> list[PeriodicJob]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def next_time(job: PeriodicJob, after: datetime.datetime) -> datetime.datetime:
    """The first time of day of `job` strictly after `after`."""
    local = timezone.localtime(after)
    at = job.time()
    slot = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return slot if slot > local else slot + datetime.timedelta(days=1)


def get(name: str) -> PeriodicJob | None:
    return _JOBS.get(name)
