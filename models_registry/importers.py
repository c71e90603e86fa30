"""Import of registry models (mô hình "Dân vận khéo") from a spreadsheet, registered with
`imports.registry` as the kind "models" (columns and export: `models_registry.sheet`)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import cells, history, versioning
from core.bulk import update_rows
from core.cells import CellError
from core.spreadsheet import FORMATS, SpreadsheetError, download, spreadsheet_response
from core.text import fold
from imports import registry
from imports.base import CREATE, UNCHANGED, UPDATE, BaseImporter, Column, RowPlan, chunks
from imports.matching import UnitMatcher, key
from models_registry import template
from models_registry.hosts import HostTypes
from models_registry.models import Field, MobilizationModel
from models_registry.sheet import DEFAULTS, EXAMPLE_NAME, MODEL_COLUMNS, MODEL_FIELDS, UNIT_KEYS, export_rows, headers
from units import scoping
from units.models import AdministrativeUnit

BATCH = 500
UPDATED_FIELDS = [*MODEL_FIELDS, "unit", "search_text", "review_status", "updated_by", "updated_at", "version"]


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
        self.read = {}  # (column, type, cell) -> its value: see value()

    def value(self, key, raw):
        kind, header = self.kinds[key], self.headers[key]
        if kind == "text":
            return cells.text(raw, header)
        if kind == "int":
            return cells.integer(raw, header)
        # A choice, a yes/no or a field: a file repeats a few values, each read once. (The type is
        # part of the key: True == 1, but the cells "True" and "1" may not mean the same.)
        asked = (key, type(raw), raw)
        if asked not in self.read:
            self.read[asked] = self.choice(key, kind, raw, header)
        return self.read[asked]

    def choice(self, key, kind, raw, header):
        if kind == "bool":
            return cells.boolean(raw, header)
        if kind == "field":
            return self.fields.match(cells.text(raw, header)) if raw is not None else None
        return self.choices[key](raw, header)

    def plan_row(self, line, raw):
        folded_name = fold(cells.text(raw["name"], self.headers["name"]))
        if folded_name == self.example:
            raise CellError(_("this is the template's example row: delete it before importing"))
        values = {key: self.value(key, raw[key]) for key in raw if key not in UNIT_KEYS}
        if (values.get("is_published") and self.scope_user is not None
                and not scoping.may_publish_models(self.scope_user)):
            # Local officers' models go through the publishing queue (models_registry/publishing.py);
            # the command line (no scope user, whatever author it records) is not limited.
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
        existing = self.find_existing(model_id, unit, values["name"], folded_name, line)
        return self.plan_model(line, existing, values)

    def find_existing(self, model_id, unit, name, folded_name, line):
        if model_id is not None:
            model = self.existing.get(model_id)
            if model is None:
                raise CellError(_("no model with ID %(id)s that you may change") % {"id": model_id})
        else:
            matches = self.by_unit_name.get((unit.pk, folded_name), [])
            if len(matches) > 1:
                raise CellError(_("several models in %(unit)s are called “%(name)s”: give the model ID")
                                % {"unit": unit.name, "name": name})
            model = matches[0] if matches else None
        self.claim(model.pk if model else (unit.pk, folded_name), line)
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
        self.now = now = timezone.now()
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
        """Write `batch` and its history rows (stamped `self.now`, like the rows)."""
        if create:
            MobilizationModel.objects.bulk_create(batch, batch_size=BATCH)
        else:
            # The versions were claimed in apply(): this writes the claimed ones.
            update_rows(MobilizationModel, batch, UPDATED_FIELDS)
        history.record_bulk(MobilizationModel, [model.pk for model in batch], "+" if create else "~", self.user,
                            self.reason, self.now, batch_size=BATCH)


def differs(model, key, value) -> bool:
    """Whether the model's `key` differs from `value`; related rows compared by id (no query per row)."""
    if key in ("field", "unit"):
        return getattr(model, f"{key}_id") != value.pk
    return getattr(model, key) != value


def raise_missing_unit():
    raise SpreadsheetError(_("Required columns are missing: %(columns)s. Download the template to see the columns.")
                           % {"columns": _("Unit code or Unit")})


class FieldMatcher:
    def __init__(self):
        self.fields = {}
        for item in Field.objects.all():
            self.fields[key(item.code)] = item
            self.fields[key(item.name)] = item

    def match(self, value: str):
        item = self.fields.get(key(value))
        if item is None:
            names = ", ".join(sorted({f.name for f in self.fields.values()}))
            raise CellError(_("no field is called “%(name)s” (the fields are: %(names)s)") % {"name": value,
                                                                                          "names": names})
        return item


def template_response(fmt, user):
    if fmt not in FORMATS:
        raise Http404
    return download(template.content(fmt, user), fmt, "mau-nhap-mo-hinh")


def export_response(fmt, user):
    models = MobilizationModel.objects.restrict(user, scoping.Action.VIEW)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return spreadsheet_response(fmt, headers(), export_rows(models), f"mo-hinh-{stamp}", _("Models"))


registry.register(registry.ImportKind(
    value="models", label=gettext_lazy("models"), upload_title=gettext_lazy("Import models"),
    export_title=gettext_lazy("Models"), importer=ModelImporter, template=template_response, export=export_response,
    order=1,
))
