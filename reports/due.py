"""Which units report for a period, and the units that changed inside it, said out loud.

The rule: the units of the period's levels valid on its cut-off day. A unit closed inside the
period (before the cut-off) is not due: its successors report for its area. A unit opened
inside it is due for the whole period, its predecessors' part included. So a district merged on
1/7/2025 reports the first half of 2025 under its old self (it was valid on 14/6/2025), and the
commune that succeeded it reports the year 2025 (it is valid on 14/12/2025).
"""

from dataclasses import dataclass, field

from django.db.models import Q

from units import scoping
from units.models import AdministrativeUnit, UnitSuccession


def due_units(period, units=None):
    """The units (of `units`, default all) that owe `period` a report."""
    units = AdministrativeUnit.objects.all() if units is None else units
    return units.filter(level__in=period.level_codes()).valid_on(period.cutoff)


def is_due(period, unit) -> bool:
    return unit.level in period.level_codes() and unit.is_valid_on(period.cutoff)


@dataclass
class UnitChange:
    """A unit of the period's levels that closed or opened inside it, and who carries its report."""

    unit: AdministrativeUnit
    closed: bool  # True: closed inside the period (not due); False: opened inside it (due)
    others: list = field(default_factory=list)  # successors (closed) or predecessors (opened)


def changes_in(period, unit_ids=None) -> list[UnitChange]:
    """The units of the period's levels closed or opened between its first day and its cut-off
    (`unit_ids`: among these only), with their successors or predecessors. Two queries."""
    units = AdministrativeUnit.objects.filter(level__in=period.level_codes()).filter(
        Q(valid_until__gte=period.start, valid_until__lt=period.cutoff)
        | Q(valid_from__gt=period.start, valid_from__lte=period.cutoff)
    )
    if unit_ids is not None:
        units = units.filter(pk__in=scoping.among(unit_ids, units.db))
    units = list(units.order_by("name", "pk"))
    links = UnitSuccession.objects.filter(
        Q(predecessor__in=units) | Q(successor__in=units)
    ).select_related("predecessor", "successor").order_by("successor__name", "predecessor__name")
    links = list(links)
    changes = []
    for unit in units:
        closed = unit.valid_until is not None and unit.valid_until < period.cutoff
        others = [link.successor if closed else link.predecessor for link in links
                  if (link.predecessor_id if closed else link.successor_id) == unit.pk]
        changes.append(UnitChange(unit=unit, closed=closed, others=others))
    return changes
