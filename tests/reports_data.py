"""Shared set-up of the periodic-report tests: the default calendar and the periods of a year."""

import datetime

from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from models_registry.models import Field
from reports.forms import NARRATIVE
from reports.models import COUNT_NAMES, PeriodLevel, ReportingKind, ReportingPeriod
from reports.periods import ensure_defaults, generate_periods


def period_of(year, kind_code):
    """The period of `year` of the default kind `kind_code` ("6-thang", "nam"), generated if missing."""
    ensure_defaults()
    generate_periods(year)
    return ReportingPeriod.objects.select_related("kind").get(year=year, kind__code=kind_code, number=1)


def period_around_today(days_to_deadline=2, grace=5, level="commune", year=2099):
    """A period whose figures were cut off yesterday, due in `days_to_deadline` days (negative: that
    many days ago), entry closing `grace` days after the deadline: the pages' calendar, whatever day
    the tests run on. Reported by `level` (the 2025 communes and wards by default)."""
    ensure_defaults()
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=days_to_deadline)
    period = ReportingPeriod.objects.create(
        kind=ReportingKind.objects.get(code="nam"), year=year, start=today - datetime.timedelta(days=200),
        cutoff=min(today - datetime.timedelta(days=1), deadline), deadline=deadline,
        closes_on=deadline + datetime.timedelta(days=grace),
    )
    PeriodLevel.objects.create(period=period, level=level)
    return ReportingPeriod.objects.select_related("kind").get(pk=period.pk)


def report_url(period, unit, step=""):
    name = f"reports:report_{step}" if step else "reports:report"
    return reverse(name, args=[period.pk, unit.pk])


def report_post(client, period, unit, action="save", lines=None, **narrative):
    """The report form as the page offers it (its prefilled figures and version), with `lines`
    ({(field code, count name): value}) and `narrative` changed, ready to POST."""
    page = client.get(report_url(period, unit))
    assert page.status_code == 200 and page.context["editable"], page.context and page.context.get("problem")
    form, formset = page.context["form"], page.context["lines"]
    codes = dict(Field.objects.values_list("pk", "code"))
    data = {f"lines-{key}": value for key, value in formset.management_form.initial.items()}
    for line in formset.forms:
        field_pk = line["field"].value()
        data[f"{line.prefix}-field"] = field_pk
        if line.instance.pk:
            data[f"{line.prefix}-id"] = line.instance.pk
        for name in COUNT_NAMES:
            data[f"{line.prefix}-{name}"] = (lines or {}).get((codes[int(field_pk)], name), line[name].value())
    for name in NARRATIVE:
        data[name] = narrative.get(name, form[name].value() or "")
    data["version"] = form["version"].value() or ""
    data["action"] = action
    return data


def as_first_view_after_a_write():
    """Empty the caches, so that the next view is measured as the first after a write: nothing
    kept under the data version yet. (On PostgreSQL it is always so inside the test's transaction,
    which wrote the data: the data version is unknown until it commits.)"""
    for cache in caches.all():
        cache.clear()
