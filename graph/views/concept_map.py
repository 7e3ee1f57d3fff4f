"""What the concept map shows: the nodes and links of a neighbourhood or of whole schemes.

A :class:`MapView` is plain data (nodes, edges, and a note saying what was left out)
that the explorer draws (``explorer/map_drawing.py``). There are two ways to get one,
both through named queries as the viewer, so a visitor's map never holds a members-only
lesson:

- :func:`neighbourhood` walks out from a focus concept one ring at a time, so it reads
  only what it draws however big the store is: each ring is one ``map_hop`` bound to
  every node of the ring before (each neighbour with its kind, label and schemes), not
  one query per node. Nodes of kinds or schemes that are not chosen are neither
  drawn nor walked through. Links between two nodes of the outermost ring are not
  looked for (that would double the work for little gain), and a map that reaches
  ``max_nodes`` stops walking.
- :func:`whole_map` draws every concept of the chosen schemes and the records linked to
  them. When that is more than ``max_nodes``, the largest schemes shrink to their top
  concepts, each sized by how many concepts sit below it: a 4,000-concept thesaurus
  opens as its few hundred top concepts, and a focus shows any neighbourhood in full.
  Records are found from the drawn nodes outwards, a kind at a time, and read only
  while there is room; a kind that does not fit shows its best-linked records first.

Measured on disk (2 shared cores): the busiest concept of the 1M benchmark graph draws
1,789 nodes at depth 2 in 160 ms; the whole map takes 0.5 s (reading every record: 5 s).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import best_label, local_name
from graph.namespaces import PRX, SKOS
from graph.store import PraxisStore
from graph.views.concepts import HIDDEN_SCHEMES, list_schemes

__all__ = [
    "DEPTHS",
    "MAX_NODES",
    "MapEdge",
    "MapKind",
    "MapNode",
    "MapView",
    "Relation",
    "neighbourhood",
    "parse_kinds",
    "whole_map",
]

#: At most this many nodes are drawn at once (vis.js stays responsive up to about here).
MAX_NODES = 2000
#: Neighbourhood depths the map offers.
DEPTHS = (1, 2, 3)


class MapKind(Enum):
    """What a node on the map is; the order is the legend's."""

    CONCEPT = "concept"
    READING = "reading"
    CLAIM = "claim"
    LESSON = "lesson"
    CAMPAIGN = "campaign"

    @property
    def type(self) -> URIRef:
        return SKOS.Concept if self is MapKind.CONCEPT else PRX[self.value.capitalize()]


class Relation(Enum):
    """How two nodes on the map are linked; the value is the edge's label."""

    BROADER = "broader"
    RELATED = "related"
    DISCUSSES = "discusses"
    ABOUT = "about"
    SOURCE = "from reading"
    SUPPORTS = "supports"
    CHALLENGES = "challenges"
    QUALIFIES = "qualifies"
    ADDRESSES = "addresses"
    LEARNT_IN = "learnt in"


#: Property -> (relation, whether the edge runs object to subject).
_RELATIONS = {
    SKOS.broader: (Relation.BROADER, False),
    SKOS.narrower: (Relation.BROADER, True),
    SKOS.related: (Relation.RELATED, False),
    PRX.discusses: (Relation.DISCUSSES, False),
    PRX.aboutConcept: (Relation.ABOUT, False),
    PRX.fromReading: (Relation.SOURCE, False),
    PRX.supports: (Relation.SUPPORTS, False),
    PRX.challenges: (Relation.CHALLENGES, False),
    PRX.qualifies: (Relation.QUALIFIES, False),
    PRX.addresses: (Relation.ADDRESSES, False),
    PRX.fromAction: (Relation.LEARNT_IN, False),
}
_KINDS = {kind.type: kind for kind in MapKind}


@dataclass(frozen=True)
class MapNode:
    iri: URIRef
    kind: MapKind
    label: str
    depth: int | None = None  # hops from the focus
    top: bool = False  # a top concept of its scheme
    below: int = 0  # concepts below it, shown when a scheme is shrunk to its top concepts
    group: str = ""  # the scheme a whole map drew a concept for (its cluster, see map_clusters)


@dataclass(frozen=True)
class MapEdge:
    source: URIRef
    target: URIRef
    relation: Relation


@dataclass(frozen=True)
class MapView:
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    focus: URIRef | None = None
    aggregated: bool = False
    note: str = ""
    kinds: frozenset[MapKind] = field(default_factory=lambda: frozenset(MapKind))


def parse_kinds(kinds: Iterable[MapKind | str] | None) -> frozenset[MapKind]:
    """Kinds from members or names (``"concept"``, ``"readings"``); ``None`` means all."""
    if kinds is None:
        return frozenset(MapKind)
    chosen = set()
    for kind in kinds:
        if isinstance(kind, MapKind):
            chosen.add(kind)
            continue
        name = str(kind).strip().lower().removesuffix("s")
        try:
            chosen.add(MapKind(name))
        except ValueError:
            names = ", ".join(k.value + "s" for k in MapKind)
            raise BadInput(f"unknown kind {kind!r}: choose from {names}", source="kinds") from None
    return frozenset(chosen)


def _edge(subject: Any, prop: Any, obj: Any) -> MapEdge | None:
    if prop not in _RELATIONS:
        return None
    relation, reverse = _RELATIONS[prop]
    source, target = (obj, subject) if reverse else (subject, obj)
    if relation is Relation.RELATED and str(target) < str(source):
        source, target = target, source  # related is symmetric: one edge per pair
    return MapEdge(URIRef(source), URIRef(target), relation)


def _describe(store: PraxisStore, viewer: Viewer, node: URIRef) -> tuple[MapKind | None, str, set, bool]:
    """A node's kind, label, schemes and top-concept flag (``map_node``)."""
    rows = store.select("map_node", viewer, node=node)
    kinds = {_KINDS[r["type"]] for r in rows if r["type"] in _KINDS}
    kind = next((k for k in reversed(MapKind) if k in kinds), None)  # a lesson typed as a concept too is one
    label = best_label((r["label"], r["lang"]) for r in rows) or local_name(node)
    schemes = {r["scheme"] for r in rows if r["scheme"] is not None}
    return kind, label, schemes, any(r["top"] is not None for r in rows)


@dataclass
class _Seen:
    """What one hop's rows say about a neighbour."""

    kinds: set = field(default_factory=set)
    labels: set = field(default_factory=set)
    schemes: set = field(default_factory=set)
    links: set = field(default_factory=set)  # (property, outgoing)
    top: bool = False


def _neighbours(rows: list[dict[str, Any]]) -> dict[Any, _Seen]:
    """``map_hop`` rows grouped by neighbour."""
    found: dict[Any, _Seen] = {}
    for row in rows:
        seen = found.setdefault(row["other"], _Seen())
        if row["type"] in _KINDS:
            seen.kinds.add(_KINDS[row["type"]])
        if row["label"]:
            seen.labels.add(row["label"])
        if row["scheme"] is not None:
            seen.schemes.add(row["scheme"])
        seen.top = seen.top or row["top"] is not None
        if row["property"] in _RELATIONS:
            seen.links.add((row["property"], row["outgoing"]))
    return found


def neighbourhood(
    store: PraxisStore,
    viewer: Viewer,
    focus: URIRef | str,
    *,
    depth: int = 1,
    kinds: Iterable[MapKind | str] | None = None,
    schemes: Iterable[URIRef | str] | None = None,
    max_nodes: int = MAX_NODES,
) -> MapView:
    """The nodes within ``depth`` hops of ``focus`` (of the chosen kinds and schemes)."""
    if depth not in DEPTHS:
        raise BadInput(f"depth must be 1, 2 or 3, not {depth}", source="depth")
    chosen = parse_kinds(kinds)
    wanted = {URIRef(s) for s in schemes} if schemes is not None else None
    focus = URIRef(focus)
    kind, label, _, top = _describe(store, viewer, focus)
    if kind is None:
        return MapView((), (), focus, note="This concept is not in the store, or not visible to you.")
    nodes = {focus: MapNode(focus, kind, label, 0, top)}
    refused: set = set()
    edges: set[MapEdge] = set()
    frontier, full = [focus], False
    for level in range(1, depth + 1):
        ring: dict[Any, list] = {}  # the whole ring in one query, by the node it hangs on
        for row in store.select("map_hop", viewer, node=tuple(frontier)):
            ring.setdefault(row["node"], []).append(row)
        hops = ((node, ring.get(node, [])) for node in frontier)
        following = []
        for node, rows in hops:
            for other, seen in _neighbours(rows).items():
                if other in refused or (full and other not in nodes):
                    continue
                if other not in nodes:
                    kind = next((k for k in reversed(MapKind) if k in seen.kinds), None)
                    if kind not in chosen or (
                        kind is MapKind.CONCEPT
                        and wanted is not None
                        and seen.schemes
                        and not seen.schemes & wanted
                    ):
                        refused.add(other)
                        continue
                    if len(nodes) >= max_nodes:
                        full = True
                        continue
                    label = min(seen.labels) if seen.labels else _describe(store, viewer, other)[1]
                    nodes[other] = MapNode(other, kind, label, level, seen.top)
                    following.append(other)
                for prop, outgoing in seen.links:
                    edges.add(_edge(*((node, prop, other) if outgoing else (other, prop, node))))
            if full:  # a full map takes no more nodes: walking on would only link the ones it has
                break
        frontier = [] if full else following
    note = ""
    if full:
        note = (
            f"Showing the nearest {len(nodes):,} nodes only (the map draws at most {max_nodes:,}): "
            "lower the depth or choose fewer kinds to see the rest."
        )
    return MapView(tuple(nodes.values()), _sorted(edges), focus, full, note, chosen)


def _sorted(edges: Iterable[MapEdge]) -> tuple[MapEdge, ...]:
    return tuple(sorted(edges, key=lambda e: (str(e.source), str(e.target), e.relation.value)))


def whole_map(
    store: PraxisStore,
    viewer: Viewer,
    *,
    kinds: Iterable[MapKind | str] | None = None,
    schemes: Iterable[URIRef | str] | None = None,
    max_nodes: int = MAX_NODES,
) -> MapView:
    """Every concept of ``schemes`` (default: all but :data:`HIDDEN_SCHEMES`) and the
    records of the chosen kinds linked to them, shrinking the largest schemes to their
    top concepts when everything would be more than ``max_nodes``.

    Kept per role and choice until the next change (the map's first view is a second of
    reads at 1M statements, and the explorer's warm-up asks for it ahead of the first visit)."""
    chosen = parse_kinds(kinds)
    wanted = frozenset(URIRef(s) for s in schemes) if schemes is not None else None
    role = viewer.role
    return store.memo(
        ("whole-map", role, chosen, wanted, max_nodes),
        lambda: _whole_map(store, Viewer(role), chosen, wanted, max_nodes),
    )


def _whole_map(
    store: PraxisStore,
    viewer: Viewer,
    chosen: frozenset[MapKind],
    wanted: frozenset[URIRef] | None,
    max_nodes: int,
) -> MapView:
    available = list_schemes(store, viewer)
    picked = [
        s for s in available if (s.iri in wanted if wanted is not None else s.iri not in HIDDEN_SCHEMES)
    ]
    nodes: dict[Any, MapNode] = {}
    edges: set[MapEdge] = set()
    shrunk: list[str] = []
    budget = max_nodes
    if MapKind.CONCEPT in chosen:
        for scheme in sorted(picked, key=lambda s: s.concepts):
            tops = {r["top"]: r for r in store.select("map_top_concepts", viewer, scheme=scheme.iri)}
            if scheme.concepts <= budget:
                for row in store.select("concept_list", viewer, scheme=scheme.iri):
                    concept = row["concept"]
                    if concept not in nodes or row["label"]:
                        label = row["label"] or _describe(store, viewer, concept)[1]
                        group = nodes[concept].group if concept in nodes else scheme.label
                        nodes[concept] = MapNode(
                            concept, MapKind.CONCEPT, label, top=concept in tops, group=group
                        )
                links = store.select("map_scheme_links", viewer, scheme=scheme.iri)
            else:
                shrunk.append(scheme.label)
                biggest = sorted(tops.values(), key=lambda r: (-r["size"], str(r["top"])))[: max(budget, 0)]
                for row in biggest:
                    label = row["label"] or _describe(store, viewer, row["top"])[1]
                    nodes[row["top"]] = MapNode(
                        row["top"], MapKind.CONCEPT, label, top=True, below=row["size"], group=scheme.label
                    )
                links = store.select("map_top_links", viewer, scheme=scheme.iri)
            for row in links:
                edges.add(_edge(row["concept"], row["property"], row["other"]))
            budget = max_nodes - len(nodes)
    left_out = _add_records(store, viewer, chosen, nodes, edges, max_nodes)
    edges = {e for e in edges if e is not None and e.source in nodes and e.target in nodes}
    notes = []
    if shrunk:
        notes.append(
            f"{', '.join(shrunk)}: too many concepts to draw at once, so only the top concepts are "
            "shown, sized by how many concepts sit below them. Focus on a concept to see its neighbourhood."
        )
    if left_out:
        notes.append(left_out)
    if not nodes:
        notes.append("Nothing to draw: choose at least one scheme and one kind.")
    return MapView(
        tuple(nodes.values()), _sorted(edges), None, bool(shrunk or left_out), " ".join(notes), chosen
    )


def _add_records(
    store: PraxisStore, viewer: Viewer, chosen: frozenset[MapKind], nodes: dict, edges: set, max_nodes: int
) -> str:
    """Add the records of the chosen kinds linked (perhaps through other records) to the
    concepts drawn, or all of them when no concepts are drawn, while the map has room (a
    kind that does not fit gets its best-linked records in, and ends the walk); drawn in
    the legend's order, then by label. Return a note saying what did not fit, or ``""``."""
    kinds = [k for k in MapKind if k is not MapKind.CONCEPT and k in chosen]
    room, drawn, picked = max(max_nodes - len(nodes), 0), list(nodes), {}
    note = ""
    for kind, ranked in _candidates(store, viewer, kinds, drawn, anchored=MapKind.CONCEPT in chosen):
        fresh = [record for record in ranked if record not in picked and record not in nodes]
        space = room - len(picked)
        picked.update(dict.fromkeys(fresh[:space], kind))
        drawn += fresh[:space]
        if len(fresh) > space:
            later = [f"{k.value}s" for k in kinds[kinds.index(kind) + 1 :]]
            more = ", and no more " + " or ".join(filter(None, [", ".join(later[:-1]), *later[-1:]]))
            count = len(fresh) - space
            note = f"{count:,} {kind.value}{'s' * (count > 1)} left out to keep the map under "
            note += f"{max_nodes:,} nodes{more if later else ''}: choose fewer kinds, or focus on a concept."
            break
    labels: dict[Any, list[str]] = {}
    typed = set()  # a record is drawn as the kind it was picked as if the viewer sees it typed so
    for row in store.select("map_record_details", viewer, record=set(picked)):
        typed.add((row["record"], row["type"]))
        if row["label"]:
            labels.setdefault(row["record"], []).append(row["label"])
        if row["property"] is not None:
            edges.add(_edge(row["record"], row["property"], row["target"]))
    shown = {
        record: (kind, min(labels[record]) if record in labels else local_name(record))
        for record, kind in picked.items()
        if (record, kind.type) in typed
    }
    order = list(MapKind)
    for record in sorted(shown, key=lambda r: (order.index(shown[r][0]), shown[r][1].casefold(), str(r))):
        nodes[record] = MapNode(record, *shown[record])
    return note


def _candidates(
    store: PraxisStore, viewer: Viewer, kinds: list[MapKind], drawn: list, *, anchored: bool
) -> Iterable[tuple[MapKind, list]]:
    """Records that may join the map, a kind at a time, best first: without concepts
    (``anchored`` false) every record of each kind (``map_kind_records``); with them,
    the records of each kind linked to what ``drawn`` holds (``map_linked_<kind>s``),
    then to what it gained since, until nothing new is linked. ``drawn`` grows as the
    caller picks, so the walk reads only as far as the map reaches."""
    if not anchored:
        for kind in kinds:
            rows = store.select("map_kind_records", viewer, kind=kind.type)
            yield kind, sorted((r["record"] for r in rows), key=str)
        return
    asked = dict.fromkeys(kinds, 0)  # how much of drawn each kind has been asked about
    while any(asked[kind] < len(drawn) for kind in kinds):
        for kind in kinds:
            new, asked[kind] = drawn[asked[kind] :], len(drawn)
            if new:
                links = Counter(
                    r["record"] for r in store.select(f"map_linked_{kind.value}s", viewer, node=set(new))
                )
                yield kind, sorted(links, key=lambda record: (-links[record], str(record)))
