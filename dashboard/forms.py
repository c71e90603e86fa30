"""The dashboard's parameters, read from (and reflected in) the URL, so a view can be shared.

A plain form, not a FilterSet: the dashboard does not filter one list but counts two sources
(the registry and the reported numbers), each with its own rule for a period; the counting
queries (`stats.dashboard_table`) apply the validated parameters to both, in one place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import IdChoiceField, year_field_kwargs
from dashboard import stats
from models_registry.filtersets import label
from models_registry.models import ModelKind
from reports.models import ReportingPeriod

SOURCE_CHOICES = [
    (stats.BOTH, _("Registry and reported")),
    (stats.REGISTRY, _("Registry only")),
    (stats.REPORTED, _("Reported only")),
    (stats.PERIODIC, _("Periodic reports (approved)")),
]
MEASURE_CHOICES = [
    ("in_operation", _("Models in operation")),
    ("newly_registered", _("Newly registered")),
    ("recognised", _("Recognised (all levels)")),
    ("exemplary", _("Exemplary (collectives and individuals)")),
]
STRUCTURE_CHOICES = [
    (stats.HISTORICAL, _("Units as they were")),
    (stats.CURRENT, _("Today's units")),
]
YEAR_BASIS_CHOICES = [
    (stats.STARTED, _("Year started")),
    (stats.RECOGNISED, _("Year recognised")),
]


class DashboardForm(forms.Form):
    """Unit, years, field, kind, source, structure; for periodic reports the period and the figure."""

    unit = IdChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    year_from = forms.IntegerField(**year_field_kwargs(label=_("From year"), required=False))
    year_to = forms.IntegerField(**year_field_kwargs(label=_("To year"), required=False))
    year_basis = forms.ChoiceField(label=_("Count registry by"), choices=YEAR_BASIS_CHOICES, required=False)
    field = forms.ChoiceField(label=label("field"), required=False)
    kind = forms.ChoiceField(
        label=label("kind"), choices=[("", _("Collective and individual")), *ModelKind.choices], required=False
    )
    source = forms.ChoiceField(label=_("Source"), choices=SOURCE_CHOICES, required=False)
    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=ReportingPeriod.objects.select_related("kind"), required=False,
        empty_label=_("Latest with approved reports"),
    )
    measure = forms.ChoiceField(label=_("Figure"), choices=MEASURE_CHOICES, required=False)
    structure = forms.ChoiceField(label=_("Units"), choices=STRUCTURE_CHOICES, required=False)

    def __init__(self, data, *, unit_queryset, fields):
        """`unit_queryset`: the units whose dashboard the user may open (the gate's DASHBOARD);
        `fields`: every field (the page reads them once, for these choices and its columns)."""
        super().__init__(data)
        self.fields["unit"].queryset = unit_queryset
        self.active_fields = {str(f.pk): f for f in fields if f.is_active}
        self.fields["field"].choices = [("", _("All fields")), *((pk, f.name) for pk, f in self.active_fields.items())]

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_to"] < data["year_from"]:
            self.add_error("year_to", _("The period cannot end before it starts."))
        return data

    def params(self) -> stats.Params:
        data = self.cleaned_data
        return stats.Params(
            unit=data.get("unit"),
            fields=[self.active_fields[data["field"]]] if data.get("field") else [],
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            kind=data.get("kind") or "",
            source=data.get("source") or "",  # none chosen: the view picks (periodic reports when there are)
            year_basis=data.get("year_basis") or stats.STARTED,
            structure=data.get("structure") or stats.HISTORICAL,
            period=data.get("period"),
            measure=data.get("measure") or "in_operation",
        )
