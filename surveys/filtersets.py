"""The survey list's FilterSet: unit (with its subtree over time), period and status."""

import django_filters
from django.utils.translation import gettext_lazy as _

from models_registry.filtersets import ALL, UnitScopedFilterSet, YearFilter
from surveys.models import SessionStatus, SurveySession


class SurveySessionFilterSet(UnitScopedFilterSet):
    year_from = YearFilter(label=_("Period from (year)"), field_name="period_end", lookup_expr="gte")
    year_to = YearFilter(label=_("Period until (year)"), field_name="period_start", lookup_expr="lte")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SessionStatus.choices, empty_label=ALL)

    class Meta:
        model = SurveySession
        fields = []
