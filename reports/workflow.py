"""A report's life: entry while the window is open, then draft → submitted → approved, or returned
with a comment; an approved report is locked until the approving level reopens it.

Who may do what is scoping's (`PeriodicReport.objects.restrict`); what the report's state and the
calendar allow is decided here. Every step claims the version the user saw (core/versioning.py),
is written to `ReportTransition`, and lands in the change history with its reason.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import versioning
from core.history import REASON_LENGTH
from reports.models import EDITABLE_STATUSES, PeriodicReport, ReportStatus, ReportTransition, TransitionAction

# The longest date the province may reopen entry until, counted from today.
MAX_EXTENSION = datetime.timedelta(days=366)


class Refused(Exception):
    """A step the report's state, the calendar or a concurrent save does not allow: the message
    says why, in the user's words."""


def entry_problem(period, report, today: datetime.date) -> str | None:
    """Why the unit cannot enter figures now, or None."""
    if report is not None and report.status == ReportStatus.SUBMITTED:
        return _("The report was submitted and is waiting for approval: it can no longer be changed.")
    if report is not None and report.status == ReportStatus.APPROVED:
        return _("The report was approved and is locked: only the approving level can reopen it.")
    if today < period.start:
        return _("The period %(period)s starts on %(date)s: figures cannot be entered yet.") % {
            "period": period, "date": f"{period.start:%d/%m/%Y}"}
    reopened = report is not None and report.entry_open_until is not None and today <= report.entry_open_until
    if today > period.closes_on and not reopened:
        return _("The entry of figures for the period %(period)s closed on %(date)s (the province can reopen it "
                 "for a unit).") % {"period": period, "date": f"{period.closes_on:%d/%m/%Y}"}
    return None


def save_report(form, lines, user, submit: bool) -> bool:
    """Save the report of `form` (a PeriodicReportForm, valid) and its `lines` (a valid formset) as
    `user` in one transaction, and submit it if `submit`. False, with nothing written and the
    error on the form, if the entry is closed or someone else saved first."""
    report = form.instance
    try:
        with transaction.atomic():
            if report.pk is not None and not form.claim_version(user):
                return False
            if report.pk is None:
                versioning.stamp(report, user)
            form.save()
            lines.instance = report
            lines.save()
            if submit:
                _submit(report, user)
    except IntegrityError:
        # Another officer created this unit's report for the period while this one was being filled in.
        report.pk = None
        form.add_error(None, versioning.STALE_MESSAGE)
        return False
    return True


def _submit(report, user) -> None:
    now = timezone.now()
    previous = report.status
    report.status = ReportStatus.SUBMITTED
    if report.submitted_at is None:
        # On time or late is the first submission's: a report returned and corrected keeps it.
        report.submitted_at = now
        report.is_late = timezone.localdate(now) > report.period.deadline
    report.submitted_by = user
    _record(report, user, TransitionAction.SUBMIT, previous, "")


def review(report, user, action: str, expected_version: int | None, comment: str = "",
           until: datetime.date | None = None) -> None:
    """Approve, return, reopen or reopen entry of `report` as `user` (scoping has let them), or
    raise Refused. `comment` is required to return and reopen; `until` to reopen entry."""
    with transaction.atomic():
        if not versioning.claim(type(report), report.pk, expected_version or 0):
            raise Refused(versioning.STALE_MESSAGE)
        report.refresh_from_db()
        previous = report.status
        if action == TransitionAction.APPROVE:
            _require(previous == ReportStatus.SUBMITTED, _("Only a submitted report can be approved."))
            report.status = ReportStatus.APPROVED
        elif action == TransitionAction.RETURN:
            _require(previous == ReportStatus.SUBMITTED, _("Only a submitted report can be returned."))
            report.status = ReportStatus.RETURNED
            _leave_time_to_correct(report)
        elif action == TransitionAction.REOPEN:
            _require(previous == ReportStatus.APPROVED, _("Only an approved report can be reopened."))
            report.status = ReportStatus.RETURNED
            _leave_time_to_correct(report)
        elif action == TransitionAction.EXTEND:
            _require(previous in EDITABLE_STATUSES,
                     _("Entry can only be reopened for a report that is not submitted or approved."))
            report.entry_open_until = until
        else:
            raise Refused(_("Unknown action."))
        _record(report, user, action, previous, comment)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise Refused(message)


def _leave_time_to_correct(report) -> None:
    """A report sent back to the unit can be corrected for the kind's grace days at least, even if
    the period's entry has closed meanwhile (the province reopened the window by sending it back)."""
    today = timezone.localdate()
    until = today + datetime.timedelta(days=report.period.kind.grace_days)
    if until > report.period.closes_on and (report.entry_open_until is None or until > report.entry_open_until):
        report.entry_open_until = until


def _record(report, user, action, previous, comment) -> None:
    versioning.stamp(report, user)
    label = str(TransitionAction(action).label)
    reason = f"{label}: {comment}" if comment else label
    report._change_reason = reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"
    report.save()
    ReportTransition.objects.create(report=report, action=action, from_status=previous, to_status=report.status,
                                    user=user, comment=comment)


def start_report(period, unit, user):
    """The unit's report for `period`, created empty (draft) if it has none: for reopening entry of
    a unit that never started its report. Call inside a transaction."""
    report, _created = PeriodicReport.objects.get_or_create(
        period=period, unit=unit, defaults={"created_by": user, "updated_by": user}
    )
    return report
