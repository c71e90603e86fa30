"""The follow-up's periodic job on the task worker (imports/scheduler.py): the reminders of
requests' due dates, each step once."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.schedules import PeriodicJob, register
from surveys.reminders import send_reminders


def send_request_reminders() -> str:
    day = timezone.localdate()
    return _("%(count)s request(s) reminded on %(day)s.") % {"count": send_reminders(day), "day": f"{day:%d/%m/%Y}"}


register(PeriodicJob("request_reminders", send_request_reminders,
                     label=gettext_lazy("Reminders of requests' due dates")))
