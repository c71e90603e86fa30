"""The survey entry page's forms: the session and its parts, as one unit of work."""

from django import forms
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.editing import (
    DateTextInput,
    SearchSelect,
    SearchSelectMultiple,
    UnitChoiceField,
    VersionedForm,
    unit_label,
)
from core.inputs import MAX_COUNT, IdChoiceField, IdMultipleChoiceField, bounded_formfield, parse_id
from core.numbers import PlainDecimalField
from models_registry.forms import OUT_OF_SCOPE, units_for
from models_registry.models import Field, MobilizationModel
from surveys.models import (
    DUE_BEFORE_SESSION,
    FollowUpStatus,
    Indicator,
    Proposal,
    Recommendation,
    ReportedCount,
    SurveySession,
)
from units import scoping
from units.models import AdministrativeUnit

# Rows one table of a session may have. A tampered TOTAL_FORMS (10^20) would otherwise build and
# render Django's absolute maximum of 2,000 forms per table on every such request.
MAX_ROWS = 100
ROW_BOUNDS = {"max_num": MAX_ROWS, "absolute_max": MAX_ROWS, "validate_max": True}


class SurveySessionForm(VersionedForm):
    class Meta:
        model = SurveySession
        fields = [
            "title", "date", "unit", "period_start", "period_end", "delegation", "head_name", "head_title",
            "chairs", "reported_total", "status", "summary", "conclusion", "visited_models", "source",
        ]
        field_classes = {"unit": UnitChoiceField, "visited_models": IdMultipleChoiceField}
        formfield_callback = bounded_formfield
        widgets = {
            "date": DateTextInput,
            "unit": SearchSelect("models_registry:unit_search", scoping.Action.ASSIGN),
            "visited_models": SearchSelectMultiple("models_registry:model_search", only_selected=True),
            "chairs": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, scoping.Action.ASSIGN)
        self.fields["unit"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        self.fields["visited_models"].queryset = (
            MobilizationModel.objects.restrict(user, scoping.Action.VIEW).order_by("name", "pk")
        )
        self.fields["reported_total"].widget.attrs["data-total-of"] = "counts"

    def check_total(self, counts) -> bool:
        """The optional reported total must equal the sum of the counts by field (`counts`, the
        validated formset). Checked on every save, beside the other errors of the page: while a
        count is wrong the sum is unknown, and the total says so instead of staying silent."""
        reported = self.cleaned_data.get("reported_total")
        if reported is None:
            return True
        if not counts.is_valid():
            self.add_error("reported_total", _(
                "The total cannot be checked until the counts by field marked in red are corrected."
            ))
            return False
        session = SurveySession(reported_total=reported)
        if mismatch := session.total_mismatch(counts.counts_sum()):
            self.add_error("reported_total", f"{capfirst(mismatch)}.")
            return False
        return True


class ReportedCountForm(forms.ModelForm):
    class Meta:
        model = ReportedCount
        fields = ["field", "count"]
        field_classes = {"field": IdChoiceField}
        formfield_callback = bounded_formfield
        widgets = {"count": forms.NumberInput(attrs={"min": 0, "data-count": "1", "inputmode": "numeric"})}

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        # `fields`: the formset's choices, read once for all its rows (not one query per row).
        self.fields["field"].queryset = Field.objects.filter(pk__in=[f.pk for f in fields])
        self.fields["field"].choices = [("", "---------"), *((f.pk, f.name) for f in fields)]
        self.fields["count"].error_messages.update(
            min_value=_("The number of models cannot be negative."),
            invalid=_("Enter a whole number of models, e.g. 1205."),
        )


class BaseCountFormSet(forms.BaseInlineFormSet):
    def kept_forms(self):
        return [
            form for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]

    def clean(self):
        # One row per field: say so next to the second row rather than failing on the constraint.
        seen = set()
        for form in self.kept_forms():
            field = form.cleaned_data.get("field")
            if field is None:
                continue
            if field.pk in seen:
                form.add_error("field", _("This field already has a row above."))
            seen.add(field.pk)
        if not any(form.errors for form in self.forms) and self.counts_sum() > MAX_COUNT:
            raise forms.ValidationError(
                _("The counts add up to %(sum)s, more than the %(max)s models a unit can report.") % {
                    "sum": number_format(self.counts_sum(), force_grouping=True),
                    "max": number_format(MAX_COUNT, force_grouping=True),
                }
            )

    def counts_sum(self) -> int:
        return sum(form.cleaned_data.get("count") or 0 for form in self.kept_forms())


def count_formset(session, data=None):
    """The counts, pre-filled with one row for every active field that has none yet."""
    present = set(session.reported_counts.values_list("field_id", flat=True)) if session.pk else set()
    fields = list(Field.objects.filter(Q(is_active=True) | Q(pk__in=present)))
    missing = [{"field": f.pk} for f in fields if f.is_active and f.pk not in present]
    factory = forms.inlineformset_factory(
        SurveySession, ReportedCount, form=ReportedCountForm, formset=BaseCountFormSet,
        extra=len(missing), can_delete=True, **ROW_BOUNDS,
    )
    return factory(data, instance=session, prefix="counts", initial=missing, form_kwargs={"fields": fields},
                   queryset=ReportedCount.objects.select_related("field"))


class PartFormSet(forms.BaseInlineFormSet):
    """The formset of one kind of a session's parts; `user` narrows what its rows may name."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class RecommendationFormSet(PartFormSet):
    """The session's conclusions and requests: the responsible unit among those the user may
    file records under; a due date not before the session's date (the date being entered)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The session as it is being entered (its new date), for the due date's check.
        form.instance.session = self.instance
        return self.narrowed(form)

    @property
    def empty_form(self):
        return self.narrowed(super().empty_form)

    def narrowed(self, form):
        field = form.fields["responsible_unit"]
        field.queryset = units_for(self.user, scoping.Action.ASSIGN) if self.user else field.queryset.none()
        field.error_messages["invalid_choice"] = OUT_OF_SCOPE
        return form

    @cached_property
    def forms(self):
        """The rows, each picker carrying only its chosen unit, all read in one query (the
        picker finds the others), not one query per row."""
        forms = super().forms
        chosen = {form: parse_id(form["responsible_unit"].value()) for form in forms}
        wanted = {pk for pk in chosen.values() if pk is not None}
        units = AdministrativeUnit.objects.select_related("parent").in_bulk(wanted) if wanted else {}
        for form, pk in chosen.items():
            options = [(pk, unit_label(units[pk]))] if pk in units else []
            form.fields["responsible_unit"].widget.choices = [("", "---------"), *options]
        return forms

    def clean(self):
        super().clean()
        day = self.instance.date
        for form in self.forms:
            due = getattr(form, "cleaned_data", {}).get("due_date")
            if day and due and due < day and "due_date" not in form.errors and not self._should_delete_form(form):
                form.add_error("due_date", DUE_BEFORE_SESSION % {"date": day.strftime("%d/%m/%Y")})


def _parts_factory(model, fields, widgets=None, formset=PartFormSet, **extra):
    return forms.inlineformset_factory(
        SurveySession, model, fields=fields, extra=1, can_delete=True, widgets=widgets or {},
        formfield_callback=bounded_formfield, formset=formset, **ROW_BOUNDS, **extra,
    )


IndicatorFormSet = _parts_factory(
    Indicator, ["name", "value_text", "value_number", "unit_of_measure", "year"],
    field_classes={"value_number": PlainDecimalField},
)
ProposalFormSet = _parts_factory(
    Proposal, ["raised_by", "text"], widgets={"text": forms.Textarea(attrs={"rows": 2})}
)
RecommendationPartFormSet = _parts_factory(
    Recommendation, ["text", "responsible", "responsible_unit", "due_date", "follow_up_status"],
    widgets={
        "text": forms.Textarea(attrs={"rows": 2}), "due_date": DateTextInput,
        "responsible_unit": SearchSelect("models_registry:unit_search", scoping.Action.ASSIGN, only_selected=True),
    },
    field_classes={"responsible_unit": UnitChoiceField}, formset=RecommendationFormSet,
)
PART_FORMSETS = [("indicators", IndicatorFormSet), ("proposals", ProposalFormSet),
                 ("recommendations", RecommendationPartFormSet)]


class FollowUpForm(forms.Form):
    """Following up one request: a new status, a progress note, or both."""

    status = forms.ChoiceField(label=_("Follow-up status"), choices=FollowUpStatus.choices)
    note = forms.CharField(
        label=_("Progress note"), required=False, max_length=5000, strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, and when. Notes are kept, dated and signed, in the request's history."),
    )

    def __init__(self, *args, recommendation, **kwargs):
        self.recommendation = recommendation
        super().__init__(*args, initial={"status": recommendation.follow_up_status}, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if status and status == self.recommendation.follow_up_status and not cleaned_data.get("note"):
            raise forms.ValidationError(_("Nothing to save: change the status or write a progress note."))
        return cleaned_data
