"""Change history: recorded by django-simple-history, kept to real changes, shown as diffs.

simple-history writes a historical row on every save. Saving an unchanged object (an
admin "Save" without edits, an import of the same file) must not add one, so before each
save we compare the tracked fields with the object's latest historical row and tell
simple-history to skip when nothing differs. Bookkeeping columns (updated_at, updated_by,
version, search_text) do not count as a change.
"""

import datetime

from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext_lazy as _

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


def history_rows(obj, limit=None):
    """The object's history, newest first: who, when, what kind, why, and each change as
    (field label, before, after). One query for the records, plus users in one."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    rows = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        rows.append({
            "date": record.history_date,
            "user": record.history_user,
            "type": record.history_type,
            "type_label": TYPES.get(record.history_type, record.history_type),
            "reason": record.history_change_reason or "",
            "changes": _changes(record, older),
        })
    return rows


def _changes(record, older):
    fields = [f for f in tracked_fields(record.instance) if f.name != "id"]
    changes = []
    for field in fields:
        after = _display(record, field)
        before = _display(older, field) if older is not None else ""
        if older is None and after in ("", "—"):
            continue
        if older is None or getattr(older, field.attname) != getattr(record, field.attname):
            changes.append({"field": field.verbose_name, "before": before, "after": after})
    return changes


def _display(record, field):
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "d/m/Y")
    return str(localize(value))
