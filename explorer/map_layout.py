"""Where the concept map's nodes go: computed on the server with networkx, stable, legible.

The browser should not spend seconds settling physics, and the same store should give the
same picture on every visit, so positions are computed here (seeded) and cached by the
page per store generation and role:

- :func:`layout`: a spring layout, the focus fixed in the middle and its rings around it;
  nodes that drift far out are pulled in (:func:`pull_in`). Views of more than
  :data:`LAYOUT_LIMIT` nodes are left to vis-network's physics, which settles them faster
  than a spring layout in Python.
- :func:`spread`: nodes moved apart until their names (:func:`label_box`) do not overlap.
- :func:`grid`: the opening view's clusters in rows, each cell big enough for its node and
  name, in the order a spring layout gives them (linked clusters stay near).
"""

from __future__ import annotations

import math
from typing import Any

from graph.views import MapView

__all__ = ["LAYOUT_LIMIT", "grid", "label_box", "layout", "pull_in", "scaled", "spread"]

#: Views with more nodes than this are laid out by vis-network's physics in the browser.
LAYOUT_LIMIT = 400


def layout(view: MapView) -> dict[str, tuple[float, float]]:
    """Seeded positions for every node of ``view``, the focus in the middle; ``{}`` above
    :data:`LAYOUT_LIMIT` nodes (the browser lays those out)."""
    if not view.nodes or len(view.nodes) > LAYOUT_LIMIT:
        return {}
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(str(n.iri) for n in view.nodes))
    graph.add_edges_from(sorted((str(e.source), str(e.target)) for e in view.edges))
    focus = str(view.focus) if view.focus is not None and str(view.focus) in graph else None
    count = graph.number_of_nodes()
    # Each step costs the square of the nodes: big views take fewer (their rings, or a
    # seeded start, already place them roughly). 302 nodes: 60 steps took 0.25 s, 25 take 0.1 s.
    steps = 60 if count <= 100 else 25
    if focus is not None:
        depth = {str(n.iri): n.depth or 1 for n in view.nodes}
        rings = [sorted(k for k in graph if depth[k] == d) for d in sorted(set(depth.values()))]
        start = nx.shell_layout(graph, [[focus], *[[k for k in r if k != focus] for r in rings]])
        layout = nx.spring_layout(
            graph, pos=start, fixed=[focus], seed=7, k=2.2 / math.sqrt(count), iterations=steps
        )
    else:
        layout = nx.spring_layout(graph, seed=7, k=2.2 / math.sqrt(count), iterations=steps + 20)
    layout = pull_in(layout)
    side = max(260.0, 80.0 * math.sqrt(count))
    positions = scaled(layout, side * 1.6, side)
    if focus is not None:
        fx, fy = positions[focus]
        positions = {k: (x - fx, y - fy) for k, (x, y) in positions.items()}
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in positions.items()}


def scaled(layout: dict[Any, Any], width: float, height: float) -> dict[str, tuple[float, float]]:
    """networkx positions (about -1..1) stretched over ``width`` x ``height`` canvas units."""
    if not layout:
        return {}
    xs = [p[0] for p in layout.values()]
    ys = [p[1] for p in layout.values()]
    spread_x = (max(xs) - min(xs)) or 1
    spread_y = (max(ys) - min(ys)) or 1
    return {
        str(k): (
            (p[0] - min(xs)) / spread_x * width - width / 2,
            (p[1] - min(ys)) / spread_y * height - height / 2,
        )
        for k, p in layout.items()
    }


def pull_in(layout: dict[Any, Any]) -> dict[Any, Any]:
    """Nodes far out (a record linked to nothing else drifts away in a spring layout)
    brought in to the edge of the rest, so they do not shrink the whole picture."""
    import numpy as np

    if len(layout) < 5:
        return layout
    keys = list(layout)
    points = np.array([layout[k] for k in keys], dtype=float)
    middle = np.median(points, axis=0)
    distance = np.linalg.norm(points - middle, axis=1)
    edge = float(np.percentile(distance, 90)) * 1.15 or 1.0
    far = distance > edge
    points[far] = middle + (points[far] - middle) / distance[far, None] * edge
    return {k: tuple(p) for k, p in zip(keys, points, strict=True)}


def label_box(label: str, font: float) -> tuple[float, float]:
    """About how wide and tall ``label`` is on the canvas at ``font`` pixels (sans-serif)."""
    lines = label.split("\n") or [""]
    return max(len(line) for line in lines) * font * 0.58 + 6, len(lines) * font * 1.25 + 4


def spread(
    positions: dict[str, tuple[float, float]],
    boxes: dict[str, tuple[float, float, float]],
    *,
    rounds: int = 100,
) -> dict[str, tuple[float, float]]:
    """Positions moved apart until no two label boxes overlap (or ``rounds`` pass).

    ``boxes`` holds each node's label width, height and the gap from the node's centre to
    the label's top (labels sit below their node). Each round pushes every overlapping
    pair apart along the axis where they overlap least, half each.

    >>> moved = spread({"a": (0, 0), "b": (1, 0)}, {"a": (40, 10, 5), "b": (40, 10, 5)})
    >>> abs(moved["a"][0] - moved["b"][0]) >= 48 or abs(moved["a"][1] - moved["b"][1]) >= 18
    True
    """
    import numpy as np

    keys = sorted(positions)
    if not keys:
        return {}
    place = np.array([positions[k] for k in keys], dtype=float)
    width, height, gap = (np.array([boxes[k][n] for k in keys], dtype=float) for n in range(3))
    pairs = np.triu(np.ones((len(keys), len(keys)), dtype=bool), 1)
    for _ in range(rounds):
        middle = place[:, 1] + gap + height / 2
        dx = place[None, :, 0] - place[:, None, 0]  # [a, b]: b's x less a's
        dy = middle[None, :] - middle[:, None]
        over_x = (width[:, None] + width[None, :]) / 2 + 8 - np.abs(dx)
        over_y = (height[:, None] + height[None, :]) / 2 + 8 - np.abs(dy)
        hit = pairs & (over_x > 0) & (over_y > 0)
        if not hit.any():
            break
        # Each overlapping pair moves apart along the axis where it overlaps least; the
        # moves of all pairs are added up, a little over half each, and applied at once.
        sideways = hit & (over_x < over_y)
        step_x = np.where(sideways, over_x * 0.6 * np.where(dx >= 0, 1, -1), 0.0)
        step_y = np.where(hit & ~sideways, over_y * 0.6 * np.where(dy >= 0, 1, -1), 0.0)
        place[:, 0] += step_x.sum(axis=0) / 2 - step_x.sum(axis=1) / 2
        place[:, 1] += step_y.sum(axis=0) / 2 - step_y.sum(axis=1) / 2
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(keys, place, strict=True)}


def grid(
    layout: dict[str, Any], boxes: dict[str, tuple[float, float, float]], aspect: float = 1.15
) -> dict[str, tuple[float, float]]:
    """Clusters in rows, each in a cell big enough for the biggest node and name, so no two
    overlap and the picture fills a map ``aspect`` times wider than tall (a spring layout
    of clusters leaves a long thin picture, or one far group per connected part). The
    spring layout still decides the order: rows top to bottom, each left to right, so
    clusters linked to each other stay near."""
    if not layout:
        return {}
    cell_w = max(w for w, _, _ in boxes.values()) + 24
    count = len(layout)
    typical = sorted(h for _, h, _ in boxes.values())[count // 2] + 24
    columns = max(1, min(count, math.ceil(math.sqrt(count * aspect * typical / cell_w))))
    by_height = sorted(layout, key=lambda k: (layout[k][1], layout[k][0], k))
    placed = {}
    top = 0.0
    for row in range(math.ceil(count / columns)):
        members = sorted(by_height[row * columns : (row + 1) * columns], key=lambda k: (layout[k][0], k))
        tallest = max(boxes[k][1] for k in members) + 24  # each row as tall as it needs
        shift = (columns - len(members)) * cell_w / 2 + (cell_w / 4 if row % 2 else -cell_w / 4)
        for column, key in enumerate(members):
            _, height, gap = boxes[key]
            placed[key] = (round(shift + column * cell_w, 1), round(top + (tallest - height) / 2 - gap, 1))
        top += tallest
    return placed
