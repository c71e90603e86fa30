from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import BoundedIdsAdminMixin, RecordAuthorsAdminMixin
from core.search import FoldedSearchAdminMixin
from models_registry.models import Field, MobilizationModel


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active", "model_count"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"code": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_model_count=Count("models"))

    @admin.display(description=_("models"), ordering="_model_count")
    def model_count(self, obj):
        return obj._model_count


@admin.register(MobilizationModel)
class MobilizationModelAdmin(BoundedIdsAdminMixin, RecordAuthorsAdminMixin, FoldedSearchAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "field",
        "unit",
        "host_name",
        "kind",
        "year_started",
        "recognition_level",
        "is_exemplary",
        "is_published",
        "status",
    ]
    list_filter = ["field", "kind", "recognition_level", "is_exemplary", "is_published", "status", "unit__level"]
    list_select_related = ["field", "unit"]
    autocomplete_fields = ["unit", "replicated_in"]
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 80})}}
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["name", "field", "unit", "host_type", "host_name", "kind", "year_started", "status"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "rationale",
                    "objectives",
                    "content",
                    "area_and_beneficiaries",
                    "implementers",
                    "resources",
                    "timeframe",
                    "outputs",
                    "sustainability",
                ]
            },
        ),
        (
            _("Recognition and replication"),
            {"fields": ["recognition_level", "recognition_year", "is_exemplary", "replicated_in", "is_published"]},
        ),
        (_("Record"), {"fields": ["created_at", "created_by", "updated_at", "updated_by"]}),
    ]
