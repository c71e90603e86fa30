"""What a request may carry to the database: one set of bounds for forms, filters, imports and
constraints, so that the same input gets the same Vietnamese answer on SQLite and PostgreSQL.

Without them the database decided: SQLite raised OverflowError (a 500) on an id beyond 64 bits
and stored a count of 10^15, PostgreSQL refused counts over 2,147,483,647 with Django's generic
message, and users read internals such as "… nhỏ hơn hoặc bằng với 9223372036854775807 .".
"""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext

# Years of the movement's records: from the founding of the state to the end of the century.
MIN_YEAR = 1945
MAX_YEAR = 2100
MIN_DATE = datetime.date(MIN_YEAR, 1, 1)
MAX_DATE = datetime.date(MAX_YEAR, 12, 31)
# Models one unit reports in one field, and in all fields together: Vĩnh Long's 2019 total was
# about 22,000, so a million is generous and still far inside every database's integer.
MAX_COUNT = 1_000_000
# Ids are BigAutoFields: a positive 64-bit integer.
MAX_ID = 2**63 - 1


def _year_message() -> str:
    return gettext("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}


def _date_message() -> str:
    return gettext("Enter a date between %(min)s and %(max)s.") % {
        "min": MIN_DATE.strftime("%d/%m/%Y"),
        "max": MAX_DATE.strftime("%d/%m/%Y"),
    }


def _count_message() -> str:
    return gettext("Enter a number of models between 0 and %(max)s.") % {
        "max": number_format(MAX_COUNT, force_grouping=True)
    }


# Lazy: formatted in the language of the request that shows them. They carry no placeholder,
# so Django's "message % params" leaves them as they are.
year_message = lazy(_year_message, str)
date_message = lazy(_date_message, str)
count_message = lazy(_count_message, str)


def year_validators():
    return [MinValueValidator(MIN_YEAR, year_message()), MaxValueValidator(MAX_YEAR, year_message())]


def date_validators():
    return [MinValueValidator(MIN_DATE, date_message()), MaxValueValidator(MAX_DATE, date_message())]


def count_validators():
    return [MinValueValidator(0, count_message()), MaxValueValidator(MAX_COUNT, count_message())]


def bounded_formfield(db_field, **kwargs):
    """ModelForm formfield_callback: a whole-number field bounded by validators on its model field
    gets the same bounds and messages on the form (so -1 reads "between 0 and 1.000.000", not
    Django's "lớn hơn hoặc bằng 0", and the input carries min and max)."""
    if isinstance(db_field, models.IntegerField):
        messages = dict(kwargs.pop("error_messages", None) or {})
        for validator in db_field._validators:
            for kind, cls in (("min_value", MinValueValidator), ("max_value", MaxValueValidator)):
                if isinstance(validator, cls):
                    kwargs.setdefault(kind, validator.limit_value)
                    messages.setdefault(kind, validator.message)
        kwargs["error_messages"] = messages
    return db_field.formfield(**kwargs)


def year_field_kwargs(**kwargs) -> dict:
    """The arguments of a form's year field (filters): the bounds, with the one message."""
    messages = {"min_value": year_message(), "max_value": year_message()}
    return {"min_value": MIN_YEAR, "max_value": MAX_YEAR, "error_messages": messages, **kwargs}


def parse_id(value) -> int | None:
    """The id a request names, or None unless it is a plain positive 64-bit integer."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class BoundedIdMixin:
    """For ModelChoiceField and ModelMultipleChoiceField: a value that is not an id is an
    invalid choice before any query (SQLite raises OverflowError on an out-of-range id)."""

    def _chosen_by_id(self) -> bool:
        # A ForeignKey's form field names the primary key as its to_field_name.
        return self.to_field_name in (None, self.queryset.model._meta.pk.name)

    def bound_data(self, data, initial):
        """What a refused form shows again: not a non-id, which no widget could look up (the
        admin's autocomplete queries the shown ids, and SQLite overflowed there too)."""
        data = super().bound_data(data, initial)
        if self.disabled or not self._chosen_by_id():
            return data
        if isinstance(data, (list, tuple)):
            return [value for value in data if parse_id(value) is not None]
        return data if data in self.empty_values or parse_id(data) is not None else None

    def _checked(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return value
        if self._chosen_by_id() and parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return value


class QuerysetChoiceIterator(forms.models.ModelChoiceIterator):
    """A select's choices read from the field's queryset itself, so that its result cache serves
    every pass over them (the options, then the `required` check of the first one): one query per
    form, not two, and on PostgreSQL no server-side cursor (three round trips) for a few rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class IdChoiceField(BoundedIdMixin, forms.ModelChoiceField):
    iterator = QuerysetChoiceIterator

    def to_python(self, value):
        return super().to_python(self._checked(value))


class IdMultipleChoiceField(BoundedIdMixin, forms.ModelMultipleChoiceField):
    iterator = QuerysetChoiceIterator

    def _check_values(self, value):
        for item in value:
            self._checked(item)
        return super()._check_values(value)
