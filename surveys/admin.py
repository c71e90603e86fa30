from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import BoundedIdsAdminMixin, ReadOnlyAdminMixin, RecordAuthorsAdminMixin
from core.numbers import PlainDecimalField, plain_number
from core.search import FoldedSearchAdminMixin
from models_registry.models import Field
from surveys.models import Indicator, Proposal, Recommendation, ReportedCount, SurveySession


def grouped(value) -> str:
    """3372 -> '3.372' in the active (Vietnamese) format."""
    return number_format(value, force_grouping=True)


class ReportedCountFormSet(forms.BaseInlineFormSet):
    """The counts by field must add up to the session's reported total, when one is given."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total = sum(
            form.cleaned_data.get("count") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if mismatch := self.instance.total_mismatch(total):
            raise forms.ValidationError(f"{capfirst(mismatch)}.")


class ReportedCountInline(admin.TabularInline):
    model = ReportedCount
    formset = ReportedCountFormSet
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "field":
            # Fields are edited on their own page; icons on every row only get in the way.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield

    def get_extra(self, request, obj=None, **kwargs):
        # A new session starts with one row per active field, ready to fill in.
        return 0 if obj else Field.objects.filter(is_active=True).count()


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["order", "name", "value_text", "value_number", "unit_of_measure", "year"]
    formfield_overrides = {models.DecimalField: {"form_class": PlainDecimalField}}


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every session's indicators in one list, to look them up. Read only: they are parts of
    their session and are changed with it (under its version)."""

    list_display = ["name", "value_text", "number", "unit_of_measure", "year", "session"]
    list_filter = ["year", "session__unit__level"]
    list_select_related = ["session"]
    search_fields = ["name", "value_text"]

    @admin.display(description=Indicator._meta.get_field("value_number").verbose_name, ordering="value_number")
    def number(self, obj):
        return plain_number(obj.value_number) or "—"


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    fields = ["order", "raised_by", "text"]


class RecommendationAdminFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The session as it is being edited (its new date), for the due date's check (Recommendation.clean).
        form.instance.session = self.instance
        return form


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    formset = RecommendationAdminFormSet
    extra = 0
    fields = ["order", "text", "responsible", "responsible_unit", "due_date", "follow_up_status"]
    autocomplete_fields = ["responsible_unit"]


@admin.register(SurveySession)
class SurveySessionAdmin(BoundedIdsAdminMixin, RecordAuthorsAdminMixin, FoldedSearchAdminMixin, SimpleHistoryAdmin):
    list_display = ["date", "unit", "period", "head_name", "counts_total", "reported_total_display", "status"]
    list_display_links = ["date", "unit"]
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 80})}}
    list_filter = ["status", "date", "unit__level"]
    list_select_related = ["unit"]
    date_hierarchy = "date"
    autocomplete_fields = ["unit", "visited_models"]
    readonly_fields = ["counts_total_detail", "created_at", "created_by", "updated_at", "updated_by"]
    inlines = [ReportedCountInline, IndicatorInline, ProposalInline, RecommendationInline]
    fieldsets = [
        (None, {"fields": ["date", "title", "unit", ("period_start", "period_end"), "status"]}),
        (_("Delegation"), {"fields": ["delegation", ("head_name", "head_title"), "chairs"]}),
        (_("Reported counts"), {"fields": ["reported_total", "counts_total_detail"]}),
        (_("Content"), {"fields": ["summary", "conclusion", "visited_models", "source"]}),
        (_("Record"), {"fields": ["created_at", "created_by", "updated_at", "updated_by"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_counts_total=Sum("reported_counts__count"))

    @admin.display(description=_("period"))
    def period(self, obj):
        return f"{obj.period_start}–{obj.period_end}"

    @admin.display(description=_("sum of counts"), ordering="_counts_total")
    def counts_total(self, obj):
        return grouped(obj._counts_total or 0)

    @admin.display(description=_("reported total"), ordering="reported_total")
    def reported_total_display(self, obj):
        return "" if obj.reported_total is None else grouped(obj.reported_total)

    @admin.display(description=_("sum of the counts by field"))
    def counts_total_detail(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        total = obj.counts_total()
        rows = ", ".join(f"{c.field.name}: {grouped(c.count)}" for c in obj.reported_counts.select_related("field"))
        return format_html("<strong>{}</strong> ({})", grouped(total), rows)
