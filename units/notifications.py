"""Telling a user something: a notification on their home page, and an e-mail when they have an
address, sent by the task worker (units/mail.py). Used by the publishing queue and the reminders."""

from django.utils.translation import gettext as _

from units.mail import queue_mail
from units.models import Notification


def notify(user, text: str, url: str = "") -> None:
    """Tell `user` on their home page and, when they have an address, by e-mail: the mail is queued
    in the caller's transaction (both or neither) and leaves from the task worker."""
    if user is None or not user.is_active:
        return
    Notification.objects.create(recipient=user, text=text[:500], url=url[:300])
    if user.email:
        body = f"{text}\n\n{url}" if url else text
        queue_mail(user.email, _("Dân vận khéo: %(text)s") % {"text": text[:120]}, body)
