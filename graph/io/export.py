"""Write what a viewer may see as Turtle, TriG, N-Triples, N-Quads, JSON-LD, GraphML or CSV.

Exports read through :meth:`PraxisStore.quads` (CSV: through the store's named
queries), so a visitor's export holds the public graph only, whatever levels are
asked for. CSV is one kind of record per file (readings, actions, lessons or
assessments), in the columns of the import templates (:mod:`graph.io.tables`).
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
    CSV = "csv"


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
    kind: str | None = None,
) -> bytes:
    """Serialise the statements ``viewer`` may see (optionally only ``levels``).

    CSV needs ``kind``: ``readings``, ``actions``, ``lessons`` or ``assessments``."""
    if fmt is ExportFormat.CSV:
        return _csv(store, viewer, levels, kind)
    quads = list(store.quads(viewer, levels))
    if fmt is ExportFormat.GRAPHML:
        return _graphml(quads)
    if fmt in _QUAD_FORMATS:
        return ox.serialize(quads, format=_RDF[fmt], prefixes=_prefixes(fmt))
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return ox.serialize(sorted(triples, key=str), format=_RDF[fmt], prefixes=_prefixes(fmt))


def _csv(store: PraxisStore, viewer: Viewer, levels: Iterable[Visibility] | None, kind: str | None) -> bytes:
    from graph.errors import BadInput
    from graph.io.tables import TableKind, table_rows, to_csv

    kinds = {k.value: k for k in TableKind}
    if kind not in kinds:
        raise BadInput(f"a CSV export needs a kind: one of {', '.join(kinds)}", source="--kind")
    wanted = {level.value for level in levels} if levels else None
    rows = [
        r for r in table_rows(store, viewer, kinds[kind]) if wanted is None or r.get("visibility") in wanted
    ]
    return to_csv(kinds[kind], rows).encode("utf-8")


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
