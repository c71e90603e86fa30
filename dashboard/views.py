"""The home page (the public gallery, or a signed-in officer's tasks), and the dashboard
(/thong-ke/): the table of units × fields, its charts and its downloads.

Who sees what is decided by the gate, `units.scoping`, and only applied here: the units whose
dashboard the user may open (`Action.DASHBOARD`), whether they see below the provinces and
the reported numbers (`may_see_dashboard_detail`: not the public), where an officer starts
(`dashboard_start`), and the rows counted (`restrict` on models and sessions).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from dashboard import downloads, stats
from dashboard.forms import DashboardForm
from models_registry.models import Field, MobilizationModel, ReviewStatus
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
        params.source = stats.REGISTRY  # no reported numbers (no session is public either)
    elif params.unit is None and not (scoping.is_admin(user) and "unit" in request.GET):
        params.unit = start_unit(user)  # only an admin's `?unit=` means the whole country
    table = stats.dashboard_table(
        MobilizationModel.objects.restrict(user), SurveySession.objects.restrict(user), params
    )
    layout = TableLayout(table, shown_fields(params, table, fields))
    fmt = request.GET.get("format")
    if fmt in downloads.FORMATS:
        query = querystring(request.GET, drop=("format",))
        page_url = request.build_absolute_uri(request.path) + (f"?{query}" if query else "")
        return downloads.response(layout, fmt, heading(params, table), page_url)
    context = {
        "form": form,
        "table": table,
        "layout": layout,
        "params": params,
        "role": role,
        "can_drill": detail,
        "breadcrumbs": breadcrumbs(user, params.unit),
        "body": table_body(layout.display(querystring(request.GET, drop=("format", "unit")), detail)),
        "chart_data": chart_data(layout, table),
        "years_body": years_body(layout, table),
        "heading": heading(params, table),
    }
    return render(request, "dashboard/dashboard.html", context)


def heading(params, table):
    """The chosen unit; at the top, the province itself when there is only one."""
    if params.unit is not None:
        return params.unit.name
    units = [row.unit for row in table.rows if row.unit is not None]
    return units[0].name if len(units) == 1 else _("all provinces")


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
        self.kinds = [k for k in (stats.REGISTRY, stats.REPORTED) if source in (k, stats.BOTH)]
        if source == stats.BOTH:
            self.kinds.append("difference")
        self.show_partial = table.params.structure == stats.CURRENT and source != stats.REPORTED

    def kind_label(self, kind):
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
        values = []
        for f in [*self.fields, None]:
            pks = [g.pk for g in self.fields] if f is None else [f.pk]
            registry = sum(row.registry.get(pk, 0) for pk in pks)
            reported = sum(row.reported.get(pk, 0) for pk in pks) if row.has_reported else None
            cell = {stats.REGISTRY: registry, stats.REPORTED: reported}
            cell["difference"] = None if reported is None else reported - registry
            values.extend(cell[k] for k in self.kinds)
        if self.show_partial:
            values.append(sum(row.partial.get(g.pk, 0) for g in self.fields) or None)
        return values

    def label(self, row):
        unit = self.table.params.unit
        if row.key == stats.SELF:
            return _("%(unit)s itself (registered at this level)") % {"unit": unit.name}
        if row.key == stats.SPLIT:
            return _("Split among several of the units above (partly merged; counted once)")
        if row.key == stats.UNMAPPED:
            return _("Closed units without a known successor")
        return str(row.unit)

    def code(self, row):
        return row.unit.code if row.unit is not None and row.key != stats.SELF else ""

    def display(self, query, can_drill):
        """The lines as the page prints them: numbers formatted once here (Vietnamese
        grouping, "–" for no report) rather than per cell in the template, which at
        national scale costs more than the counting."""
        grouping = NumberFormat()
        out = []
        for row, code, label, values in self.lines():
            drillable = can_drill and row.unit is not None and row.key not in (stats.SELF, "total")
            url = "?" + "&".join(filter(None, [query, f"unit={row.unit.pk}"])) if drillable else ""
            out.append({"key": row.key, "code": code, "label": label, "url": url,
                        "cells": [grouping(v) for v in values]})
        return out

    def lines(self):
        """(row, code, label, values) for each row, then the total."""
        for row in self.table.rows:
            yield row, self.code(row), self.label(row), self.values(row)
        total = self.table.total
        unit = self.table.params.unit
        yield total, unit.code if unit else "", _("Total"), self.values(total)


def table_body(lines):
    """<tbody> and <tfoot> of the table. Written here rather than as a template loop: at
    national scale the loop over every cell took longer than the database's counting."""
    def cells(line):
        return "".join(f'<td class="num">{cell}</td>' for cell in line["cells"])

    def heading(line):
        label = escape(line["label"])
        if line["url"]:
            label = f'<a href="{escape(line["url"])}">{label}</a>'
        code = f' <span class="code">{escape(line["code"])}</span>' if line["code"] else ""
        return f'<th scope="row">{label}{code}</th>'

    *rows, total = lines
    body = "".join(f'<tr class="{escape(line["key"])}">{heading(line)}{cells(line)}</tr>' for line in rows)
    foot = f'<tr><th scope="row">{escape(total["label"])}</th>{cells(total)}</tr>'
    return mark_safe(f"<tbody>{body}</tbody><tfoot>{foot}</tfoot>")  # noqa: S308 - every value escaped


class NumberFormat:
    """Integers with the active language's thousands separator (vi: 3.372), "–" for None."""

    def __init__(self):
        self.separator = get_format("THOUSAND_SEPARATOR")

    def __call__(self, value):
        return "–" if value is None else f"{value:,}".replace(",", self.separator)


def chart_data(layout, table):
    """Series for Chart.js; the table stays the accessible fallback."""
    use_reported = table.params.source == stats.REPORTED
    rows = [r for r in table.rows if (r.reported_total() if use_reported else r.registry_total())]
    return {
        "units": [layout.label(r) for r in rows],
        "by_unit": [
            {"label": f.name, "data": [(r.reported if use_reported else r.registry).get(f.pk, 0) for r in rows]}
            for f in layout.fields
        ],
        "years": table.years,
        "by_year": [
            {"label": f.name, "data": [table.by_year.get(f.pk, {}).get(y, 0) for y in table.years]}
            for f in layout.fields
        ],
        "source_label": layout.kind_label(stats.REPORTED if use_reported else stats.REGISTRY),
    }


def years_body(layout, table):
    """<tbody> of the table beside the chart by year (its accessible fallback), written here
    like `table_body`: 20 years × the fields are too many cells for a template loop."""
    grouping = NumberFormat()
    lines = (
        f'<tr><th scope="row">{year}</th>'
        + "".join(f"<td>{grouping(table.by_year.get(f.pk, {}).get(year, 0))}</td>" for f in layout.fields)
        + "</tr>"
        for year in table.years
    )
    return mark_safe(f"<tbody>{''.join(lines)}</tbody>")  # noqa: S308 - integers and a fixed separator only
