"""Reminders of requests' due dates, to the officers of the unit each request is addressed to:
one some days before the due date, one once it has passed (not done), each sent once.

A step is claimed by inserting its `Reminder` row (unique per request and step) in the same
transaction as the notifications: a second sender running at the same time, or the next run,
finds it and sends nothing; the notifications' e-mails are queued in that transaction and sent by
the task worker (units/mail.py). Run daily by the worker (surveys/periodic.py), or by hand with
`manage.py send_reminders` (docs/documents.md)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from surveys.models import FollowUpStatus, Recommendation, Reminder, ReminderStep
from units.models import OfficerProfile
from units.notifications import notify

DAYS_BEFORE = 7


def due_reminders(today: datetime.date):
    """(request, step) pairs whose reminder is due today and not yet sent."""
    open_requests = Recommendation.objects.filter(responsible_unit__isnull=False, due_date__isnull=False).exclude(
        follow_up_status=FollowUpStatus.DONE).select_related("session")
    steps = [
        (ReminderStep.BEFORE, open_requests.filter(due_date__gte=today,
                                                   due_date__lte=today + datetime.timedelta(days=DAYS_BEFORE))),
        (ReminderStep.OVERDUE, open_requests.filter(due_date__lt=today)),
    ]
    for step, requests in steps:
        sent = Reminder.objects.filter(recommendation=OuterRef("pk"), step=step)
        for recommendation in requests.exclude(Exists(sent)).order_by("due_date", "pk"):
            yield recommendation, step


def send_reminders(today: datetime.date) -> int:
    """Send every reminder due `today`; how many requests were reminded."""
    pending = list(due_reminders(today))
    officers = officers_of({r.responsible_unit_id for r, _step in pending})
    sent = 0
    for recommendation, step in pending:
        if send(recommendation, step, officers.get(recommendation.responsible_unit_id, [])):
            sent += 1
    return sent


def officers_of(unit_ids) -> dict[int, list]:
    """unit id -> the active users whose officer profile is that unit (one query)."""
    found = {}
    profiles = OfficerProfile.objects.filter(scope_unit__in=unit_ids, user__is_active=True).select_related("user")
    for profile in profiles:
        found.setdefault(profile.scope_unit_id, []).append(profile.user)
    return found


def send(recommendation, step, users) -> bool:
    """Claim the step and notify `users`; False when it was claimed already."""
    try:
        with transaction.atomic():
            Reminder.objects.create(recommendation=recommendation, step=step)
            text = message(recommendation, step)
            url = settings.SITE_URL + recommendation.get_absolute_url()
            for user in users:
                notify(user, text, url)
    except IntegrityError:  # another sender claimed it first
        return False
    return True


def message(recommendation, step) -> str:
    values = {"text": recommendation.text[:150], "date": recommendation.due_date.strftime("%d/%m/%Y"),
              "session": recommendation.session.title[:150]}
    if step == ReminderStep.BEFORE:
        return _("A request is due on %(date)s: “%(text)s” (%(session)s).") % values
    return _("A request is overdue since %(date)s: “%(text)s” (%(session)s).") % values
