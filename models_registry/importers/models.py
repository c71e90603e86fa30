"""Import and export of registry models (mô hình "Dân vận khéo"), one row per model."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from danvan import versioning
from danvan.text import fold
from models_registry import scoping
from models_registry.importers import cells
from models_registry.importers.base import (
    CREATE,
    UNCHANGED,
    UPDATE,
    BaseImporter,
    Column,
    RowPlan,
    field_header,
)
from models_registry.importers.cells import CellError
from models_registry.importers.hosts import HostTypes
from models_registry.importers.matching import FieldMatcher, UnitMatcher
from models_registry.importers.spreadsheet import SpreadsheetError
from models_registry.models import (
    AdministrativeUnit,
    HostType,
    MobilizationModel,
    ModelKind,
    ModelStatus,
    RecognitionLevel,
)

BATCH = 500

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


class ModelImporter(BaseImporter):
    batch_size = BATCH
    stale_row = gettext_lazy("the model was changed by someone else after the check: upload the file again and "
                             "check it again")

    def __init__(self, table, user=None, reason=""):
        self.columns = [Column(key, str(header), required) for key, header, _kind, required in MODEL_COLUMNS]
        self.kinds = {key: kind for key, _header, kind, _required in MODEL_COLUMNS}
        super().__init__(table, user, reason)
        if not UNIT_KEYS & set(self.index):
            raise_missing_unit()

    def prepare(self):
        self.units = UnitMatcher()
        self.fields = FieldMatcher()
        self.existing = {model.pk: model for model in self.restricted(MobilizationModel.objects.all())}
        self.by_unit_name = {}
        for model in self.existing.values():
            self.by_unit_name.setdefault((model.unit_id, fold(model.name)), []).append(model)
        self.choices = {
            key: cells.Choices(kind.choices) for key, kind in self.kinds.items() if hasattr(kind, "choices")
        }
        self.choices["host_type"] = HostTypes()
        self.example = fold(str(EXAMPLE_NAME))

    def value(self, key, raw):
        kind, header = self.kinds[key], self.header(key)
        if kind == "text":
            return cells.text(raw, header)
        if kind == "int":
            return cells.integer(raw, header)
        if kind == "bool":
            return cells.boolean(raw, header)
        if kind == "field":
            return self.fields.match(cells.text(raw, header)) if raw is not None else None
        return self.choices[key](raw, header)

    def plan_row(self, line, raw):
        if fold(cells.text(raw["name"], self.header("name"))) == self.example:
            raise CellError(_("this is the template's example row: delete it before importing"))
        values = {key: self.value(key, raw[key]) for key in raw if key not in UNIT_KEYS}
        if values.get("is_published") and scoping.role_of(self.user) is scoping.Role.LOCAL:
            # Local officers' models go through the publishing queue (models_registry/publishing.py).
            raise CellError(_("only the province publishes a model: import it unpublished, then send it for "
                              "approval from its page"))
        unit = self.units.match(*(cells.text(raw.get(k), self.header(k)) for k in ("unit_code", "unit_name",
                                                                                    "unit_parent")))
        if not self.may_use_unit(unit):
            raise CellError(_("%(unit)s is outside the units you work for") % {"unit": unit.name})
        if not values["name"]:
            raise CellError(_("the model name is empty"))
        if values["field"] is None:
            raise CellError(_("the field is empty"))
        if not values["host_type"]:
            raise CellError(_("the host organisation type is empty"))
        if not values.get("host_name") and self.choices["host_type"].names_kept(raw["host_type"]):
            values["host_name"] = cells.text(raw["host_type"], self.header("host_type"))  # "Công an xã": say who
        values["unit"] = unit
        model_id = values.pop("id", None)
        existing = self.find_existing(model_id, unit, values["name"], line)
        return self.plan_model(line, existing, values)

    def find_existing(self, model_id, unit, name, line):
        if model_id is not None:
            model = self.existing.get(model_id)
            if model is None:
                raise CellError(_("no model with ID %(id)s that you may change") % {"id": model_id})
        else:
            matches = self.by_unit_name.get((unit.pk, fold(name)), [])
            if len(matches) > 1:
                raise CellError(_("several models in %(unit)s are called “%(name)s”: give the model ID")
                                % {"unit": unit.name, "name": name})
            model = matches[0] if matches else None
        self.claim(model.pk if model else (unit.pk, fold(name)), line)
        if model is not None:
            self.plan_against(model, line)
        return model

    def plan_model(self, line, model, values):
        # An empty cell leaves the value as it is (or the default, for a new model).
        values = {key: value for key, value in values.items() if value not in (None, "")}
        if model is None:
            model = MobilizationModel(**{**DEFAULTS, **values})
            action = CREATE
        else:
            changed = {key: value for key, value in values.items() if differs(model, key, value)}
            if not changed:
                return RowPlan(line, UNCHANGED)
            for key, value in changed.items():
                setattr(model, key, value)
            action = UPDATE
        self.check(model, exclude=["field", "unit", "created_by", "updated_by", "search_text"])
        return RowPlan(line, action, model)

    def apply(self, changes, progress=None):
        now = timezone.now()
        creates = [plan.payload for plan in changes if plan.action == CREATE]
        updates = [plan.payload for plan in changes if plan.action == UPDATE]
        total, done = len(changes), 0
        self.claim_versions(MobilizationModel, updates)
        places = AdministrativeUnit.objects.place_names({model.unit_id for model in creates + updates})
        for model in creates + updates:
            model.search_text = model.folded_text(places[model.unit_id])
            model.sync_review_status()
            versioning.stamp(model, self.user)
            model.updated_at = now
        for batch in chunks(creates, BATCH):
            for model in batch:
                model.created_at = now
            self.save_batch(batch, create=True)
            done += len(batch)
            if progress:
                progress(done, total)
        for batch in chunks(updates, BATCH):
            self.save_batch(batch, create=False)
            done += len(batch)
            if progress:
                progress(done, total)

    def save_batch(self, batch, create):
        options = {"default_user": self.user, "default_change_reason": self.reason, "batch_size": BATCH}
        if create:
            bulk_create_with_history(batch, MobilizationModel, **options)
            return
        # The versions were claimed in apply(): this writes the claimed ones.
        bulk_update_with_history(
            batch, MobilizationModel,
            [*MODEL_FIELDS, "unit", "search_text", "review_status", "updated_by", "updated_at", "version"],
            **options,
        )


def differs(model, key, value) -> bool:
    """Whether the model's `key` differs from `value`; related rows compared by id (no query per row)."""
    if key in ("field", "unit"):
        return getattr(model, f"{key}_id") != value.pk
    return getattr(model, key) != value


def raise_missing_unit():
    raise SpreadsheetError(_("Required columns are missing: %(columns)s. Download the template to see the columns.")
                           % {"columns": _("Unit code or Unit")})


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]


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
