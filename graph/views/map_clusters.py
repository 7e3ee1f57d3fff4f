"""The concept map's opening view: the whole map folded into clusters a person can read.

A whole map of the seed is 355 nodes and 811 links: drawn at once, no label can be read.
:func:`cluster` folds a :class:`~graph.views.MapView` into :class:`Cluster` s: one per
concept scheme, and a scheme holding more than ``largest`` concepts is split into the
communities networkx finds in it (Louvain, seeded, so the same store always gives the
same clusters). Each cluster is named after its scheme and, when split, after its best
linked concept. Readings, claims, lessons and campaigns join the cluster of the concepts
they are linked to most (through other records when they touch no concept), so a cluster
holds the theory and the practice about one part of the map. :func:`opened` is the map
of one cluster's members, for when a reader clicks it.

>>> from graph.views import MapView
>>> cluster(MapView((), ())).clusters
()
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.views.concept_map import MapKind, MapView

__all__ = ["CLUSTER_MAX", "MOST_CLUSTERS", "Cluster", "ClusterMap", "cluster", "opened"]

#: A scheme with more concepts than this is split into communities.
CLUSTER_MAX = 40
#: At most about this many clusters (a few more when records touch no concept).
MOST_CLUSTERS = 24
#: Communities smaller than this are gathered into one "more" cluster of their scheme.
SMALLEST = 4


@dataclass(frozen=True)
class Cluster:
    """Records drawn as one node on the opening view."""

    key: str  # stable between visits: the IRI of its hub
    label: str
    hub: URIRef  # its best-linked concept (or record)
    members: frozenset[URIRef]
    counts: tuple[tuple[MapKind, int], ...]  # how many of each kind, in the legend's order

    @property
    def size(self) -> int:
        return len(self.members)

    def describe(self) -> str:
        """``"24 concepts, 3 readings, 1 lesson"``."""
        return ", ".join(f"{n:,} {kind.value}{'s' * (n > 1)}" for kind, n in self.counts)


@dataclass(frozen=True)
class ClusterMap:
    clusters: tuple[Cluster, ...]
    links: tuple[tuple[str, str, int], ...]  # (cluster key, cluster key, how many links)
    view: MapView

    def find(self, key: str) -> Cluster | None:
        return next((c for c in self.clusters if c.key == key), None)


def _graph(view: MapView) -> Any:
    import networkx as nx  # 0.3 s to import: only when a map is folded

    graph = nx.Graph()
    graph.add_nodes_from(sorted(str(n.iri) for n in view.nodes))
    graph.add_edges_from(sorted((str(e.source), str(e.target)) for e in view.edges))
    return graph


def cluster(view: MapView, *, largest: int = CLUSTER_MAX, most: int = MOST_CLUSTERS) -> ClusterMap:
    """``view`` folded into clusters (see the module's docstring)."""
    if not view.nodes:
        return ClusterMap((), (), view)
    from networkx.algorithms.community import louvain_communities

    graph = _graph(view)
    nodes = {str(n.iri): n for n in view.nodes}
    groups: dict[str, list[str]] = defaultdict(list)
    for iri, node in nodes.items():
        if node.kind is MapKind.CONCEPT:
            groups[node.group or "Other concepts"].append(iri)
    split: dict[str, tuple[list[list[str]], list[str]]] = {}  # scheme -> (parts, gathered)
    for name, members in sorted(groups.items()):
        parts, small = [sorted(members)], []
        if len(members) > largest:
            found = louvain_communities(graph.subgraph(members), seed=7, resolution=1.0)
            parts = sorted((sorted(p) for p in found), key=lambda p: (-len(p), p[0]))
            small = sorted(m for p in parts if len(p) < SMALLEST for m in p)
            parts = [p for p in parts if len(p) >= SMALLEST]
        split[name] = (parts, small)
    # At most ``most`` clusters: the scheme split into the most parts gives its smallest
    # part to its "more concepts" cluster, until the opening view can name them all.
    while sum(len(p) + bool(g) for p, g in split.values()) > most:
        name = max(split, key=lambda n: (len(split[n][0]), n))
        parts, small = split[name]
        if len(parts) <= 1:
            break
        split[name] = (parts[:-1], sorted(small + parts[-1]))
    home: dict[str, tuple[str, str]] = {}  # node -> (group name, community hub)
    for name, (parts, small) in split.items():
        for part, gathered in [(p, False) for p in parts] + ([(small, True)] if small else []):
            hub = _hub(graph, part, nodes)
            title = name if len(parts) + bool(small) == 1 else f"{name}: {nodes[hub].label}"
            if gathered:
                title = f"{name}: more concepts"
            for member in part:
                home[member] = (title, hub)
    _place_records(graph, nodes, home)
    by_hub: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, str] = {}
    for member, (title, hub) in home.items():
        by_hub[hub].append(member)
        titles[hub] = title
    order = list(MapKind)
    clusters = []
    for hub, members in sorted(by_hub.items(), key=lambda kv: (-len(kv[1]), titles[kv[0]], kv[0])):
        counts = Counter(nodes[m].kind for m in members)
        clusters.append(
            Cluster(
                hub,
                titles[hub],
                URIRef(hub),
                frozenset(URIRef(m) for m in members),
                tuple(sorted(counts.items(), key=lambda kv: order.index(kv[0]))),
            )
        )
    links: Counter = Counter()
    for source, target in graph.edges:
        a, b = home[source][1], home[target][1]
        if a != b:
            links[tuple(sorted((a, b)))] += 1
    return ClusterMap(tuple(clusters), tuple((a, b, n) for (a, b), n in sorted(links.items())), view)


def _hub(graph: Any, members: list[str], nodes: dict) -> str:
    """The member with the most links, then the shortest name (a readable cluster title)."""
    return min(members, key=lambda m: (-graph.degree(m), len(nodes[m].label), nodes[m].label, m))


def _place_records(graph: Any, nodes: dict, home: dict[str, tuple[str, str]]) -> None:
    """Put each record in the cluster its placed neighbours are in most, spreading out
    from the concepts; records linked to nothing placed get a cluster of their kind."""
    waiting = sorted(m for m in nodes if m not in home)
    while waiting:
        placed = {}
        for record in waiting:
            votes = Counter(home[n] for n in graph.neighbors(record) if n in home)
            if votes:
                placed[record] = min(votes, key=lambda h: (-votes[h], h[1]))
        if not placed:
            break
        home.update(placed)
        waiting = [m for m in waiting if m not in placed]
    for kind in MapKind:
        alone = sorted(m for m in waiting if nodes[m].kind is kind)
        if alone:
            hub = _hub(graph, alone, nodes)
            for record in alone:
                home[record] = (f"{kind.value.capitalize()}s linked to no concept", hub)


def opened(found: ClusterMap, key: str) -> MapView | None:
    """The map of one cluster: its members and the links between them; ``None`` when no
    cluster has that key (any more)."""
    chosen = found.find(key)
    if chosen is None:
        return None
    members = chosen.members
    view = found.view
    return MapView(
        tuple(n for n in view.nodes if n.iri in members),
        tuple(e for e in view.edges if e.source in members and e.target in members),
        None,
        view.aggregated,
        "",
        view.kinds,
    )
