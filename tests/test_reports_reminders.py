"""Reminders: before the deadline and the day after it, to every officer of a unit that has not
submitted, and a summary to the province; sent once per unit and step however often they run."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from reports.models import PeriodicReport, ReportStatus, SentReminder
from reports.reminders import send_due
from tests.conftest import make_user
from tests.reports_data import period_around_today
from tests.test_foundation_settings import print_setting, production_env
from units.mail import deliver
from units.models import AdministrativeUnit, OutgoingMail

pytestmark = pytest.mark.django_db
NEW = datetime.date(2025, 7, 1)


@pytest.fixture
def officers(demo, xacambinh, provincial, camxuyen, immediate_tasks):
    """Officers with e-mail addresses: of the 2025 xã Cẩm Bình and xã Cẩm Xuyên, and of the province.
    The district officer of the old structure has none of these units as their own. The mails'
    task runs at once (immediate_tasks); through a real worker: tests/test_schedule_worker.py."""
    cam_xuyen_2025 = AdministrativeUnit.objects.get(code="18673", valid_from=NEW)
    xacamxuyen = make_user("xacamxuyen", cam_xuyen_2025)
    for user, email in ((xacambinh, "cambinh@example.invalid"), (xacamxuyen, "camxuyen@example.invalid"),
                        (provincial, "tinh@example.invalid"), (camxuyen, "huyen@example.invalid")):
        user.email = email
        user.save()
    return {"cam_binh": xacambinh.officer_profile.scope_unit, "cam_xuyen": cam_xuyen_2025}


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_before_the_deadline_each_late_unit_and_the_province_are_reminded_once(officers):
    period = period_around_today(days_to_deadline=3)  # reminders 3 days before: today
    PeriodicReport.objects.create(period=period, unit=officers["cam_xuyen"], status=ReportStatus.SUBMITTED,
                                  submitted_at=timezone.now())
    outcome = send_due()
    [commune] = to("cambinh@example.invalid")
    assert commune.subject == f"Nhắc nộp báo cáo {period} của Xã Cẩm Bình, hạn {period.deadline:%d/%m/%Y}"
    assert f"/bao-cao/{period.pk}/{officers['cam_binh'].pk}/" in commune.body
    assert to("camxuyen@example.invalid") == [] and to("huyen@example.invalid") == []  # submitted; not theirs
    [summary] = to("tinh@example.invalid")
    assert summary.subject == f"Báo cáo {period}: 10 đơn vị chưa nộp (hạn {period.deadline:%d/%m/%Y})"
    assert "- Xã Cẩm Bình" in summary.body and "Xã Cẩm Xuyên" not in summary.body
    assert (outcome.mails, len(mail.outbox)) == (2, 2)
    assert set(SentReminder.objects.values_list("unit__name", "step", "kind")) == {
        ("Xã Cẩm Bình", "before", "unit"), ("Tỉnh Hà Tĩnh", "before", "summary")}
    assert send_due().mails == 0 and len(mail.outbox) == 2  # a second run sends nothing


def test_the_day_after_the_deadline_the_overdue_step_goes_out(officers):
    period = period_around_today(days_to_deadline=-1, grace=5)
    report = PeriodicReport.objects.create(period=period, unit=officers["cam_xuyen"], status=ReportStatus.RETURNED,
                                           submitted_at=timezone.now())
    send_due()
    assert to("camxuyen@example.invalid")[0].subject == f"Quá hạn nộp báo cáo {period} của Xã Cẩm Xuyên"
    assert "nộp muộn" in to("cambinh@example.invalid")[0].body  # returned counts as not submitted
    assert report.period.reminders.filter(step="after").count() == 3
    assert send_due().mails == 0


@pytest.mark.parametrize("days_to_deadline", [4, -6])
def test_nothing_is_sent_outside_the_steps(officers, days_to_deadline):
    period_around_today(days_to_deadline=days_to_deadline, grace=5)  # too early; entry already closed
    assert send_due().mails == 0 and mail.outbox == []


def test_an_officer_added_later_is_still_reminded_while_the_step_lasts(officers, xacambinh):
    period_around_today(days_to_deadline=2)
    xacambinh.email = ""
    xacambinh.save()
    send_due()
    assert not SentReminder.objects.filter(unit=officers["cam_binh"]).exists()
    xacambinh.email = "cambinh@example.invalid"
    xacambinh.save()
    send_due()
    assert len(to("cambinh@example.invalid")) == 1


def test_a_mail_server_that_refuses_delays_the_mails_and_the_reminder_stays_recorded(officers, settings,
                                                                                     monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, no worker here
    period_around_today(days_to_deadline=3)
    assert send_due().mails == 3 and mail.outbox == []  # queued for the worker, not sent by this process
    assert SentReminder.objects.count() == 3 and OutgoingMail.objects.filter(status="queued").count() == 3

    def refuse(self, messages):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    assert [deliver.call(pk) for pk in OutgoingMail.objects.values_list("pk", flat=True)] == ["retry"] * 3
    assert send_due().mails == 0  # recorded: the next run queues nothing again
    monkeypatch.undo()
    assert [deliver.call(pk) for pk in OutgoingMail.objects.values_list("pk", flat=True)] == ["sent"] * 3
    assert len(mail.outbox) == 3


def test_the_command_sends_and_says_how_many(officers, capsys):
    period_around_today(days_to_deadline=3)
    call_command("send_report_reminders")
    assert capsys.readouterr().out == "Đã gửi 3 thư nhắc (3 thư điện tử).\n"
    call_command("send_report_reminders")
    assert capsys.readouterr().out == "Đã gửi 0 thư nhắc (0 thư điện tử).\n"


def test_mail_goes_to_the_console_in_development_and_smtp_in_production():
    development = print_setting("EMAIL_BACKEND", DEBUG="true")
    assert development.stdout.splitlines()[-1] == "django.core.mail.backends.console.EmailBackend"
    production = print_setting("EMAIL_BACKEND", **production_env(EMAIL_HOST="smtp.example.vn"))
    assert production.stdout.splitlines()[-1] == "django.core.mail.backends.smtp.EmailBackend"
    both = print_setting("EMAIL_BACKEND", **production_env(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true"))
    assert both.returncode != 0 and "EMAIL_USE_TLS and EMAIL_USE_SSL" in both.stderr
