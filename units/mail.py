"""E-mail through the task worker: a mail is a row (`OutgoingMail`) written in the transaction that
decided to send it, with its task (`deliver`) queued in the same transaction, so that both exist or
neither (the queue is a table of the same database). The web process never talks to the mail
server; a mail server that is down delays the mail, it never fails the page (docs/tasks.md).

- At most once: the worker claims the row (queued → sending) with a conditional UPDATE before it
  sends, so a second task for the same mail, a second worker, or a task run again sends nothing.
  A worker killed while talking to the mail server leaves the row "sending": it is not sent again
  by itself (the mail may have left); an administrator may queue it again from the admin.
- Retried: a refusal or an unreachable server (an OSError, as smtplib's errors are) puts the row
  back in the queue, and its task again after MAIL_RETRY_MINUTES[attempt]; after the last one it
  is "not sent", with the error.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from units.models import OutgoingMail

Status = OutgoingMail.Status
MAIL_RETRY_MINUTES = [1, 5, 30, 120, 480]  # waits after the 1st, 2nd… failed try; then it is given up
DELIVER = "units.mail.deliver"
logger = logging.getLogger(__name__)


def queue_mail(to: str, subject: str, body: str) -> OutgoingMail:
    """Record a mail to `to` and queue its sending, inside the caller's transaction."""
    subject = " ".join(subject.split())[:300]  # one line: a header
    with transaction.atomic():
        outgoing = OutgoingMail.objects.create(to=to, subject=subject, body=body)
        deliver.enqueue(outgoing.pk)
    return outgoing


def requeue_stranded() -> int:
    """Queue again the task of each mail waiting without one: its task was taken by a worker that
    was killed before it claimed the mail (run by `manage.py start_schedules` at each worker
    start). A mail whose task turns out to be alive after all is claimed once anyway."""
    waiting = set()
    for args_kwargs in DBTaskResult.objects.filter(task_path=DELIVER, status="READY").values_list(
            "args_kwargs", flat=True):
        waiting.update(args_kwargs["args"][:1])
    stranded = OutgoingMail.objects.filter(status=Status.QUEUED).exclude(pk__in=waiting).values_list("pk", flat=True)
    count = 0
    for mail_id in stranded:
        deliver.enqueue(mail_id)
        count += 1
    return count


def queue_again(mails) -> int:
    """Queue again mails not sent or interrupted (the admin's action); how many."""
    count = 0
    with transaction.atomic():
        for outgoing in mails.filter(status__in=[Status.FAILED, Status.SENDING]):
            OutgoingMail.objects.filter(pk=outgoing.pk, status=outgoing.status).update(status=Status.QUEUED, error="")
            deliver.enqueue(outgoing.pk)
            count += 1
    return count


@task()
def deliver(mail_id: int) -> str:
    """Send mail `mail_id` if it is still queued (on the task worker)."""
    claimed = OutgoingMail.objects.filter(pk=mail_id, status=Status.QUEUED).update(
        status=Status.SENDING, attempts=F("attempts") + 1, tried_at=timezone.now()
    )
    if not claimed:
        return "not queued"  # sent, being sent, or given up: never twice
    outgoing = OutgoingMail.objects.get(pk=mail_id)
    try:
        EmailMessage(outgoing.subject, outgoing.body, settings.DEFAULT_FROM_EMAIL, [outgoing.to]).send()
    except OSError as error:  # the server refused or cannot be reached: try again later
        return retry_later(outgoing, error)
    except Exception as error:  # a mail that can never be sent (e.g. a bad address)
        logger.exception("Mail %s to %s cannot be sent", mail_id, outgoing.to)
        OutgoingMail.objects.filter(pk=mail_id, status=Status.SENDING).update(
            status=Status.FAILED, error=str(error)[:500])
        return "failed"
    OutgoingMail.objects.filter(pk=mail_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), error="")
    return "sent"


def retry_later(outgoing: OutgoingMail, error: OSError) -> str:
    message = f"{type(error).__name__}: {error}"[:500]
    with transaction.atomic():
        if outgoing.attempts > len(MAIL_RETRY_MINUTES):
            logger.error("Mail %s to %s given up after %s tries: %s", outgoing.pk, outgoing.to, outgoing.attempts,
                         message)
            OutgoingMail.objects.filter(pk=outgoing.pk, status=Status.SENDING).update(
                status=Status.FAILED, error=message)
            return "failed"
        logger.warning("Mail %s to %s not sent (try %s): %s", outgoing.pk, outgoing.to, outgoing.attempts, message)
        OutgoingMail.objects.filter(pk=outgoing.pk, status=Status.SENDING).update(status=Status.QUEUED, error=message)
        wait = datetime.timedelta(minutes=MAIL_RETRY_MINUTES[outgoing.attempts - 1])
        deliver.using(run_after=timezone.now() + wait).enqueue(outgoing.pk)
    return "retry"
