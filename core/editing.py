"""What the data-entry pages of every app share: optimistic locking and the unit picker.

Optimistic locking: a form carries the `version` it was loaded with in a hidden input. Saving
first claims that version (core/versioning.py, the one way every write path claims it) inside
the same transaction as the save; if someone else saved in between, the save is refused.
"""

import copy
import datetime
from urllib.parse import urlencode

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import versioning
from core.inputs import IdChoiceField, IdMultipleChoiceField, parse_id


class VersionedForm(forms.ModelForm):
    """A ModelForm with a hidden `version`: the version of the record the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def claim_version(self, user) -> bool:
        """Claim the version the user started from and stamp them as the author.

        Call inside transaction.atomic(), before any other write. False: someone saved first
        (the error is added to the form)."""
        if not versioning.claim_for_save(self.instance, self.cleaned_data.get("version"), user):
            self.add_error(None, versioning.STALE_MESSAGE)
            return False
        return True

    def save_by(self, user, formsets=()) -> bool:
        """Save the record, its many-to-many choices and `formsets` (its parts) in one
        transaction, as `user`. False, with nothing written, if someone else saved first."""
        with transaction.atomic():
            if not self.claim_version(user):
                return False
            obj = self.save(commit=False)
            obj.save()
            self.save_m2m()
            for formset in formsets:
                formset.instance = obj
                for order, part_form in enumerate(formset.forms, start=1):
                    if hasattr(part_form.instance, "order"):
                        part_form.instance.order = order
                formset.save()
        return True


class DateTextInput(forms.DateInput):
    """A date typed as dd/mm/yyyy whatever the browser's language.

    A native <input type=date> shows mm/dd/yyyy in an English browser and sends nothing at all
    for a date it cannot read, so the date was silently lost; this text input sends what was
    typed, which the form reads with the Vietnamese DATE_INPUT_FORMATS or refuses with an error.
    A page that has such inputs loads static/js/datepicker.js for a calendar button."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            # Browsers compile `pattern` with the v flag, where "/" and "-" in a class need "\".
            "pattern": r"\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}",
            "size": 10,
            # static/js/datepicker.js: a calendar button that writes dd/mm/yyyy into the input.
            "data-calendar": _("Choose the date on a calendar"),
            "data-calendar-button": _("Calendar"),
            "data-calendar-previous": _("Previous month"),
            "data-calendar-next": _("Next month"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class SearchSelect(forms.Select):
    """A <select> that static/js/picker.js turns into a search-as-you-type picker.

    Without JavaScript it is a plain <select> of the allowed choices. With `only_selected`
    (for long lists, like the registry's thousands of models) the page carries only the chosen
    options and the rest come from the search; validation still uses the whole queryset."""

    def __init__(self, url_name: str, action: str = "", attrs=None, only_selected=False):
        """`action`: the search's `?action=` (a `units.scoping.Action`), none for the default (view)."""
        self.url_name = url_name
        self.action = action
        self.only_selected = only_selected
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse(self.url_name)
        if self.action:
            url += f"?{urlencode({'action': self.action})}"
        context["widget"]["attrs"].update({
            "data-search-url": url,
            # What picker.js says (shown, or read out by screen readers).
            "data-no-results": gettext("Nothing found."),
            "data-results-label": gettext("%(count)s found: choose with the arrow keys and Enter, or click."),
            "data-chosen-label": gettext("Chosen: %(name)s"),
        })
        return context

    def optgroups(self, name, value, attrs=None):
        if self.only_selected and hasattr(self.choices, "queryset"):
            chosen = [number for number in map(parse_id, value) if number is not None]
            choices = self.choices
            if chosen:
                self.choices = copy.copy(choices)
                self.choices.queryset = choices.queryset.filter(pk__in=chosen)
            else:  # only the empty choice: no query to build (its ordering costs more than the page's rows)
                self.choices = [] if choices.field.empty_label is None else [("", choices.field.empty_label)]
        return super().optgroups(name, value, attrs)


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    pass


def unit_label(unit, today: datetime.date | None = None) -> str:
    """How a unit reads in a picker: its name, its parent's, and its validity unless it is
    valid today with no end: 'Xã Cẩm Bình — Huyện Cẩm Xuyên (đến 31/12/2024)', 'Xã Cẩm Bình —
    Thành phố Hà Tĩnh (01/01/2025 – 30/06/2025)', 'Xã Cẩm Bình — Tỉnh Hà Tĩnh'."""
    parent = f" — {unit.parent.name}" if unit.parent_id else ""
    validity = validity_label(unit, today or timezone.localdate())
    return f"{unit.name}{parent} ({validity})" if validity else f"{unit.name}{parent}"


def validity_label(unit, today: datetime.date) -> str:
    start, end = unit.valid_from, unit.valid_until
    if start and end:
        return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    if end:
        return gettext("until %(date)s") % {"date": f"{end:%d/%m/%Y}"}
    if start and start > today:
        return gettext("from %(date)s") % {"date": f"{start:%d/%m/%Y}"}
    return ""


class UnitChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class UnitMultipleChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


# Msgids our catalogue must carry although no code of ours passes them to gettext:
# AdministrativeUnit.__str__ says "(until …)" in an f-string, which makemessages cannot see;
# Django's own Vietnamese for some form errors reads badly or is missing ("Nhập một số tổng thể."), and
# LOCALE_PATHS come before Django's catalogue.
CATALOGUE_ONLY = [
    _("until"),
    _("Enter a whole number."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    # Missing from Django's Vietnamese: the login page's error.
    _("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
]
