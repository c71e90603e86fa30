"""The headline cards at the top of the dashboard: a few figures for the user's area, each with the
change against the previous period and a link to the list behind it.

The area is the chosen unit over time, by the scope rule (`AdministrativeUnit.units_in_scope`: the
old huyện Cẩm Xuyên reaches the 2025 communes it became) — the rule the registry list's and the
completeness page's `unit`/`area` filters apply, so a card's number is the count its link shows.
Every figure is counted by the database over querysets already narrowed by `units.scoping`.

The period is the latest reporting period with an approved report in the area; the previous one
is the one before it (by cut-off) with approved reports. Registry figures are kept by year (the
registry holds years, not days): "at the period" means started, recognised in, or before its year.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import dataversion
from dashboard import stats
from models_registry.models import ModelStatus, RecognitionLevel
from reports.completeness import summary, with_report
from reports.due import due_units
from reports.models import ReportingPeriod, ReportLine
from units import scoping

REPORT_SUMS = {
    "in_operation": Sum("in_operation"),
    "newly_registered": Sum("newly_registered"),
    "exemplary": Sum(stats.MEASURES["exemplary"]),
}


@dataclass
class Card:
    key: str
    label: str
    value: int | None  # None: nothing to count (e.g. no approved report)
    previous: int | None = None
    compared_with: str = ""  # what the previous value is ("Năm 2025")
    url: str = ""
    note: str = ""
    details: list = field(default_factory=list)  # [(label, n, url)]

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class Overview:
    unit: object
    period: ReportingPeriod | None
    previous: ReportingPeriod | None
    year: int
    cards: list


def in_area(queryset, area, lookup="unit"):
    """Rows of `queryset` whose unit is in `area` (a set of ids; None: everywhere)."""
    if area is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": scoping.among(area, queryset.db)})


def periods_with_data(reports, area):
    """The latest two reporting periods with an approved report in the area (one query, and one
    for their reporting levels)."""
    with_data = in_area(stats.approved(reports), area).values("period")
    return list(ReportingPeriod.objects.filter(pk__in=with_data).select_related("kind")
                .prefetch_related("levels").order_by("-cutoff", "kind__order", "pk")[:2])


def report_totals(reports, area, periods):
    """{period id: {measure: n}} over the approved reports of `periods` in the area, leaving out a
    report whose district or province reported for the same period (it already counts it)."""
    lines = ReportLine.objects.filter(report__in=in_area(stats.approved(reports), area)
                                      .filter(period__in=periods).values("pk"))
    grouped = lines.values_list("report__period", "report__unit", "report__unit__parent",
                                "report__unit__parent__parent").annotate(**REPORT_SUMS).order_by()
    rows = list(grouped)
    reporting = {(period_id, unit) for period_id, unit, *_rest in rows}
    totals = {p.pk: dict.fromkeys(REPORT_SUMS, 0) for p in periods}
    for period_id, _unit, parent, grandparent, *sums in rows:
        if (period_id, parent) in reporting or (period_id, grandparent) in reporting:
            continue
        for name, n in zip(REPORT_SUMS, sums, strict=True):
            totals[period_id][name] += n or 0
    return totals


def registry_counts(models, area, year, previous_year):
    """Registry figures now and at `previous_year` (one query). A model without a year (started,
    recognised) is taken as already there then: only dated ones make a change."""
    active = Q(status=ModelStatus.ACTIVE)
    no_year = Q(year_started__isnull=True)
    recognised_by_then, not_dated = Q(recognition_year__lte=previous_year), Q(recognition_year__isnull=True)
    counts = {
        "active": Count("pk", filter=active),
        "active_then": Count("pk", filter=active & (Q(year_started__lte=previous_year) | no_year)),
        "new": Count("pk", filter=Q(year_started=year)),
        "new_then": Count("pk", filter=Q(year_started=previous_year)),
        "exemplary": Count("pk", filter=Q(is_exemplary=True)),
        "exemplary_then": Count("pk", filter=Q(is_exemplary=True) & (recognised_by_then | not_dated)),
    }
    for level in RecognitionLevel.values:
        counts[f"level_{level}"] = Count("pk", filter=Q(recognition_level=level))
        counts[f"level_{level}_then"] = Count(
            "pk", filter=Q(recognition_level=level) & (recognised_by_then | not_dated))
    return in_area(models, area).order_by().aggregate(**counts)


def completeness(units, area, period):
    """Approved and due reports of `period` in the area (one query), as the completeness page counts."""
    counts = summary(with_report(due_units(period, in_area(units, area, "pk")), period))
    return counts["approved"], counts["due"]


def registry_url(unit, **filters):
    query = {"unit": unit.pk} if unit is not None else {}
    return reverse("models_registry:model_list") + "?" + urlencode({**query, **filters})


def for_page(unit, table_unit, models, reports, reporting_units, year):
    """(the cards for `unit`, the latest period with an approved report below `table_unit` as it
    stood). The figures (numbers and periods, no words: the cards are worded in the language of
    the request) are kept in the "dashboard" cache under the data version, the querysets'
    statements (the user's scope is in them), the units and the year, as the table is: a
    repeated view counts nothing."""
    results = stats.Results(models.db)
    statements = [stats._sql(q) for q in (models, reports, reporting_units)]
    key = results.key("overview\0" + "\0".join(sql for sql, _params in statements),
                      ([params for _sql, params in statements], getattr(unit, "pk", None),
                       getattr(table_unit, "pk", None), year))
    found = None if key is None else dataversion.cache_get(results.cache, key)
    if found is None:
        found = (figures(unit, models, reports, reporting_units, year), latest_period(reports, table_unit))
        if key is not None:
            dataversion.cache_set(results.cache, key, found)
    numbers, latest = found
    return cards(unit, numbers), latest


def latest_period(reports, unit):
    """The latest period with an approved report below `unit` as it stood (the table's area)."""
    periods = stats.approved(reports).filter(stats.historical_subtree(unit)).values("period")
    return ReportingPeriod.objects.filter(pk__in=periods).select_related("kind").order_by("-cutoff", "pk").first()


def figures(unit, models, reports, reporting_units, year) -> dict:
    """The numbers behind the cards for `unit` (None: everything the user may see). `models`,
    `reports` and `reporting_units` are narrowed by the gate already; `year` is this year (used
    when no period has an approved report, e.g. for the public, who sees no report)."""
    area = None if unit is None else unit.units_in_scope()
    periods = periods_with_data(reports, area)
    period, previous = (periods + [None, None])[:2]
    if period is not None:
        year = period.year
    previous_year = previous.year if previous is not None and previous.year < year else year - 1
    found = {"period": period, "previous": previous, "year": year, "previous_year": previous_year,
             "registry": registry_counts(models, area, year, previous_year)}
    if period is not None:
        found["reports"] = report_totals(reports, area, periods)
        found["completeness"] = {p.pk: completeness(reporting_units, area, p) for p in periods}
    return found


def cards(unit, numbers) -> Overview:
    period, previous, year = numbers["period"], numbers["previous"], numbers["year"]
    found = registry_cards(unit, numbers["registry"], year, numbers["previous_year"])
    if period is not None:
        found[1:1] = report_cards(unit, numbers, period, previous)
    return Overview(unit=unit, period=period, previous=previous, year=year, cards=found)


def registry_cards(unit, counts, year, previous_year):
    then = _("end of %(year)s") % {"year": previous_year}
    levels = [
        (label, counts[f"level_{level}"], registry_url(unit, recognition_level=level))
        for level, label in RecognitionLevel.choices
    ]
    recognised = sum(n for _label, n, _url in levels)
    recognised_then = sum(counts[f"level_{level}_then"] for level in RecognitionLevel.values)
    return [
        Card("active", _("Models in operation (registry)"), counts["active"], counts["active_then"], then,
             registry_url(unit, status=ModelStatus.ACTIVE)),
        Card("new", _("Newly registered in %(year)s") % {"year": year}, counts["new"], counts["new_then"],
             str(previous_year), registry_url(unit, year_from=year, year_to=year)),
        Card("exemplary", _("Exemplary models"), counts["exemplary"], counts["exemplary_then"], then,
             registry_url(unit, exemplary=1)),
        Card("recognised", _("Recognised, by level"), recognised, recognised_then, then,
             registry_url(unit), details=levels),
    ]


def report_cards(unit, numbers, period, previous):
    totals, complete = numbers["reports"], numbers["completeness"]
    now, then = totals[period.pk], totals[previous.pk] if previous else {}
    approved, due = complete[period.pk]
    approved_then = complete[previous.pk][0] if previous else None
    query = {"period": period.pk, **({"area": unit.pk} if unit is not None else {})}
    table = {"source": stats.PERIODIC, "period": period.pk, **({"unit": unit.pk} if unit is not None else {})}
    compared = previous.label if previous else ""
    return [
        Card("reported", _("Reported in operation, %(period)s (approved)") % {"period": period.label},
             now["in_operation"], then.get("in_operation"), compared,
             reverse("dashboard:dashboard") + "?" + urlencode(table),
             note=_("newly registered %(new)s; exemplary %(exemplary)s") % {
                 "new": _number(now["newly_registered"]), "exemplary": _number(now["exemplary"])}),
        Card("completeness", _("Reports approved, %(period)s") % {"period": period.label}, approved,
             approved_then, compared, reverse("reports:completeness") + "?" + urlencode(query),
             note=_("of %(due)s units due") % {"due": _number(due)} if due else _("no unit due")),
    ]


def _number(n):
    return number_format(n, force_grouping=True)
