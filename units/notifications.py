"""Telling a user something: a notification on their home page, and an e-mail when they have an
address (Django's mail, settings EMAIL_*). Used by the publishing queue and the reminders."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import Notification

logger = logging.getLogger(__name__)


def notify(user, text: str, url: str = "") -> None:
    """Tell `user` on their home page and, once the transaction commits, by e-mail when they have
    an address. A mail server that refuses is logged: the step itself stands."""
    if user is None or not user.is_active:
        return
    Notification.objects.create(recipient=user, text=text[:500], url=url[:300])
    if user.email:
        transaction.on_commit(lambda: _mail(user.email, text, url))


def _mail(address, text, url):
    body = f"{text}\n\n{url}" if url else text
    try:
        send_mail(_("Dân vận khéo: %(text)s") % {"text": text[:120]}, body, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:  # an SMTP or network error must not undo what was saved
        logger.exception("notification e-mail to %s failed", address)
