"""Reminders of requests' due dates: 7 days before and once overdue, to the officers of the unit
each request is addressed to, each step once (a unique record), through `manage.py send_reminders`."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from surveys.models import Recommendation, Reminder, ReminderStep, SurveySession
from surveys.reminders import send_reminders
from units.models import Notification


@pytest.fixture
def request_(cam_xuyen, camxuyen):
    """A Cẩm Xuyên request due 31/12/2023, addressed to huyện Cẩm Xuyên, whose officer has e-mail."""
    camxuyen.email = "camxuyen@example.vn"
    camxuyen.save()
    recommendation = SurveySession.objects.get(unit=cam_xuyen).recommendations.order_by("order").first()
    recommendation.due_date = datetime.date(2023, 12, 31)
    recommendation.save()
    return recommendation


def run(day):
    out = io.StringIO()
    call_command("send_reminders", today=day, stdout=out)
    return out.getvalue()


def test_each_step_is_sent_once(request_, camxuyen, provincial, immediate_tasks):
    """Mails go through the task worker's task (here run at once: immediate_tasks); through a real
    worker process: tests/test_schedule_worker.py."""
    assert run("23/12/2023") == "0 reminder(s) sent for 23/12/2023.\n"  # 8 days before: not yet
    assert run("24/12/2023").startswith("1 reminder(s)")
    assert run("25/12/2023").startswith("0 reminder(s)")  # the same step again: nothing
    assert run("31/12/2023").startswith("0 reminder(s)")
    assert run("01/01/2024").startswith("1 reminder(s)")  # overdue
    assert run("15/01/2024").startswith("0 reminder(s)")
    texts = list(Notification.objects.filter(recipient=camxuyen).order_by("pk").values_list("text", flat=True))
    assert [text.split(":")[0] for text in texts] == ["Đề nghị đến hạn ngày 31/12/2023",
                                                      "Đề nghị quá hạn từ ngày 31/12/2023"]
    assert request_.text[:40] in texts[0]
    assert not Notification.objects.filter(recipient=provincial).exists()  # the province sees them on its pages
    assert [message.to for message in mail.outbox] == [["camxuyen@example.vn"]] * 2
    assert f"/theo-doi/{request_.pk}/" in mail.outbox[1].body
    assert sorted(Reminder.objects.values_list("step", flat=True)) == ["before", "overdue"]


def test_no_reminder_for_a_request_done_or_without_unit_or_date(request_, cam_xuyen):
    session = request_.session
    Recommendation.objects.create(session=session, text="Không có đơn vị", due_date=datetime.date(2023, 12, 31))
    Recommendation.objects.create(session=session, text="Không có hạn", responsible_unit=cam_xuyen)
    request_.follow_up_status = "done"
    request_.save()
    assert send_reminders(datetime.date(2024, 1, 1)) == 0
    assert not Reminder.objects.exists()


def test_a_request_found_overdue_gets_only_the_overdue_reminder(request_):
    assert send_reminders(datetime.date(2024, 3, 1)) == 1
    assert list(Reminder.objects.values_list("step", flat=True)) == [ReminderStep.OVERDUE]


def test_the_database_refuses_a_second_record_of_a_step(request_):
    Reminder.objects.create(recommendation=request_, step=ReminderStep.BEFORE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(recommendation=request_, step=ReminderStep.BEFORE)


def test_a_step_claimed_meanwhile_is_not_sent_twice(request_, camxuyen, monkeypatch):
    """Two senders at once: the second finds the step claimed when it inserts, and sends nothing."""
    from surveys import reminders

    pending = list(reminders.due_reminders(datetime.date(2023, 12, 30)))
    Reminder.objects.create(recommendation=request_, step=ReminderStep.BEFORE)  # the other sender
    assert pending and not reminders.send(*pending[0], [camxuyen])
    assert not Notification.objects.exists()


def test_a_bad_day_is_refused(demo):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("send_reminders", today="2023-13-45", stdout=io.StringIO())
