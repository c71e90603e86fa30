"""The follow-up's periodic job on the task worker (imports/scheduler.py): the reminders of
requests' due dates, each step once."""

from django.utils import timezone

from imports.schedules import PeriodicJob, register
from surveys.reminders import send_reminders


def send_request_reminders() -> str:
    day = timezone.localdate()
    return f"{send_reminders(day)} reminder(s) sent for {day:%d/%m/%Y}."


register(PeriodicJob("request_reminders", send_request_reminders))
