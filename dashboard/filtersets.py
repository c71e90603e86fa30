"""The dashboard's parameters, read from (and reflected in) the URL, so a view can be shared."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard import stats
from models_registry.filtersets import IdFilter, YearFilter, label
from models_registry.models import MobilizationModel, ModelKind
from units.models import AdministrativeUnit

SOURCE_CHOICES = [
    (stats.BOTH, _("Registry and reported")),
    (stats.REGISTRY, _("Registry only")),
    (stats.REPORTED, _("Reported only")),
]
STRUCTURE_CHOICES = [
    (stats.HISTORICAL, _("Units as they were")),
    (stats.CURRENT, _("Today's units")),
]
YEAR_BASIS_CHOICES = [
    (stats.STARTED, _("Year started")),
    (stats.RECOGNISED, _("Year recognised")),
]


class DashboardFilterSet(django_filters.FilterSet):
    """Unit, period, field, kind, source, structure. The form validates them; the filters
    themselves are applied in one place, `stats.dashboard_table` (registry and reported
    alike), so the filters here do nothing to the queryset."""

    unit = IdFilter(queryset=AdministrativeUnit.objects.all(), widget=forms.HiddenInput, method="noop")
    year_from = YearFilter(label=_("From year"), method="noop")
    year_to = YearFilter(label=_("To year"), method="noop")
    year_basis = django_filters.ChoiceFilter(
        label=_("Count registry by"), choices=YEAR_BASIS_CHOICES, empty_label=None, method="noop"
    )
    # The active fields, given by the page (which reads the fields once for the columns too).
    field = django_filters.ChoiceFilter(label=label("field"), empty_label=_("All fields"), method="noop")
    kind = django_filters.ChoiceFilter(
        label=label("kind"), choices=ModelKind.choices, empty_label=_("Collective and individual"), method="noop"
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=SOURCE_CHOICES, empty_label=None, method="noop")
    structure = django_filters.ChoiceFilter(
        label=_("Units"), choices=STRUCTURE_CHOICES, empty_label=None, method="noop"
    )

    class Meta:
        model = MobilizationModel
        fields = []

    def __init__(self, data, *, unit_queryset, fields, **kwargs):
        """`unit_queryset`: the units whose dashboard the user may open; `fields`: every field
        (the page reads them once, for these choices and for its columns)."""
        super().__init__(data, **kwargs)
        self.filters["unit"].queryset = unit_queryset
        self.form.fields["unit"].queryset = unit_queryset
        self.active_fields = {str(f.pk): f for f in fields if f.is_active}
        self.form.fields["field"].choices = [(pk, f.name) for pk, f in self.active_fields.items()]  # + "all fields"

    def noop(self, queryset, name, value):
        return queryset

    def clean_years(self):
        data = self.form.cleaned_data
        if data.get("year_from") and data.get("year_to") and data["year_to"] < data["year_from"]:
            self.form.add_error("year_to", _("The period cannot end before it starts."))

    def is_valid(self):
        if not super().is_valid():
            return False
        self.clean_years()
        return not self.form.errors

    def params(self) -> stats.Params:
        data = self.form.cleaned_data
        return stats.Params(
            unit=data.get("unit"),
            fields=[self.active_fields[data["field"]]] if data.get("field") else [],
            year_from=int(data["year_from"]) if data.get("year_from") else None,
            year_to=int(data["year_to"]) if data.get("year_to") else None,
            kind=data.get("kind") or "",
            source=data.get("source") or stats.BOTH,
            year_basis=data.get("year_basis") or stats.STARTED,
            structure=data.get("structure") or stats.HISTORICAL,
        )
