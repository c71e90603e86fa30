"""Template filters every template has (settings.TEMPLATES "builtins")."""

from django import template

from core.numbers import plain_number as _plain_number

register = template.Library()


@register.filter
def plain_number(value):
    """{{ indicator.value_number|plain_number }}: 400, 50,5, 9,86 (see core/numbers.py)."""
    return _plain_number(value)
