"""Reminders by e-mail: N days before a period's deadline (the kind's `reminder_days_before`) and
the day after it, every officer of a unit that has not submitted (no report, a draft, or a report
returned and not submitted again) gets one; the province's officers get a summary of their units
(when some have not submitted). Run daily by the task worker (reports/periodic.py).

Idempotent: each reminder is recorded (`SentReminder`, unique per period, unit, step and kind)
in the same transaction as its mails are queued (units/mail.py), so a second run, or two runs at
once, queue nothing twice, and the worker sends each queued mail once, trying again while the
mail server refuses. A run that missed the day catches up while the step still makes sense: the
"before" step until the deadline, the "after" step until entry closes.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.completeness import with_report
from reports.due import due_units
from reports.models import ReminderKind, ReminderStep, ReportingPeriod, SentReminder
from units.mail import queue_mail
from units.models import OfficerProfile, UnitLevel

NOT_SUBMITTED = ["missing", "returned"]


@dataclass
class Outcome:
    """What one run did: mails queued for the worker, and the reminders recorded by step and kind."""

    mails: int = 0
    sent: list = field(default_factory=list)  # (period, unit, step, kind)


def steps_on(today: datetime.date) -> list[tuple[ReportingPeriod, str]]:
    """The (period, step) whose reminders are due on `today` (one query)."""
    periods = ReportingPeriod.objects.select_related("kind").prefetch_related("levels").filter(
        Q(deadline__gte=today) | Q(closes_on__gte=today), start__lte=today,
    )
    found = []
    for period in periods:
        before = period.deadline - datetime.timedelta(days=period.kind.reminder_days_before)
        if before <= today <= period.deadline:
            found.append((period, ReminderStep.BEFORE))
        elif period.deadline < today <= period.closes_on:
            found.append((period, ReminderStep.AFTER))
    return found


def send_due(today: datetime.date | None = None) -> Outcome:
    """Send what is due on `today` (default: today) and not sent yet."""
    today = today or timezone.localdate()
    outcome = Outcome()
    with translation.override(settings.LANGUAGE_CODE):
        for period, step in steps_on(today):
            late_units = list(
                with_report(due_units(period), period).filter(category__in=NOT_SUBMITTED)
                .select_related("parent").order_by("name", "pk")
            )
            officers = officers_of([unit.pk for unit in late_units])
            for unit in late_units:
                _send_once(outcome, period, unit, step, ReminderKind.UNIT, officers.get(unit.pk, []),
                           unit_message(period, unit, step))
            for province, province_officers in province_officers_of().items():
                reached = province.units_in_scope()
                theirs = [unit for unit in late_units if unit.pk in reached]
                if not theirs:
                    continue
                _send_once(outcome, period, province, step, ReminderKind.SUMMARY, province_officers,
                           summary_message(period, theirs, step))
    return outcome


def officers_of(unit_ids) -> dict[int, list]:
    """unit id -> the active users with an e-mail address whose scope unit it is (one query)."""
    profiles = OfficerProfile.objects.filter(scope_unit__in=unit_ids, user__is_active=True).exclude(user__email="")
    found = {}
    for profile in profiles.select_related("user").order_by("user__username"):
        found.setdefault(profile.scope_unit_id, []).append(profile.user)
    return found


def province_officers_of() -> dict:
    """province unit -> its officers with an e-mail address (one query)."""
    profiles = OfficerProfile.objects.filter(scope_unit__level=UnitLevel.PROVINCE, user__is_active=True).exclude(
        user__email="").select_related("user", "scope_unit").order_by("scope_unit_id", "user__username")
    found = {}
    for profile in profiles:
        found.setdefault(profile.scope_unit, []).append(profile.user)
    return found


def _send_once(outcome, period, unit, step, kind, recipients, message) -> None:
    """Record one reminder and queue its mails to `recipients`, unless it was recorded before.
    Nobody to write to: nothing is recorded, so an officer added later still gets it while the
    step lasts."""
    if not recipients:
        return
    try:
        with transaction.atomic():
            SentReminder.objects.create(period=period, unit=unit, step=step, kind=kind, recipients=len(recipients))
            subject, body = message
            for user in recipients:
                queue_mail(user.email, subject, body)
    except IntegrityError:
        return  # sent by an earlier run, or by another one just now
    outcome.mails += len(recipients)
    outcome.sent.append((period, unit, step, kind))


def link(period, unit) -> str:
    return f"{settings.SITE_URL}{reverse('reports:report', args=[period.pk, unit.pk])}"


def dates(period) -> dict:
    return {"period": str(period), "deadline": f"{period.deadline:%d/%m/%Y}",
            "closes": f"{period.closes_on:%d/%m/%Y}", "cutoff": f"{period.cutoff:%d/%m/%Y}"}


def unit_message(period, unit, step) -> tuple[str, str]:
    values = {**dates(period), "unit": unit.name, "link": link(period, unit)}
    if step == ReminderStep.BEFORE:
        subject = _("Reminder: the report %(period)s of %(unit)s is due on %(deadline)s") % values
        body = _("%(unit)s has not submitted its report %(period)s (figures up to %(cutoff)s) yet. The deadline is "
                 "%(deadline)s.\n\nEnter and submit it here: %(link)s\n") % values
    else:
        subject = _("Overdue: the report %(period)s of %(unit)s") % values
        body = _("The deadline of the report %(period)s was %(deadline)s and %(unit)s has not submitted it. It is "
                 "still accepted, marked late, until %(closes)s; then entry closes.\n\nEnter and submit it here: "
                 "%(link)s\n") % values
    return subject, body


def summary_message(period, units, step) -> tuple[str, str]:
    values = {**dates(period), "count": len(units)}
    if step == ReminderStep.BEFORE:
        subject = _("Reports %(period)s: %(count)s units have not submitted (deadline %(deadline)s)") % values
    else:
        subject = _("Reports %(period)s: %(count)s units missed the deadline of %(deadline)s") % values
    lines = [f"- {unit.name}{f' ({unit.parent.name})' if unit.parent_id else ''}" for unit in units]
    completeness = f"{settings.SITE_URL}{reverse('reports:completeness')}?period={period.pk}"
    body = "\n".join([
        _("Units that have not submitted the report %(period)s:") % values, "", *lines, "",
        _("Completeness of the period: %(link)s") % {"link": completeness}, "",
    ])
    return subject, body
