"""Drawing the concept map: where every node goes, how it looks, and what the legend says.

The library says what is on the map (:class:`graph.views.MapView`, or its clusters,
:class:`graph.views.map_clusters.ClusterMap`); this module turns that into the plain data
the map component (:mod:`explorer.map_component`) hands to vis-network: positions,
shapes, colours, sizes, labels and hover texts. Nothing here is HTML: names travel as
JSON strings and the component puts them on the canvas or in a tooltip as text, so a
label such as ``<script>`` is shown as typed.

- **Positions are computed on the server, with networkx** (:mod:`explorer.map_layout`),
  not by physics in the browser: the map is still when it appears and the same store
  gives the same picture on every visit (the page caches it per store generation and role).
- **Readable at first sight**: the opening view is the clusters, sized by how many
  records they hold, in rows with room for their names; on other views the big names are
  moved apart.
- **Labels by importance and zoom**: a node's font grows with its links (or what it
  holds); vis-network hides a label once it is drawn smaller than
  :data:`LABEL_THRESHOLD` pixels, so zooming out leaves the important names.
- **The legend is not on the canvas**: the component draws it beside the map.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from explorer.map_layout import grid, label_box, layout, pull_in, spread
from graph.views import MapKind, MapView, Relation
from graph.views.map_clusters import ClusterMap
from graph.views.records import record_id

__all__ = [
    "EDGE_STYLES",
    "HEIGHT",
    "LABEL_CHARS",
    "NODE_STYLES",
    "ConceptMap",
    "draw",
    "draw_clusters",
    "draw_local",
    "graphml",
    "legend",
]

#: Height of the map in pixels.
HEIGHT = 560
#: Longest label drawn on the canvas; the tooltip has the whole text.
LABEL_CHARS = 38
#: Views with at most this many nodes have their big names moved apart (:func:`spread`).
SPREAD_LIMIT = 200
#: Labels drawn smaller than this many pixels (zoomed out) are hidden.
LABEL_THRESHOLD = 9
#: Above this many edges, relations are told by colour and dashes (see the legend), not by words.
QUIET_EDGES = 300
#: The drawing's width in canvas units (vis-network fits it to the page).
WIDTH = 1400


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str
    symbol: str  # for the legend
    name: str


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    dashes: tuple[int, ...] = ()
    width: float = 1.2
    arrow: bool = True


NODE_STYLES = {
    MapKind.CONCEPT: NodeStyle("#4C78A8", "dot", "●", "Concept"),
    MapKind.READING: NodeStyle("#F58518", "square", "■", "Reading"),
    MapKind.CLAIM: NodeStyle("#B279A2", "diamond", "◆", "Claim"),
    MapKind.LESSON: NodeStyle("#54A9A0", "triangle", "▲", "Lesson"),
    MapKind.CAMPAIGN: NodeStyle("#9D755D", "hexagon", "⬢", "Campaign"),
}
CLUSTER_COLOUR = "#7BA3C9"

EDGE_STYLES = {
    Relation.BROADER: EdgeStyle("#8C8C8C"),
    Relation.RELATED: EdgeStyle("#A5B4C8", (4, 4), arrow=False),
    Relation.DISCUSSES: EdgeStyle("#F5B97A"),
    Relation.ABOUT: EdgeStyle("#CDA6C5"),
    Relation.SOURCE: EdgeStyle("#CDA6C5", (2, 3)),
    Relation.SUPPORTS: EdgeStyle("#2E7D32", width=2.6),
    Relation.CHALLENGES: EdgeStyle("#D32F2F", (9, 5), width=2.6),
    Relation.QUALIFIES: EdgeStyle("#E0A100", (2, 4), width=2.2),
    Relation.ADDRESSES: EdgeStyle("#C4A484"),
    Relation.LEARNT_IN: EdgeStyle("#8FC9C3", (6, 3)),
}


@dataclass(frozen=True)
class ConceptMap:
    """A drawn map: the data the component draws, and what is on it."""

    data: dict[str, Any] = field(hash=False)
    nodes: int
    edges: int
    aggregated: bool
    note: str = ""
    clusters: bool = False
    title: str = ""  # the cluster drawn, when one is open

    @property
    def names(self) -> dict[str, str]:
        """Node id -> full name, for the page (which node was clicked)."""
        return {n["id"]: n["name"] for n in self.data["nodes"]}


def short(text: str, chars: int = LABEL_CHARS) -> str:
    """A label shortened for the canvas (the tooltip has it whole).

    >>> short("<b>Bread & roses</b> (a history of the 1912 Lawrence textile strike")
    '<b>Bread & roses</b> (a history of th…'
    """
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _tooltip(node: Any, focus: URIRef | None) -> str:
    lines = [node.label, NODE_STYLES[node.kind].name]
    if node.iri == focus:
        lines.append("the focus of this map")
    elif node.depth:
        lines.append(f"{node.depth} hop{'s' if node.depth > 1 else ''} from the focus")
    if node.below:
        lines.append(f"{node.below:,} concepts below it")
    elif node.top:
        lines.append("a top concept of its scheme")
    lines.append("click: focus · double-click: open its page")
    return "\n".join(lines)


def draw(view: MapView) -> ConceptMap:
    """The component's data for ``view``: positioned when it is small enough."""
    degree = Counter()
    for edge in view.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    positions = layout(view)
    nodes = []
    for node in view.nodes:
        style = NODE_STYLES[node.kind]
        focus = node.iri == view.focus
        weight = degree[node.iri] + (node.below and math.log2(1 + node.below) * 3)
        # A name's size says how much hangs on it: at first sight only the best-linked
        # concepts are big enough to be drawn, the rest appear as you zoom in.
        font = 26 if focus else min(13 + 4 * math.sqrt(weight), 34) if node.kind is MapKind.CONCEPT else 12
        nodes.append(
            {
                "id": record_id(node.iri),
                "name": node.label,
                "label": short(node.label),
                "title": _tooltip(node, view.focus),
                "kind": node.kind.value,
                "shape": style.shape,
                "color": style.colour,
                "size": 30 if focus else min(8 + 2.5 * math.sqrt(weight), 30),
                "font": round(font, 1),
                "focus": focus,
            }
        )
    if positions and len(nodes) <= SPREAD_LIMIT:
        # The names drawn at first sight (the big ones) are moved apart; the rest keep
        # their place, as a dot.
        boxes = {}
        for node, drawn in zip(view.nodes, nodes, strict=True):
            width, height = label_box(drawn["label"], drawn["font"]) if drawn["font"] >= 18 else (24, 12)
            boxes[str(node.iri)] = (width, height, drawn["size"] + 2)
        positions = spread(positions, boxes)
        if view.focus is not None and str(view.focus) in positions:
            fx, fy = positions[str(view.focus)]
            positions = {k: (round(x - fx, 1), round(y - fy, 1)) for k, (x, y) in positions.items()}
    for node, drawn in zip(view.nodes, nodes, strict=True):
        if str(node.iri) in positions:
            drawn["x"], drawn["y"] = positions[str(node.iri)]
    quiet = len(view.edges) > QUIET_EDGES
    edges = []
    for edge in view.edges:
        style = EDGE_STYLES[edge.relation]
        edges.append(
            {
                "from": record_id(edge.source),
                "to": record_id(edge.target),
                "label": "" if quiet else edge.relation.value,
                "color": style.colour,
                "width": style.width,
                "dashes": list(style.dashes) or False,
                "arrow": style.arrow,
            }
        )
    data = {
        "nodes": nodes,
        "edges": edges,
        "placed": bool(positions) or not nodes,
        "focus": record_id(view.focus) if view.focus is not None else "",
        "height": HEIGHT,
        "threshold": LABEL_THRESHOLD,
        "legend": legend(),
    }
    return ConceptMap(data, len(nodes), len(edges), view.aggregated, view.note)


def draw_clusters(found: ClusterMap) -> ConceptMap:
    """The opening view: one node per cluster, sized by what it holds, labels apart."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(c.key for c in found.clusters)
    graph.add_weighted_edges_from(found.links)
    # Unweighted, with a long spring: clusters are nearly all linked to each other, and
    # weights would pack the best-linked ones into the middle. Seeded: a stable picture.
    count = max(len(graph), 1)
    spring = pull_in(nx.spring_layout(graph, seed=7, k=2.4 / math.sqrt(count), iterations=150, weight=None))
    biggest = max((c.size for c in found.clusters), default=1)
    nodes, boxes = [], {}
    for item in found.clusters:
        size = 10 + 16 * math.sqrt(item.size / biggest)
        font = round(17 + 5 * math.sqrt(item.size / biggest), 1)
        label = f"{short(item.label.split(': ', 1)[-1], 26)}\n{item.size:,} records"
        width, height = label_box(label, font)
        # the node and its name, as one box: neither may cover another's
        boxes[item.key] = (max(width, 2 * size), 2 * size + 4 + height, -size)
        nodes.append(
            {
                "id": "cluster:" + item.key,
                "name": item.label,
                "label": label,
                "title": f"{item.label}\n{item.describe()}\nclick to open this cluster",
                "kind": "cluster",
                "shape": "dot",
                "color": CLUSTER_COLOUR,
                "size": round(size, 1),
                "font": font,
                "focus": False,
            }
        )
    placed = grid(spring, boxes)
    for node in nodes:
        node["x"], node["y"] = placed[node["id"].removeprefix("cluster:")]
    most = max((n for _, _, n in found.links), default=1)
    edges = [
        {
            "from": "cluster:" + a,
            "to": "cluster:" + b,
            "label": "",
            "color": "#B8C4D0",
            "width": round(1 + 5 * n / most, 1),
            "dashes": False,
            "arrow": False,
        }
        for a, b, n in found.links
    ]
    data = {
        "nodes": nodes,
        "edges": edges,
        "placed": True,
        "focus": "",
        "height": HEIGHT,
        "threshold": LABEL_THRESHOLD,
        "legend": [{"symbol": "●", "colour": CLUSTER_COLOUR, "name": "A cluster: click to open it"}],
    }
    view = found.view
    return ConceptMap(data, len(nodes), len(edges), view.aggregated, view.note, clusters=True)


def legend() -> list[dict[str, Any]]:
    """The legend's rows, from the style tables only (no data in it)."""
    rows: list[dict[str, Any]] = [
        {"symbol": s.symbol, "colour": s.colour, "name": s.name} for s in NODE_STYLES.values()
    ]
    for relation in (
        Relation.SUPPORTS,
        Relation.CHALLENGES,
        Relation.QUALIFIES,
        Relation.BROADER,
        Relation.RELATED,
    ):
        style = EDGE_STYLES[relation]
        rows.append(
            {"line": style.colour, "dashes": list(style.dashes), "width": style.width, "name": relation.value}
        )
    return rows


#: Kinds of record that are not on the concept map, as a record's local graph draws them.
RECORD_STYLES = {
    "action": NodeStyle("#E45756", "star", "★", "Action"),
    "organisation": NodeStyle("#72B7B2", "box", "▬", "Organisation"),
    "session": NodeStyle("#EECA3B", "ellipse", "⬭", "Session"),
}
#: A local graph's relations drawn like the map's (the rest: grey).
_LOCAL_EDGES = {
    "supports": EDGE_STYLES[Relation.SUPPORTS],
    "challenges": EDGE_STYLES[Relation.CHALLENGES],
    "qualifies": EDGE_STYLES[Relation.QUALIFIES],
    "related": EDGE_STYLES[Relation.RELATED],
}


def draw_local(graph: Any) -> ConceptMap:
    """The component's data for a record's neighbourhood
    (:class:`graph.views.records.LocalGraph`), the record in the middle."""
    kinds = {k.value: k for k in MapKind}
    view = MapView(
        tuple(
            MapNodeLike(n.iri, kinds.get(n.kind.value), n.label, n.depth, n.kind.value) for n in graph.nodes
        ),
        tuple(EdgeLike(e.source, e.target, e.relation) for e in graph.edges),
        graph.focus,
    )
    positions = layout(view)
    degree: Counter = Counter()
    for edge in graph.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    nodes = []
    for node in graph.nodes:
        style = NODE_STYLES.get(kinds.get(node.kind.value)) or RECORD_STYLES[node.kind.value]
        focus = node.iri == graph.focus
        place = positions.get(str(node.iri), (0.0, 0.0))
        nodes.append(
            {
                "id": record_id(node.iri),
                "name": node.label,
                "label": short(node.label),
                "title": f"{node.label}\n{style.name}\nclick: open its page",
                "kind": node.kind.value,
                "shape": style.shape,
                "color": style.colour,
                "size": 26 if focus else min(10 + 2 * math.sqrt(degree[node.iri]), 22),
                "font": 18 if focus else 12,
                "focus": focus,
                "x": place[0],
                "y": place[1],
            }
        )
    edges = []
    for edge in graph.edges:
        style = _LOCAL_EDGES.get(edge.relation, EdgeStyle("#9A9A9A"))
        edges.append(
            {
                "from": record_id(edge.source),
                "to": record_id(edge.target),
                "label": edge.relation if len(graph.edges) <= QUIET_EDGES else "",
                "color": style.colour,
                "width": style.width,
                "dashes": list(style.dashes) or False,
                "arrow": style.arrow,
            }
        )
    rows = legend()[:5] + [
        {"symbol": s.symbol, "colour": s.colour, "name": s.name} for s in RECORD_STYLES.values()
    ]
    data = {
        "nodes": nodes,
        "edges": edges,
        "placed": True,
        "focus": record_id(graph.focus),
        "height": 460,
        "threshold": LABEL_THRESHOLD,
        "legend": rows,
    }
    return ConceptMap(data, len(nodes), len(edges), False, graph.note)


@dataclass(frozen=True)
class MapNodeLike:
    """A node enough like :class:`graph.views.MapNode` for :func:`explorer.map_layout.layout`."""

    iri: URIRef
    kind: Any
    label: str
    depth: int
    name: str = ""


@dataclass(frozen=True)
class EdgeLike:
    source: URIRef
    target: URIRef
    relation: str


def graphml(drawn: ConceptMap) -> bytes:
    """What the map shows, as GraphML (for Gephi or yEd): each node with its full name and
    kind, each link with its relation. Every text goes through
    :func:`graph.io.exports.xml_text` (no XML file may hold a control character)."""
    import io

    import networkx as nx

    from graph.io.exports import xml_text

    shown = nx.MultiDiGraph()
    for node in drawn.data["nodes"]:
        shown.add_node(xml_text(node["id"]), label=xml_text(node["name"]), kind=node["kind"])
    for edge in drawn.data["edges"]:
        shown.add_edge(xml_text(edge["from"]), xml_text(edge["to"]), relation=xml_text(edge["label"] or ""))
    buffer = io.BytesIO()
    nx.write_graphml(shown, buffer)
    return buffer.getvalue()
