"""Send the reminders of requests' due dates that are due today (surveys/reminders.py)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from surveys.reminders import send_reminders


class Command(BaseCommand):
    help = ("Remind the responsible units' officers of requests due soon or overdue (each step once; the e-mails "
            "leave from the task worker). The worker runs it daily by itself (manage.py start_schedules).")

    def add_arguments(self, parser):
        parser.add_argument("--today", help="The day to act as (dd/mm/yyyy); default: today.")

    def handle(self, *args, today=None, **options):
        day = timezone.localdate()
        if today:
            try:
                day = datetime.datetime.strptime(today, "%d/%m/%Y").date()
            except ValueError as error:
                raise CommandError(f"--today {today!r}: expected dd/mm/yyyy") from error
        self.stdout.write(f"{send_reminders(day)} reminder(s) sent for {day:%d/%m/%Y}.")
