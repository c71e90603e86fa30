"""What an officer has to do about periodic reports, for the home page: per period, the units in
their scope that have not submitted while entry is open, the reports returned for correction, and
(the approving level) the reports waiting for their approval."""

from django.db.models import Count
from django.utils import timezone

from reports.completeness import with_report
from reports.due import due_units
from reports.models import PeriodicReport, ReportingPeriod, ReportStatus
from units import scoping
from units.models import AdministrativeUnit


def todo(user) -> list[dict]:
    """[{period, missing, returned, to_approve}] for the periods where something is to do. Nothing
    (and no query) for the public. Queries: the open periods and their levels (2), one count per
    open period, the returned and submitted reports by period (1), their periods (1)."""
    if not scoping.may_see_officers_pages(user):
        return []
    today = timezone.localdate()
    rows = {}
    open_periods = ReportingPeriod.objects.select_related("kind").prefetch_related("levels").filter(
        start__lte=today, closes_on__gte=today)
    units = scoping.restrict_reporting_units(AdministrativeUnit.objects.all(), user)
    for period in open_periods:
        missing = with_report(due_units(period, units), period).filter(category="missing").count()
        rows[period.pk] = {"period": period, "missing": missing, "returned": 0, "to_approve": 0}
    mine = PeriodicReport.objects.restrict(user, scoping.Action.VIEW).filter(status=ReportStatus.RETURNED)
    review = PeriodicReport.objects.restrict(user, scoping.Action.REVIEW).filter(status=ReportStatus.SUBMITTED)
    for name, reports in (("returned", mine), ("to_approve", review)):
        for period_id, count in reports.order_by().values_list("period").annotate(n=Count("pk")):
            rows.setdefault(period_id, {"period": period_id, "missing": 0, "returned": 0, "to_approve": 0})
            rows[period_id][name] = count
    unloaded = [row["period"] for row in rows.values() if isinstance(row["period"], int)]
    periods = ReportingPeriod.objects.select_related("kind").in_bulk(unloaded) if unloaded else {}
    found = []
    for row in rows.values():
        if isinstance(row["period"], int):
            row["period"] = periods[row["period"]]
        if row["missing"] or row["returned"] or row["to_approve"]:
            found.append(row)
    return sorted(found, key=lambda row: (row["period"].deadline, row["period"].pk))

