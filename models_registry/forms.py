"""Data-entry forms of the registry; every choice is narrowed through scoping."""

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.collation import vi_order
from danvan.editing import (
    SearchSelect,
    SearchSelectMultiple,
    UnitChoiceField,
    UnitMultipleChoiceField,
    VersionedForm,
)
from danvan.inputs import IdChoiceField, bounded_formfield
from models_registry import scoping
from models_registry.models import AdministrativeUnit, Field, MobilizationModel

OUT_OF_SCOPE = _("Choose a unit within your area of responsibility.")


def units_for(user, action):
    """Units for a picker, in Vietnamese order; ASSIGN: only those in the user's scope."""
    units = AdministrativeUnit.objects.restrict(user, action).select_related("parent")
    return units.order_by(vi_order("name"), "valid_from", "pk")


class MobilizationModelForm(VersionedForm):
    """The registration of a model: its ten items, where it runs and where it spread."""

    class Meta:
        model = MobilizationModel
        fields = [
            "name", "field", "unit", "kind", "host_type", "host_name", "year_started",
            "recognition_level", "recognition_year", "is_exemplary", "status", "is_published",
            "rationale", "objectives", "content", "area_and_beneficiaries", "implementers",
            "resources", "timeframe", "outputs", "sustainability", "replicated_in",
        ]
        field_classes = {"field": IdChoiceField, "unit": UnitChoiceField, "replicated_in": UnitMultipleChoiceField}
        formfield_callback = bounded_formfield
        widgets = {
            "unit": SearchSelect("models_registry:unit_search", scoping.ASSIGN),
            "replicated_in": SearchSelectMultiple("models_registry:unit_search", only_selected=True),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in [
                "rationale", "objectives", "content", "area_and_beneficiaries", "implementers",
                "resources", "timeframe", "outputs", "sustainability",
            ]},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(is_active=True) | Field.objects.filter(
            pk=self.instance.field_id or 0
        )
        self.fields["unit"].queryset = units_for(user, scoping.ASSIGN)
        self.fields["unit"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        self.fields["replicated_in"].queryset = units_for(user, scoping.VIEW)
        if scoping.role_of(user) is scoping.Role.LOCAL:
            # A local officer's models are drafts until the province publishes them.
            del self.fields["is_published"]
