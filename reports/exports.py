"""The completeness page's download: every due unit and where its report stands (through the one
safe spreadsheet writer)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.completeness import CATEGORIES
from reports.models import ReportStatus


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
