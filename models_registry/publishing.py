"""The publishing queue of models: a draft is sent for approval ("Gửi duyệt"), then the province
publishes it or returns it with a comment; the sender is told on their home page and by e-mail.

Each step is one transaction on the locked row, recorded in the model's change history (with the
step as the reason) and bumping its version, so that an edit page opened before is refused.
Who may do which step is decided by scoping (CHANGE to send, REVIEW to publish or return); these
functions check the state of the row: a step out of order is refused with a message.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import versioning
from models_registry.models import MobilizationModel, ReviewStatus
from units.notifications import notify

MAX_COMMENT = 2000


class StepRefused(Exception):
    """A step that does not apply to the model as it now stands (the message says why)."""


def submit(model_id: int, user) -> MobilizationModel:
    """Send a draft (or a returned model) for approval."""
    with transaction.atomic():
        model = MobilizationModel.objects.select_for_update().get(pk=model_id)
        if model.review_status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
            raise StepRefused(_("Only a draft or a returned model can be sent for approval."))
        model.review_status = ReviewStatus.PENDING
        model.submitted_by, model.submitted_at = user, timezone.now()
        _save_step(model, user, _("Sent for approval"))
    return model


def publish(model_id: int, user, url: str = "") -> MobilizationModel:
    """Publish a model awaiting approval; the sender is told."""
    with transaction.atomic():
        model = _pending(model_id, user)
        model.review_status, model.is_published, model.review_comment = ReviewStatus.PUBLISHED, True, ""
        _save_step(model, user, _("Published"))
        notify(model.submitted_by, _("Your model “%(name)s” was published.") % {"name": model.name}, url)
    return model


def return_to_sender(model_id: int, user, comment: str, url: str = "") -> MobilizationModel:
    """Return a model awaiting approval with `comment` (required); the sender is told."""
    comment = comment.strip()
    if not comment:
        raise StepRefused(_("Write why the model is returned: the comment is required."))
    with transaction.atomic():
        model = _pending(model_id, user)
        model.review_status, model.review_comment = ReviewStatus.RETURNED, comment[:MAX_COMMENT]
        _save_step(model, user, _("Returned"))
        notify(model.submitted_by, _("Your model “%(name)s” was returned: %(comment)s") % {
            "name": model.name, "comment": comment}, url)
    return model


def _pending(model_id, user):
    model = MobilizationModel.objects.select_for_update().get(pk=model_id)
    if model.review_status != ReviewStatus.PENDING:
        raise StepRefused(_("This model is not awaiting approval."))
    if model.submitted_by_id == user.pk:
        raise StepRefused(_("You cannot approve or return a model you sent for approval yourself."))
    return model


def _save_step(model, user, reason):
    versioning.bump(model, user)
    model._change_reason = reason
    model.save()
