"""Turning one cell into a typed value, with a Vietnamese reason when it cannot be."""

import datetime
import re

from django.utils.translation import gettext as _

from core.text import fold


class CellError(ValueError):
    """A cell's value is unusable; the message names the column and says why."""


_TRUE = {"co", "x", "1", "true", "yes", "dung"}
_FALSE = {"khong", "0", "false", "no", "sai"}
# ASCII digits only: `int()` and `\d` also take "２０１５" or "١٢", and `str.isdigit()` passes
# "²⁰¹⁵", which `int()` then refuses. What the preview accepts must be what is written.
_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
# 2015, -3, or thousands grouped by dots as typed in Vietnam (3.372; 1.000.000), never "2.5".
_INTEGER = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)")
_SPACES = re.compile(r"[ \u00a0\u202f]")  # spaces Excel or a keyboard may put inside a number


def text(value, header: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time):
        raise CellError(
            _("column “%(column)s” holds a date, but it needs text (format the cell as Text)") % {"column": header}
        )
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value).strip()
    if "\x00" in value:  # PostgreSQL stores no NUL character in text; SQLite would
        raise CellError(_("column “%(column)s” holds an invisible NUL character: retype the cell") % {"column": header})
    return value


def integer(value, header: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time):
        raise CellError(_("column “%(column)s” needs a whole number") % {"column": header})
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("column “%(column)s” needs a whole number") % {"column": header})
        return int(value)
    if isinstance(value, int):
        return value
    cleaned = _SPACES.sub("", str(value).strip())
    if not _INTEGER.fullmatch(cleaned):
        raise CellError(
            _("column “%(column)s” needs a whole number, not “%(value)s”") % {"column": header, "value": value}
        )
    return int(cleaned.replace(".", ""))


def boolean(value, header: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    key = fold(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(
        _("column “%(column)s” needs “Có” or “Không”, not “%(value)s”") % {"column": header, "value": value}
    )


def date(value, header: str) -> datetime.date | None:
    """A date cell, or text written dd/mm/yyyy (the only text form we accept: 05/06/2023
    means 5 June, never May 6)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE.fullmatch(str(value).strip())
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise CellError(
        _("column “%(column)s” needs a date written dd/mm/yyyy (e.g. 05/06/2023), not “%(value)s”")
        % {"column": header, "value": value}
    )


class Choices:
    """A choice given by its stored value or by its (Vietnamese) label, ignoring accents and
    case. Built once per import: folding every label for every row is what made it slow."""

    def __init__(self, choices):
        self.labels = ", ".join(str(label) for _stored, label in choices)
        self.values = {}
        for stored, label in choices:
            self.values[fold(stored)] = self.values[fold(str(label))] = stored

    def __call__(self, value, header: str) -> str | None:
        if value is None or value == "":
            return None
        stored = self.values.get(fold(str(value)))
        if stored is None:
            raise CellError(
                _("column “%(column)s”: “%(value)s” is not one of: %(labels)s")
                % {"column": header, "value": value, "labels": self.labels}
            )
        return stored
