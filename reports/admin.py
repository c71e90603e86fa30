"""The reporting calendar is the administrator's (kinds, levels, holidays, periods); reports are
written and reviewed on the site's pages, so the admin only shows them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import BoundedIdsAdminMixin, ReadOnlyAdminMixin
from core.inputs import year_field_kwargs
from reports.models import (
    Holiday,
    PeriodicReport,
    PeriodLevel,
    ReportingKind,
    ReportingLevelRule,
    ReportingPeriod,
    ReportLine,
    ReportTransition,
    SentReminder,
)
from reports.periods import generate_periods


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), **year_field_kwargs())


@admin.register(ReportingKind)
class ReportingKindAdmin(admin.ModelAdmin):
    list_display = ["name", "period_months", "periods_per_year", "cutoff_day", "deadline_working_days",
                    "grace_days", "reminder_days_before", "is_active"]
    prepopulated_fields = {"code": ["name"]}
    actions = ["generate"]

    @admin.action(description=_("Generate the periods of a year for the selected kinds"))
    def generate(self, request, queryset):
        form = YearForm(request.POST if "year" in request.POST else None)
        if form.is_bound and form.is_valid():
            created = generate_periods(form.cleaned_data["year"], queryset)
            self.message_user(request, _("%(count)s periods created (those that existed were left as they were).")
                              % {"count": len(created)}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request), "title": _("Generate the periods of a year"), "form": form,
            "kinds": queryset, "action_checkbox_name": ACTION_CHECKBOX_NAME, "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reports/generate_periods.html", context)


@admin.register(ReportingLevelRule)
class ReportingLevelRuleAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "level"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"


class PeriodLevelInline(admin.TabularInline):
    model = PeriodLevel
    extra = 0


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(BoundedIdsAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "year", "start", "cutoff", "deadline", "closes_on"]
    list_filter = ["kind", "year"]
    list_select_related = ["kind"]
    inlines = [PeriodLevelInline]


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class ReportLineInline(ReadOnlyInline):
    model = ReportLine


class ReportTransitionInline(ReadOnlyInline):
    model = ReportTransition


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Looked up here; written, submitted and reviewed on the report's page (its workflow)."""

    list_display = ["unit", "period", "status", "submitted_at", "is_late", "is_sample"]
    list_filter = ["period", "status", "is_late", "is_sample"]
    list_select_related = ["unit", "period__kind"]
    search_fields = ["unit__search_text"]
    inlines = [ReportLineInline, ReportTransitionInline]


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["period", "unit", "step", "kind", "recipients", "sent_at"]
    list_filter = ["step", "kind", "period"]
    list_select_related = ["period__kind", "unit"]
