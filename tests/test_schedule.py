"""The scheduler of periodic jobs and the e-mail outbox, in this process (imports/scheduler.py,
units/mail.py). Through real worker processes: tests/test_schedule_worker.py."""

import datetime
import types
import uuid
import zoneinfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from imports import scheduler, schedules
from imports.models import PeriodicSchedule
from imports.schedules import PeriodicJob
from tests.test_foundation_settings import print_setting
from units.mail import MAIL_RETRY_MINUTES, deliver, queue_mail, requeue_stranded
from units.models import OutgoingMail

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
JOBS = ["report_reminders", "request_reminders"]


def at(day, hour, minute=0):
    return datetime.datetime(2026, 6, day, hour, minute, tzinfo=HANOI)


def pending(name):
    return PeriodicSchedule.objects.select_related("pending_task").get(name=name).pending_task


def context_of(task_id):
    return types.SimpleNamespace(task_result=types.SimpleNamespace(id=task_id))


def test_a_job_runs_daily_at_the_schedule_time_local(settings):
    settings.SCHEDULE_TIME = "07:00"
    job = schedules.get("report_reminders")
    assert job.time() == datetime.time(7, 0)
    assert next_local(job, at(10, 6, 59)) == at(10, 7)
    assert next_local(job, at(10, 7)) == at(11, 7)  # strictly after
    assert next_local(job, at(30, 23, 30)) == datetime.datetime(2026, 7, 1, 7, tzinfo=HANOI)
    assert next_local(PeriodicJob("x", str, at="18:30"), at(10, 7)) == at(10, 18, 30)


def next_local(job, moment):
    return timezone.localtime(schedules.next_time(job, moment), HANOI)


def test_a_bad_schedule_time_stops_the_start():
    result = print_setting("SCHEDULE_TIME", DEBUG="true", SCHEDULE_TIME="7h")
    assert result.returncode != 0 and "SCHEDULE_TIME='7h': a time of day, HH:MM" in result.stderr
    assert print_setting("SCHEDULE_TIME", DEBUG="true", SCHEDULE_TIME="18:30").stdout.splitlines()[-1] == "18:30"


def test_the_apps_register_their_jobs():
    assert [job.name for job in schedules.jobs()] == JOBS


def test_ensure_is_idempotent_one_pending_run_per_job():
    first = scheduler.ensure()
    assert scheduler.ensure() != first and all("already queued" in line for line in scheduler.ensure())
    assert PeriodicSchedule.objects.count() == 2
    ready = DBTaskResult.objects.filter(task_path="imports.scheduler.run_schedule", status="READY")
    assert sorted(task.args_kwargs["args"][0] for task in ready) == JOBS
    assert {task.run_after for task in ready} == {schedules.next_time(schedules.get(JOBS[0]), timezone.now())}


def test_the_database_refuses_two_schedules_of_a_job_or_one_task_for_two():
    scheduler.ensure()
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodicSchedule.objects.create(name=JOBS[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodicSchedule.objects.filter(name=JOBS[1]).update(pending_task=pending(JOBS[0]))


def test_only_the_pending_run_is_taken_and_it_queues_the_next_one():
    scheduler.ensure(now_too=True)
    job = schedules.get(JOBS[1])
    first = pending(job.name)
    assert first.run_after <= timezone.now()
    assert not scheduler.claim(job, str(uuid.uuid4()))  # a stray task of the job
    assert scheduler.claim(job, str(first.pk))
    schedule = PeriodicSchedule.objects.get(name=job.name)
    assert schedule.running_task_id == first.pk and schedule.pending_task_id != first.pk
    assert schedule.pending_task.run_after == schedules.next_time(job, timezone.now())
    assert not scheduler.claim(job, str(first.pk))  # the same task again
    scheduler.finish(job, str(first.pk), "done")
    schedule.refresh_from_db()
    assert (schedule.running_task_id, schedule.outcome) == (None, "done")


def test_a_run_left_unfinished_is_brought_forward_by_the_next_start():
    scheduler.ensure()
    job = schedules.get(JOBS[0])
    taken = pending(job.name)
    assert scheduler.claim(job, str(taken.pk))  # ... and its worker was killed
    later = pending(job.name)
    assert later.run_after > timezone.now()
    assert scheduler.ensure_job(job) == f"{job.name}: brought forward to now (its last run did not finish)"
    later.refresh_from_db()
    assert later.run_after <= timezone.now() and pending(job.name) == later  # no second pending run


def test_a_pending_run_taken_by_a_worker_that_stopped_at_once_is_queued_again():
    scheduler.ensure()
    job = schedules.get(JOBS[0])
    lost = pending(job.name)
    DBTaskResult.objects.filter(pk=lost.pk).update(status="RUNNING")  # claimed by the worker, then killed
    assert scheduler.ensure_job(job).startswith(f"{job.name}: queued for ")
    again = pending(job.name)
    assert again.pk != lost.pk and again.status == "READY" and again.run_after <= timezone.now()
    assert not scheduler.claim(job, str(lost.pk))  # had that worker lived on, it would do nothing


def test_a_run_that_fails_is_tried_again_soon(monkeypatch):
    def broken():
        raise RuntimeError("database gone")

    job = PeriodicJob("broken_test_job", broken)
    monkeypatch.setitem(schedules._JOBS, job.name, job)
    scheduler.ensure_job(job, now_too=True)
    first = pending(job.name)
    with pytest.raises(RuntimeError):
        scheduler.run_schedule.func(context_of(first.pk), job.name)
    schedule = PeriodicSchedule.objects.get(name=job.name)
    assert (schedule.running_task_id, schedule.outcome) == (None, "failed (see the log)")
    soon = timezone.now() + datetime.timedelta(minutes=scheduler.SCHEDULE_RETRY_MINUTES)
    assert timezone.now() < schedule.pending_task.run_after <= soon


def test_the_admin_lists_the_jobs_with_their_next_run(client, admin_user):
    scheduler.ensure()
    client.force_login(admin_user)
    page = client.get(reverse("admin:imports_periodicschedule_changelist")).content.decode()
    next_run = timezone.localtime(pending(JOBS[0]).run_after)
    assert "report_reminders" in page and "request_reminders" in page
    assert f"{next_run:%H:%M %d/%m/%Y}" in page  # the Vietnamese format: the time, then the date


def test_a_run_of_a_job_no_longer_registered_does_nothing():
    assert scheduler.run_schedule.func(context_of(uuid.uuid4()), "removed_job") == "superseded"


# E-mail through the worker's task ---------------------------------------------------------------
def refuse(error):
    def send_messages(self, messages):
        raise error

    return send_messages


def test_a_queued_mail_is_sent_once():
    outgoing = queue_mail("a@example.invalid", "Chủ đề\nhai dòng", "Nội dung")
    assert outgoing.subject == "Chủ đề hai dòng" and mail.outbox == []
    task = DBTaskResult.objects.get(task_path="units.mail.deliver")
    assert task.args_kwargs["args"] == [outgoing.pk]
    assert deliver.call(outgoing.pk) == "sent"
    assert deliver.call(outgoing.pk) == "not queued"
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["a@example.invalid"], "Chủ đề hai dòng", "Nội dung")]
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts, outgoing.sent_at is not None) == ("sent", 1, True)


def test_a_mail_whose_task_a_killed_worker_took_is_queued_again_at_the_next_start():
    stranded, waiting = queue_mail("a@example.invalid", "Một", "…"), queue_mail("b@example.invalid", "Hai", "…")
    DBTaskResult.objects.filter(args_kwargs__args=[stranded.pk]).update(status="RUNNING")  # then killed
    assert requeue_stranded() == 1 and requeue_stranded() == 0
    ready = DBTaskResult.objects.filter(task_path="units.mail.deliver", status="READY")
    assert sorted(task.args_kwargs["args"][0] for task in ready) == [stranded.pk, waiting.pk]
    assert deliver.call(stranded.pk) == "sent" and requeue_stranded() == 0


def test_a_refused_mail_is_tried_again_later_then_given_up(monkeypatch):
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse(OSError("SMTP down")))
    outgoing = queue_mail("a@example.invalid", "Chủ đề", "Nội dung")
    for minutes in MAIL_RETRY_MINUTES:
        before = timezone.now()
        assert deliver.call(outgoing.pk) == "retry"
        retry = DBTaskResult.objects.filter(task_path="units.mail.deliver").order_by("-enqueued_at").first()
        assert before + datetime.timedelta(minutes=minutes) <= retry.run_after
        assert retry.run_after <= timezone.now() + datetime.timedelta(minutes=minutes)
    assert deliver.call(outgoing.pk) == "failed"
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts, outgoing.error) == ("failed", 6, "OSError: SMTP down")
    assert DBTaskResult.objects.filter(task_path="units.mail.deliver").count() == 1 + len(MAIL_RETRY_MINUTES)
    assert mail.outbox == []


def test_a_mail_that_cannot_be_sent_is_not_tried_again(monkeypatch):
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse(ValueError("bad")))
    outgoing = queue_mail("a@example.invalid", "Chủ đề", "Nội dung")
    assert deliver.call(outgoing.pk) == "failed"
    assert DBTaskResult.objects.filter(task_path="units.mail.deliver").count() == 1


def test_an_interrupted_mail_is_not_sent_by_itself_but_the_admin_may_send_it_again(client, admin_user):
    interrupted = queue_mail("a@example.invalid", "Chủ đề", "Nội dung")
    OutgoingMail.objects.filter(pk=interrupted.pk).update(status="sending", attempts=1)  # worker killed mid-send
    assert deliver.call(interrupted.pk) == "not queued" and mail.outbox == []
    url = reverse("admin:units_outgoingmail_changelist")
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200 and "a@example.invalid" in page.content.decode()
    client.post(url, {"action": "send_again", "_selected_action": [interrupted.pk]})
    interrupted.refresh_from_db()
    assert interrupted.status == "queued"
    assert deliver.call(interrupted.pk) == "sent" and len(mail.outbox) == 1
