"""Drawing the concept map: a self-contained HTML page (pyvis's template, vis-network), safe and offline.

The library says what is on the map (:class:`graph.views.MapView`); drawing it belongs
here, in the explorer. :func:`draw` is what the concept-map page embeds with
``st.iframe``. The page:

- works with no network: vis-network is inlined (``cdn_resources="in_line"``) and the
  Bootstrap links pyvis's template adds are removed; :func:`render` refuses to return a
  page that still loads anything from another host;
- escapes every string that came from the data (:func:`graph.text.html_escape`). pyvis
  shows a node's ``title`` with
  ``innerHTML`` when any title contains "href" (and with ``innerText`` otherwise, which
  would print the escapes), so we always use its HTML tooltip and escape every title with
  :func:`html.escape`; labels are plain canvas text. (vis-network's HTML label markup,
  ``font.multi: "html"``, is not used: its parser builds a regular expression from the
  label, so a label with an unbalanced parenthesis stopped the whole map from drawing.
  The focus is marked by size and border instead of bold.)
- tells kinds apart by colour and shape, with a legend; names each edge's relation;
  draws ``challenges`` red and dashed and ``supports`` green and solid;
- settles fast: Barnes-Hut physics stabilises in at most 250 iterations (120 for views of
  more than :data:`PHYSICS_LIMIT` nodes) and is then switched off, so the map holds still.
  Measured in chromium: 900 nodes settle in under a second; networkx's spring layout took
  2.6 s for the same view on the server, so positions are left to the browser.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import URIRef

from graph.errors import PraxisError
from graph.text import html_escape
from graph.views import MapKind, MapView, Relation

__all__ = [
    "EDGE_STYLES",
    "HEIGHT",
    "NODE_STYLES",
    "PHYSICS_LIMIT",
    "ConceptMap",
    "draw",
    "render",
]

#: Views with more nodes than this stabilise in fewer steps and hide edges while dragged.
PHYSICS_LIMIT = 300
#: Height of the map in pixels (the page's iframe is a little taller).
HEIGHT = 620
#: Longest label drawn on the canvas; the tooltip has the whole text.
LABEL_CHARS = 38
#: Above this many nodes, only concepts are labelled on a map without a focus (records on hover).
QUIET_NODES = 120
#: Above this many edges, relations are told by colour and dashes (see the legend), not by words.
QUIET_EDGES = 300


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
    MapKind.READING: NodeStyle("#F58518", "box", "■", "Reading"),
    MapKind.CLAIM: NodeStyle("#B279A2", "diamond", "◆", "Claim"),
    MapKind.LESSON: NodeStyle("#54A9A0", "triangle", "▲", "Lesson"),
    MapKind.CAMPAIGN: NodeStyle("#9D755D", "hexagon", "⬢", "Campaign"),
}

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
    """A drawn map: the HTML page and what is on it."""

    html: str
    nodes: int
    edges: int
    aggregated: bool
    note: str = ""


def draw(view: MapView) -> ConceptMap:
    """The page drawing ``view`` and what is on it."""
    return ConceptMap(render(view), len(view.nodes), len(view.edges), view.aggregated, view.note)


def _canvas(text: str) -> str:
    """A label drawn as plain text on the canvas, shortened (nothing in it is markup).

    >>> _canvas("<b>Bread & roses</b> (a history of the 1912 Lawrence textile strike")
    '<b>Bread & roses</b> (a history of th…'
    """
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _tooltip(node: Any, focus: URIRef | None) -> str:
    lines = [f"<b>{html_escape(node.label)}</b>", html_escape(NODE_STYLES[node.kind].name)]
    if node.iri == focus:
        lines.append("the focus of this map")
    elif node.depth:
        lines.append(f"{node.depth} hop{'s' if node.depth > 1 else ''} from the focus")
    if node.below:
        lines.append(f"{node.below:,} concepts below it")
    elif node.top:
        lines.append("a top concept of its scheme")
    return "<br>".join(lines)


def _size(node: Any, focus: URIRef | None) -> float:
    if node.iri == focus:
        return 30
    if node.below:
        return 10 + 4 * math.log2(1 + node.below)
    return 18 if node.top else 12


def render(view: MapView) -> str:
    """The HTML page drawing ``view``."""
    quiet = view.focus is None and len(view.nodes) > QUIET_NODES
    ids = {node.iri: number for number, node in enumerate(view.nodes)}
    nodes = []
    for node in view.nodes:
        style = NODE_STYLES[node.kind]
        label = _canvas(node.label) if node.kind is MapKind.CONCEPT or not quiet else ""
        drawn = {
            "id": ids[node.iri],
            "label": label,
            "focus": node.iri == view.focus,
            "borderWidth": 4 if node.iri == view.focus else 1,
            "title": _tooltip(node, view.focus),
            "shape": style.shape,
            "color": style.colour,
            "size": _size(node, view.focus),
            "font": {"size": 18 if node.iri == view.focus else 15 if node.kind is MapKind.CONCEPT else 12},
        }
        if node.kind is MapKind.READING:
            drawn["font"]["color"] = "#ffffff"
        nodes.append(drawn)
    edges = []
    for edge in view.edges:
        style = EDGE_STYLES[edge.relation]
        drawn = {
            "from": ids[edge.source],
            "to": ids[edge.target],
            "label": html_escape(edge.relation.value) if len(view.edges) <= QUIET_EDGES else "",
            "color": {"color": style.colour, "highlight": style.colour},
            "width": style.width,
            "dashes": list(style.dashes) if style.dashes else False,
            "arrows": "to" if style.arrow else "",
        }
        edges.append(drawn)
    page = _template().render(
        height=f"{HEIGHT}px",
        width="100%",
        nodes=nodes,
        edges=edges,
        heading="",
        options=json.dumps(_options(len(view.nodes))),
        physics_enabled=True,
        use_DOT=False,
        dot_lang="",
        widget=False,
        bgcolor="#ffffff",
        conf=False,
        tooltip_link=True,
        neighborhood_highlight=False,
        select_menu=False,
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )
    if _REMOTE.search(page):
        raise PraxisError("The concept map would load files from another host; it must work offline.")
    return page


def _options(count: int) -> dict[str, Any]:
    big = count > PHYSICS_LIMIT
    return {
        "nodes": {"font": {"face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "font": {"size": 9, "align": "middle", "color": "#555555", "strokeWidth": 3},
            "arrows": {"to": {"scaleFactor": 0.5}},
            "smooth": False,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "navigationButtons": False,
        },
        "physics": {
            "enabled": not big,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -5000,
                "centralGravity": 0.25,
                "springLength": 130,
                "springConstant": 0.03,
                "damping": 0.4,
                "avoidOverlap": 0.2,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 120 if big else 250,
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.5,
        },
    }


_REMOTE = re.compile(
    r"""<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE
)


def _legend() -> str:
    """The legend, from the style tables only (no data in it)."""
    rows = [
        f'<span style="color:{s.colour}">{s.symbol}</span> {html_escape(s.name)}'
        for s in NODE_STYLES.values()
    ]
    for relation in (
        Relation.SUPPORTS,
        Relation.CHALLENGES,
        Relation.QUALIFIES,
        Relation.BROADER,
        Relation.RELATED,
    ):
        style = EDGE_STYLES[relation]
        dash = ",".join(map(str, style.dashes)) or "none"
        rows.append(
            f'<svg width="26" height="8"><line x1="0" y1="4" x2="26" y2="4" stroke="{style.colour}" '
            f'stroke-width="{style.width}" stroke-dasharray="{dash}"/></svg> {html_escape(relation.value)}'
        )
    return '<details id="legend" open><summary>Legend</summary>' + "<br>".join(rows) + "</details>"


_STYLE = """<style>
body { margin: 0; font-family: sans-serif; }
#mynetwork { border: none !important; }
#loadingBar { display: none !important; }
div.popup { padding: 6px 9px; font: 13px/1.35 sans-serif; max-width: 320px; z-index: 10; }
#legend { position: absolute; top: 6px; left: 6px; z-index: 5; font: 12px/1.6 sans-serif;
  background: rgba(255,255,255,0.92); border: 1px solid #ddd; border-radius: 6px; padding: 4px 8px; }
#legend summary { cursor: pointer; font-weight: bold; }
</style>
"""
# Once the layout has settled, stop the simulation so the map holds still.
_SETTLE = """
                  network.once("stabilizationIterationsDone", function () {
                      network.setOptions({physics: {enabled: false}});
                  });
                  return network;"""


@cache
def _template():
    """pyvis's template without its remote Bootstrap links and empty headings, plus our
    style, legend and settling; compiled once per process."""
    from importlib.util import find_spec

    from jinja2 import Environment, FileSystemLoader

    # pyvis's folder, found without importing pyvis (which pulls in networkx and more: 0.3 s)
    folder = Path(find_spec("pyvis").submodule_search_locations[0]) / "templates"
    env = Environment(loader=FileSystemLoader(folder), autoescape=False)
    source, _, _ = env.loader.get_source(env, "template.html")
    source = re.sub(r"<link[^>]*bootstrap[^>]*/?>", "", source)
    source = re.sub(r"<script[^>]*bootstrap[^>]*>\s*</script>", "", source)
    source = re.sub(r"<center>\s*<h1>\{\{\s*heading\s*\}\}</h1>\s*</center>", "", source)
    source = source.replace("</head>", _STYLE + "</head>", 1)
    source = source.replace("</body>", _legend() + "\n</body>", 1)
    source = source.replace("\n                  return network;", _SETTLE, 1)
    return env.from_string(source)
