"""Write what a viewer may see as Turtle, TriG, N-Triples, N-Quads, JSON-LD, GraphML or CSV.

Exports read through :meth:`PraxisStore.quads` (CSV: through the store's named
queries), so a visitor's export holds the public graph only, whatever levels are
asked for. CSV is one kind of record per file (readings, actions, lessons or
assessments), in the columns of the import templates (:mod:`graph.io.tables`):
references as the names a person reads, their identifiers in the column beside,
with every cell a spreadsheet would run as a formula escaped
(:mod:`graph.text`). GraphML replaces the characters XML 1.0 forbids
(:func:`xml_text`), so the file always parses.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from enum import Enum

import pyoxigraph as ox

from graph.access import Viewer, Visibility
from graph.errors import BadInput
from graph.io.tables import TableKind, table_rows, to_csv
from graph.labels import local_name
from graph.namespaces import PREFIXES
from graph.store import PraxisStore

__all__ = ["ExportFormat", "export", "xml_text"]

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


#: Characters XML 1.0 does not allow anywhere in a document, not even escaped: the C0
#: controls but tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    r"""``text`` with every character XML 1.0 forbids replaced by U+FFFD (the
    replacement character, shown as a question mark in a box), so the file parses.

    >>> xml_text("ok\x00here\x1b[31m\ttab")
    'ok\ufffdhere\ufffd[31m\ttab'
    """
    return _NOT_XML.sub("\ufffd", text)


def _graphml(quads: list[ox.Quad]) -> bytes:
    """Resources as nodes (label, kind), links between resources as edges, for Gephi.

    Every text goes through :func:`xml_text`: a literal may hold a NUL or another
    control character, which no XML file may contain."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode):
            continue
        node = xml_text(subject.value)
        graph.add_node(node)
        if isinstance(obj, ox.Literal):
            if predicate in _LABELS:
                graph.nodes[node]["label"] = xml_text(obj.value)
        elif isinstance(obj, ox.NamedNode):
            if predicate == _TYPE:
                graph.nodes[node]["kind"] = xml_text(local_name(obj.value))
            else:
                graph.add_edge(
                    node,
                    xml_text(obj.value),
                    relation=xml_text(local_name(predicate)),
                )
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()
