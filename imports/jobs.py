"""Browser uploads run on the task worker, so that 50,000 rows never time out (docs/tasks.md).

The upload creates an `ImportJob` and queues `run_job` (Django's tasks API, database backend);
`manage.py db_worker`, a process of its own, checks the file (dry run) and stores the preview; on
confirmation it writes the file in one transaction. The job page polls `state()`.

- Progress: the worker writes it, with a heartbeat, into ImportProgress through the "progress"
  connection (progress.py), which every web process reads while the write is still open.
- Lease: a job whose heartbeat is older than IMPORT_LEASE_SECONDS lost its worker (killed, the
  machine restarted). It is shown as failed: nothing was written, because the write is one
  transaction and the job's outcome is recorded inside it. Its file is kept to run it again.
- Fence: each start of a job is a new `attempt`. A task finishes its job only if the job is
  still at that attempt, checked inside the import's transaction: a worker that was taken for
  lost but comes back after a retry rolls back instead of writing the rows a second time.
"""

import datetime
import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core.spreadsheet import SpreadsheetError, read_table
from imports import registry
from imports.base import versions_of
from imports.models import ImportJob, ImportProgress

log = logging.getLogger(__name__)
Status = ImportJob.Status
ACTIVE = [Status.CHECKING, Status.IMPORTING]


class Superseded(Exception):
    """A later attempt took the job over: this task's work must not count."""


# In the web process: start, limit, show -----------------------------------------------------
def running() -> list[ImportJob]:
    """Jobs checking or importing now, or queued for the worker (not the lost ones). One still in
    that status after IMPORT_JOB_TIMEOUT no longer counts (e.g. queued while no worker ran)."""
    since = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_JOB_TIMEOUT)
    busy = list(ImportJob.objects.defer("content").filter(status__in=ACTIVE, started_at__gte=since))
    expire_lost(busy)
    return [job for job in busy if job.status in ACTIVE]


def refusal(user) -> str:
    """Why `user` may not start checking or importing a file now ("" if they may): one job at a
    time per user, IMPORT_MAX_RUNNING on the whole site, so that imports cannot take every
    worker and all the memory. (Two starting at the same instant may both pass: the bound is
    for load, not a guarantee.)"""
    busy = running()
    if any(job.created_by_id == user.pk for job in busy):
        return _("Your previous import is still being checked or imported: wait until it has finished, then "
                 "try again.")
    if len(busy) >= settings.IMPORT_MAX_RUNNING:
        return _("Other imports are running on the site now (at most %(count)s at a time): try again in a few "
                 "minutes.") % {"count": settings.IMPORT_MAX_RUNNING}
    return ""


def create(**values) -> ImportJob:
    """A new job, checking its file, and its task for the worker (one transaction: both or none)."""
    with transaction.atomic():
        job = ImportJob.objects.create(status=Status.CHECKING, attempt=1, started_at=timezone.now(), **values)
        run_job.enqueue(job.pk, job.attempt, False)
    return job


def begin(job: ImportJob, status: str, **values) -> bool:
    """Move `job` on to `status` (checking or importing) as a new attempt, and queue its task, in
    one transaction. False if the job had moved on already (a double click, a second tab)."""
    with transaction.atomic():
        moved = ImportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
            status=status, attempt=F("attempt") + 1, started_at=timezone.now(), finished_at=None, **values
        )
        if moved:
            run_job.enqueue(job.pk, job.attempt + 1, status == Status.IMPORTING)
    return bool(moved)


def confirm(job: ImportJob) -> bool:
    """Import a checked job (only a checked one, and only once)."""
    return job.status == Status.CHECKED and begin(job, Status.IMPORTING)


def may_retry(job: ImportJob) -> bool:
    return job.status == Status.FAILED and job.result.get("lost") in ACTIVE


def retry(job: ImportJob) -> bool:
    """Start again what a lost worker was doing: the check, or the import of the confirmed file."""
    if not may_retry(job):
        return False
    result = {key: value for key, value in job.result.items() if key != "lost"}
    return begin(job, job.result["lost"], result=result)


def lease_cutoff():
    return timezone.now() - datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)


def expire_lost(jobs) -> None:
    """Mark as failed those of `jobs` (ImportJob objects, changed in place) whose worker stopped
    beating for longer than the lease. One query on the progress database, none without an
    active job. The file is kept: `retry()` starts the job again."""
    active = {job.pk: job for job in jobs if job.status in ACTIVE}
    if not active:
        return
    lost = ImportProgress.objects.filter(job_id__in=active, beat_at__lt=lease_cutoff()).values_list("job_id", "attempt")
    for job_id, attempt in lost:
        job = active[job_id]
        if attempt == job.attempt:  # not a row left by an earlier attempt (the new one is queued)
            mark_lost(job)


def mark_lost(job: ImportJob) -> None:
    result = {**job.result, "lost": job.status}
    values = {"status": Status.FAILED, "result": result, "finished_at": timezone.now()}
    try:
        marked = ImportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(**values)
    except OperationalError:  # SQLite: a worker that stopped beating but still holds the write lock
        log.warning("Import job %s lost its worker; could not mark it failed yet", job.pk)
        return
    if marked:
        log.warning("Import job %s (attempt %s) lost its worker: marked failed", job.pk, job.attempt)
        for name, value in values.items():
            setattr(job, name, value)


def state(job: ImportJob) -> dict:
    """What the job page shows while it polls; a job that lost its worker becomes failed here.
    `queued`: waiting for a worker to take it (no heartbeat of this attempt yet)."""
    progress = None
    if job.status in ACTIVE:
        progress = ImportProgress.objects.filter(job_id=job.pk, attempt=job.attempt).first()
        if progress is not None and progress.beat_at < lease_cutoff():
            mark_lost(job)
    active = job.status in ACTIVE
    queued = active and progress is None
    label = _("waiting for its turn") if queued else job.get_status_display()
    done, total = (progress.done, progress.total) if active and progress else (0, 0)
    return {"status": job.status, "label": str(label), "done": done, "total": total, "queued": queued}


# On the task worker ---------------------------------------------------------------------------
@task()
def run_job(job_id: int, attempt: int, write: bool) -> None:
    """Check (write=False) or import attempt `attempt` of job `job_id`; nothing if the job has
    moved on since the task was queued."""
    status = Status.IMPORTING if write else Status.CHECKING
    job = ImportJob.objects.filter(pk=job_id, attempt=attempt, status=status).first()
    if job is None:
        log.info("Import job %s attempt %s: superseded before it started", job_id, attempt)
        return
    progress = Heartbeat(job, total=2 * job.total if write else 0)
    try:
        write_job(job, progress) if write else check_job(job, progress)
    except Superseded:
        log.warning("Import job %s attempt %s: superseded, rolled back", job_id, attempt)
    except Exception:
        log.exception("Import job %s failed", job_id)
        failure = {"errors": [[0, _("The import failed unexpectedly; nothing was changed.")]]}
        finish(job, Status.FAILED, failure)
    # Not on SystemExit (the worker stopped by force, e.g. a second Ctrl-C): the job is neither
    # finished nor failed, and its last heartbeat lets the lease show it failed, to run again.
    progress.end()


class Heartbeat:
    """The attempt's row in ImportProgress: counts for the page, and the time of the last report,
    which tells the web processes that the worker is alive. Called from the import's loops (no
    thread): writes at most every IMPORT_HEARTBEAT_SECONDS."""

    def __init__(self, job: ImportJob, total: int):
        self.key = {"job_id": job.pk, "attempt": job.attempt}
        ImportProgress.objects.filter(job_id=job.pk).delete()  # an earlier attempt's
        ImportProgress.objects.create(**self.key, total=total, beat_at=timezone.now())
        self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        self.write(done=min(done, total), total=total)

    def beat(self) -> None:
        """Alive, with nothing to count yet (reading the file)."""
        self.write()

    def write(self, **counts) -> None:
        if time.monotonic() - self.last < settings.IMPORT_HEARTBEAT_SECONDS:
            return
        ImportProgress.objects.filter(**self.key).update(**counts, beat_at=timezone.now())
        self.last = time.monotonic()

    def end(self) -> None:
        try:
            ImportProgress.objects.filter(**self.key).delete()
        except DatabaseError:
            log.exception("Could not remove the progress of import job %s", self.key["job_id"])


def build_importer(job, progress: Heartbeat):
    table = read_table(bytes(job.content), job.file_name, tick=progress.beat)
    user = get_user_model().objects.get(pk=job.created_by_id)
    return registry.get(job.kind).importer(table, user=user, reason=job.change_reason), len(table.rows)


def check_job(job, progress: Heartbeat):
    try:
        importer, rows = build_importer(job, progress)
    except SpreadsheetError as exc:
        finish(job, Status.REFUSED, {"errors": [[0, str(exc)]]})
        return
    result = importer.run(dry_run=True, progress=progress)
    finish(job, Status.CHECKED if result.ok else Status.REFUSED, result.to_dict(), total=rows)


def write_job(job, progress: Heartbeat):
    """Check the file again (the database may have changed since the preview), then write.
    A record someone saved after the preview refuses the file. One bar for both: the first
    half is the check, the second the writes. The outcome is recorded in the import's own
    transaction, so rows are written if and only if the job is marked done, by this attempt."""
    rows = job.total
    importer, _rows = build_importer(job, progress)
    importer.preview_versions = versions_of(job.result)

    def checking(done, total):
        progress(done, 2 * rows)

    def writing(done, total):
        progress(rows + done * rows // max(total, 1), 2 * rows)

    with transaction.atomic():
        result = importer.run(dry_run=False, progress=checking, write_progress=writing)
        if not finish(job, Status.DONE if result.written else Status.REFUSED, result.to_dict()):
            raise Superseded


def finish(job, status, result, **values) -> bool:
    """Record the outcome, if the job is still at this task's attempt (False if not). The file
    is kept only while it waits for confirmation."""
    values.update(status=status, result=result, finished_at=timezone.now())
    if status != Status.CHECKED:
        values["content"] = b""
    return bool(ImportJob.objects.filter(pk=job.pk, attempt=job.attempt, status=job.status).update(**values))
