"""The reporting calendar: a kind's periods of a year, their deadlines, and their generation.

NĐ 09/2019/NĐ-CP Điều 12 (the defaults, docs/reports.md): six months 15/12 of the previous year →
14/6, year 15/12 of the previous year → 14/12; the deadline is a number of working days after
the cut-off, set by whoever issues the reporting rule.
"""

import calendar
import datetime

from django.db import transaction

from reports import defaults
from reports.models import Holiday, PeriodLevel, ReportingKind, ReportingLevelRule, ReportingPeriod, levels_on

ONE_DAY = datetime.timedelta(days=1)


def day_in_month(year: int, month: int, day: int) -> datetime.date:
    """`day` of the month, or its last day when the month is shorter (31 → 30/6, 28/2)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def period_dates(kind: ReportingKind, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    """(first day, cut-off day) of the `number`th period of `kind` in `year`."""
    last_month = number * kind.period_months
    first_month = last_month - kind.period_months + 1
    cutoff = day_in_month(year, last_month, kind.cutoff_day)
    before = (year, first_month - 1) if first_month > 1 else (year - 1, 12)
    return day_in_month(*before, kind.cutoff_day) + ONE_DAY, cutoff


def add_working_days(day: datetime.date, count: int, holidays: set[datetime.date]) -> datetime.date:
    """The `count`th working day after `day` (Monday–Friday, not a holiday); `day` itself if 0."""
    while count > 0:
        day += ONE_DAY
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day


def holidays_between(first: datetime.date, last: datetime.date) -> set[datetime.date]:
    return set(Holiday.objects.filter(date__gte=first, date__lte=last).values_list("date", flat=True))


def schedule(kind: ReportingKind, year: int, number: int, holidays: set[datetime.date]) -> dict:
    """The dates of one period of `kind`, as ReportingPeriod field values."""
    start, cutoff = period_dates(kind, year, number)
    deadline = add_working_days(cutoff, kind.deadline_working_days, holidays)
    return {"start": start, "cutoff": cutoff, "deadline": deadline,
            "closes_on": deadline + datetime.timedelta(days=kind.grace_days)}


@transaction.atomic
def generate_periods(year: int, kinds=None) -> list[ReportingPeriod]:
    """Create the periods of `year` that do not exist yet, for `kinds` (default: every active
    kind), each with the reporting levels in force on its cut-off day. Existing periods are left
    as they are (an administrator may have moved their dates). Returns the periods created."""
    kinds = list(kinds if kinds is not None else ReportingKind.objects.filter(is_active=True))
    existing = set(ReportingPeriod.objects.filter(year=year, kind__in=kinds).values_list("kind_id", "number"))
    # Deadlines fall at most a few months after the year (60 working days): one query for them all.
    holidays = holidays_between(datetime.date(year - 1, 12, 1), datetime.date(year + 1, 6, 30))
    created = []
    for kind in kinds:
        for number in range(1, kind.periods_per_year + 1):
            if (kind.pk, number) in existing:
                continue
            period = ReportingPeriod.objects.create(kind=kind, year=year, number=number,
                                                    **schedule(kind, year, number, holidays))
            PeriodLevel.objects.bulk_create(
                [PeriodLevel(period=period, level=level) for level in levels_on(period.cutoff)]
            )
            created.append(period)
    return created


def ensure_defaults() -> None:
    """The default kinds and reporting levels (reports/defaults.py), where missing."""
    for code, name, months, per_year, order in defaults.KINDS:
        ReportingKind.objects.get_or_create(
            code=code, defaults={"name": name, "period_months": months, "periods_per_year": per_year, "order": order}
        )
    for valid_from, level in defaults.LEVEL_RULES:
        ReportingLevelRule.objects.get_or_create(valid_from=valid_from, level=level)
