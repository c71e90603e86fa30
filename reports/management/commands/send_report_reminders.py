from django.core.management.base import BaseCommand

from reports.periodic import send_report_reminders


class Command(BaseCommand):
    help = (
        "Record the periodic-report reminders due today (before the deadline, the day after it) and the "
        "province summaries, and queue their e-mails for the task worker; idempotent. The worker runs it "
        "daily by itself (manage.py start_schedules)."
    )

    def handle(self, *args, **options):
        self.stdout.write(send_report_reminders())
