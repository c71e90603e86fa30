"""Numbers as Vietnamese readers write them: 400, 50,5, 9,86, 3.372 — never 400.0000."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format


def plain_number(value) -> str:
    """A number in the active locale, without the trailing zeros a DecimalField keeps:
    Decimal("400.0000") -> "400", Decimal("50.5000") -> "50,5", 1234.5 -> "1.234,5"."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()  # 400.0000 -> 4E+2, which number_format writes as 400
    return number_format(value, force_grouping=True)


class PlainDecimalField(forms.DecimalField):
    """A decimal typed and shown in the active locale, without trailing zeros ("50,5", not
    "50.5000"); no thousands separator inside the input, which reads the same value back."""

    def __init__(self, **kwargs):
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value.normalize())
        return value
