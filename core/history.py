"""Change history: recorded by django-simple-history, kept to real changes, shown as diffs.

simple-history writes a historical row on every save. Saving an unchanged object (an
admin "Save" without edits, an import of the same file) must not add one, so before each
save we compare the tracked fields with the object's latest historical row and tell
simple-history to skip when nothing differs. Bookkeeping columns (updated_at, updated_by,
version, search_text) do not count as a change.
"""

import datetime
from decimal import Decimal

from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext_lazy as _

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
