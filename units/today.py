"""Today's units: where each unit of the past went, along its successions.

The one rule, used by the dashboard's "today's units" table (`dashboard.stats.CurrentMapping`)
and by the registry list's `unit_today` filter, so a number and the list behind it agree:
a closed unit goes to its successors; without successors, an abolished district goes where
its communes went, and a unit without parts to its parent's successors. A unit's models are
placed in the row of the unit valid today that holds every unit it went into; a unit whose
successors lie in several rows is split (`TodayMapping.keys[unit] = {row keys}`).

The unit graph (parents and successions of every unit) costs two queries and a walk in Python;
both are kept in the process while the "structure" data version stays the same.
"""

import threading
from collections import defaultdict

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Q

from core import dataversion
from units.models import AdministrativeUnit, UnitSuccession

SELF = "self"  # a row of the chosen unit itself
UNMAPPED = "unmapped"  # closed units whose successors are unknown (seen from the country)

_WALKING = object()
_NOWHERE = frozenset([None])


def _grouped(pairs):
    """{key: [values]} from (key, value) pairs."""
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


class UnitGraph:
    """Parents and successions of every unit, loaded in two queries. Kept from one request to
    the next while the "structure" data version stays the same (`unit_graph`), together with
    the walks already made (`targets`, and the placements of `CurrentMapping`)."""

    def __init__(self):
        closed = ExpressionWrapper(Q(valid_until__isnull=False), output_field=BooleanField())
        units = fetch(AdministrativeUnit.objects.values_list("pk", "parent_id", closed).order_by())
        # Comprehensions rather than one loop with branches: over every unit of the country
        # this is a good part of the Python time of a "today's units" page.
        self.parent = {pk: parent_id for pk, parent_id, _closed in units}
        self.closed = {pk for pk, _parent_id, is_closed in units if is_closed}
        self.children = _grouped((parent_id, pk) for pk, parent_id, _closed in units)
        links = fetch(UnitSuccession.objects.values_list("predecessor_id", "successor_id").order_by())
        self.successors = _grouped(links)
        self.predecessors = _grouped((succ, pred) for pred, succ in links)
        self._targets = {}
        self.placements = {}  # chosen unit id (None: the country) -> CurrentMapping.keys

    def targets(self, pk, down=True):
        """The units valid today that `pk` went into (None: nowhere known).

        A closed unit goes to its successors; without successors, an abolished district
        goes where its communes went, and a unit without parts to its parent's successors."""
        memo = (pk, down)
        result = self._targets.get(memo)
        if result is _WALKING:  # a cycle of successions in bad data: stop rather than loop
            return _NOWHERE
        if result is not None:
            return result
        self._targets[memo] = _WALKING
        if pk not in self.closed:
            result = frozenset([pk])
        elif pk in self.successors:
            result = self._union(self.successors[pk])
        elif down and pk in self.children:
            result = self._union(self.children[pk])
        elif self.parent.get(pk):
            result = self.targets(self.parent[pk], down=False)
        else:
            result = _NOWHERE
        self._targets[memo] = result
        return result

    def _union(self, pks):
        if len(pks) == 1:
            return self.targets(pks[0])
        found = set()
        for pk in pks:
            found |= self.targets(pk)
        return frozenset(found)

    def path_up(self, pk):
        while pk is not None:
            yield pk
            pk = self.parent.get(pk)

    def subtree(self, root):
        return {pk for pk in self.parent if root in self.path_up(pk)}

    def related(self, root):
        """Every unit whose counts might be carried into `root`'s part of today's map: the
        closure over parents, children and predecessors (a superset; `targets` decides).
        Without cross-province successions this is the province of `root`."""
        seen, todo = {root}, [root]
        while todo:
            pk = todo.pop()
            for other in (self.parent.get(pk), *self.children.get(pk, ()), *self.predecessors.get(pk, ())):
                if other is not None and other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen


def current_row_key(graph, unit, target):
    """The row of the current-structure table that a target unit falls into, or None."""
    if target is None:
        return UNMAPPED if unit is None else None
    if unit is None:
        return list(graph.path_up(target))[-1]
    if unit.pk in graph.closed:  # a unit of the past: each of its successors is a row
        return target
    below = None
    for pk in graph.path_up(target):
        if pk == unit.pk:
            return below if below is not None else SELF
        below = pk
    return None



class TodayMapping:
    """The rows of the today's-units table of `unit` (None: the country) that each unit's models
    go to: `keys[unit id] = frozenset of row keys` (a unit id, SELF, UNMAPPED; None: outside)."""

    def __init__(self, unit, database, version):
        self.unit = unit
        self.graph, lock = unit_graph(database, version)
        key = None if unit is None else unit.pk
        placements = self.graph.placements
        with lock:  # the graph's memos are shared by the threads of the process
            keys = placements.pop(key, None)
            if keys is None:
                keys = self._walk()
                if len(placements) >= MAX_PLACEMENTS:  # the least recently used goes
                    del placements[next(iter(placements))]
            placements[key] = keys  # now the most recently used
        self.keys = keys  # shared: read only

    def _walk(self):
        graph, unit = self.graph, self.unit
        if unit is None:
            candidates = graph.parent.keys()
        elif unit.pk in graph.closed:
            candidates = graph.subtree(unit.pk)
        else:
            candidates = graph.related(unit.pk)
        found = {}
        keys_of = {}  # many units share a set of targets
        for pk in candidates:
            targets = graph.targets(pk)
            keys = keys_of.get(targets)
            if keys is None:
                keys = keys_of[targets] = frozenset(current_row_key(graph, unit, t) for t in targets)
            if keys != _NOWHERE:
                found[pk] = keys
        return found

    def children(self):
        """Units shown as rows even when empty: the current children of the unit."""
        graph = self.graph
        if self.unit is not None and self.unit.pk in graph.closed:
            return set()
        parent = None if self.unit is None else self.unit.pk
        return {pk for pk in graph.children.get(parent, ()) if pk not in graph.closed}

    def wholly_inside(self):
        """Ids of the units whose models the table adds to its total: every unit they went into
        is `unit` or lies below it. For a unit valid today this is also its row in its parent's
        table (the row key of a unit below it is its ancestor among the parent's children)."""
        return [pk for pk, keys in self.keys.items() if None not in keys]


_graphs = {}  # (database, structure version) -> UnitGraph; only the latest is kept
MAX_PLACEMENTS = 200  # per graph: a commune's placement covers its province, ~400 units
_graphs_lock = threading.Lock()


def unit_graph(database, version):
    """The unit graph for this request and the lock that guards its memos: the one kept
    for the `version` of the structure of `database` (its name), or (version unknown,
    None) a fresh one of its own."""
    if version is None:
        return UnitGraph(), threading.Lock()
    key = (database, version)
    with _graphs_lock:
        graph = _graphs.get(key)
        if graph is None:
            _graphs.clear()
            graph = _graphs[key] = UnitGraph()
    return graph, _graphs_lock


def mapping(unit, using="default"):
    """The `TodayMapping` of `unit` (valid today) at the current structure version of `using`."""
    version = dataversion.read(using).structure
    return TodayMapping(unit, connections[using].settings_dict["NAME"], version)


def fetch(queryset):
    """The rows of a values_list() queryset as the driver returns them. For GROUP BY unit
    over the whole country (50,000 groups) Django's per-row iteration costs more than the
    database's counting; the SQL is still the ORM's."""
    sql, params = queryset.query.sql_with_params()
    return execute(queryset.db, sql, params)


def execute(using, sql, params):
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()

