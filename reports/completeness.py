"""Completeness and timeliness of a period: every due unit with where its report stands, counted
by the database (one query for the counts however many units are due).

Each due unit is in exactly one category:
- on time: submitted (or approved) first by the deadline;
- late: submitted (or approved) first after it;
- returned: sent back to the unit and not submitted again yet;
- missing: no report, or a draft never submitted.
"""

import datetime

from django.db.models import Case, CharField, Count, F, FilteredRelation, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import ReportingPeriod, ReportStatus
from units.models import OfficerProfile

CATEGORIES = [
    ("on_time", _("submitted on time")),
    ("late", _("submitted late")),
    ("returned", _("returned, waiting for correction")),
    ("missing", _("not submitted")),
]
DONE = [ReportStatus.SUBMITTED, ReportStatus.APPROVED]


def with_report(units, period):
    """`units` annotated with their report for `period` (if any) and its category."""
    return units.annotate(
        report=FilteredRelation("periodic_reports", condition=Q(periodic_reports__period=period)),
    ).annotate(
        report_pk=F("report__pk"),
        report_status=F("report__status"),
        report_late=F("report__is_late"),
        report_submitted_at=F("report__submitted_at"),
        report_sample=F("report__is_sample"),
        category=Case(
            When(report__status__in=DONE, report__is_late=True, then=Value("late")),
            When(report__status__in=DONE, then=Value("on_time")),
            When(report__status=ReportStatus.RETURNED, then=Value("returned")),
            default=Value("missing"),
            output_field=CharField(),
        ),
    )


def summary(units) -> dict:
    """Due, each category and approved, with the categories' shares of the due units, and how many of
    the reports are sample data (one query).
    `units`: annotated by `with_report`."""
    counts = units.order_by().aggregate(
        due=Count("pk"),
        approved=Count("pk", filter=Q(report_status=ReportStatus.APPROVED)),
        sample=Count("pk", filter=Q(report_sample=True)),
        **{key: Count("pk", filter=Q(category=key)) for key, _label in CATEGORIES},
    )
    due = counts["due"]
    counts["rows"] = [
        {"key": key, "label": label, "count": counts[key], "percent": counts[key] * 100 / due if due else None}
        for key, label in [*CATEGORIES, ("approved", _("of which approved"))]
    ]
    return counts


def with_officers(units):
    """Prefetch each unit's officers (one query), for the list of missing units."""
    officers = OfficerProfile.objects.filter(user__is_active=True).select_related("user").order_by("user__username")
    return units.prefetch_related(Prefetch("officers", queryset=officers, to_attr="active_officers"))


def current_period(today: datetime.date | None = None):
    """The period to show first: the open one with the nearest deadline, else the last one whose
    figures were cut off, else the first one to come."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.select_related("kind")
    return (
        periods.filter(start__lte=today, closes_on__gte=today).order_by("deadline", "kind__order").first()
        or periods.filter(cutoff__lte=today).order_by("-cutoff", "kind__order").first()
        or periods.order_by("start", "kind__order").first()
    )
