"""Finding the unit or field a row names, by code or by name ignoring accents and case.

A name that fits two units, or none, is an error for that row: we never guess. Codes
alone do not identify a unit across time (18073 was phường Nam Hà, is now phường Thành
Sen), so a row may add the parent unit's name to tell versions apart.
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from core.cells import CellError
from core.text import fold
from units.models import AdministrativeUnit

_PREFIX = re.compile(r"^(tinh|thanh pho|tp|thi xa|tx|huyen|quan|xa|phuong|thi tran|tt|dac khu) ")


_PUNCTUATION = re.compile(r"[^\w]+")


def key(text: str) -> str:
    """fold() and punctuation as spaces: 'Văn hóa – xã hội' and 'van hoa - xa hoi' match."""
    return _PUNCTUATION.sub(" ", fold(text)).strip()


def name_keys(name: str) -> set[str]:
    """'Huyện Cẩm Xuyên' -> {'huyen cam xuyen', 'cam xuyen'}; 'TP. Hà Tĩnh' -> {'tp ha tinh', 'ha tinh'}."""
    folded = key(name)
    return {folded, _PREFIX.sub("", folded)}


def describe(unit) -> str:
    parent = f", {unit.parent.name}" if unit.parent_id else ""
    return f"{unit.name}{parent} ({unit.code})"


class UnitMatcher:
    """All units in memory, indexed by code and by folded name (one query). A file names the same
    few hundred units over and over: each way of naming one is matched once."""

    def __init__(self, queryset=None):
        queryset = queryset if queryset is not None else AdministrativeUnit.objects.all()
        self.by_code = defaultdict(list)
        self.by_name = defaultdict(list)
        self.found = {}  # (code, name, parent, on) -> the unit they name
        for unit in queryset.select_related("parent"):
            self.by_code[unit.code].append(unit)
            for key in name_keys(unit.name):
                self.by_name[key].append(unit)

    def match(self, code: str, name: str, parent: str = "", on=None):
        """The one unit that `code`, `name` and `parent` name (valid `on` that day, when several
        fit); CellError saying why when none or several do."""
        asked = (code, name, parent, on)
        if asked not in self.found:
            self.found[asked] = self.find(code, name, parent, on)
        return self.found[asked]

    def find(self, code: str, name: str, parent: str = "", on=None):
        if not code and not name:
            raise CellError(_("the unit is missing: give its code or its name"))
        candidates = self.by_code.get(code, []) if code else self.by_name.get(key(name), [])
        if code and not candidates:
            raise CellError(_("no unit has the code “%(code)s”") % {"code": code})
        if code and name:
            candidates = [u for u in candidates if key(name) in name_keys(u.name)]
            if not candidates:
                raise CellError(
                    _("the code “%(code)s” belongs to %(units)s, not to “%(name)s”")
                    % {"code": code, "name": name, "units": ", ".join(u.name for u in self.by_code[code])}
                )
        if parent:
            candidates = [u for u in candidates if u.parent_id and key(parent) in name_keys(u.parent.name)]
        if on is not None and len(candidates) > 1:
            candidates = [u for u in candidates if u.is_valid_on(on)]
        if not candidates:
            wanted = " / ".join(filter(None, [name, parent]))
            raise CellError(_("no unit called “%(name)s” was found") % {"name": wanted})
        if len(candidates) > 1:
            raise CellError(
                _("“%(name)s” fits several units: %(units)s. Add the unit code or the parent unit.")
                % {"name": name or code, "units": "; ".join(describe(u) for u in candidates)}
            )
        return candidates[0]
