"""The survey list's FilterSet: unit (with its subtree over time), period and status."""

import django_filters
from django.utils.translation import gettext_lazy as _

from models_registry import scoping
from models_registry.filtersets import ALL, UnitFilter
from models_registry.forms import units_for
from surveys.models import SessionStatus, SurveySession


class SurveySessionFilterSet(django_filters.FilterSet):
    unit = UnitFilter(label=_("Unit"), queryset=None, method="in_unit", empty_label=ALL)
    year_from = django_filters.NumberFilter(label=_("Period from (year)"), field_name="period_end", lookup_expr="gte")
    year_to = django_filters.NumberFilter(label=_("Period until (year)"), field_name="period_start", lookup_expr="lte")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SessionStatus.choices, empty_label=ALL)

    class Meta:
        model = SurveySession
        fields = []

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["unit"].queryset = units_for(user, scoping.VIEW)

    def in_unit(self, queryset, name, unit):
        return queryset.filter(unit__in=scoping.units_in_scope_of(unit))
