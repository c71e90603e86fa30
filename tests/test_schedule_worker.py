"""The daily reminders and the e-mails through the real task worker: `db_worker` processes of their
own (tests/task_worker.py) on the test database, SQLite or PostgreSQL, sending mail through
Django's file backend into a folder this process reads (docs/tasks.md, "Periodic jobs" and
"E-mail").

Each test is transactional (a worker sees committed rows only) and stops its workers first.
"""

import datetime
import io
import signal
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from imports import schedules
from imports.models import PeriodicSchedule
from imports.scheduler import run_schedule
from models_registry.models import MobilizationModel, ReviewStatus
from reports.models import SentReminder
from surveys.models import Reminder, SurveySession
from tests.conftest import make_user
from tests.reports_data import period_around_today
from tests.task_worker import Workers, sent_mails
from units.models import AdministrativeUnit, OutgoingMail

pytestmark = pytest.mark.django_db(transaction=True)
JOBS = ["report_reminders", "request_reminders"]
RUN = "imports.scheduler.run_schedule"


@pytest.fixture
def mail_workers(tmp_path):
    started = Workers(mail_dir=tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
def due_today(demo, provincial, xacambinh, camxuyen, cam_xuyen):
    """Work for both jobs today: a report period due in 3 days (its "before" step is today) with
    xã Cẩm Bình's and xã Cẩm Xuyên's officers and the province to remind, and a request addressed
    to huyện Cẩm Xuyên due in 3 days."""
    xacamxuyen = make_user("xacamxuyen", AdministrativeUnit.objects.get(code="18673", valid_from=datetime.date(
        2025, 7, 1)))
    for user, address in ((xacambinh, "cambinh@example.invalid"), (xacamxuyen, "xacamxuyen@example.invalid"),
                          (provincial, "tinh@example.invalid"), (camxuyen, "huyen@example.invalid")):
        user.email = address
        user.save()
    period_around_today(days_to_deadline=3)
    request = SurveySession.objects.get(unit=cam_xuyen).recommendations.order_by("order").first()
    request.due_date = timezone.localdate() + datetime.timedelta(days=3)
    request.save()


EXPECTED = sorted(["cambinh@example.invalid", "xacamxuyen@example.invalid", "tinh@example.invalid",
                   "huyen@example.invalid"])  # two units and the province's summary; the request's unit


def start_schedules(now=False) -> str:
    out = io.StringIO()
    call_command("start_schedules", now=now, stdout=out)
    return out.getvalue()


def recipients(workers) -> list[str]:
    return sorted(message["To"] for message in sent_mails(workers.mail_dir))


def pending_runs() -> list:
    return list(DBTaskResult.objects.filter(task_path=RUN, status="READY").order_by("args_kwargs"))


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"still not true after {timeout} s")


def test_the_worker_runs_each_job_once_per_step_and_queues_the_next_day(due_today, mail_workers):
    assert start_schedules() == "report_reminders: queued for {0}\nrequest_reminders: queued for {0}\n".format(
        f"{timezone.localtime(schedules.next_time(schedules.get(JOBS[0]), timezone.now())):%d/%m/%Y %H:%M}")
    start_schedules()  # idempotent: still one pending run per job
    assert [task.args_kwargs["args"] for task in pending_runs()] == [[JOBS[0]], [JOBS[1]]]
    mail_workers.run_queued()  # not due yet: nothing runs
    assert recipients(mail_workers) == [] and not SentReminder.objects.exists()

    assert "brought forward to now (asked to)" in start_schedules(now=True)
    mail_workers.run_queued()
    assert recipients(mail_workers) == EXPECTED
    subjects = {message["To"]: message["Subject"].strip() for message in sent_mails(mail_workers.mail_dir)}
    deadline = f"{timezone.localdate() + datetime.timedelta(days=3):%d/%m/%Y}"
    assert subjects["cambinh@example.invalid"] == f"Nhắc nộp báo cáo Năm 2099 của Xã Cẩm Bình, hạn {deadline}"
    assert subjects["tinh@example.invalid"].startswith("Báo cáo Năm 2099: ")
    assert subjects["huyen@example.invalid"].startswith(f"Dân vận khéo: Đề nghị đến hạn ngày {deadline}")
    assert (SentReminder.objects.count(), Reminder.objects.count()) == (3, 1)
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    # The next day's run is queued, one per job, and the runs are recorded as finished.
    runs = pending_runs()
    assert [task.args_kwargs["args"] for task in runs] == [[JOBS[0]], [JOBS[1]]]
    assert {task.run_after for task in runs} == {schedules.next_time(schedules.get(JOBS[0]), timezone.now())}
    done = PeriodicSchedule.objects.order_by("name")
    assert [(s.running_task_id, s.finished_at is not None) for s in done] == [(None, True)] * 2
    assert [s.outcome for s in done] == ["Đã gửi 3 thư nhắc (3 thư điện tử).",
                                         f"Đã nhắc 1 đề nghị ngày {timezone.localdate():%d/%m/%Y}."]

    # Again, by two workers at once: the steps are recorded, nothing is sent twice.
    start_schedules(now=True)
    first, second = mail_workers.start("--batch"), mail_workers.start("--batch")
    for worker in (first, second):
        output, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0, output.decode()
    assert recipients(mail_workers) == EXPECTED and OutgoingMail.objects.count() == 4
    assert len(pending_runs()) == 2


def test_a_stray_duplicate_run_does_nothing(due_today, mail_workers):
    """A second queued run of a job (not its schedule's pending one) finds it is not and does nothing."""
    start_schedules(now=True)
    run_schedule.enqueue(JOBS[1])
    mail_workers.run_queued()
    assert recipients(mail_workers) == EXPECTED
    assert DBTaskResult.objects.filter(task_path=RUN, return_value="superseded").count() == 1
    assert len(pending_runs()) == 2


def test_a_worker_killed_in_the_middle_of_a_run_then_started_again_still_sends_once(due_today, mail_workers):
    start_schedules(now=True)
    worker = mail_workers.start(slow_schedule=30)
    taken = wait_for(lambda: PeriodicSchedule.objects.filter(running_task_id__isnull=False).first())
    worker.send_signal(signal.SIGKILL)  # the run taken, the next day's queued, nothing sent yet
    worker.wait(timeout=30)
    assert recipients(mail_workers) == []
    assert DBTaskResult.objects.filter(pk=taken.running_task_id, status="RUNNING").exists()  # lost
    assert len(pending_runs()) == 2  # still one pending run per job

    output = start_schedules()  # what `make run` and the worker's service do before it starts
    assert f"{taken.name}: brought forward to now (its last run did not finish)" in output
    mail_workers.run_queued()
    assert recipients(mail_workers) == EXPECTED
    assert PeriodicSchedule.objects.filter(running_task_id__isnull=False).count() == 0
    start_schedules(now=True)
    mail_workers.run_queued()
    assert recipients(mail_workers) == EXPECTED  # once


def test_a_notification_mail_leaves_from_the_worker_not_the_web(client, demo, provincial, camxuyen, cam_xuyen,
                                                                 mail_workers):
    camxuyen.email = "camxuyen@example.vn"
    camxuyen.save()
    model = MobilizationModel.objects.filter(unit=cam_xuyen).first()
    MobilizationModel.objects.filter(pk=model.pk).update(review_status=ReviewStatus.PENDING, submitted_by=camxuyen,
                                                         is_published=False)
    client.force_login(provincial)
    response = client.post(reverse("models_registry:model_review", args=[model.pk]),
                           {"action": "return", "comment": "Bổ sung số liệu."})
    assert response.status_code == 302
    assert recipients(mail_workers) == []  # the web process only queued it
    mail_workers.run_queued()
    mails = sent_mails(mail_workers.mail_dir)
    assert [message["To"] for message in mails] == ["camxuyen@example.vn"]
    assert "Bổ sung số liệu." in mails[0].get_content() and model.get_absolute_url() in mails[0].get_content()
    assert mails[0]["Subject"].strip().startswith("Dân vận khéo: Mô hình")
    mail_workers.run_queued()
    assert len(sent_mails(mail_workers.mail_dir)) == 1
