"""The survey entry page's forms: the session and its parts, as one unit of work."""

from django import forms
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.editing import DateTextInput, SearchSelect, SearchSelectMultiple, UnitChoiceField, VersionedForm
from core.inputs import MAX_COUNT, IdChoiceField, IdMultipleChoiceField, bounded_formfield
from core.numbers import PlainDecimalField
from models_registry.forms import OUT_OF_SCOPE, units_for
from models_registry.models import Field, MobilizationModel
from surveys.models import Indicator, Proposal, Recommendation, ReportedCount, SurveySession
from units import scoping

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


def _parts_factory(model, fields, widgets=None, **extra):
    return forms.inlineformset_factory(
        SurveySession, model, fields=fields, extra=1, can_delete=True, widgets=widgets or {},
        formfield_callback=bounded_formfield, **ROW_BOUNDS, **extra,
    )


IndicatorFormSet = _parts_factory(
    Indicator, ["name", "value_text", "value_number", "unit_of_measure", "year"],
    field_classes={"value_number": PlainDecimalField},
)
ProposalFormSet = _parts_factory(
    Proposal, ["raised_by", "text"], widgets={"text": forms.Textarea(attrs={"rows": 2})}
)
RecommendationFormSet = _parts_factory(
    Recommendation, ["text", "responsible", "due_date", "follow_up_status"],
    widgets={"text": forms.Textarea(attrs={"rows": 2}), "due_date": DateTextInput},
)
PART_FORMSETS = [("indicators", IndicatorFormSet), ("proposals", ProposalFormSet),
                 ("recommendations", RecommendationFormSet)]


class FollowUpForm(forms.ModelForm):
    """The later follow-up of one recommendation, from the session's page."""

    class Meta:
        model = Recommendation
        fields = ["follow_up_status", "follow_up_note"]
        widgets = {"follow_up_note": forms.Textarea(attrs={"rows": 1, "placeholder": _("Follow-up note")})}
