"""Data-entry forms of the registry; every choice is narrowed through scoping."""

import datetime

from django import forms
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.collation import vi_order
from core.editing import (
    SearchSelect,
    SearchSelectMultiple,
    UnitChoiceField,
    UnitMultipleChoiceField,
    VersionedForm,
)
from core.inputs import IdChoiceField, bounded_formfield
from models_registry.models import Field, MobilizationModel
from units import scoping
from units.models import AdministrativeUnit

OUT_OF_SCOPE = _("Choose a unit within your area of responsibility.")
# Why a model may not go to a unit that is not valid today (`unit_date_error`).
MERGED = _("%(unit)s was merged into %(successors)s on %(date)s: choose the unit of today (for a model of the "
           "past, enter the year it started).")
MERGED_BEFORE_YEAR = _("%(unit)s was merged into %(successors)s on %(date)s and did not exist in %(year)s, the year "
                       "the model started: choose the unit of today or one of that year.")
GONE = _("%(unit)s no longer exists since %(date)s: choose the unit of today (for a model of the past, enter the "
         "year it started).")
GONE_BEFORE_YEAR = _("%(unit)s no longer exists since %(date)s and did not exist in %(year)s, the year the model "
                     "started: choose the unit of today or one of that year.")
NOT_YET = _("%(unit)s only exists from %(date)s: choose the unit of today.")


def units_for(user, action):
    """Units for a picker: those valid today first, then the others (closed, or not yet
    valid), each part in Vietnamese order; ASSIGN: only those in the user's scope."""
    units = AdministrativeUnit.objects.restrict(user, action).select_related("parent")
    today = timezone.localdate()
    not_today = Case(When(Q(valid_until__lt=today) | Q(valid_from__gt=today), then=1), default=0)
    # No start date: the oldest version (both databases put it first, not only SQLite).
    oldest_first = F("valid_from").asc(nulls_first=True)
    return units.alias(not_today=not_today).order_by("not_today", vi_order("name"), oldest_first, "pk")


class MobilizationModelForm(VersionedForm):
    """The registration of a model: its ten items, where it runs and where it spread."""

    class Meta:
        model = MobilizationModel
        fields = [
            "name", "field", "unit", "kind", "host_type", "host_name", "year_started",
            "recognition_level", "recognition_year", "is_exemplary", "status",
            "rationale", "objectives", "content", "area_and_beneficiaries", "implementers",
            "resources", "timeframe", "outputs", "sustainability", "replicated_in",
        ]
        field_classes = {"field": IdChoiceField, "unit": UnitChoiceField, "replicated_in": UnitMultipleChoiceField}
        formfield_callback = bounded_formfield
        widgets = {
            "unit": SearchSelect("models_registry:unit_search", scoping.Action.ASSIGN),
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
        self.fields["unit"].queryset = units_for(user, scoping.Action.ASSIGN)
        self.fields["unit"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        self.fields["replicated_in"].queryset = units_for(user, scoping.Action.VIEW)

    def clean(self):
        cleaned_data = super().clean()
        unit = cleaned_data.get("unit")
        # A model keeps the unit it was filed under; the check is for where it goes now.
        placed = self.instance.pk is None or {"unit", "year_started"} & set(self.changed_data)
        if unit is not None and placed:
            error = unit_date_error(unit, cleaned_data.get("year_started"), timezone.localdate())
            if error:
                self.add_error("unit", error)
        return cleaned_data


class ReturnForm(forms.Form):
    """Returning a model awaiting approval: the reviewer says why (required)."""

    comment = forms.CharField(
        label=_("Why it is returned"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why the model is returned: the comment is required.")},
    )


def unit_date_error(unit, year: int | None, today: datetime.date) -> str | None:
    """Why a model may not go to `unit`, or None. A model goes to a unit valid today, or, a
    model of the past, to one that existed in the year it started; the error names the units
    of today that the closed unit went into."""
    if unit.is_valid_on(today) or (year and year <= today.year and unit.existed_in(year)):
        return None
    values = {"unit": f"{unit.name} ({unit.parent.name})" if unit.parent_id else unit.name, "year": year}
    if unit.valid_from and unit.valid_from > today:
        return NOT_YET % {**values, "date": f"{unit.valid_from:%d/%m/%Y}"}
    successors = unit.successors_valid_on(today)
    if successors:
        since = min(s.valid_from or today for s in successors)
        values.update(successors=", ".join(s.name for s in successors), date=f"{since:%d/%m/%Y}")
        return (MERGED_BEFORE_YEAR if year else MERGED) % values
    values["date"] = f"{unit.valid_until + datetime.timedelta(days=1):%d/%m/%Y}"
    return (GONE_BEFORE_YEAR if year else GONE) % values
