"""What the report list and the completeness page are narrowed by: one period (required), an area,
a level; the list also by where a unit's report stands and by name."""

import django_filters
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.search import folded_search
from models_registry.filtersets import ALL, IdFilter, UnitFilter
from models_registry.forms import units_for
from reports.completeness import CATEGORIES, with_report
from reports.due import due_units
from reports.models import ReportingPeriod, ReportStatus
from units import scoping
from units.models import UnitLevel

LEVELS = [(UnitLevel.DISTRICT, UnitLevel.DISTRICT.label), (UnitLevel.COMMUNE, UnitLevel.COMMUNE.label)]


class PeriodFilter(IdFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", ReportingPeriod.objects.select_related("kind").order_by(
            "-cutoff", "kind__order", "number"))
        kwargs.setdefault("error_messages", {"invalid_choice": _("Choose one of the reporting periods in the list.")})
        super().__init__(*args, **kwargs)


class DueUnitFilterSet(django_filters.FilterSet):
    """Units due for the chosen period (in the user's scope: the view's queryset), each annotated
    with its report (`completeness.with_report`). Without a valid period, nothing."""

    period = PeriodFilter(label=_("Reporting period"), method="due_for", empty_label=None, required=True)
    area = UnitFilter(label=_("Area"), queryset=None, method="in_area", empty_label=ALL)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=LEVELS, method="at_level", empty_label=ALL)

    class Meta:
        fields = []

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["area"].queryset = units_for(user, scoping.Action.VIEW)

    def fields_html(self):
        """The filter form's fields, as templates/includes/filters.html shows them (the registry's
        filter sets keep theirs under the data version; these choices depend on the period)."""
        return render_to_string("includes/filter_fields.html", {"form": self.form})

    @property
    def chosen_period(self):
        return self.form.cleaned_data.get("period") if self.is_valid() else None

    def filter_queryset(self, queryset):
        if self.chosen_period is None:
            return queryset.none()
        return super().filter_queryset(queryset)

    def due_for(self, queryset, name, period):
        return with_report(due_units(period, queryset), period)

    def in_area(self, queryset, name, unit):
        return queryset.filter(pk__in=scoping.among(unit.units_in_scope(), queryset.db))

    def at_level(self, queryset, name, level):
        return queryset.filter(level=level)


# The list's report filter: the completeness categories, and the reports waiting for approval.
WAITING = "waiting"
STATUS_CHOICES = [*CATEGORIES, (WAITING, _("waiting for approval"))]


class ReportListFilterSet(DueUnitFilterSet):
    status = django_filters.ChoiceFilter(label=_("Report"), choices=STATUS_CHOICES, method="in_category",
                                         empty_label=ALL)
    q = django_filters.CharFilter(label=_("Unit name"), method="search")

    def in_category(self, queryset, name, value):
        if value == WAITING:
            return queryset.filter(report_status=ReportStatus.SUBMITTED)
        return queryset.filter(category=value)

    def search(self, queryset, name, value):
        return folded_search(queryset, value)
