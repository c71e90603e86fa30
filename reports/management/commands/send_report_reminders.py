from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.reminders import send_due


class Command(BaseCommand):
    help = (
        "Send the periodic-report reminders due today (before the deadline, the day after it) and the "
        "province summaries; idempotent, so it can run every hour (cron) until the task worker schedules it."
    )

    def handle(self, *args, **options):
        outcome = send_due()
        self.stdout.write(_("%(reminders)s reminders sent (%(mails)s e-mails).") % {
            "reminders": len(outcome.sent), "mails": outcome.mails})
        if outcome.failed:
            self.stderr.write(_("%(count)s reminders could not be sent (see the log); they will be tried again at "
                                "the next run.") % {"count": outcome.failed})
