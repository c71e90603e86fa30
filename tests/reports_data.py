"""Shared set-up of the periodic-report tests: the default calendar and the periods of a year."""

import datetime

from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from models_registry.models import Field
from reports.forms import NARRATIVE
from reports.models import (
    COUNT_NAMES,
    PeriodicReport,
    PeriodLevel,
    ReportingKind,
    ReportingPeriod,
    ReportLine,
    ReportStatus,
)
from reports.periods import ensure_defaults, generate_periods
from units.models import AdministrativeUnit


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


def commune(code):
    return AdministrativeUnit.objects.get(code=code, valid_from=datetime.date(2025, 7, 1))


def filed(period, code, status, counts, late=False, sample=False, **narrative):
    """A report of the 2025 unit `code` with `counts` ({field code: (in operation, newly registered,
    commune, district, province, central, exemplary collectives, exemplary individuals)})."""
    submitted = None if status == ReportStatus.DRAFT else timezone.now()
    report = PeriodicReport.objects.create(period=period, unit=commune(code), status=status, submitted_at=submitted,
                                           is_late=late, is_sample=sample, **narrative)
    for field_code, values in counts.items():
        ReportLine.objects.create(report=report, field=Field.objects.get(code=field_code),
                                  **dict(zip(COUNT_NAMES, values, strict=True)))
    return report


def year_of_reports():
    """"Năm 2099", reported by the 2025 communes and wards (11 in the demo): three approved reports
    (one late, one sample data), and one awaiting approval, one returned, one draft that must not
    count; the other five have not reported."""
    period = period_around_today()
    filed(period, "18685", ReportStatus.APPROVED,
          {"kinh-te": (1205, 12, 900, 200, 5, 1, 3, 7), "van-hoa-xa-hoi": (1427, 20, 1000, 0, 4, 0, 2, 9)},
          results="Mô hình “Rác thải về đúng chỗ” được nhân rộng & duy trì.\nĐã có 1.205 mô hình kinh tế.",
          shortcomings="Một số mô hình chưa bền vững.", next_tasks="Khảo sát lại các mô hình.",
          proposals="Đề nghị Tỉnh có bộ tiêu chí đánh giá cụ thể.")
    filed(period, "18673", ReportStatus.APPROVED, {"kinh-te": (425, 3, 10, 0, 0, 0, 1, 0),
                                                   "quoc-phong-an-ninh": (315, 1, 0, 0, 2, 0, 0, 4)},
          late=True, results="Ống tiền tiết kiệm của Hội LHPN các cấp.")
    filed(period, "18073", ReportStatus.APPROVED, {"kinh-te": (263, 5, 0, 0, 0, 0, 0, 1)}, sample=True,
          results="[Dữ liệu mẫu] Ngôi nhà xanh tiết kiệm sinh thái.", proposals="Tăng khen thưởng thi đua.")
    filed(period, "18676", ReportStatus.SUBMITTED, {"kinh-te": (9000, 0, 0, 0, 0, 0, 0, 0)}, results="Chờ duyệt")
    filed(period, "18682", ReportStatus.RETURNED, {"kinh-te": (8000, 0, 0, 0, 0, 0, 0, 0)}, results="Trả lại")
    filed(period, "18736", ReportStatus.DRAFT, {"kinh-te": (7000, 0, 0, 0, 0, 0, 0, 0)}, results="Nháp")
    return period
