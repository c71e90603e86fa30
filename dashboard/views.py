"""The home page (the public gallery, or a signed-in officer's tasks), and the dashboard
(/thong-ke/): the table of units × fields, its charts and its downloads.

Who sees what is decided by the gate, `units.scoping`, and only applied here: the units whose
dashboard the user may open (`Action.DASHBOARD`), whether they see below the provinces and
the reported numbers (`may_see_dashboard_detail`: not the public), where an officer starts
(`dashboard_start`), and the rows counted (`restrict` on models and sessions).
"""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from dashboard import downloads, overview, stats
from dashboard.forms import MEASURE_CHOICES, SOURCE_CHOICES, DashboardForm
from models_registry.models import Field, MobilizationModel, ReviewStatus
from reports.models import PeriodicReport
from reports.todo import todo
from surveys.models import Recommendation, SurveySession
from units import scoping
from units.models import AdministrativeUnit

TASKS_SHOWN = 10


def home(request):
    """Officers' tasks when an officer is signed in, else the public gallery of published exemplary models."""
    if scoping.may_see_officers_pages(request.user):
        tasks = officer_tasks(request.user, timezone.localdate())
        return render(request, "dashboard/tasks.html", {**tasks, "todo": todo(request.user)})
    gallery = (
        MobilizationModel.objects.restrict(request.user, scoping.Action.VIEW)
        .filter(is_published=True, is_exemplary=True)
        .select_related("field", "unit")
        .order_by("-recognition_year", "-updated_at", "pk")[:12]
    )
    summary = stats.home_summary(
        MobilizationModel.objects.restrict(request.user, scoping.Action.VIEW), Field.objects.filter(is_active=True)
    )
    return render(request, "dashboard/home.html", {"gallery": gallery, "summary": summary})


def officer_tasks(user, today) -> dict:
    """What waits for an officer: their drafts returned, models to approve, requests overdue that
    they follow up, and their unread notifications (a few of each, and how many in all). The
    periodic reports to do (`reports.todo`) come beside them on the page."""
    returned = MobilizationModel.objects.restrict(user, scoping.Action.CHANGE).filter(
        review_status=ReviewStatus.RETURNED)
    to_approve = MobilizationModel.objects.restrict(user, scoping.Action.REVIEW)
    overdue = Recommendation.objects.restrict(user, scoping.Action.CHANGE).overdue(today)
    return {
        "returned": returned.select_related("unit").order_by("-updated_at", "pk")[:TASKS_SHOWN],
        "returned_count": returned.count(),
        "to_approve": to_approve.select_related("unit", "submitted_by").order_by("submitted_at", "pk")[:TASKS_SHOWN],
        "to_approve_count": to_approve.count(),
        "overdue": overdue.select_related("session", "responsible_unit").order_by("due_date", "pk")[:TASKS_SHOWN],
        "overdue_count": overdue.count(),
        "notifications": list(user.notifications.filter(read_at__isnull=True)[:TASKS_SHOWN]),
        "may_review": scoping.may_review_models(user),
    }


class NotificationsReadView(LoginRequiredMixin, View):
    """Mark the user's notifications read (only their own: the queryset is theirs)."""

    def post(self, request):
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("home")


def dashboard(request):
    user = request.user
    role = scoping.role_of(user)
    detail = scoping.may_see_dashboard_detail(user)
    fields = list(Field.objects.all())  # a handful: read once for the form's choices and the columns
    units = AdministrativeUnit.objects.restrict(user, scoping.Action.DASHBOARD).select_related("parent__parent")
    form = DashboardForm(request.GET, unit_queryset=units, fields=fields)
    if not form.is_valid():
        if "unit" in form.errors:
            raise Http404(_("This unit is not on your dashboard."))
        return render(request, "dashboard/dashboard.html", {"form": form}, status=400)
    params = form.params()
    if not detail:
        params.unit = None  # province-level numbers only
        params.source = stats.REGISTRY  # no reported numbers (no session or report is public either)
    elif params.unit is None and not (scoping.is_admin(user) and "unit" in request.GET):
        params.unit = start_unit(user)  # only an admin's `?unit=` means the whole country
    models = MobilizationModel.objects.restrict(user)
    reports = PeriodicReport.objects.restrict(user)
    fmt = request.GET.get("format")
    area = params.unit if params.unit is not None or detail else start_unit(user)  # the public: the province
    cards, latest = overview.for_page(area, params.unit, models, reports,
                                      scoping.restrict_reporting_units(AdministrativeUnit.objects.all(), user),
                                      timezone.localdate().year)
    if not params.source:  # approved periodic reports when the area has any, else registry and sessions
        params.source = stats.PERIODIC if latest is not None else stats.BOTH
    latest_chosen = params.source == stats.PERIODIC and params.period is None
    if latest_chosen:
        params.period = latest
    table = stats.dashboard_table(models, SurveySession.objects.restrict(user), params, reports)
    layout = TableLayout(table, shown_fields(params, table, fields))
    if fmt in downloads.FORMATS:
        query = querystring(request.GET, drop=("format",))
        page_url = request.build_absolute_uri(request.path) + (f"?{query}" if query else "")
        return downloads.response(layout, fmt, heading(params, table), page_url)
    query = querystring(request.GET, drop=("format", "unit"))
    context = {
        "overview": cards,
        "latest_chosen": latest_chosen,
        "successors": successors_note(params.unit, cards),
        "today": timezone.localdate(),
        "form": form,
        "table": table,
        "layout": layout,
        "params": params,
        "role": role,
        "can_drill": detail,
        "breadcrumbs": breadcrumbs(user, params.unit),
        "body": table_body(layout.display(query, detail)),
        "chart_data": (chart := chart_data(layout, table)),
        "trend_body": trend_body(chart),
        "heading": heading(params, table),
        "source_text": dict(SOURCE_CHOICES)[params.source],
        "period_text": period_text(params),
    }
    return render(request, "dashboard/dashboard.html", context)


def heading(params, table):
    """The chosen unit; at the top, the province itself when there is only one."""
    if params.unit is not None:
        return params.unit.name
    units = [row.unit for row in table.rows if row.unit is not None]
    return units[0].name if len(units) == 1 else _("all provinces")


def period_text(params):
    """Which period every figure of the table comes from, in words."""
    if params.source == stats.PERIODIC:
        return params.period.label if params.period else _("no period")
    years = (f"{params.year_from or '…'}–{params.year_to or '…'}" if params.year_from or params.year_to
             else _("all years"))
    if params.source == stats.REGISTRY:
        return years
    return _("%(years)s; reported: the latest final survey session of each unit inside it") % {"years": years}


def successors_note(unit, cards):
    """A unit closed before the overview's period: the units of its scope over time that report
    for that period (one query; only for a unit of the past)."""
    if unit is None or unit.valid_until is None or cards is None or cards.period is None:
        return []
    if unit.valid_until >= cards.period.cutoff:
        return []
    period = cards.period
    reporting = AdministrativeUnit.objects.filter(pk__in=scoping.among(unit.units_in_scope()))
    return list(reporting.filter(level__in=period.level_codes()).valid_on(period.cutoff).order_by("name", "pk"))


def start_unit(user):
    """Where the dashboard opens: an officer's own unit (the gate's); for an admin the
    province if there is only one, else the whole country."""
    unit = scoping.dashboard_start(user)
    if unit is not None:
        return unit
    provinces = list(AdministrativeUnit.objects.filter(parent__isnull=True, valid_until__isnull=True)[:2])
    return provinces[0] if len(provinces) == 1 else None


def shown_fields(params, table, fields):
    """The chosen field, or the active fields and any other field that has numbers."""
    if params.fields:
        return params.fields
    seen = {pk for row in [*table.rows, table.total] for pk in [*row.registry, *row.reported]}
    return [f for f in fields if f.is_active or f.pk in seen]


def breadcrumbs(user, unit):
    """The units above the chosen one (loaded with it) whose dashboard the user may open, top first."""
    chain = []
    while unit is not None and unit.parent_id is not None:
        unit = unit.parent
        chain.append(unit)
    return [u for u in reversed(chain) if scoping.may_open_dashboard(user, u)]


def querystring(get, drop):
    params = get.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


class TableLayout:
    """The columns and the numbers in each cell: one source for the page and the downloads."""

    def __init__(self, table, fields):
        self.table = table
        self.fields = fields
        source = table.params.source
        if source == stats.PERIODIC:
            self.kinds = [stats.REPORTED]
        else:
            self.kinds = [k for k in (stats.REGISTRY, stats.REPORTED) if source in (k, stats.BOTH)]
        if source == stats.BOTH:
            self.kinds.append("difference")
        self.show_partial = table.params.structure == stats.CURRENT and source in (stats.REGISTRY, stats.BOTH)

    def kind_label(self, kind):
        if kind == stats.REPORTED and self.table.params.source == stats.PERIODIC:
            return str(dict(MEASURE_CHOICES)[self.table.params.measure])
        return {
            stats.REGISTRY: _("Registry"),
            stats.REPORTED: _("Reported"),
            "difference": _("Difference"),
        }[kind]

    def groups(self):
        """[(group label, [(kind, label)])]: one group per field, then the totals."""
        kinds = [(k, self.kind_label(k)) for k in self.kinds]
        return [(f.name, kinds) for f in self.fields] + [(_("Total"), kinds)]

    def header(self):
        flat = [f"{group} – {label}" for group, kinds in self.groups() for _kind, label in kinds]
        if self.show_partial:
            flat.append(_("Partly merged here (counted once, in its own row)"))
        return [_("Unit code"), _("Unit"), *flat]

    def values(self, row):
        """Per field then in total: registry, reported, difference. A field the report did not
        cover is None ("–": nothing reported is not zero), and so is a total with no field covered."""
        values = []
        for f in [*self.fields, None]:
            pks = [g.pk for g in self.fields] if f is None else [f.pk]
            # The unit's own report is a row of reports only: no registry figure to compare with.
            registry = None if row.key == stats.OWN else sum(row.registry.get(pk, 0) for pk in pks)
            covered = [row.reported[pk] for pk in pks if pk in row.reported]
            reported = sum(covered) if row.has_reported and covered else None
            cell = {stats.REGISTRY: registry, stats.REPORTED: reported}
            cell["difference"] = None if reported is None or registry is None else reported - registry
            values.extend(cell[k] for k in self.kinds)
        if self.show_partial:
            values.append(sum(row.partial.get(g.pk, 0) for g in self.fields) or None)
        return values

    def label(self, row):
        unit = self.table.params.unit
        if row.key == stats.OWN:
            return _("Report of %(unit)s itself") % {"unit": unit.name}
        if row.key == stats.SELF:
            return _("Registered at %(unit)s itself") % {"unit": unit.name}
        if row.parts:
            return self.split_label(row)
        if row.key == stats.UNMAPPED:
            return _("Closed units without a known successor")
        return row.unit.name

    def split_label(self, row):
        """"Huyện Cẩm Xuyên — chia cho 8 đơn vị mới: Xã Cẩm Bình, …" (the rows it went into)."""
        names = {r.key: r.unit.name for r in self.table.rows if r.unit is not None and not r.parts}
        names[stats.SELF] = self.table.params.unit.name if self.table.params.unit else ""
        inside = sorted(names.get(key, "") for key in row.parts if key is not None)
        if row.partly_outside:
            return _("%(unit)s — split among several new units, of which here: %(names)s (not added to the total)") % {
                "unit": row.unit.name, "names": ", ".join(inside)}
        return _("%(unit)s — split among %(n)s new units: %(names)s") % {
            "unit": row.unit.name, "n": len(inside), "names": ", ".join(inside)}

    def code(self, row):
        return row.unit.code if row.unit is not None and row.key not in (stats.SELF, stats.OWN) else ""

    def row_class(self, row):
        if row.parts:
            return "split outside" if row.partly_outside else "split"
        return row.key if isinstance(row.key, str) else "unit"

    def tooltip(self, row):
        """Code and validity of a row's unit, for the title of its name (names are shown without them)."""
        if row.unit is None or row.key in (stats.SELF, stats.OWN):
            return ""
        unit, parts = row.unit, [_("code %(code)s") % {"code": row.unit.code}]
        if unit.valid_from:
            parts.append(_("from %(date)s") % {"date": unit.valid_from.strftime("%d/%m/%Y")})
        if unit.valid_until:
            parts.append(_("until %(date)s") % {"date": unit.valid_until.strftime("%d/%m/%Y")})
        return ", ".join(parts)

    def display(self, query, can_drill):
        """The lines as the page prints them: numbers formatted once here (Vietnamese
        grouping, "–" for no report) rather than per cell in the template, which at
        national scale costs more than the counting."""
        grouping = NumberFormat()
        out = []
        drill = RegistryLinks(self.table.params, self.fields, self.kinds) if can_drill else None
        for row, code, label, values in self.lines():
            drillable = can_drill and row.unit is not None and row.key not in (stats.SELF, stats.OWN, "total")
            url = "?" + "&".join(filter(None, [query, f"unit={row.unit.pk}"])) if drillable else ""
            links = drill.cells(row) if drill is not None else [""] * len(values)
            out.append({"key": self.row_class(row), "code": code, "label": label, "url": url,
                        "title": self.tooltip(row),
                        "zero": not any(values), "cells": [grouping(v) for v in values], "links": links,
                        "classes": self.cell_classes(len(values)),
                        "closed": row.unit is not None and row.unit.valid_until is not None})
        return out

    def cell_classes(self, n):
        """Each cell's column class: k0, k1… the kind (a phone shows one kind at a time), or "partial"."""
        kinds = len(self.kinds)
        main = kinds * (len(self.fields) + 1)
        return [f"num k{i % kinds}" if i < main else "num partial" for i in range(n)]

    def lines(self):
        """(row, code, label, values) for each row, then the total."""
        for row in self.table.rows:
            yield row, self.code(row), self.label(row), self.values(row)
        total = self.table.total
        unit = self.table.params.unit
        yield total, unit.code if unit else "", _("Total"), self.values(total)


class RegistryLinks:
    """Where a registry number leads: the registry list with the same filters (unit, field, kind,
    years started), so the models behind a cell are one click away, down to the commune."""

    def __init__(self, params, fields, kinds):
        self.params, self.fields, self.kinds = params, fields, kinds
        self.base = reverse("models_registry:model_list")
        common = {"kind": params.kind}
        if params.year_basis == stats.STARTED:
            common.update(year_from=params.year_from or "", year_to=params.year_to or "")
        self.common = {k: v for k, v in common.items() if v}
        # The list filters by year started: years of recognition would list other models.
        self.linkable = params.year_basis == stats.STARTED or not (params.year_from or params.year_to)

    def cells(self, row):
        unit = row.unit if row.key not in ("total", stats.UNMAPPED) else self.params.unit
        if self.params.structure == stats.HISTORICAL:
            drillable = unit is not None and row.key not in (stats.OWN, stats.SELF)
            unit_filter = "unit"
        else:
            drillable = self.today_drillable(row, unit)
            unit_filter = "unit_today"
        links = []
        for f in [*self.fields, None]:
            for kind in self.kinds:
                if kind != stats.REGISTRY or not drillable or not self.linkable:
                    links.append("")
                    continue
                query = {unit_filter: unit.pk, **self.common}
                if f is not None:
                    query["field"] = f.pk
                elif len(self.fields) == 1:
                    query["field"] = self.fields[0].pk
                links.append(f"{self.base}?{urlencode(query)}")
        return links


    def today_drillable(self, row, unit):
        """Today's units: the registry list's `unit_today` filter selects a row's models by the
        table's own rule (`units.today`) for the rows of units valid today and the total (all
        of them inside it), and for a split row (the models of that former unit itself). Not
        for the rows of a unit of the past chosen as the table's unit, whose rows are its
        successors one by one, nor for the models at the chosen unit itself (SELF)."""
        if unit is None or row.key in (stats.OWN, stats.SELF, stats.UNMAPPED):
            return False
        chosen = self.params.unit
        if chosen is not None and chosen.valid_until is not None:
            return False
        if row.parts:  # a unit split among several rows: its own models
            return unit.valid_until is not None
        return unit.valid_until is None


def table_body(lines):
    """<tbody> and <tfoot> of the table. Written here rather than as a template loop: at
    national scale the loop over every cell took longer than the database's counting."""
    def cells(line):
        out = []
        for i, cell in enumerate(line["cells"]):
            link = line["links"][i] if i < len(line["links"]) else ""
            text = f'<a href="{escape(link)}">{cell}</a>' if link and cell not in ("0", "–") else cell
            out.append(f'<td class="{line["classes"][i]}">{text}</td>')
        return "".join(out)

    def heading(line):
        name, _dash, note = line["label"].partition(" — ")  # a split unit: its name, then where it went
        label = escape(name)
        if line["url"]:
            label = f'<a href="{escape(line["url"])}">{label}</a>'
        if note:
            label += f' <small class="split-note">{escape(note)}</small>'
        title = f' title="{escape(line["title"])}"' if line["title"] else ""
        return f'<th scope="row"{title}>{label}</th>'

    def row_class(line):
        return " ".join(filter(None, [escape(line["key"]),
                                      "zero" if line["zero"] else "", "closed" if line["closed"] else ""]))

    *rows, total = lines
    not_in_total = _("Not in the total: former units only partly inside this one")
    inside = [line for line in rows if "outside" not in line["key"]]
    outside = [line for line in rows if "outside" in line["key"]]
    body = "".join(f'<tr class="{row_class(line)}">{heading(line)}{cells(line)}</tr>' for line in inside)
    foot = f'<tr><th scope="row">{escape(total["label"])}</th>{cells(total)}</tr>'
    after = ""
    if outside:  # shown under the total: partly another unit's count, never added to this one's
        heading_row = (f'<tr class="outside-heading"><th scope="rowgroup" colspan="{len(total["cells"]) + 1}">'
                       f'{escape(not_in_total)}</th></tr>')
        after = "<tbody class=\"outside\">" + heading_row + "".join(
            f'<tr class="{row_class(line)}">{heading(line)}{cells(line)}</tr>' for line in outside) + "</tbody>"
    return mark_safe(f"<tbody>{body}</tbody><tfoot>{foot}</tfoot>{after}")  # noqa: S308 - every value escaped


class NumberFormat:
    """Integers with the active language's thousands separator (vi: 3.372), "–" for None."""

    def __init__(self):
        self.separator = get_format("THOUSAND_SEPARATOR")

    def __call__(self, value):
        return "–" if value is None else f"{value:,}".replace(",", self.separator)


def chart_data(layout, table):
    """Series for Chart.js; the table stays the accessible fallback.

    By unit: the units below ranked by the total of the shown measure (the reported one when the
    table has it, else the registry), a horizontal bar per unit, stacked by field. By period: the
    approved periodic reports' trend (None where a period has no report: a gap), or the registry
    by year over every year from the first to the last (a year with no model is a real 0)."""
    kind = stats.REPORTED if stats.REPORTED in layout.kinds else stats.REGISTRY
    index = layout.kinds.index(kind)
    step = len(layout.kinds)
    ranked = []
    for row, _code, label, values in layout.lines():
        if row.key == "total":
            continue
        per_field = values[index:step * len(layout.fields):step]
        total = values[step * len(layout.fields) + index]
        if total:
            ranked.append((total, label.partition(" — ")[0], per_field))
    ranked.sort(key=lambda item: -item[0])
    if table.params.source == stats.PERIODIC:
        periods = [str(period.label) for period, _counts in table.trend]
        by_period = [{"label": f.name, "data": [None if counts is None else counts.get(f.pk, 0)
                                                 for _period, counts in table.trend]} for f in layout.fields]
        trend_label = _("%(measure)s by reporting period (approved reports)") % {
            "measure": layout.kind_label(stats.REPORTED)}
    else:
        periods = list(range(table.years[0], table.years[-1] + 1)) if table.years else []
        by_period = [{"label": f.name, "data": [table.by_year.get(f.pk, {}).get(y, 0) for y in periods]}
                     for f in layout.fields]
        periods = [str(y) for y in periods]
        trend_label = _("Registered models by year and field")
    return {
        "units": [label for _total, label, _per_field in ranked],
        "by_unit": [{"label": f.name, "data": [per_field[i] or 0 for _t, _l, per_field in ranked]}
                    for i, f in enumerate(layout.fields)],
        "unit_label": layout.kind_label(kind),
        "periods": periods,
        "by_period": by_period,
        "trend_label": str(trend_label),
    }


def trend_body(chart):
    """<tbody> of the table beside the trend chart (its accessible fallback)."""
    grouping = NumberFormat()
    lines = (
        f'<tr><th scope="row">{escape(period)}</th>'
        + "".join(f"<td>{grouping(series['data'][i])}</td>" for series in chart["by_period"])
        + "</tr>"
        for i, period in enumerate(chart["periods"])
    )
    return mark_safe(f"<tbody>{''.join(lines)}</tbody>")  # noqa: S308 - escaped labels, formatted integers
