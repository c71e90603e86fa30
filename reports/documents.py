"""The consolidated periodic report (báo cáo tổng hợp, .docx) of an area for one period.

Only APPROVED reports are counted, and the document says so: their lines summed by field and by
unit, the units' narratives gathered section by section (led by each unit's name) for the province
to condense, and where the units' reports stand (the completeness page's figures, `completeness.
summary`, on the same units). The rendering is the documents app's (documents/render.py, the
template built by documents/template_sources.py): `documents` comes before `reports` in the
dependency order, so the data is gathered here.
"""

import datetime

from django.db.models import Q, Sum
from django.template.defaultfilters import floatformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.collation import vi_order
from documents.render import count, header_context, in_sentence, paragraphs, render, short_date
from documents.template_sources import CONSOLIDATED_REPORT
from models_registry.models import Field
from reports.completeness import summary
from reports.forms import NARRATIVE
from reports.models import COUNT_NAMES, RECOGNISED_NAMES, ReportLine, ReportStatus

# The figures of the tables: what an approved report's lines count, the four recognitions as one.
FIGURES = ["in_operation", "newly_registered", "recognised", "exemplary_collectives", "exemplary_individuals"]
LEVELS = {"recognised_commune": "commune", "recognised_district": "district",
          "recognised_province": "province", "recognised_central": "central"}


def sums(prefix=""):
    """Sum() of every count of a report line (`prefix`: the path to the lines)."""
    return {name: Sum(f"{prefix}{name}") for name in COUNT_NAMES}


def figures(row) -> dict:
    """The table's figures of `row` (a dict or an object with the sums), written 3.372."""
    value = row.get if isinstance(row, dict) else (lambda name: getattr(row, name))
    numbers = {name: value(name) or 0 for name in COUNT_NAMES}
    numbers["recognised"] = sum(numbers[name] for name in RECOGNISED_NAMES)
    return {name: count(numbers[name]) for name in FIGURES}


def completeness_rows(counts) -> list[dict]:
    """The completeness page's rows (`completeness.summary`), as the document's table: shares
    rounded to one decimal as the page rounds them (floatformat, not number_format, which cuts)."""
    due = counts["due"]
    rows = [{"label": _("Units due"), "count": due, "percent": 100 if due else None}]
    rows += [{"label": capfirst(row["label"]), "count": row["count"], "percent": row["percent"]}
             for row in counts["rows"]]
    return [{"number": str(number), "label": str(row["label"]), "count": count(row["count"]),
             "percent": "" if row["percent"] is None else f"{floatformat(row['percent'], 1)}%"}
            for number, row in enumerate(rows, start=1)]


def unit_names(units) -> dict[str, str]:
    """The names of the due units whose report is missing, returned, or awaiting approval (one
    query), each list in Vietnamese order as a sentence writes it."""
    found = {"missing": [], "returned": [], "waiting": []}
    rows = (units.filter(Q(category__in=["missing", "returned"]) | Q(report_status=ReportStatus.SUBMITTED))
            .order_by(vi_order("name"), "pk").values_list("name", "category", "report_status"))
    for name, category, status in rows:
        found["waiting" if status == ReportStatus.SUBMITTED else category].append(name)
    return {f"{key}_units": ", ".join(names) for key, names in found.items()}


def by_field(lines):
    """Every active field, and any other that `lines` count, with the sums of `lines` (two
    queries: the sums by field, the fields)."""
    found = {row.pop("field"): row for row in lines.order_by().values("field").annotate(**sums())}
    fields = Field.objects.filter(Q(is_active=True) | Q(pk__in=found)).order_by("order", "name")
    return [{"number": str(number), "name": field.name, **figures(found.get(field.pk, {}))}
            for number, field in enumerate(fields, start=1)]


def by_unit(approved):
    """Each approved report's unit with its lines' sums, and the reports for the narratives (one query)."""
    reports = list(approved.select_related("unit").annotate(**sums("lines__"))
                   .order_by(vi_order("unit__name"), "unit_id"))
    rows = [{"number": str(number), "name": report.unit.name, **figures(report)}
            for number, report in enumerate(reports, start=1)]
    return rows, reports


def narratives(reports) -> dict[str, list[dict]]:
    """Each narrative section's passages from the reports, led by the unit's name."""
    gathered = {}
    for name in NARRATIVE:
        gathered[name] = []
        for report in reports:
            texts = paragraphs(getattr(report, name))
            if texts:
                gathered[name].append({"unit": report.unit.name, "first": texts[0], "more": texts[1:]})
    return gathered


def consolidated_context(period, area_name: str, units, reports, today: datetime.date) -> dict:
    """The consolidated report of `period` for the due `units` (annotated by
    `completeness.with_report`, in the user's scope and area) named `area_name`; `reports`: the
    periodic reports the user may see (scoping)."""
    counts = summary(units)
    approved = reports.filter(period=period, status=ReportStatus.APPROVED, unit__in=units.values("pk"))
    lines = ReportLine.objects.filter(report__in=approved)
    total = lines.aggregate(**sums())
    unit_rows, approved_reports = by_unit(approved)
    sample = sum(report.is_sample for report in approved_reports)
    return {
        **header_context(today),
        "date": short_date(today),
        "period": in_sentence(period.label),
        "area": in_sentence(area_name),
        "cutoff": short_date(period.cutoff),
        "due": count(counts["due"]),
        "approved": count(counts["approved"]),
        "sample": count(sample) if sample else "",
        "completeness": completeness_rows(counts),
        **unit_names(units),
        "fields": by_field(lines),
        "units": unit_rows,
        "total": figures(total),
        "recognised": {level: count(total[name] or 0) for name, level in LEVELS.items()},
        **narratives(approved_reports),
    }


def consolidated_report(context) -> bytes:
    return render(CONSOLIDATED_REPORT, context)


def file_name(period, area) -> str:
    return f"bao-cao-tong-hop-{period.kind.code}-{period.year}-{period.number}-{area.code or area.pk}"
