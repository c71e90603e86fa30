"""Periodic reports: the list of due units, a unit's report (entry, submission, review) and the
completeness page. Every row is reached through scoping (`restrict`), never filtered here."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.collation import vi_order
from core.history import history_rows
from core.spreadsheet import spreadsheet_response
from documents.render import docx_response
from reports import documents, exports
from reports.completeness import current_period, summary, with_officers
from reports.due import changes_in, is_due
from reports.filtersets import DueUnitFilterSet, ReportListFilterSet
from reports.forms import (
    NARRATIVE,
    ApproveForm,
    ExtendForm,
    PeriodicReportForm,
    ReopenForm,
    ReturnForm,
    default_extension,
    line_formset,
)
from reports.models import (
    COUNT_NAMES,
    EDITABLE_STATUSES,
    PeriodicReport,
    ReportingPeriod,
    ReportLine,
    ReportStatus,
    TransitionAction,
)
from reports.prefill import registry_counts
from reports.workflow import Refused, entry_problem, review, save_report, start_report
from units import scoping
from units.models import AdministrativeUnit

COLUMNS = [ReportLine._meta.get_field(name).verbose_name for name in COUNT_NAMES]


def with_period(query):
    """The request's filters, with the current period when none is chosen."""
    data = query.copy()
    if not data.get("period"):
        period = current_period()
        if period is not None:
            data["period"] = str(period.pk)
    return data


def reporting_units(user):
    return scoping.restrict_reporting_units(AdministrativeUnit.objects.select_related("parent"), user)


class ReportListView(LoginRequiredMixin, ListView):
    """The units due for a period in the user's scope, and where each one's report stands."""

    template_name = "reports/report_list.html"
    context_object_name = "units"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ReportListFilterSet(with_period(self.request.GET), queryset=reporting_units(self.request.user),
                                             user=self.request.user)
        return self.filterset.qs.order_by(vi_order("name"), "pk")

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt:
            units = self.get_queryset()
            period = self.filterset.chosen_period
            if period is not None:
                lines = (ReportLine.objects.filter(report__period=period, report__unit__in=units.values("pk"))
                         .select_related("report__unit", "field")
                         .order_by(vi_order("report__unit__name"), "report__unit_id", "field__order", "field__name"))
                return spreadsheet_response(fmt, exports.line_headers(), exports.line_rows(lines, period),
                                            exports.lines_file_name(period), _("Periodic reports"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, period=self.filterset.chosen_period, **kwargs)


class ReportPage:
    """One unit's report for one period as `request.user` sees it: what they may do, the forms."""

    template_name = "reports/report.html"

    def __init__(self, request, period_pk, unit_pk):
        self.request, self.user = request, request.user
        self.period = get_object_or_404(
            ReportingPeriod.objects.select_related("kind").prefetch_related("levels"), pk=period_pk
        )
        self.unit = get_object_or_404(reporting_units(self.user), pk=unit_pk)
        found = PeriodicReport.objects.restrict(self.user, scoping.Action.VIEW)
        found = found.filter(period=self.period, unit=self.unit)
        self.report = found.select_related("submitted_by").first() or PeriodicReport(period=self.period,
                                                                                      unit=self.unit)
        self.report.period, self.report.unit = self.period, self.unit
        self.today = timezone.localdate()
        self.due = is_due(self.period, self.unit)

    def may(self, action) -> bool:
        """Scoping's answer for this report (a report not written yet: the unit is in scope)."""
        if self.report.pk is None:
            return action == scoping.Action.CHANGE or scoping.may_review_reports(self.user)
        return PeriodicReport.objects.restrict(self.user, action).filter(pk=self.report.pk).exists()

    def entry_problem(self) -> str | None:
        if not self.due:
            return _("%(unit)s does not report for %(period)s: the units of its level valid on %(date)s do.") % {
                "unit": self.unit.name, "period": self.period, "date": f"{self.period.cutoff:%d/%m/%Y}"}
        return entry_problem(self.period, self.report if self.report.pk else None, self.today)

    def review_forms(self, may_review) -> dict:
        if not may_review or not self.due:
            return {}
        version = {"version": self.report.version}
        status = self.report.status if self.report.pk else None
        if status == ReportStatus.SUBMITTED:
            return {"approve": ApproveForm(initial=version), "return": ReturnForm(initial=version)}
        if status == ReportStatus.APPROVED:
            return {"reopen": ReopenForm(initial=version)}
        if status in (None, *EDITABLE_STATUSES) and self.today > self.period.closes_on:
            return {"extend": ExtendForm(initial={**version, "until": default_extension(self.period)})}
        return {}

    def render(self, form=None, lines=None, bound_review=None):
        """The page; `form` and `lines` bound to a refused POST are shown again while entry is
        open, else the figures as saved."""
        problem = self.entry_problem()
        may_change = self.may(scoping.Action.CHANGE)
        editable = may_change and problem is None
        registry = registry_counts(self.unit, self.period)
        if lines is None or not editable:
            lines = line_formset(self.report, registry)
        if form is None and editable:
            form = PeriodicReportForm(instance=self.report)
        may_review = self.may(scoping.Action.REVIEW)
        forms = self.review_forms(may_review)
        forms.update(bound_review or {})
        context = {
            "period": self.period, "unit": self.unit, "report": self.report, "due": self.due,
            "problem": problem, "editable": editable, "form": form, "lines": lines,
            "rows": line_rows(lines, saved_only=not editable), "columns": COLUMNS, "narrative": narrative(self.report),
            "review_forms": forms, "may_review": may_review,
            "own_submission": self.report.pk is not None and self.report.submitted_by_id == self.user.pk
            and scoping.may_review_reports(self.user),
            "transitions": list(self.report.transitions.select_related("user")) if self.report.pk else [],
            "history": report_history(self.report) if self.report.pk else [],
        }
        return render(self.request, self.template_name, context)


def line_rows(lines, saved_only=False):
    """For the page: each line's form, its field, and each count with the registry's figure and the
    difference from it (None where the registry cannot say). `saved_only`: the report's own lines,
    not the registry's suggestions for fields it has none for."""
    rows = []
    for form in lines.forms:
        if saved_only and form.instance.pk is None:
            continue
        cells = []
        for name in COUNT_NAMES:
            bound = form[name]
            known = form.registry.get(name)
            try:
                value = int(bound.value())
            except (TypeError, ValueError):
                value = None
            difference = value - known if value is not None and known is not None else None
            cells.append({"field": bound, "value": value, "registry": known, "difference": difference})
        rows.append({"form": form, "field": form.field_obj, "cells": cells})
    return rows


def narrative(report):
    return [(PeriodicReport._meta.get_field(name).verbose_name, getattr(report, name)) for name in NARRATIVE]


def report_history(report):
    """The report's change history with that of its lines."""
    return history_rows(report, limit=100, parts=[ReportLine.history.filter(report_id=report.pk)])


class ReportView(LoginRequiredMixin, View):
    """A unit's report for a period: the form while entry is open, else the figures as they stand."""

    def get(self, request, period_pk, unit_pk):
        return ReportPage(request, period_pk, unit_pk).render()

    def post(self, request, period_pk, unit_pk):
        page = ReportPage(request, period_pk, unit_pk)
        if not page.may(scoping.Action.CHANGE):
            raise PermissionDenied
        registry = registry_counts(page.unit, page.period)
        form = PeriodicReportForm(request.POST, instance=page.report)
        lines = line_formset(page.report, registry, request.POST)
        problem = page.entry_problem()
        valid = all([form.is_valid(), lines.is_valid()])  # both, so that every error shows at once
        if problem:
            form.add_error(None, problem)
        elif valid and save_report(form, lines, request.user, request.POST.get("action") == "submit"):
            submitted = page.report.status == ReportStatus.SUBMITTED
            messages.success(request, _("The report was submitted to the province.") if submitted
                             else _("The draft was saved; submit it when it is complete."))
            return redirect(page.report.get_absolute_url())
        return page.render(form=form, lines=lines)


class ReviewView(LoginRequiredMixin, View):
    """The approving level's steps: approve, return with a comment, reopen with a reason, reopen
    entry after the period closed."""

    action = None
    form_class = None
    done = ""

    def post(self, request, period_pk, unit_pk):
        page = ReportPage(request, period_pk, unit_pk)
        form = self.form_class(request.POST)
        if self.action == TransitionAction.EXTEND and page.report.pk is None:
            if not (scoping.may_review_reports(request.user) and page.due):
                raise PermissionDenied
        else:
            scoping.get_restricted_or_404(PeriodicReport.objects.all(), request.user, page.report.pk,
                                          scoping.Action.REVIEW)
        if form.is_valid():
            try:
                self.apply(page, form)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, self.done)
                return redirect(page.report.get_absolute_url())
        key = {TransitionAction.APPROVE: "approve", TransitionAction.RETURN: "return",
               TransitionAction.REOPEN: "reopen", TransitionAction.EXTEND: "extend"}[self.action]
        return page.render(bound_review={key: form})

    def apply(self, page, form):
        data = form.cleaned_data
        with transaction.atomic():
            report = page.report if page.report.pk else start_report(page.period, page.unit, self.request.user)
            version = data.get("version") or report.version
            review(report, self.request.user, self.action, version, data.get("comment", ""), data.get("until"))
        page.report = report


class ApproveView(ReviewView):
    action, form_class = TransitionAction.APPROVE, ApproveForm

    @property
    def done(self):
        return _("The report was approved and is now locked.")


class ReturnView(ReviewView):
    action, form_class = TransitionAction.RETURN, ReturnForm

    @property
    def done(self):
        return _("The report was returned to the unit with your comment.")


class ReopenView(ReviewView):
    action, form_class = TransitionAction.REOPEN, ReopenForm

    @property
    def done(self):
        return _("The report was reopened: the unit can correct it and submit it again.")


class ExtendView(ReviewView):
    action, form_class = TransitionAction.EXTEND, ExtendForm

    @property
    def done(self):
        return _("Entry was reopened for this unit.")


class CountedPaginator(Paginator):
    """A paginator told how many rows there are (the summary counted them already)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def changed_units_shown(user, filterset):
    """The ids of the units whose changes inside the period the page names (None: all): those in
    the user's scope, and in the chosen area."""
    ids = scoping.visible_unit_ids(user)
    area = filterset.form.cleaned_data.get("area")
    if area is not None:
        in_area = area.units_in_scope()
        ids = in_area if ids is None else ids & in_area
    return ids


class CompletenessView(LoginRequiredMixin, View):
    """Per period and area: how many units were due, submitted on time, late, returned, missing;
    the missing units with their officers; CSV/XLSX of every due unit."""

    template_name = "reports/completeness.html"
    paginate_by = 50

    def get(self, request):
        filterset = DueUnitFilterSet(with_period(request.GET), queryset=reporting_units(request.user),
                                     user=request.user)
        units = filterset.qs
        period = filterset.chosen_period
        fmt = request.GET.get("format")
        if fmt and period is not None:
            ordered = with_officers(units.order_by(vi_order("name"), "pk"))
            return spreadsheet_response(fmt, exports.headers(), exports.rows(ordered), exports.file_name(period),
                                        _("Completeness"))
        context = {"filterset": filterset, "period": period}
        if period is not None:
            counts = summary(units)
            missing = with_officers(units.filter(category="missing").order_by(vi_order("name"), "pk"))
            page = CountedPaginator(missing, self.paginate_by, counts["missing"]).get_page(request.GET.get("page"))
            context.update(summary=counts, page_obj=page, missing=page.object_list,
                           changes=changes_in(period, changed_units_shown(request.user, filterset)))
        return render(request, self.template_name, context)


class ConsolidatedReportView(LoginRequiredMixin, View):
    """The consolidated report (.docx) of a period for an area (`?period=&area=&level=`, as the
    completeness page): the approved reports of the due units in the user's scope. An area the
    user may not follow (scoping: `restrict_reporting_units`), a period or area that does not
    exist: 404. No area: the user's own (their scope unit), else the top unit they may follow."""

    def get(self, request):
        units = reporting_units(request.user)
        filterset = DueUnitFilterSet(with_period(request.GET), queryset=units, user=request.user)
        period = filterset.chosen_period
        if period is None or not filterset.is_valid():
            raise Http404
        area = filterset.form.cleaned_data.get("area") or self.own_area(request.user, units, period)
        if area is None or not units.filter(pk=area.pk).exists():
            raise Http404
        reports = PeriodicReport.objects.restrict(request.user, scoping.Action.VIEW)
        context = documents.consolidated_context(period, area.name, filterset.qs, reports, timezone.localdate())
        return docx_response(documents.consolidated_report(context), documents.file_name(period, area))

    @staticmethod
    def own_area(user, units, period):
        return scoping.scope_unit(user) or (
            units.filter(parent__isnull=True).valid_on(period.cutoff).order_by("pk").first())
