"""Shared set-up of the periodic-report tests: the default calendar and the periods of a year."""

from reports.models import ReportingPeriod
from reports.periods import ensure_defaults, generate_periods


def period_of(year, kind_code):
    """The period of `year` of the default kind `kind_code` ("6-thang", "nam"), generated if missing."""
    ensure_defaults()
    generate_periods(year)
    return ReportingPeriod.objects.select_related("kind").get(year=year, kind__code=kind_code, number=1)
