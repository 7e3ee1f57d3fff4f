"""Write what a viewer may see as Turtle, TriG, N-Triples, N-Quads, JSON-LD or GraphML.

Exports read through :meth:`PraxisStore.quads`, so a visitor's export holds the
public graph only, whatever levels are asked for.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from enum import Enum

import pyoxigraph as ox

from graph.access import Viewer, Visibility
from graph.namespaces import PREFIXES
from graph.store import PraxisStore

__all__ = ["ExportFormat", "export"]

_LABELS = {
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
}
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class ExportFormat(Enum):
    TURTLE = "ttl"
    TRIG = "trig"
    NTRIPLES = "nt"
    NQUADS = "nq"
    JSONLD = "jsonld"
    GRAPHML = "graphml"


_RDF = {
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
    ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
}
_QUAD_FORMATS = {ExportFormat.TRIG, ExportFormat.NQUADS, ExportFormat.JSONLD}


def export(
    store: PraxisStore,
    fmt: ExportFormat,
    *,
    viewer: Viewer,
    levels: Iterable[Visibility] | None = None,
) -> bytes:
    """Serialise the statements ``viewer`` may see (optionally only ``levels``)."""
    quads = list(store.quads(viewer, levels))
    if fmt is ExportFormat.GRAPHML:
        return _graphml(quads)
    if fmt in _QUAD_FORMATS:
        return ox.serialize(quads, format=_RDF[fmt], prefixes=_prefixes(fmt))
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return ox.serialize(sorted(triples, key=str), format=_RDF[fmt], prefixes=_prefixes(fmt))


def _prefixes(fmt: ExportFormat) -> dict[str, str] | None:
    return None if fmt in {ExportFormat.NTRIPLES, ExportFormat.NQUADS} else dict(PREFIXES)


def _graphml(quads: list[ox.Quad]) -> bytes:
    """Resources as nodes (label, kind), links between resources as edges, for Gephi."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode):
            continue
        graph.add_node(subject.value)
        if isinstance(obj, ox.Literal):
            if predicate in _LABELS:
                graph.nodes[subject.value]["label"] = obj.value
        elif isinstance(obj, ox.NamedNode):
            if predicate == _TYPE:
                graph.nodes[subject.value]["kind"] = obj.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            else:
                graph.add_edge(
                    subject.value, obj.value, relation=predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                )
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()
