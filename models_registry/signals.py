"""Keep the records' place names (`places`) up to date when units or successions change.

A unit renamed or moved under another parent, or a succession added, changed or removed,
changes the place names of the records of that unit (of the predecessor, for a succession),
of the units below it and of every unit that became one of those. Their search text is
recomputed once per transaction, after it commits: an import of an official list changes
thousands of units and links in one transaction, and their records are then refreshed once,
in batches, rather than once per unit.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from models_registry import places
from models_registry.models import AdministrativeUnit, UnitSuccession

PENDING = "danvan_places_pending"  # attribute of the database connection: the units changed


@receiver(post_save, sender=AdministrativeUnit, dispatch_uid="danvan_places_unit_saved")
def unit_saved(sender, instance, created, raw=False, **kwargs):
    loaded = getattr(instance, "loaded_place", None)
    instance.loaded_place = instance.place()
    # A new unit has no records yet, nor units below it.
    if not created and not raw and loaded != instance.loaded_place:
        places_changed({instance.pk})


@receiver(post_save, sender=UnitSuccession, dispatch_uid="danvan_places_succession_saved")
def succession_saved(sender, instance, raw=False, **kwargs):
    loaded = getattr(instance, "loaded_ends", None)
    instance.loaded_ends = instance.ends()
    if not raw and loaded != instance.loaded_ends:
        places_changed({instance.predecessor_id, (loaded or (None,))[0]} - {None})


@receiver(post_delete, sender=UnitSuccession, dispatch_uid="danvan_places_succession_deleted")
def succession_deleted(sender, instance, **kwargs):
    places_changed({instance.predecessor_id})


def places_changed(unit_ids):
    """Refresh, once the current transaction commits (at once outside one), the search text
    of the records whose place names name `unit_ids`."""
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault(PENDING, set())
    pending.update(unit_ids)
    # One callback per change, but only the first finds work: it takes every pending unit.
    # (A rolled-back transaction leaves its units pending: refreshed at the next commit,
    # which recomputes from what is stored and so changes nothing wrongly.)
    transaction.on_commit(refresh_pending, robust=True)


def refresh_pending():
    unit_ids = transaction.get_connection().__dict__.pop(PENDING, set())
    if unit_ids:
        refresh_records_of(unit_ids)


def refresh_records_of(unit_ids) -> int:
    """Recompute the search text of the records of `unit_ids`, of the units below them and of
    every unit that became one of those; returns how many records changed."""
    below = AdministrativeUnit.objects.subtrees_of(unit_ids).values_list("pk", flat=True)
    affected = places.predecessor_closure(set(below), UnitSuccession.objects)
    changed = 0
    with transaction.atomic():
        for model, fields in places.SEARCHED_BY_PLACE.items():
            records = model._base_manager.filter(unit__in=affected)
            changed += places.refresh(records, fields, AdministrativeUnit.objects, UnitSuccession.objects)
    return changed
