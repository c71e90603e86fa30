"""Change history: recorded by django-simple-history, kept to real changes, shown as diffs.

simple-history writes a historical row on every save. Saving an unchanged object (an
admin "Save" without edits, an import of the same file) must not add one, so before each
save we compare the tracked fields with the object's latest historical row and tell
simple-history to skip when nothing differs. Bookkeeping columns (updated_at, updated_by,
version, search_text) do not count as a change.

Imports write thousands of rows at once: `record_bulk` writes their historical rows in bulk,
the database copying each stored row (see there).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import connections, router
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import get_history_model_for_model

from core.numbers import plain_number
from core.text import base_name, shorten_middle

IGNORED = {"updated_at", "updated_by", "version", "search_text"}
TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def tracked_fields(instance):
    history = instance._meta.simple_history_manager_attribute
    records = getattr(type(instance), history).model
    names = {f.attname for f in records._meta.concrete_fields}
    return [f for f in instance._meta.concrete_fields if f.attname in names and f.name not in IGNORED]


def skip_unchanged(sender, instance, raw=False, **kwargs):
    """pre_save: mark an unchanged object so that simple-history records nothing."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if not hasattr(instance._meta, "simple_history_manager_attribute"):
        return
    latest = getattr(instance, instance._meta.simple_history_manager_attribute).first()
    if latest is None:
        return
    if all(getattr(instance, f.attname) == getattr(latest, f.attname) for f in tracked_fields(instance)):
        instance.skip_history_when_saving = True
        instance._danvan_skipped_history = True


def forget_skip(sender, instance, **kwargs):
    """post_save (after simple-history's): the skip applies to this one save only."""
    if getattr(instance, "_danvan_skipped_history", False):
        del instance.skip_history_when_saving
        del instance._danvan_skipped_history


def connect():
    pre_save.connect(skip_unchanged, dispatch_uid="danvan_history_skip_unchanged")
    post_save.connect(forget_skip, dispatch_uid="danvan_history_forget_skip")


def record_bulk(model, pks, history_type: str, user, reason: str, date, batch_size: int = 500) -> None:
    """Record the rows `pks` of `model`, as they are stored now, in its change history: type
    `history_type` ("+" created, "~" changed), by `user`, for `reason`, at `date` (the same for
    all: they are one import), with the snapshot of their many-to-many fields that simple-history
    keeps beside each record. The rows a `save()` would record, written by two INSERT … SELECT
    per batch (the records, the snapshots): the database copies the values. simple-history's
    `bulk_history_create` built a Python object per row and put its 30-odd values through the
    ORM's insert one by one, which took as long as writing the rows themselves (and kept no
    many-to-many snapshot)."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    writer = _BulkHistory(model, history_type, user, reason, date)
    pks = list(pks)
    for start in range(0, len(pks), batch_size):
        writer.write(pks[start:start + batch_size])


class _BulkHistory:
    """The statements of `record_bulk` for one model, one author, reason and date."""

    def __init__(self, model, history_type, user, reason, date):
        self.history = get_history_model_for_model(model)
        self.connection = connections[router.db_for_write(self.history)]
        quote = self.quote = self.connection.ops.quote_name
        stamps = {"history_date": date, "history_change_reason": reason, "history_type": history_type,
                  "history_user": user.pk if user is not None else None}
        fields = [self.history._meta.get_field(name) for name in stamps]
        self.stamps = [field.get_db_prep_save(value, self.connection)
                       for field, value in zip(fields, stamps.values(), strict=True)]
        self.copied = ", ".join(quote(field.column) for field in self.history.tracked_fields)
        self.into = ", ".join([self.copied, *(quote(field.column) for field in fields)])
        self.table, self.pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        self.history_table = quote(self.history._meta.db_table)
        self.date_column, self.type_column = quote(fields[0].column), quote(fields[2].column)

    def write(self, pks):
        marks = ", ".join(["%s"] * len(pks))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.history_table} ({self.into}) "  # noqa: S608 (names from the models)
                f"SELECT {self.copied}, %s, %s, %s, %s FROM {self.table} WHERE {self.pk} IN ({marks}) "
                f"ORDER BY {self.pk}",
                [*self.stamps, *pks],
            )
            for field in self.history._history_m2m_fields:
                cursor.execute(self.snapshot_sql(field, marks), [*pks, self.stamps[0], self.stamps[2]])

    def snapshot_sql(self, field, marks) -> str:
        """The m2m field's rows of the records just written (found by the rows, date and type),
        copied beside them as simple-history's `create_historical_record_m2ms` does."""
        quote, through = self.quote, field.remote_field.through
        snapshots = HistoricalRecords.m2m_models[field]
        columns = ", ".join(quote(f.column) for f in through._meta.concrete_fields)
        copied = ", ".join(f"t.{quote(f.column)}" for f in through._meta.concrete_fields)
        owner = quote(through._meta.get_field(field.m2m_field_name()).column)
        history_id = quote(self.history._meta.pk.column)
        return (
            f"INSERT INTO {quote(snapshots._meta.db_table)} ({columns}, "  # noqa: S608 (names from the models)
            f"{quote(snapshots._meta.get_field('history').column)}) "
            f"SELECT {copied}, h.{history_id} FROM {quote(through._meta.db_table)} t "
            f"JOIN {self.history_table} h ON h.{self.pk} = t.{owner} "
            f"WHERE h.{self.pk} IN ({marks}) AND h.{self.date_column} = %s AND h.{self.type_column} = %s"
        )


def history_rows(obj, limit=None, parts=()):
    """The change history of `obj` (and of `parts`: querysets of other historical records,
    e.g. a session's counts), newest first: who, when, what kind, why, and each change as
    (field label, before, after). Queries: one per history table, plus one per kind of
    related object named in a change, however many rows there are."""
    groups = [obj.history.all(), *parts]
    rows = []
    pending = []  # (change dict, field, value) whose display needs a related object
    for records in groups:
        records = list(records.select_related("history_user").order_by("-history_date", "-history_id"))
        label = records[0].instance._meta.verbose_name if records and parts else ""
        older_of = _older_records(records)
        # A part's link to its parent (a count's session) says nothing on the parent's page.
        parent = type(obj) if records and records[0].instance._meta.model is not type(obj) else None
        for record in records:
            changes = _changes(record, older_of.get(record.history_id), pending, parent)
            rows.append({
                "date": record.history_date,
                "user": record.history_user,
                "type": record.history_type,
                "type_label": TYPES.get(record.history_type, record.history_type),
                "reason": record.history_change_reason or "",
                "object": label,
                "changes": changes,
            })
    _resolve_related(pending)
    rows.sort(key=lambda row: row["date"], reverse=True)
    return rows[:limit] if limit else rows


def _older_records(records):
    """history_id -> the previous record of the same object (records are newest first)."""
    older_of, newest_seen = {}, {}
    for record in records:
        pk = record.instance.pk
        if pk in newest_seen:
            older_of[newest_seen[pk]] = record
        newest_seen[pk] = record.history_id
    return older_of


def _changes(record, older, pending, parent=None):
    changes = []
    for field in tracked_fields(record.instance):
        if field.name == "id" or (parent is not None and field.related_model is parent):
            continue
        value = getattr(record, field.attname)
        old_value = getattr(older, field.attname) if older is not None else None
        if older is None and value in (None, ""):
            continue
        if older is not None and old_value == value:
            continue
        change = {"field": field.verbose_name, "before": "", "after": ""}
        for side, raw in (("after", value), ("before", old_value if older is not None else _ABSENT)):
            if raw is _ABSENT:
                continue
            if field.is_relation and raw is not None:
                pending.append((change, side, field.related_model, raw))
            else:
                change[side] = _display(field, raw)
        changes.append(change)
    return changes


_ABSENT = object()


def _resolve_related(pending):
    """Fill in related objects' names, one query per related model."""
    wanted = {}
    for _change, _side, model, pk in pending:
        wanted.setdefault(model, set()).add(pk)
    found = {model: model._default_manager.in_bulk(pks) for model, pks in wanted.items()}
    for change, side, model, pk in pending:
        related = found[model].get(pk)
        change[side] = str(related) if related is not None else f"#{pk}"


def _display(field, value):
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "d/m/Y")
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(localize(value))


# simple-history's `history_change_reason` is a CharField(max_length=100): PostgreSQL refuses
# a longer reason (SQLite would store it), and with it the whole import.
REASON_LENGTH = 100


def reason_naming_file(template: str, file_name: str, **params) -> str:
    """`template` % {"name": …, **params} in at most REASON_LENGTH characters. The file is
    named by its base name (its folders tell a reader of the history nothing), cut in the
    middle when the reason would be too long."""
    name = base_name(file_name)
    room = REASON_LENGTH - len(template % {**params, "name": ""})
    return shorten_middle(template % {**params, "name": shorten_middle(name, max(room, 1))}, REASON_LENGTH)
