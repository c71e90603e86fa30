"""Periodic jobs on the task worker (the reminders), since django-tasks has no cron (docs/tasks.md).

Each app registers its jobs in its `periodic.py` (`register(PeriodicJob(...))`, found at start-up
as the importers are). A job runs once a day at its time (settings.SCHEDULE_TIME, local time) as a
task, `run_schedule(name)`, which queues the next day's run of itself when it starts.

- One pending run per job: its `PeriodicSchedule` row (unique per job) names the one queued task
  that may run the job next (`pending_task`, one-to-one). Any other task of the job (a duplicate,
  an old one) finds it is not that task and does nothing. The row is locked while it changes.
- `ensure()` (`manage.py start_schedules`, run before every worker start by `make run` and the
  deploy) creates what is missing and is idempotent.
- A worker killed during a run: the next run is already queued, and the run left unfinished
  (`running_task_id` still set) is noticed by the next `ensure()`, which brings the queued run
  forward to now. A worker killed between taking the task and the start of the run leaves the
  pending task RUNNING: `ensure()` queues a new one in its place.
- The jobs' sends are idempotent (one recorded reminder per unit or request and step), so a run
  repeated, or two at once, never sends twice: the schedule guarantees runs, the records
  guarantee once.
- A run that fails (an exception) is tried again after SCHEDULE_RETRY_MINUTES, or at its next
  time if that comes first.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from imports.models import PeriodicSchedule
from imports.schedules import PeriodicJob, get, jobs, next_time

SCHEDULE_RETRY_MINUTES = 15
READY = "READY"
log = logging.getLogger(__name__)


# Starting and repairing the schedules (a command before the worker starts) ---------------------
def ensure(now_too: bool = False) -> list[str]:
    """Give every registered job exactly one pending run, and bring forward to now the run of a
    job whose last run never finished (its worker stopped); with `now_too`, every job's. What
    was done, one line per job."""
    return [ensure_job(job, now_too) for job in jobs()]


def ensure_job(job: PeriodicJob, now_too: bool = False) -> str:
    now = timezone.now()
    with transaction.atomic():
        PeriodicSchedule.objects.get_or_create(name=job.name)
        schedule = PeriodicSchedule.objects.select_for_update(of=("self",)).select_related("pending_task").get(
            name=job.name)
        pending = schedule.pending_task
        interrupted = schedule.running_task_id is not None
        if pending is None or pending.status != READY:
            # None yet, or the task was taken by a worker that stopped before the run began.
            when = now if (pending is not None or interrupted or now_too) else next_time(job, now)
            schedule.pending_task_id = run_schedule.using(run_after=when).enqueue(job.name).id
            schedule.save(update_fields=["pending_task"])
            return f"{job.name}: queued for {timezone.localtime(when):%d/%m/%Y %H:%M}"
        if interrupted or now_too:
            DBTaskResult.objects.filter(pk=pending.pk, status=READY).update(run_after=now)
            reason = "its last run did not finish" if interrupted else "asked to"
            return f"{job.name}: brought forward to now ({reason})"
        return f"{job.name}: already queued for {timezone.localtime(pending.run_after):%d/%m/%Y %H:%M}"


# On the task worker ---------------------------------------------------------------------------
@task(takes_context=True)
def run_schedule(context, name: str) -> str:
    """Run job `name` if this task is its pending run; queue the next one first."""
    job = get(name)
    me = str(context.task_result.id)
    if job is None or not claim(job, me):
        log.info("Periodic job %s: task %s is not its pending run, nothing done", name, me)
        return "superseded"
    try:
        outcome = job.run()
    except Exception:
        finish(job, me, "failed (see the log)")
        retry_soon(job)
        raise
    finish(job, me, outcome)
    log.info("Periodic job %s: %s", name, outcome)
    return outcome


def claim(job: PeriodicJob, me: str) -> bool:
    """Take the run if this task is the pending one; the next run is queued in the same
    transaction, so a job always has one pending run, even while one is running."""
    now = timezone.now()
    with transaction.atomic():
        schedule = PeriodicSchedule.objects.select_for_update().filter(name=job.name, pending_task_id=me).first()
        if schedule is None:
            return False
        schedule.pending_task_id = run_schedule.using(run_after=next_time(job, now)).enqueue(job.name).id
        schedule.running_task_id, schedule.started_at = me, now
        schedule.save(update_fields=["pending_task", "running_task_id", "started_at"])
    return True


def finish(job: PeriodicJob, me: str, outcome: str) -> None:
    PeriodicSchedule.objects.filter(name=job.name, running_task_id=me).update(
        running_task_id=None, finished_at=timezone.now(), outcome=outcome[:500])


def retry_soon(job: PeriodicJob) -> None:
    soon = timezone.now() + datetime.timedelta(minutes=SCHEDULE_RETRY_MINUTES)
    pending = PeriodicSchedule.objects.filter(name=job.name).values("pending_task_id")
    DBTaskResult.objects.filter(pk__in=pending, status=READY, run_after__gt=soon).update(run_after=soon)
