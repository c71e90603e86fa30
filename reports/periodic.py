"""The reports' periodic job on the task worker (imports/scheduler.py): the reminders of the day."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.schedules import PeriodicJob, register
from reports.reminders import send_due


def send_report_reminders() -> str:
    outcome = send_due()
    return _("%(reminders)s reminders sent (%(mails)s e-mails).") % {
        "reminders": len(outcome.sent), "mails": outcome.mails}


register(PeriodicJob("report_reminders", send_report_reminders, label=gettext_lazy("Reminders of periodic reports")))
