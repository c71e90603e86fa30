"""Where a record is, in words: the place names its folded search text carries.

A model or a survey session is found by the names of its unit and of the units above it, as
they were, and of every unit its unit became — its successors through every succession,
whole or partial, and theirs — with the units above those. A model of the 2023 xã Cẩm Bình
is found by "cam xuyen" (its district then), by "thanh pho ha tinh" (its district in the
first half of 2025) and by "cam binh" of the 2025 commune. (Search only narrows what the
user may see; who sees what is `scoping`'s, which follows whole successions only.)

- `folded_text` builds a record's search text: the one function that the records' `save()`
  and the imports' bulk writes use, with `place_names` computed once for all their units.
- `refresh` recomputes it for existing records, in batches (two or three queries per batch,
  never one per record): for the records of the units a change touched (`units.models`:
  a unit renamed or moved, a succession added, changed or removed) and in the data migration.

The functions take the managers of units and successions as arguments so that a data
migration can pass its historical models.
"""

from core.bulk import update_rows
from core.text import fold

BATCH = 1000

# Record models whose search text carries their unit's place -> their own text fields.
SEARCHED_BY_PLACE = {}


def searched_by_place(*fields):
    """Class decorator of a record model with a `unit` and a `search_text`: its search text is
    `fields` and the place names of its unit, kept up to date when units change."""

    def register(model):
        SEARCHED_BY_PLACE[model] = fields
        model.place_search_fields = fields
        return model

    return register


def folded_text(values, place: str) -> str:
    """The folded search text of a record: its own `values`, then its place names."""
    return fold(" ".join(filter(None, [*values, place])))


def record_text(record, place: str | None, units) -> str:
    """The folded search text of `record` (a model registered with `searched_by_place`);
    `place` None: looked up for its unit alone (bulk writers pass it, looked up once)."""
    if place is None:
        place = units.place_names({record.unit_id}).get(record.unit_id, "")
    return folded_text([getattr(record, name) for name in record.place_search_fields], place)


def successor_map(unit_ids, links) -> dict[int, set[int]]:
    """unit id -> its direct successors, for `unit_ids` and everything they became (one
    query per step of the successions)."""
    successors, seen, frontier = {}, set(unit_ids), set(unit_ids)
    while frontier:
        found = set()
        for predecessor, successor in links.filter(predecessor__in=frontier).values_list("predecessor", "successor"):
            successors.setdefault(predecessor, set()).add(successor)
            found.add(successor)
        frontier = found - seen
        seen |= frontier
    return successors


def _became(pk, successors) -> list[int]:
    """`pk` and every unit it became, nearest first (a cycle in bad data stops the walk)."""
    order, seen = [pk], {pk}
    for current in order:
        for successor in sorted(successors.get(current, ())):
            if successor not in seen:
                seen.add(successor)
                order.append(successor)
    return order


def place_names(unit_ids, units, links) -> dict[int, str]:
    """unit id -> the folded names of the unit, the units above it, the units it became and
    the units above those, each name once."""
    unit_ids = {pk for pk in unit_ids if pk is not None}
    successors = successor_map(unit_ids, links)
    every = unit_ids | {pk for targets in successors.values() for pk in targets}
    rows = units.filter(pk__in=every).values_list("pk", "name", "parent__name", "parent__parent__name")
    names = {pk: [fold(name) for name in row if name] for pk, *row in rows}
    places = {}
    for pk in unit_ids:
        words = [name for unit in _became(pk, successors) for name in names.get(unit, [])]
        places[pk] = " ".join(dict.fromkeys(words))
    return places


def predecessor_closure(unit_ids, links) -> set[int]:
    """`unit_ids` and every unit that became one of them, however many successions back: the
    units whose place names name them."""
    found, frontier = set(unit_ids), set(unit_ids)
    while frontier:
        frontier = set(links.filter(successor__in=frontier).values_list("predecessor_id", flat=True)) - found
        found |= frontier
    return found


def refresh(records, fields, units, links, batch_size=BATCH) -> int:
    """Recompute the search text of `records` (a queryset) whose own text is `fields`; write
    only those that changed, in bulk (a few queries per batch, never one per record). Returns
    how many changed."""
    changed, last = 0, 0
    while True:
        batch = list(records.filter(pk__gt=last).order_by("pk").only("unit", "search_text", *fields)[:batch_size])
        if not batch:
            return changed
        last = batch[-1].pk
        places = place_names({record.unit_id for record in batch}, units, links)
        stale = []
        for record in batch:
            text = folded_text([getattr(record, name) for name in fields], places.get(record.unit_id, ""))
            if text != record.search_text:
                record.search_text = text
                stale.append(record)
        update_rows(records.model, stale, ["search_text"])
        changed += len(stale)


def refresh_all(apps, model: str, fields) -> int:
    """For a data migration: refresh every row of `model` ("app_label.ModelName") with the
    migration's historical models (those migrations ran while units were in `models_registry`)."""
    units = apps.get_model("models_registry", "AdministrativeUnit").objects
    links = apps.get_model("models_registry", "UnitSuccession").objects
    return refresh(apps.get_model(model)._base_manager.all(), fields, units, links)
