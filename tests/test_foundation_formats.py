"""Vietnamese numbers and dates: 3.372; 50,5; dd/mm/yyyy — and 05/07/2025 is the 5th of July."""

import datetime
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import formats, translation

from core.text import fold


def test_numbers_are_grouped_with_dots_and_decimals_use_a_comma():
    with translation.override("vi"):
        assert formats.number_format(3372, force_grouping=True) == "3.372"
        assert formats.number_format(1234567, force_grouping=True) == "1.234.567"
        assert formats.localize(Decimal("50.5")) == "50,5"
        assert formats.localize(9.86) == "9,86"


def test_templates_group_quantities_but_not_years():
    template = Template("{% load humanize %}{{ n|intcomma }} {{ year }}")
    with translation.override("vi"):
        assert template.render(Context({"n": 3372, "year": 2023})) == "3.372 2023"


def test_dates_are_shown_as_dd_mm_yyyy():
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2025, 7, 5), "SHORT_DATE_FORMAT") == "05/07/2025"
        assert formats.date_format(datetime.date(2023, 6, 5)) == "05/06/2023"


def test_05_07_2025_is_read_as_the_fifth_of_july():
    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("vi"):
        form = DateForm({"day": "05/07/2025"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2025, 7, 5)


def test_decimal_input_accepts_a_comma():
    class AmountForm(forms.Form):
        amount = forms.DecimalField(localize=True)

    with translation.override("vi"):
        form = AmountForm({"amount": "50,5"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["amount"] == Decimal("50.5")


def test_week_starts_on_monday():
    with translation.override("vi"):
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_fold_removes_accents_case_and_d_stroke():
    assert fold("Đồng Môn") == "dong mon"
    assert fold("  CẨM   Xuyên ") == "cam xuyen"
    assert fold("Thạch Hạ") == "thach ha"
    assert fold("") == ""
