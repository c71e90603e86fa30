"""The survey pages' FilterSets: sessions (unit over time, period, status) and the follow-up of
their conclusions and requests."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.editing import DateTextInput
from core.inputs import date_validators
from models_registry.filtersets import ALL, IdFilter, UnitScopedFilterSet, YearFilter
from surveys.models import FollowUpStatus, Recommendation, SessionStatus, SurveySession
from units import scoping


class SurveySessionFilterSet(UnitScopedFilterSet):
    year_from = YearFilter(label=_("Period from (year)"), field_name="period_end", lookup_expr="gte")
    year_to = YearFilter(label=_("Period until (year)"), field_name="period_start", lookup_expr="lte")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SessionStatus.choices, empty_label=ALL)

    class Meta:
        model = SurveySession
        fields = []


class DateFilter(django_filters.DateFilter):
    """A date typed dd/mm/yyyy, within the application's dates (the one message)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateTextInput)
        super().__init__(*args, validators=date_validators(), **kwargs)


class RecommendationFilterSet(UnitScopedFilterSet):
    """The follow-up list (/theo-doi/): unit, status, overdue, session, due dates."""

    field_order = ["unit", "status", "overdue"]

    status = django_filters.ChoiceFilter(
        label=_("Follow-up status"), field_name="follow_up_status", choices=FollowUpStatus.choices, empty_label=ALL
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[("1", _("overdue only"))], method="only_overdue", empty_label=ALL
    )
    session = IdFilter(label=_("Survey session"), queryset=None, empty_label=ALL)
    due_from = DateFilter(label=_("Due from"), field_name="due_date", lookup_expr="gte")
    due_to = DateFilter(label=_("Due until"), field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, data=None, *args, user, today, **kwargs):
        self.today = today
        super().__init__(data, *args, user=user, **kwargs)

    def narrow(self, user):
        visible = SurveySession.objects.restrict(user, scoping.Action.VIEW)
        self.filters["session"].queryset = visible.order_by("-date", "-pk")

    def in_unit(self, queryset, name, unit):
        """Requests addressed to the unit over time; those addressed to no unit by their session's unit."""
        area = unit.units_in_scope()
        return queryset.filter(Q(responsible_unit__in=area) | Q(responsible_unit__isnull=True, session__unit__in=area))

    def only_overdue(self, queryset, name, value):
        return queryset.overdue(self.today) if value == "1" else queryset
