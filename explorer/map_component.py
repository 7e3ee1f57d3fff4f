"""The concept map on the page: vis-network in a Streamlit component whose clicks reach Python.

Made with ``st.components.v2.component`` (Streamlit 1.67): inline JavaScript, no build
step, mounted in the page itself (no iframe), and sending back two trigger values:
``select`` (a node was clicked: the page focuses it and shows its panel) and ``open``
(double-clicked: the page opens its record page). :func:`show` mounts it with the data
:mod:`explorer.map_drawing` made.

Offline: vis-network is shipped in ``explorer/map_assets`` (its ES-module build, with its
licences) and goes to the browser inside the component's own script, which Streamlit
loads from a ``blob:`` URL (hence ``blob:`` in the explorer's script-src); nothing is
fetched from another host. Safe: every name is put on the canvas as canvas text and in
the tooltip with ``innerText`` (vis-network's handling of a string title), never as
markup. The map also offers a picture of what it shows, as PNG (the canvas) and SVG
(redrawn from the same positions), for a handout.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from graph.errors import PraxisError

__all__ = ["ASSETS", "module_script", "show"]

ASSETS = Path(__file__).with_name("map_assets")

_EXPORTS = re.compile(r"export\s*\{([^}]*)\}\s*;?\s*(//# sourceMappingURL=\S*\s*)?$")

_CSS = """
.praxis-map { font-family: sans-serif; }
.praxis-map-canvas { width: 100%; border: 1px solid #e6e6e6; border-radius: 6px; background: #fff; }
.praxis-map-bar { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center;
  font: 12px/1.6 sans-serif; color: #333; padding: 4px 2px; }
.praxis-map-bar .key { white-space: nowrap; }
.praxis-map-bar button { font: 12px sans-serif; padding: 1px 8px; border: 1px solid #ccc;
  border-radius: 4px; background: #fafafa; cursor: pointer; }
.praxis-map-bar .tools { margin-left: auto; display: flex; gap: 6px; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 9px; white-space: pre-line;
  font: 13px/1.35 sans-serif; color: #111; background: #fffef4; border: 1px solid #999;
  border-radius: 4px; box-shadow: 2px 2px 6px rgba(0,0,0,0.2); max-width: 340px; z-index: 10;
  pointer-events: none; }
"""

_MAIN = r"""
const SVG = "http://www.w3.org/2000/svg";

function text(tag, value, attrs) {
  const el = document.createElement(tag);
  el.textContent = value;
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  return el;
}

function download(name, url) {
  const a = document.createElement("a");
  a.href = url; a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
}

function svgOf(network, nodes, edges) {
  // The same picture as the canvas, as SVG: positions from the network, text as text nodes.
  const pos = network.getPositions();
  const xs = Object.values(pos).map(p => p.x), ys = Object.values(pos).map(p => p.y);
  const pad = 120, minX = Math.min(...xs) - pad, minY = Math.min(...ys) - pad;
  const w = Math.max(...xs) - minX + pad, h = Math.max(...ys) - minY + pad;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("xmlns", SVG);
  svg.setAttribute("viewBox", `${minX} ${minY} ${w} ${h}`);
  svg.setAttribute("width", String(Math.round(w))); svg.setAttribute("height", String(Math.round(h)));
  const add = (tag, attrs, value) => {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (value !== undefined) el.textContent = value;
    svg.appendChild(el); return el;
  };
  add("rect", {x: minX, y: minY, width: w, height: h, fill: "#ffffff"});
  for (const e of edges) {
    const a = pos[e.from], b = pos[e.to];
    if (!a || !b) continue;
    add("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.color, "stroke-width": e.width,
                 "stroke-dasharray": e.dashes ? e.dashes.join(",") : "none"});
  }
  for (const n of nodes) {
    const p = pos[n.id];
    if (!p) continue;
    add("circle", {cx: p.x, cy: p.y, r: n.size, fill: n.color, stroke: n.focus ? "#111" : "#fff"});
    n.label.split("\n").forEach((line, i) => add("text", {x: p.x, y: p.y + n.size + n.font * (1.1 + 1.2 * i),
      "font-family": "sans-serif", "font-size": n.font, "text-anchor": "middle", fill: "#222"}, line));
  }
  return new XMLSerializer().serializeToString(svg);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".praxis-map");
  if (!root) {
    root = document.createElement("div");
    root.className = "praxis-map";
    parentElement.appendChild(root);
  }
  root.send = setTriggerValue;  // the latest run's, for the handlers below
  const key = JSON.stringify(data);
  if (root.drawn === key && root.network) return;  // the same map: keep it (and a click in progress)
  if (root.network) root.network.destroy();
  root.drawn = key;
  root.replaceChildren();
  root.dataset.ready = "no";
  root.dataset.focus = data.focus || "";
  const canvas = document.createElement("div");
  canvas.className = "praxis-map-canvas";
  canvas.style.height = data.height + "px";
  const bar = document.createElement("div");
  bar.className = "praxis-map-bar";
  for (const row of data.legend) {
    const key = document.createElement("span");
    key.className = "key";
    if (row.line) {
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("width", "26"); svg.setAttribute("height", "8");
      const line = document.createElementNS(SVG, "line");
      for (const [k, v] of Object.entries({x1: 0, y1: 4, x2: 26, y2: 4, stroke: row.line,
          "stroke-width": row.width, "stroke-dasharray": row.dashes.length ? row.dashes.join(",") : "none"}))
        line.setAttribute(k, String(v));
      svg.appendChild(line); key.appendChild(svg);
    } else {
      key.appendChild(text("span", row.symbol, {style: "color:" + row.colour}));
    }
    key.appendChild(document.createTextNode(" " + row.name));
    bar.appendChild(key);
  }
  const tools = document.createElement("span");
  tools.className = "tools";
  const png = text("button", "Picture (PNG)", {type: "button", "data-export": "png"});
  const svgButton = text("button", "Picture (SVG)", {type: "button", "data-export": "svg"});
  tools.append(png, svgButton);
  bar.appendChild(tools);
  root.append(canvas, bar);

  const nodes = new vis.DataSet(data.nodes.map(n => ({
    id: n.id, label: n.label, title: n.title, shape: n.shape, size: n.size,
    color: {background: n.color, border: n.focus ? "#111111" : n.color,
            highlight: {background: n.color, border: "#111111"},
            hover: {background: n.color, border: "#111111"}},
    borderWidth: n.focus ? 4 : 1,
    font: {size: n.font, color: "#222222", strokeWidth: 3, strokeColor: "#ffffff"},
    x: n.x, y: n.y, focus: n.focus, kind: n.kind,
  })));
  const edges = new vis.DataSet(data.edges.map((e, i) => ({
    id: i, from: e.from, to: e.to, label: e.label, width: e.width, dashes: e.dashes,
    color: {color: e.color, highlight: e.color, hover: e.color}, arrows: e.arrow ? "to" : "",
  })));
  const big = data.nodes.length > 300;
  const network = new vis.Network(canvas, {nodes, edges}, {
    autoResize: true,
    nodes: {font: {face: "sans-serif"}, scaling: {label: {drawThreshold: data.threshold}}},
    edges: {font: {size: 9, align: "middle", color: "#555555", strokeWidth: 3},
            arrows: {to: {scaleFactor: 0.5}}, smooth: false},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, zoomView: true},
    layout: {randomSeed: 7, improvedLayout: false},
    physics: data.placed ? {enabled: false} : {
      enabled: true, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -5000, centralGravity: 0.25, springLength: 130,
                  springConstant: 0.03, damping: 0.4, avoidOverlap: 0.2},
      stabilization: {enabled: true, iterations: big ? 120 : 250, updateInterval: 25, fit: true},
      minVelocity: 1.5},
  });
  // A click waits a moment, so that a double-click sends "open" alone (a "select" first
  // would rerun the page under the second click).
  let pending = null;
  network.on("click", p => {
    if (!p.nodes.length) return;
    clearTimeout(pending);
    const id = String(p.nodes[0]);
    pending = setTimeout(() => root.send("select", id), 280);
  });
  network.on("doubleClick", p => {
    clearTimeout(pending);
    if (p.nodes.length) root.send("open", String(p.nodes[0]));
  });
  png.addEventListener("click", () => {
    const c = canvas.querySelector("canvas");
    download("concept-map.png", c.toDataURL("image/png"));
  });
  svgButton.addEventListener("click", () => {
    const blob = new Blob([svgOf(network, data.nodes, data.edges)], {type: "image/svg+xml"});
    const url = URL.createObjectURL(blob);
    download("concept-map.svg", url);
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  const ready = () => { root.dataset.ready = "yes"; };
  if (data.placed) {
    network.fit({animation: false});
    // room for the outermost labels; a small map is not blown up past 1.2
    network.moveTo({scale: Math.min(network.getScale() * 0.92, 1.2)});
    network.once("afterDrawing", ready);
    network.redraw();
  } else {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({physics: {enabled: false}});
      ready();
    });
  }
  root.network = network;
  root.nodeData = nodes;
  root.svg = () => svgOf(network, data.nodes, data.edges);
}
"""


@cache
def module_script() -> str:
    """vis-network's ES module, its exports made a local ``vis`` object, then our map."""
    source = (ASSETS / "vis-network.min.js").read_text(encoding="utf-8")
    found = _EXPORTS.search(source)
    if found is None:
        raise PraxisError("explorer/map_assets/vis-network.min.js is not vis-network's ES-module build")
    names = []
    for part in found.group(1).split(","):
        local, _, exported = part.strip().partition(" as ")
        names.append(f"{(exported or local).strip()}: {local.strip()}")
    return source[: found.start()] + "const vis = {" + ", ".join(names) + "};\n" + _MAIN


@cache
def _component() -> Any:
    return st.components.v2.component(
        "praxis_concept_map", css=_CSS, js=module_script(), isolate_styles=False
    )


def show(data: dict[str, Any], *, key: str, on_select: Any = None, on_open: Any = None) -> Any:
    """Mount the map drawing ``data``. ``on_select`` runs when a node is clicked and
    ``on_open`` when one is double-clicked (before the page reruns); then
    ``st.session_state[key]`` holds the node's id under ``select`` or ``open``."""
    return _component()(
        key=key, data=data, on_select_change=on_select or _nothing, on_open_change=on_open or _nothing
    )


def _nothing() -> None:
    """A trigger needs a callback to be sent back at all."""
