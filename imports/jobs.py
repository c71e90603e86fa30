"""Running a browser upload in the background, so that 50,000 rows never time out.

The upload creates an `ImportJob`; a thread checks the file (dry run) and stores the
preview; on confirmation another thread writes it in one transaction. The job page polls
`status()`. Progress of the write phase lives in this process's memory: it happens
inside the transaction, where a progress row written to the database would stay
invisible to the polling request until the very end.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheet import SpreadsheetError, read_table
from imports import registry
from imports.base import versions_of
from imports.models import ImportJob

log = logging.getLogger(__name__)
WRITING: dict[int, tuple[int, int]] = {}
Status = ImportJob.Status


def running():
    """Jobs checking or importing now. One whose thread died with its process stays in that
    status: after IMPORT_JOB_TIMEOUT it no longer counts."""
    since = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_JOB_TIMEOUT)
    return ImportJob.objects.filter(status__in=[Status.CHECKING, Status.IMPORTING], started_at__gte=since)


def refusal(user) -> str:
    """Why `user` may not start checking or importing a file now ("" if they may): one job at a
    time per user, IMPORT_MAX_RUNNING on the whole site, so that imports cannot take every
    worker and all the memory. (Two starting at the same instant may both pass: the bound is
    for load, not a guarantee.)"""
    busy = running()
    if busy.filter(created_by=user).exists():
        return _("Your previous import is still being checked or imported: wait until it has finished, then "
                 "try again.")
    if busy.count() >= settings.IMPORT_MAX_RUNNING:
        return _("Other imports are running on the site now (at most %(count)s at a time): try again in a few "
                 "minutes.") % {"count": settings.IMPORT_MAX_RUNNING}
    return ""


def start(job_id: int, write: bool) -> None:
    """Run the job in a daemon thread (tests replace this to run inline)."""
    threading.Thread(target=run_in_thread, args=(job_id, write), daemon=True, name=f"import-{job_id}").start()


def run_in_thread(job_id: int, write: bool) -> None:
    close_old_connections()
    try:
        run(job_id, write)
    finally:
        connection.close()  # the thread's own connection


def run(job_id: int, write: bool) -> None:
    try:
        job = ImportJob.objects.get(pk=job_id)
        write_job(job) if write else check_job(job)
    except Exception:
        log.exception("Import job %s failed", job_id)
        failure = {"errors": [[0, _("The import failed unexpectedly; nothing was changed.")]]}
        finish(ImportJob(pk=job_id), Status.FAILED, failure)
    finally:
        WRITING.pop(job_id, None)


def build_importer(job):
    table = read_table(bytes(job.content), job.file_name)
    user = get_user_model().objects.get(pk=job.created_by_id)
    return registry.get(job.kind).importer(table, user=user, reason=job.change_reason), len(table.rows)


def check_job(job):
    try:
        importer, total = build_importer(job)
    except SpreadsheetError as exc:
        finish(job, Status.REFUSED, {"errors": [[0, str(exc)]]})
        return
    ImportJob.objects.filter(pk=job.pk).update(total=total)

    def progress(done, total):
        ImportJob.objects.filter(pk=job.pk).update(processed=done)

    result = importer.run(dry_run=True, progress=progress)
    finish(job, Status.CHECKED if result.ok else Status.REFUSED, result.to_dict())


def write_job(job):
    """Check the file again (the database may have changed since the preview), then write.
    A record someone saved after the preview refuses the file. One bar for both: the first
    half is the check, the second the writes."""
    WRITING[job.pk] = (0, 0)
    importer, rows = build_importer(job)
    importer.preview_versions = versions_of(job.result)

    def checking(done, total):
        WRITING[job.pk] = (done, 2 * total)

    def writing(done, total):
        WRITING[job.pk] = (rows + done * rows // max(total, 1), 2 * rows)

    result = importer.run(dry_run=False, progress=checking, write_progress=writing)
    finish(job, Status.DONE if result.written else Status.REFUSED, result.to_dict())


def finish(job, status, result):
    """Record the outcome; the file is kept only while it waits for confirmation."""
    values = {"status": status, "result": result, "finished_at": timezone.now()}
    if status != Status.CHECKED:
        values["content"] = b""
    ImportJob.objects.filter(pk=job.pk).update(**values)


def status(job) -> dict:
    """What the job page shows while it polls."""
    done, total = job.processed, job.total
    if job.status == Status.IMPORTING:
        done, total = WRITING.get(job.pk, (0, 0))
    return {"status": job.status, "label": str(job.get_status_display()), "done": done, "total": total}
