"""What can be imported and exported under /nhap-xuat/: one `ImportKind` per spreadsheet.

Each app registers its own kinds in its `importers.py` (`register(ImportKind(...))`), found at
start-up by `discover()` (Django's `autodiscover_modules`, as the admin finds `admin.py`). So this
app knows the kinds only through the registry: it never imports the apps that import into it,
and a new spreadsheet is added beside its model, not here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

from units.scoping import Uploaders

_KINDS: dict = {}


@dataclass(frozen=True)
class ImportKind:
    """One spreadsheet: its importer, its template and its export.

    - `value`: the name in URLs and in `ImportJob.kind` (at most 10 characters, never changed:
      stored jobs keep it).
    - `importer`: a `BaseImporter` class, called as `importer(table, user=…, reason=…)`.
    - `template(fmt, user)` and `export(fmt, user)`: the download responses (`fmt` "xlsx" or "csv";
      the export holds the rows `user` may see).
    - `upload_help`: what the upload form says besides the shared help (e.g. what becomes of the rows).
    - `uploaders`: who may upload it (`units.scoping.Uploaders`, decided by `scoping.may_import`):
      the province's staff and admins unless the kind says every officer, which it may only if its
      importer refuses every row outside the uploader's scope.
    """

    value: str
    label: str
    upload_title: str
    export_title: str
    importer: type
    template: Callable
    export: Callable
    order: int = 0
    upload_help: str = ""
    uploaders: Uploaders = Uploaders.PROVINCE


def register(kind: ImportKind) -> ImportKind:
    if len(kind.value) > 10:
        raise ImproperlyConfigured(f"Import kind {kind.value!r}: at most 10 characters (ImportJob.kind).")
    if _KINDS.get(kind.value, kind) != kind:
        raise ImproperlyConfigured(f"Import kind {kind.value!r} is registered twice.")
    _KINDS[kind.value] = kind
    return kind


def discover() -> None:
    """Import every installed app's `importers` module, where it registers its kinds."""
    autodiscover_modules("importers")


def kinds() -> list[ImportKind]:
    """The registered kinds, in the order of the page."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.value))


def get(value: str) -> ImportKind | None:
    return _KINDS.get(value)


def uploaders() -> dict[str, Uploaders]:
    """{kind: who may upload it}, for the gate (`scoping.restrict_import_jobs`)."""
    return {value: kind.uploaders for value, kind in _KINDS.items()}
