"""Import and export of periodic reports' figures: one row per unit × period × field, Vietnamese
headers, through the import pipeline of /nhap-xuat/ (dry run, each bad row's error, all rows or
none). The export is a file the import takes back.

An import enters figures as the report page does, under the same rules: the unit is in the
importer's scope and owes the period a report, the report is not submitted or approved, the
period's entry is open (or reopened for the unit), counts are whole numbers ≥ 0 and the models
recognised are not more than those in operation. It writes drafts: submitting stays a step on the
report page. The columns "Status", "Late" and "Sample data" of the export are read as information
only.
"""

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core import cells, versioning
from core.cells import CellError
from core.spreadsheet import spreadsheet_response
from core.text import fold
from imports import registry
from imports.base import CREATE, UNCHANGED, UPDATE, BaseImporter, Column, RowPlan
from imports.matching import UnitMatcher
from models_registry.importers import FieldMatcher
from models_registry.models import Field
from reports.due import is_due
from reports.models import COUNT_NAMES, PeriodicReport, ReportingPeriod, ReportLine, ReportStatus
from reports.workflow import entry_problem
from units import scoping


def count_header(name):
    return capfirst(ReportLine._meta.get_field(name).verbose_name)


# (key, header, required), in the order of the template and of the export.
COLUMNS = [
    ("period", pgettext_lazy("spreadsheet column", "Reporting period"), True),
    ("unit_code", pgettext_lazy("spreadsheet column", "Unit code"), False),
    ("unit_name", pgettext_lazy("spreadsheet column", "Unit"), False),
    ("unit_parent", pgettext_lazy("spreadsheet column", "Parent unit"), False),
    ("field", gettext_lazy("Field"), True),
    *[(name, count_header(name), False) for name in COUNT_NAMES],
    # Information only: the import writes drafts and never changes these.
    ("status", pgettext_lazy("spreadsheet column", "Status"), False),
    ("late", pgettext_lazy("spreadsheet column", "Late"), False),
    ("sample", pgettext_lazy("spreadsheet column", "Sample data"), False),
]
EXAMPLE = ["6 tháng đầu năm 2026", "18685", "Xã Cẩm Bình", "Tỉnh Hà Tĩnh", "Kinh tế", 12, 2, 3, 0, 1, 0, 1, 2]


def headers() -> list[str]:
    return [str(header) for _key, header, _required in COLUMNS]


class PeriodMatcher:
    """Periods by their label in Vietnamese or English ("6 tháng đầu năm 2026"), accents and case
    ignored (one query)."""

    def __init__(self):
        self.by_label = {}
        for period in ReportingPeriod.objects.select_related("kind").prefetch_related("levels"):
            for language in ("vi", "en"):
                with translation.override(language):
                    self.by_label[fold(period.label)] = period

    def match(self, text: str):
        if not text:
            raise CellError(_("the reporting period is empty"))
        period = self.by_label.get(fold(text))
        if period is None:
            raise CellError(_("no reporting period is called “%(name)s”") % {"name": text})
        return period


class ReportImporter(BaseImporter):
    stale_row = gettext_lazy("the report was changed by someone else after the check: upload the file again "
                             "and check it again")

    def __init__(self, table, user=None, reason=""):
        self.columns = [Column(key, str(header), required) for key, header, required in COLUMNS]
        super().__init__(table, user, reason)

    def prepare(self):
        self.today = timezone.localdate()
        self.units = UnitMatcher()
        self.fields = FieldMatcher()
        self.periods = PeriodMatcher()
        self.reports, self.lines = {}, {}  # read a period at a time, the first time a row names it
        self.loaded = set()
        self.new_reports = {}  # (unit id, period id) -> the report a row of the file creates

    def load(self, period):
        """The reports of `period` the user may change, and their lines (two queries per period)."""
        if period.pk in self.loaded:
            return
        self.loaded.add(period.pk)
        reports = list(self.restricted(PeriodicReport.objects.filter(period=period)))
        for report in reports:
            report.period = period
            self.reports[(report.unit_id, period.pk)] = report
        mine = self.restricted(PeriodicReport.objects.filter(period=period)).values("pk")
        for line in ReportLine.objects.filter(report__in=mine):
            self.lines[(line.report_id, line.field_id)] = line

    def plan_row(self, line, raw):
        period = self.periods.match(cells.text(raw["period"], self.header("period")))
        unit_args = [cells.text(raw.get(key), self.header(key)) for key in ("unit_code", "unit_name", "unit_parent")]
        unit = self.units.match(*unit_args, on=period.cutoff)
        field = self.fields.match(cells.text(raw["field"], self.header("field")))
        report = self.report_for(unit, period, line)
        counts = {name: cells.integer(raw[name], self.header(name)) for name in COUNT_NAMES if name in raw}
        counts = {name: number for name, number in counts.items() if number is not None}
        old = self.lines.get((report.pk, field.pk)) if report.pk else None
        new = ReportLine(report=report, field=field, **{
            name: getattr(old, name) if old else 0 for name in COUNT_NAMES})
        for name, number in counts.items():
            setattr(new, name, number)
        self.check(new, exclude=["report", "field"])
        recognised = sum(getattr(new, name) for name in COUNT_NAMES[2:6])
        if recognised > new.in_operation:
            raise CellError(_("the models recognised (%(recognised)s) cannot be more than the models in operation "
                              "(%(in_operation)s)") % {"recognised": recognised, "in_operation": new.in_operation})
        self.claim((unit.pk, period.pk, field.pk), line)  # after the row's own checks: they are said first
        if old is None:
            return RowPlan(line, CREATE, new)
        if all(getattr(old, name) == getattr(new, name) for name in COUNT_NAMES):
            return RowPlan(line, UNCHANGED)
        new.pk = old.pk
        return RowPlan(line, UPDATE, new)

    def report_for(self, unit, period, line):
        """The unit's report for the period, as the import may write it, or CellError saying why not."""
        if not self.may_use_unit(unit):
            raise CellError(_("%(unit)s is outside the units you work for") % {"unit": unit.name})
        if not is_due(period, unit):
            raise CellError(_("%(unit)s does not report for %(period)s") % {"unit": unit.name, "period": period})
        self.load(period)
        key = (unit.pk, period.pk)
        report = self.reports.get(key)
        if report is None and key in self.new_reports:
            return self.new_reports[key]
        problem = entry_problem(period, report, self.today)
        if problem:
            raise CellError(problem)
        if report is None:
            report = self.new_reports[key] = PeriodicReport(unit=unit, period=period, status=ReportStatus.DRAFT)
        elif report.pk not in self.planned:
            self.plan_against(report, line)
        return report

    def apply(self, changes, progress=None):
        reports = {id(plan.payload.report): plan.payload.report for plan in changes}.values()
        # A report's lines are its parts: its version covers them (as on its page).
        self.claim_versions(PeriodicReport, [report for report in reports if report.pk])
        for report in reports:
            versioning.stamp(report, self.user)
            self.save(report)
        for done, plan in enumerate(changes, start=1):
            self.save(plan.payload)  # a new report's line takes the report's id as it saves
            if progress and (done % self.progress_every == 0 or done == len(changes)):
                progress(done, len(changes))


def export_rows(reports):
    """One row per line of `reports`, in the columns of the import."""
    statuses = dict(ReportStatus.choices)
    lines = ReportLine.objects.filter(report__in=reports).select_related(
        "report__unit__parent", "report__period__kind", "field").order_by(
        "report__period__cutoff", "report__period__kind__order", "report__unit__code", "report__unit__pk",
        "field__order", "field__name")
    for line in lines.iterator(chunk_size=2000):
        report, unit = line.report, line.report.unit
        yield [
            str(report.period), unit.code, unit.name, unit.parent.name if unit.parent_id else "", line.field.name,
            *[getattr(line, name) for name in COUNT_NAMES], str(statuses[report.status]),
            _("Yes") if report.is_late else "", _("Yes") if report.is_sample else "",
        ]


def template_response(fmt, user):
    field = Field.objects.filter(is_active=True).order_by("order", "name").first()
    example = [*EXAMPLE[:4], field.name if field else EXAMPLE[4], *EXAMPLE[5:], "", "", ""]
    return spreadsheet_response(fmt, headers(), [example], "mau-nhap-bao-cao-dinh-ky", _("Periodic reports"))


def export_response(fmt, user):
    reports = PeriodicReport.objects.restrict(user, scoping.Action.VIEW)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return spreadsheet_response(fmt, headers(), export_rows(reports), f"bao-cao-dinh-ky-{stamp}",
                                _("Periodic reports"))


registry.register(registry.ImportKind(
    value="reports", label=gettext_lazy("periodic reports"), upload_title=gettext_lazy("Import periodic reports"),
    export_title=gettext_lazy("Periodic reports, one row per unit, period and field"), importer=ReportImporter,
    template=template_response, export=export_response, order=3,
    upload_help=gettext_lazy("The figures are saved as drafts: open each report under “Periodic reports” to "
                             "check it and submit it to the province."),
    # Every officer uploads their own units' reports: the rows of other units are refused (report_for).
    uploaders=scoping.Uploaders.OFFICERS,
))
