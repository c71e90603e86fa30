"""The registry's one FilterSet: what /mo-hinh/ can be narrowed and sorted by."""

import django_filters
from django import forms
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import dataversion
from core.collation import vi_order
from core.editing import SearchSelect, UnitChoiceField
from core.inputs import IdChoiceField, year_field_kwargs
from core.search import folded_search
from models_registry.forms import units_for
from models_registry.models import Field, MobilizationModel, ModelKind, ModelStatus, RecognitionLevel
from units import scoping, today
from units.models import AdministrativeUnit

ALL = _("— all —")
# ?sort= value -> (label, the ordering; a function because the collation depends on the database).
SORTS = {
    "name": (_("Name A–Z"), lambda: [vi_order("name"), "pk"]),
    "-name": (_("Name Z–A"), lambda: [vi_order("name").desc(), "-pk"]),
    "-year": (_("Newest first"), lambda: [F("year_started").desc(nulls_last=True), vi_order("name"), "pk"]),
    "year": (_("Oldest first"), lambda: [F("year_started").asc(nulls_last=True), vi_order("name"), "pk"]),
    "-updated": (_("Recently updated"), lambda: ["-updated_at", "-pk"]),
}


class IdFilter(django_filters.ModelChoiceFilter):
    """A choice of one row by its id, checked to be one before any query."""

    field_class = IdChoiceField


class YearFilter(django_filters.NumberFilter):
    """A year between the bounds (a whole number, not django-filter's decimal)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **year_field_kwargs(**kwargs))


class UnitFilter(IdFilter):
    """A unit picker (search as you type) for filters."""

    field_class = UnitChoiceField

    def __init__(self, *args, **kwargs):
        # The list pages are the public's: send only the chosen unit, the picker finds the rest.
        kwargs.setdefault("widget", SearchSelect("models_registry:unit_search", only_selected=True))
        super().__init__(*args, **kwargs)


def label(name):
    """A filter on a model's field is labelled as the field is everywhere else (its verbose_name)."""
    return capfirst(MobilizationModel._meta.get_field(name).verbose_name)


def search(queryset, name, value):
    """Accent- and case-blind search on the folded `search_text` column."""
    return folded_search(queryset, value)


class UnitScopedFilterSet(django_filters.FilterSet):
    """A FilterSet with a `unit` filter: the records of the unit over time, by the scope rule
    (`AdministrativeUnit.units_in_scope`); the picker offers the units the user may look up."""

    unit = UnitFilter(label=_("Unit"), queryset=None, method="in_unit", empty_label=ALL)

    field_order = None  # names to show first in the filter form

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["unit"].queryset = units_for(user, scoping.Action.VIEW)
        self.narrow(user)
        self.form.order_fields(self.field_order)

    def narrow(self, user):
        """Narrow other filters' choices to what `user` may see (called before the form is built;
        the choices may depend on the user's role and scope only, as `fields_html`'s key does)."""

    def fields_html(self):
        """The filter form's fields, rendered. With no filter chosen (a list as first opened, or
        only paginated) they are the same on every view until the data change (their choices are
        rows: fields, units), so they are kept under the data version: rendering a form's widgets
        costs more than the rest of a list page."""
        form = self.form
        render = lambda: render_to_string("includes/filter_fields.html", {"form": form})  # noqa: E731
        if any(name in (self.data or {}) for name in form.fields):
            return mark_safe(render())  # noqa: S308 (a template's output, escaped there)
        scope = scoping.scope_unit(self.user)
        key = (f"filters:{type(self).__name__}:{scoping.role_of(self.user)}:{scope.pk if scope else ''}"
               f":{get_language()}")
        return mark_safe(dataversion.remember(key, dataversion.DATA, render))  # noqa: S308

    def in_unit(self, queryset, name, unit):
        return queryset.filter(unit__in=unit.units_in_scope())


class MobilizationModelFilterSet(UnitScopedFilterSet):
    field_order = ["q", "field"]

    q = django_filters.CharFilter(label=_("Search"), method=search)
    field = IdFilter(label=label("field"), queryset=Field.objects.all(), empty_label=ALL)
    kind = django_filters.ChoiceFilter(label=label("kind"), choices=ModelKind.choices, empty_label=ALL)
    recognition_level = django_filters.ChoiceFilter(
        label=label("recognition_level"), choices=RecognitionLevel.choices, empty_label=ALL
    )
    exemplary = django_filters.ChoiceFilter(
        label=_("Exemplary"), choices=[("1", _("exemplary only"))], method="only_exemplary", empty_label=ALL
    )
    status = django_filters.ChoiceFilter(label=label("status"), choices=ModelStatus.choices, empty_label=ALL)
    year_from = YearFilter(label=_("Started from (year)"), field_name="year_started", lookup_expr="gte")
    year_to = YearFilter(label=_("Started until (year)"), field_name="year_started", lookup_expr="lte")
    # The dashboard's "today's units" links (hidden: kept by the form, described above the list).
    unit_today = IdFilter(label=_("Units of today"), queryset=AdministrativeUnit.objects.all(),
                          method="in_unit_today", widget=forms.HiddenInput)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=[(key, label) for key, (label, _order) in SORTS.items()],
        method="sorted_later", empty_label=None,
    )

    class Meta:
        model = MobilizationModel
        fields = []

    def only_exemplary(self, queryset, name, value):
        return queryset.filter(is_exemplary=True) if value == "1" else queryset

    def in_unit_today(self, queryset, name, unit):
        """The models a number of the dashboard's "today's units" table counts, by its placement
        rule (`units.today`): for a unit valid today, those of every unit (of the past or not)
        whose successors all lie in it or below it; for a closed unit (the row of a unit split
        among several new ones), those registered at that unit itself."""
        if unit.valid_until is not None:
            return queryset.filter(unit=unit)
        return queryset.filter(unit__in=today.mapping(unit, queryset.db).wholly_inside())

    def today_note(self):
        """The line above the list saying what `unit_today` selects, or ""."""
        unit = self.form.cleaned_data.get("unit_today") if self.form.is_valid() else None
        if unit is None:
            return ""
        if unit.valid_until is not None:
            return _("Models registered at %(unit)s itself (a former unit)") % {
                "unit": unit.name}
        return _("Models of the units that now belong to %(unit)s (former units included)") % {"unit": unit.name}

    def sorted_later(self, queryset, name, value):
        return queryset  # see filter_queryset: the default order applies without ?sort= too

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        _label, ordering = SORTS.get(self.form.cleaned_data.get("sort") or "name", SORTS["name"])
        return queryset.order_by(*ordering())
