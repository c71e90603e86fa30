"""The model import template as a workbook an officer can fill in without the manual.

Sheet 1 is what gets imported: the headers, the example row (refused if left in), and a
drop-down list on every coded column. Sheet 2 says what each column means and which values it
takes; sheet 3 lists the unit codes valid today (those the user may import into). The lists
behind the drop-downs sit on a hidden fourth sheet. Every cell goes through `xlsx_cell`, like
every export: text is never a formula. The CSV template can only hold the headers and the example.
"""

import io
import itertools

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core.inputs import MAX_YEAR, MIN_YEAR
from core.spreadsheet import write_table, xlsx_cell
from models_registry import hosts
from models_registry.models import Field
from models_registry.sheet import MODEL_COLUMNS, example_row, headers
from units import scoping
from units.models import AdministrativeUnit, UnitLevel

REGISTRATION_ITEM = pgettext_lazy("column help", "Free text: one of the registration items of the model.")
HELP = {
    "id": pgettext_lazy("column help", "Empty for a new model. To change a model, give its ID (the first column of "
                                       "an export)."),
    "name": pgettext_lazy("column help", "The name of the model."),
    "field": pgettext_lazy("column help", "Its field."),
    "unit_code": pgettext_lazy("column help", "Official code of the unit the model belongs to (sheet “Unit codes”). "
                                              "Give the code, the unit's name, or both."),
    "unit_name": pgettext_lazy("column help", "Name of the unit, e.g. Xã Cẩm Bình (when there is no code, or to "
                                              "check it)."),
    "unit_parent": pgettext_lazy("column help", "The unit above it, when a name fits several units."),
    "host_type": pgettext_lazy("column help", "Who runs the model."),
    "host_name": pgettext_lazy("column help", "Name of the organisation or person running it, e.g. Huyện đoàn Cẩm "
                                              "Xuyên."),
    "kind": pgettext_lazy("column help", "Empty: collective."),
    "year_started": pgettext_lazy("column help", "The year it started."),
    "recognition_level": pgettext_lazy("column help", "Empty if the model has not been recognised."),
    "recognition_year": pgettext_lazy("column help", "The year it was recognised, not before the year it started."),
    "is_exemplary": pgettext_lazy("column help", "Empty: no."),
    "status": pgettext_lazy("column help", "Empty: active."),
    "is_published": pgettext_lazy("column help", "Yes: shown to the public. Empty: no."),
}


def content(fmt: str, user) -> bytes:
    """The template's file in `fmt` for `user` (whose units it lists)."""
    fields = list(Field.objects.filter(is_active=True).order_by("order", "name"))
    units = units_for(user)
    example = example_row(fields[0] if fields else None, next((u for u in units if u.parent_id), None))
    stream = io.BytesIO()
    if fmt == "csv":
        write_table(stream, fmt, headers(), [example])
    else:
        workbook(fields, units, example).save(stream)
    return stream.getvalue()


def units_for(user):
    """Units valid today that `user` may file models under (all of them for the public, who
    cannot import but may read the template)."""
    action = scoping.Action.ASSIGN if scoping.may_create_models(user) else scoping.Action.VIEW
    units = AdministrativeUnit.objects.restrict(user, action).valid_on(timezone.localdate()).select_related("parent")
    levels = [UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE]
    return sorted(units, key=lambda u: (levels.index(u.level), u.parent.name if u.parent_id else "", u.name))


def choice_lists(fields) -> dict[str, list[str]]:
    """The values each coded column takes, as the drop-downs offer them."""
    yes_no = [_("Yes"), _("No")]
    lists = {"field": [f.name for f in fields], "is_exemplary": yes_no, "is_published": yes_no}
    for key, _header, kind, _required in MODEL_COLUMNS:
        if hasattr(kind, "choices"):
            lists[key] = [str(label) for _value, label in kind.choices]
    return lists


def workbook(fields, units, example) -> Workbook:
    book = Workbook()
    data = book.active
    data.title = _("Models")
    lists = choice_lists(fields)
    append(data, headers(), bold=True)
    append(data, example)
    data.freeze_panes = "C2"
    for index, header in enumerate(headers(), start=1):
        data.column_dimensions[get_column_letter(index)].width = max(14, min(40, len(header) + 4))
    add_drop_downs(data, book.create_sheet(_("Lists")), lists)
    instructions(book.create_sheet(_("Instructions"), 1), lists)
    unit_codes(book.create_sheet(_("Unit codes"), 2), units)
    return book


def append(sheet, values, bold=False):
    sheet.append([xlsx_cell(sheet, value, bold=bold) for value in values])


def add_drop_downs(data, sheet, lists):
    """One drop-down per coded column, its values in a column of the hidden `sheet`. A value
    not in the list only warns: the import also takes the names officers use ("UBND xã")."""
    sheet.sheet_state = "hidden"
    titles = {key: str(header) for key, header, _kind, _required in MODEL_COLUMNS}
    columns = [[titles[key], *values] for key, values in lists.items()]
    for row in itertools.zip_longest(*columns):
        append(sheet, row)
    keys = [key for key, _header, _kind, _required in MODEL_COLUMNS]
    last_row = settings.IMPORT_MAX_ROWS + 1
    for position, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(position)
        validation = DataValidation(
            type="list", formula1=f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True, showErrorMessage=True, errorStyle="warning", errorTitle=_("Value not in the list"),
            error=_("This value is not in the list. Keep it only if the import understands it (see the "
                    "instructions)."),
        )
        column = get_column_letter(keys.index(key) + 1)
        validation.add(f"{column}2:{column}{last_row}")
        data.add_data_validation(validation)


def instructions(sheet, lists):
    append(sheet, [_("How to fill in the sheet “%(sheet)s”") % {"sheet": _("Models")}], bold=True)
    for line in [
        _("One row per model. The example row is refused if it is left in: delete it before importing."),
        _("An empty cell leaves the stored value as it is (a new model gets the default)."),
        _("Names and values are matched ignoring accents and case. Nothing is saved before you confirm the "
          "preview, and then every row is imported, or none."),
        "",
    ]:
        append(sheet, [line])
    append(sheet, [_("Column"), _("Required"), _("Meaning"), _("Accepted values")], bold=True)
    for key, header, kind, required in MODEL_COLUMNS:
        append(sheet, [str(header), _("Yes") if required else "", str(HELP.get(key, REGISTRATION_ITEM)),
                       accepted(key, kind, lists)])
    for letter, width in zip("ABCD", (32, 10, 60, 80), strict=True):
        sheet.column_dimensions[letter].width = width


def accepted(key, kind, lists) -> str:
    if key == "host_type":
        return _("%(values)s; also the names officers use, e.g. %(examples)s (the police and the military: "
                 "other)") % {"values": ", ".join(lists[key]), "examples": ", ".join(hosts.EXAMPLES)}
    if key in lists:
        return ", ".join(lists[key])
    if key in ("year_started", "recognition_year"):
        return _("a year from %(min)s to %(max)s") % {"min": MIN_YEAR, "max": MAX_YEAR}
    if key == "unit_code":
        return _("a code of the sheet “%(sheet)s”") % {"sheet": _("Unit codes")}
    if key == "id":
        return _("a whole number")
    return _("text")


def unit_codes(sheet, units):
    append(sheet, [_("Unit code"), _("Unit"), _("Parent unit"), _("Level")], bold=True)
    for unit in units:
        append(sheet, [unit.code, unit.name, unit.parent.name if unit.parent_id else "",
                       str(unit.get_level_display())])
    for letter, width in zip("ABCD", (12, 40, 40, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
