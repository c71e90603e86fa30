"""Import jobs through the real task worker: a `db_worker` process of its own (tests/task_worker.py)
on the test database, SQLite or PostgreSQL, while this process plays the web (docs/tasks.md).

Each test is transactional (the worker sees only committed rows) and stops its workers before the
database is flushed.
"""

import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from imports import jobs
from imports.models import ImportJob, ImportProgress
from models_registry import sheet
from models_registry.models import MobilizationModel
from tests.imports_helpers import csv_bytes
from tests.task_worker import LEASE

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "progress"])

ROWS = 600  # a little more than one batch of writes
SLOW = 1.5  # seconds the slowed worker waits around each report of its write progress


@pytest.fixture
def officer(client, provincial, settings):
    settings.IMPORT_LEASE_SECONDS = LEASE
    settings.IMPORT_HEARTBEAT_SECONDS = 1
    client.force_login(provincial)
    return provincial


def row(name):
    values = [""] * len(sheet.headers())
    values[1:7] = [name, "Kinh tế", "446", "Huyện Cẩm Xuyên", "", "Chính quyền"]
    return values


def upload(client, count, prefix="Mô hình qua tiến trình nền") -> ImportJob:
    content = csv_bytes([sheet.headers(), *(row(f"{prefix} {i}") for i in range(count))])
    response = client.post(reverse("imports:upload", args=["models"]),
                           {"models-file": SimpleUploadedFile("mo-hinh.csv", content, "text/csv")})
    assert response.status_code == 302, response.content.decode()
    return ImportJob.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def written(prefix="Mô hình qua tiến trình nền") -> int:
    return MobilizationModel.objects.filter(name__startswith=prefix).count()


def state(client, job) -> dict:
    return client.get(reverse("imports:job_status", args=[job.pk])).json()


def page(client, job) -> str:
    return client.get(reverse("imports:job", args=[job.pk])).content.decode()


def wait_for(condition, timeout=60.0, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"still not true after {timeout} s")


def checked(client, workers, count) -> ImportJob:
    """An upload of `count` new models, checked by a worker, and confirmed: queued to import."""
    job = upload(client, count)
    workers.run_queued()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.total == count, job.result
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING and job.attempt == 2
    return job


def writing(client, job):
    """The job's state once the worker reports rows written (the second half of the bar)."""
    return wait_for(lambda: (s := state(client, job))["done"] > job.total and s)


def test_a_worker_process_checks_an_upload_then_imports_it(client, officer, workers):
    job = upload(client, 3)
    # Queued: no worker has taken it yet, and the page says so (not a bar at "0 / 0").
    assert state(client, job) == {"status": "checking", "label": "đang chờ đến lượt", "done": 0, "total": 0,
                                  "queued": True}
    assert "đang chờ tiến trình chạy nền" in page(client, job)
    workers.run_queued()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.result["created"] == 3 and written() == 0
    assert "Nhập ngay" in page(client, job)
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    workers.run_queued()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and written() == 3
    assert MobilizationModel.objects.filter(name__startswith="Mô hình qua tiến trình nền").first().history.get(
    ).history_user == officer
    assert bytes(ImportJob.objects.get(pk=job.pk).content) == b""  # the file is not kept after the import
    assert not ImportProgress.objects.exists()  # each attempt removes its progress row
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_the_progress_of_a_write_is_seen_from_other_connections_while_it_runs(client, officer, workers):
    job = checked(client, workers, ROWS)
    workers.start(slow=SLOW)
    seen = [writing(client, job)]
    # Rows reported written are not in the database yet: the write is one open transaction, and
    # the progress came through the other connection.
    assert written() == 0
    while (current := state(client, job))["status"] == "importing":
        seen.append(current)
        html = page(client, job)
        if 'id="job-progress"' in html:  # still importing when the page was made
            assert "/ 1.200</span>" in html and "0 / 0" not in html
        time.sleep(0.2)
    assert current["status"] == "done" and written() == ROWS
    assert all(s["total"] == 2 * ROWS and not s["queued"] for s in seen)  # never "0 / 0"
    assert [s["done"] for s in seen] == sorted(s["done"] for s in seen)


def test_a_killed_worker_is_shown_failed_after_the_lease_and_the_job_runs_again_once(client, officer, workers):
    job = checked(client, workers, ROWS)
    worker = workers.start(slow=SLOW)
    writing(client, job)
    worker.send_signal(signal.SIGKILL)  # in the middle of the write, its transaction open
    worker.wait(timeout=30)
    assert state(client, job)["status"] == "importing"  # within the lease, it may only be slow
    wait_for(lambda: state(client, job)["status"] == "failed", timeout=LEASE + 10)
    html = page(client, job)
    assert "Không có thay đổi nào được ghi" in html and "Chạy lại" in html and "bị lỗi" in html
    assert written() == 0
    job.refresh_from_db()
    assert bytes(job.content) != b"" and job.result["created"] == ROWS  # the file and the preview are kept
    assert "bị lỗi" in client.get(reverse("imports:index")).content.decode()

    client.post(reverse("imports:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.IMPORTING, 3)
    client.post(reverse("imports:job_retry", args=[job.pk]))  # a double click queues nothing more
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    workers.run_queued()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and written() == ROWS
    # The killed attempt's task, run again (as a second worker might), finds the job moved on.
    jobs.run_job.enqueue(job.pk, 2, True)
    workers.run_queued()
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.DONE, 3) and written() == ROWS


def test_a_worker_stopped_by_force_during_a_write_leaves_the_job_to_the_lease(client, officer, workers):
    """Ctrl-C in `make run` during an import: SIGINT asks the worker to stop after its task, the
    shell's trap then sends SIGTERM, which stops it at once (SystemExit in the middle of the write)."""
    job = checked(client, workers, ROWS)
    worker = workers.start(slow=SLOW)
    writing(client, job)
    worker.send_signal(signal.SIGINT)
    time.sleep(0.5)
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=30)
    wait_for(lambda: state(client, job)["status"] == "failed", timeout=LEASE + 10)
    assert written() == 0 and "Chạy lại" in page(client, job)


def test_a_check_whose_worker_died_is_failed_after_the_lease_and_checks_again(client, officer, workers):
    job = upload(client, 2)
    # A worker took the job and beat once, then died during the check: its progress row is left.
    ImportProgress.objects.create(job_id=job.pk, attempt=job.attempt, beat_at=job.started_at)
    assert state(client, job)["status"] == "checking"
    wait_for(lambda: state(client, job)["status"] == "failed", timeout=LEASE + 10)
    assert "Không có thay đổi nào được ghi" in page(client, job)
    client.post(reverse("imports:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.CHECKING, 2)
    assert state(client, job)["queued"]  # the dead attempt's row does not count for the new one
    workers.run_queued()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.result["created"] == 2 and "lost" not in job.result


def test_a_worker_taken_for_lost_that_comes_back_after_the_retry_does_not_write_again(client, officer, workers):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer: a stopped worker holds the write lock, so no retry could write")
    job = checked(client, workers, ROWS)
    first = workers.start(slow=SLOW)
    writing(client, job)
    first.send_signal(signal.SIGSTOP)  # alive, its transaction open, but silent
    wait_for(lambda: state(client, job)["status"] == "failed", timeout=LEASE + 10)
    client.post(reverse("imports:job_retry", args=[job.pk]))
    workers.run_queued()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and written() == ROWS
    first.send_signal(signal.SIGCONT)  # it finishes its write, then finds a later attempt: rolls back
    wait_for(lambda: not DBTaskResult.objects.filter(status="RUNNING").exists(), timeout=60)
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.DONE, 3) and written() == ROWS


@pytest.mark.django_db(databases=["default", "progress"])
def test_the_heartbeat_goes_on_while_a_long_file_is_read(provincial, settings):
    """Reading a 50,000-row workbook takes about the lease (30 s): the reader beats meanwhile."""
    settings.IMPORT_HEARTBEAT_SECONDS = 0  # every tick writes
    content = csv_bytes([sheet.headers(), *(row(f"Mô hình {i}") for i in range(2_500))])
    job = ImportJob.objects.create(kind="models", file_name="a.csv", content=content, created_by=provincial)
    progress = jobs.Heartbeat(job, total=0)
    started = ImportProgress.objects.get(job_id=job.pk).beat_at
    jobs.build_importer(job, progress)
    assert ImportProgress.objects.get(job_id=job.pk).beat_at > started
