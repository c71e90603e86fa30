"""Downloads, through the one safe spreadsheet writer: the completeness page's (every due unit and
where its report stands) and the report list's (the figures, one row per unit and field)."""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from models_registry.models import Field
from reports.completeness import CATEGORIES
from reports.models import COUNT_NAMES, ReportLine, ReportStatus


def headers() -> list[str]:
    return [
        pgettext("spreadsheet column", "Unit code"), pgettext("spreadsheet column", "Unit"),
        pgettext("spreadsheet column", "Parent unit"), pgettext("spreadsheet column", "Report"),
        pgettext("spreadsheet column", "Status"), pgettext("spreadsheet column", "Submitted at"),
        pgettext("spreadsheet column", "Sample data"), pgettext("spreadsheet column", "Officers"),
        pgettext("spreadsheet column", "E-mail"),
    ]


def rows(units):
    """One row per unit of `units` (annotated by `with_report`, officers prefetched)."""
    categories = {key: str(label) for key, label in CATEGORIES}
    statuses = dict(ReportStatus.choices)
    for unit in units:
        officers = unit.active_officers
        submitted = unit.report_submitted_at
        yield [
            unit.code, unit.name, unit.parent.name if unit.parent_id else "", categories[unit.category],
            str(statuses.get(unit.report_status, "")),
            f"{timezone.localtime(submitted):%d/%m/%Y %H:%M}" if submitted else "",
            _("Yes") if unit.report_sample else "",
            "; ".join(officer.user.get_full_name() or officer.user.username for officer in officers),
            "; ".join(officer.user.email for officer in officers if officer.user.email),
        ]


def file_name(period) -> str:
    return f"tien-do-bao-cao-{period.kind.code}-{period.year}-{period.number}"


def line_headers() -> list[str]:
    """The report list's download: one row per unit and field of the reports (the figures)."""
    return [
        pgettext("spreadsheet column", "Unit code"), pgettext("spreadsheet column", "Unit"),
        pgettext("spreadsheet column", "Reporting period"), pgettext("spreadsheet column", "Status"),
        pgettext("spreadsheet column", "Late"), pgettext("spreadsheet column", "Sample data"),
        capfirst(Field._meta.verbose_name), *[capfirst(ReportLine._meta.get_field(name).verbose_name)
                                             for name in COUNT_NAMES],
    ]


def line_rows(lines, period):
    statuses = dict(ReportStatus.choices)
    for line in lines:
        report = line.report
        yield [
            report.unit.code, report.unit.name, str(period), str(statuses[report.status]),
            _("Yes") if report.is_late else "", _("Yes") if report.is_sample else "", line.field.name,
            *[getattr(line, name) for name in COUNT_NAMES],
        ]


def lines_file_name(period) -> str:
    return f"so-lieu-bao-cao-{period.kind.code}-{period.year}-{period.number}"
