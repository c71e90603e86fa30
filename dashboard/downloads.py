"""The dashboard's table as files for offices and for machines (`?format=` on /thong-ke/).

- `xlsx`: for people. A title block above the table (title, area, period, units, figures,
  export date, source), the header row frozen with the unit columns, numbers as numbers with a
  thousands format (`#,##0`: 3.372 in a Vietnamese Excel, 3,372 in an English one).
- `csv`: for machines. The header row and the lines, nothing else: comma-separated, UTF-8
  without a byte-order mark, numbers without grouping, "" where there is no report.
- `csv-excel` ("CSV cho Excel"): the same lines for an Excel set to Vietnamese regional
  settings, whose list separator is ";": semicolon-separated, UTF-8 with a byte-order mark.

Every file is written by `core.spreadsheet`, the one safe writer: text a user typed (a field's
name) is never a live formula. The lines and numbers are those of the page: both come from the
same `TableLayout`.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheet import spreadsheet_response
from dashboard import stats
from dashboard.forms import MEASURE_CHOICES, SOURCE_CHOICES
from models_registry.models import ModelKind
from units.models import body_on

XLSX, CSV, CSV_EXCEL = "xlsx", "csv", "csv-excel"
FORMATS = (XLSX, CSV, CSV_EXCEL)
NUMBER_FORMAT = "#,##0"
FROZEN_COLUMNS = "C"  # the unit's code and name stay in view when scrolling right


def response(layout, fmt, area, page_url):
    """The download of `layout` (the page's table) in `fmt`, one of FORMATS. `area`: the name
    of the chosen unit as the page heads it; `page_url`: the page's address with its filters
    (without `format`), for the file's source line."""
    rows = export_rows(layout)
    name = file_name(layout.table.params, area)
    title = _("Statistics")
    if fmt == XLSX:
        preamble = title_block(layout.table.params, area, page_url)
        return spreadsheet_response(
            XLSX, layout.header(), rows, name, title, preamble=preamble, number_format=NUMBER_FORMAT,
            freeze=f"{FROZEN_COLUMNS}{len(preamble) + 2}", widths={"A": 18, "B": 40},
        )
    if fmt == CSV_EXCEL:
        return spreadsheet_response(CSV, layout.header(), rows, name, title, delimiter=";", bom=True)
    return spreadsheet_response(CSV, layout.header(), rows, name, title, bom=False)


def export_rows(layout):
    for _row, code, label, values in layout.lines():
        yield [code, label, *values]


def title_block(params, area, page_url):
    """The rows above the table: the title, then (label, value) pairs, then a blank row."""
    today = timezone.localtime()
    body = body_on(today.date())
    source = _("Dân vận khéo") if body is None else f"{body.full_name} – {_('Dân vận khéo')}"
    return [
        [f"{_('Dân vận khéo models')} — {area}"],
        [_("Area"), area],
        [_("Period"), period_text(params)],
        [_("Unit structure"), structure_label(params)],
        [_("Figures"), figures_text(params)],
        [_("Exported on"), today.strftime("%d/%m/%Y %H:%M")],
        [_("Source"), f"{source}: {page_url}"],
        [],
    ]


def period_text(params):
    """The reporting period's label (approved periodic reports); else "2015–2020", "from 2015",
    "until 2020" or "all years", with the registry's year basis after it."""
    if params.source == stats.PERIODIC:
        return params.period.label if params.period is not None else _("no period")
    if params.year_from and params.year_to:
        years = f"{params.year_from}–{params.year_to}"
    elif params.year_from:
        years = _("from %(year)s") % {"year": params.year_from}
    elif params.year_to:
        years = _("until %(year)s") % {"year": params.year_to}
    else:
        years = _("all years")
    if params.source == stats.REPORTED:
        return years
    basis = _("year recognised") if params.year_basis == stats.RECOGNISED else _("year started")
    return _("%(years)s (registry by %(basis)s)") % {"years": years, "basis": basis}


def structure_label(params):
    return _("Today's units") if params.structure == stats.CURRENT else _("Units as they were")


def figures_text(params):
    """Which numbers: the source, and the field and kind when one is chosen."""
    parts = [str(dict(SOURCE_CHOICES)[params.source])]
    if params.source == stats.PERIODIC:
        parts.append(str(dict(MEASURE_CHOICES).get(params.measure, MEASURE_CHOICES[0][1])))
    parts += [f.name for f in params.fields]
    if params.kind:
        parts.append(str(ModelKind(params.kind).label))
    return "; ".join(parts)


def file_name(params, area):
    """A name an office can file, in Vietnamese: "Thống kê Dân vận khéo – Huyện Cẩm Xuyên –
    Đơn vị hiện nay – 2015–2020 – 29-11-2026" (the date of the export; the extension is added
    by the writer, with an ASCII fallback for old browsers)."""
    parts = [_("Dân vận khéo statistics"), area, structure_label(params)]
    if params.source == stats.PERIODIC and params.period is not None:
        parts.append(params.period.label)
    elif params.year_from or params.year_to:
        parts.append(f"{params.year_from or '…'}–{params.year_to or '…'}")
    parts.append(timezone.localdate().strftime("%d-%m-%Y"))
    return " – ".join(parts)
