"""The spreadsheet of registry models (mô hình "Dân vận khéo"): its columns, the template's example
row and the export. One row per model; an exported file imports back unchanged."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from imports.base import field_header
from models_registry.models import HostType, MobilizationModel, ModelKind, ModelStatus, RecognitionLevel


# (key, header, kind, required). Kinds: text, int, bool, or a choices class. A column that holds a
# field of the model is headed by the field's label (verbose_name), as on the form and in the admin.
def _header(name):
    return field_header(MobilizationModel, name)


MODEL_COLUMNS = [
    ("id", pgettext_lazy("spreadsheet column", "Model ID"), "int", False),
    ("name", _header("name"), "text", True),
    ("field", _header("field"), "field", True),
    ("unit_code", pgettext_lazy("spreadsheet column", "Unit code"), "text", False),
    ("unit_name", pgettext_lazy("spreadsheet column", "Unit"), "text", False),
    ("unit_parent", pgettext_lazy("spreadsheet column", "Parent unit"), "text", False),
    ("host_type", _header("host_type"), HostType, True),
    ("host_name", _header("host_name"), "text", False),
    ("kind", _header("kind"), ModelKind, False),
    ("year_started", _header("year_started"), "int", False),
    ("recognition_level", _header("recognition_level"), RecognitionLevel, False),
    ("recognition_year", _header("recognition_year"), "int", False),
    ("is_exemplary", _header("is_exemplary"), "bool", False),
    ("status", _header("status"), ModelStatus, False),
    ("is_published", _header("is_published"), "bool", False),
    ("rationale", _header("rationale"), "text", False),
    ("objectives", _header("objectives"), "text", False),
    ("content", _header("content"), "text", False),
    ("area_and_beneficiaries", _header("area_and_beneficiaries"), "text", False),
    ("implementers", _header("implementers"), "text", False),
    ("resources", _header("resources"), "text", False),
    ("timeframe", _header("timeframe"), "text", False),
    ("outputs", _header("outputs"), "text", False),
    ("sustainability", _header("sustainability"), "text", False),
]
UNIT_KEYS = {"unit_code", "unit_name", "unit_parent"}
MODEL_FIELDS = [key for key, _h, _k, _r in MODEL_COLUMNS if key not in UNIT_KEYS | {"id"}]
DEFAULTS = {"kind": ModelKind.COLLECTIVE, "status": ModelStatus.ACTIVE, "is_exemplary": False,
            "is_published": False, "recognition_level": ""}

# The template's example row is named so that it matches no model, and the importer refuses it
# rather than skipping it: the preview then counts exactly the rows of the file, and a file whose
# example was left in writes nothing until it is deleted.
EXAMPLE_NAME = pgettext_lazy("import template", "EXAMPLE – Blood bank of living donors (delete this row before "
                                                "importing)")


def headers() -> list[str]:
    return [str(header) for _key, header, _kind, _required in MODEL_COLUMNS]


def example_row(field=None, unit=None) -> list:
    """The template's example: `field` and `unit` (valid today) taken from the database."""
    values = {
        "name": str(EXAMPLE_NAME), "field": field.name if field else "", "host_type": str(HostType.YOUTH.label),
        "host_name": str(HostType.YOUTH.label), "kind": str(ModelKind.COLLECTIVE.label), "year_started": 2015,
        "recognition_level": str(RecognitionLevel.COMMUNE.label), "recognition_year": 2018, "is_exemplary": _("Yes"),
        "status": str(ModelStatus.ACTIVE.label), "is_published": _("No"),
        "rationale": _("Patients often need blood at once, and the hospital's stock is not enough."),
    }
    if unit is not None:
        values.update(unit_code=unit.code, unit_name=unit.name, unit_parent=unit.parent.name if unit.parent_id else "",
                      host_name=f"{HostType.YOUTH.label} {unit.name}")
    return [values.get(key, "") for key, _header, _kind, _required in MODEL_COLUMNS]


def export_rows(queryset):
    """One row per model, with the import's columns (so export -> import changes nothing)."""
    labels = {key: dict(kind.choices) for key, _h, kind, _r in MODEL_COLUMNS if hasattr(kind, "choices")}
    for model in queryset.select_related("field", "unit__parent").order_by("pk").iterator(chunk_size=2000):
        row = []
        for key, _header, kind, _required in MODEL_COLUMNS:
            row.append(export_value(model, key, kind, labels))
        yield row


def export_value(model, key, kind, labels):
    if key == "unit_code":
        return model.unit.code
    if key == "unit_name":
        return model.unit.name
    if key == "unit_parent":
        return model.unit.parent.name if model.unit.parent_id else ""
    if key == "field":
        return model.field.name
    value = getattr(model, key)
    if kind == "bool":
        return _("Yes") if value else _("No")
    if key in labels:
        return str(labels[key].get(value, value)) if value else ""
    return value
