"""The report form (narrative and one line of counts per field) and the province's review forms."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.editing import DateTextInput, VersionedForm
from core.inputs import IdChoiceField, bounded_formfield
from models_registry.models import Field
from reports.models import COUNT_NAMES, RECOGNISED_NAMES, PeriodicReport, ReportLine
from reports.prefill import empty_counts
from reports.workflow import MAX_EXTENSION

NARRATIVE = ["results", "shortcomings", "next_tasks", "proposals"]


class PeriodicReportForm(VersionedForm):
    class Meta:
        model = PeriodicReport
        fields = NARRATIVE
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in NARRATIVE}


class ReportLineForm(forms.ModelForm):
    class Meta:
        model = ReportLine
        fields = ["field", *COUNT_NAMES]
        field_classes = {"field": IdChoiceField}
        formfield_callback = bounded_formfield
        widgets = {
            "field": forms.HiddenInput,
            **{name: forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}) for name in COUNT_NAMES},
        }

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(pk__in=[f.pk for f in fields])
        for name in COUNT_NAMES:
            self.fields[name].error_messages["invalid"] = _("Enter a whole number of models, e.g. 12.")

    def clean(self):
        cleaned = super().clean()
        recognised = [cleaned.get(name) for name in RECOGNISED_NAMES]
        in_operation = cleaned.get("in_operation")
        if in_operation is not None and None not in recognised and sum(recognised) > in_operation:
            self.add_error("in_operation", _(
                "Cannot be fewer than the models recognised (%(recognised)s): recognised models are counted "
                "among those in operation."
            ) % {"recognised": number_format(sum(recognised), force_grouping=True)})
        return cleaned


class BaseLineFormSet(forms.BaseInlineFormSet):
    """Exactly one line per field of the report: no field twice, none missing. A new line is saved
    even when it keeps the registry's figures it was prefilled with (Django skips an extra form
    left as it was offered)."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        return kwargs if index is None else {**kwargs, "empty_permitted": False}

    def save_new_objects(self, commit=True):
        self.new_objects = [self.save_new(form, commit=commit) for form in self.extra_forms]
        return self.new_objects

    def clean(self):
        seen = set()
        for form in self.forms:
            field = form.cleaned_data.get("field") if hasattr(form, "cleaned_data") else None
            if field is None:
                continue
            if field.pk in seen:
                form.add_error(None, _("This field already has a line above."))
            seen.add(field.pk)
        missing = [field.name for field in self.report_fields if field.pk not in seen]
        if missing and not any(form.errors for form in self.forms):
            raise forms.ValidationError(_("Figures are missing for: %(fields)s.") % {"fields": ", ".join(missing)})


def report_fields(report) -> tuple[list, set]:
    """The fields a report has lines for (every active field, and those it already has), and the
    ids of those it has."""
    present = set(report.lines.values_list("field_id", flat=True)) if report.pk else set()
    return list(Field.objects.filter(Q(is_active=True) | Q(pk__in=present))), present


def line_formset(report, registry, data=None):
    """One form per field of the report; a field without a line yet starts from the registry's
    counts (`registry`: reports.prefill.registry_counts). Each form carries its `field_obj` and
    `registry` counts, for the page to show the difference."""
    fields, present = report_fields(report)
    period = report.period
    missing = [f for f in fields if f.pk not in present]
    initial = [{"field": f.pk, **{k: v or 0 for k, v in registry.get(f.pk, empty_counts(period)).items()}}
               for f in missing]
    factory = forms.inlineformset_factory(
        PeriodicReport, ReportLine, form=ReportLineForm, formset=BaseLineFormSet, extra=len(missing),
        can_delete=False, max_num=len(fields), absolute_max=len(fields), validate_max=True,
    )
    formset = factory(data, instance=report, prefix="lines", initial=initial, form_kwargs={"fields": fields},
                      queryset=ReportLine.objects.select_related("field"))
    formset.report_fields = fields
    by_pk = {f.pk: f for f in fields}
    for form in formset.forms:
        field_id = form.instance.field_id or form.initial.get("field")
        form.field_obj = by_pk.get(field_id)
        form.registry = registry.get(field_id, empty_counts(period))
    return formset


class ReturnForm(forms.Form):
    """Return a submitted report (or reopen an approved one): the reason is required."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    comment = forms.CharField(label=_("Comment for the unit"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Say what the unit must correct.")})


class ReopenForm(ReturnForm):
    comment = forms.CharField(label=_("Reason for reopening"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("Give the reason for reopening: it is kept in the "
                                                            "history.")})


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ExtendForm(forms.Form):
    """Reopen entry for one unit after the period closed: until a day, with a reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1, required=False)
    until = forms.DateField(label=_("Entry open until"), widget=DateTextInput)
    comment = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("Give the reason for reopening entry: it is kept in "
                                                            "the history.")})

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if until > today + MAX_EXTENSION:
            raise forms.ValidationError(_("Choose a day within a year from today (until %(date)s).") % {
                "date": f"{today + MAX_EXTENSION:%d/%m/%Y}"})
        return until


def default_extension(period) -> datetime.date:
    """What the reopening form proposes: the kind's grace days from today."""
    return timezone.localdate() + datetime.timedelta(days=max(period.kind.grace_days, 1))
