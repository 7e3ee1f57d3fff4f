"""SHACL validation, worded for members.

Two uses, as DESIGN.md asks:

- :func:`validate_delta` checks one write: the records it touches, plus the
  ``rdf:type`` of every node they point at (so ``sh:class`` works). That keeps a
  lesson write in the tens of milliseconds whatever the size of the store.
- :func:`validate_graph` checks a whole file or store as a batch
  (:meth:`~graph.store.PraxisStore.validate` for the store).

Both also refuse terms in our namespace that the ontology does not define (a
typo such as ``prx:challanges`` would otherwise be stored and silently ignored).
pySHACL runs rdflib's SPARQL engine, which is not safe on first use from several
threads (RDFLib/rdflib#1282), so every call holds one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.term import Node

from graph.errors import Finding
from graph.namespaces import PRX, RDF, RDFS, SH, SKOS, bind_prefixes
from graph.store.bundled import ontology_files, shapes_file

__all__ = [
    "known_terms",
    "shapes",
    "unknown_terms",
    "validate_delta",
    "validate_graph",
]

_LOCK = threading.Lock()
_PRX = str(PRX._NS)


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The shapes graph, parsed once per process (treat as read-only)."""
    return Graph().parse(data=shapes_file().read_bytes(), format="turtle")


@lru_cache(maxsize=1)
def known_terms() -> frozenset[str]:
    """Every IRI in our namespace that the ontology or the vocabularies define."""
    defined: set[str] = set()
    for bundled in ontology_files():
        for subject in Graph().parse(data=bundled.read_bytes(), format="turtle").subjects():
            if isinstance(subject, URIRef) and str(subject).startswith(_PRX):
                defined.add(str(subject))
    return frozenset(defined)


def unknown_terms(triples: Iterable[tuple[Node, Node, Node]]) -> list[Finding]:
    """Findings for every ``prx:`` term the ontology does not define."""
    known = known_terms()
    unknown: dict[str, Node] = {}
    for subject, predicate, obj in triples:
        for term in (subject, predicate, obj):
            if isinstance(term, URIRef) and str(term).startswith(_PRX) and str(term) not in known:
                unknown.setdefault(str(term), subject)
    return [
        Finding(
            focus=_short(focus),
            node=str(term),
            message=f"prx:{term[len(_PRX) :]} is not a term of the Praxis ontology "
            "(check the spelling against ontology/praxis.ttl).",
        )
        for term, focus in sorted(unknown.items())
    ]


def validate_graph(data: Graph, *, focus: Iterable[Node] | None = None) -> list[Finding]:
    """Run the shapes over ``data`` (optionally only on ``focus`` nodes)."""
    findings = unknown_terms(data)
    focus_nodes = list(focus) if focus is not None else None
    if focus_nodes == []:
        return findings
    with _LOCK:
        conforms, report = _run_shapes(data, focus_nodes)
    if conforms:
        return findings
    return findings + _findings(report, data)


_OPTIONS = {"inference": "none", "advanced": True, "allow_warnings": True}


@lru_cache(maxsize=1)
def _compiled_shapes():
    """pySHACL's compiled shapes (its ``ShapesGraph``), built once per process.

    ``pyshacl.validate`` compiles the shapes graph on every call, which cost more
    than the rest of a lesson write together; the compiled form does not depend
    on the data, so one serves every validation (always under ``_LOCK``)."""
    from pyshacl.shapes_graph import ShapesGraph

    compiled = ShapesGraph(shapes())
    _ = compiled.shapes  # compile now
    return compiled


def _run_shapes(data: Graph, focus_nodes: list[Node] | None) -> tuple[bool, Graph]:
    """``pyshacl.validate(data, shacl_graph=shapes(), **_OPTIONS)`` with the shapes compiled once."""
    try:
        from pyshacl import Validator
        from pyshacl.graph_abstraction import DataGraph
        from pyshacl.monkey import apply_patches
    except ImportError:  # a pySHACL without the graph abstraction: the plain (slower) call
        import pyshacl

        options = {**_OPTIONS, "focus_nodes": focus_nodes}
        conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes(), **options)
        return conforms, report
    apply_patches()
    validator = Validator(
        DataGraph.from_rdflib(data), shacl_graph=shapes(), options={**_OPTIONS, "focus_nodes": focus_nodes}
    )
    validator.shacl_graph = _compiled_shapes()
    conforms, report, _ = validator.run()
    return conforms, report


def validate_delta(additions: Graph, context: Graph, touched: Iterable[Node]) -> list[Finding]:
    """Check a write: ``additions`` plus ``context`` (current triples of the
    touched records and types of what they point at), reporting on ``touched``.

    The small data graph is validated whole rather than with pySHACL's
    ``focus_nodes``: in that mode pySHACL skips nested shapes (``sh:or``,
    ``sh:node``) on values outside the focus list, so a lesson tagged to
    something that is not a concept or claim slipped through. Nodes present only
    as types pass through the shapes' ``-reference`` alternatives."""
    data = Graph()
    for triple in context:
        data.add(triple)
    for triple in additions:
        data.add(triple)
    findings = unknown_terms(additions)
    wanted = {str(node) for node in touched}
    checked = [f for f in validate_graph(data) if f.node in wanted and f not in findings]
    return findings + checked


def _findings(report: Graph, data: Graph) -> list[Finding]:
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        results.append(
            Finding(
                focus=_describe(focus, data),
                message=str(message) if message else "does not conform to the shapes.",
                path=_short(path) if isinstance(path, URIRef) else None,
                node=str(focus),
            )
        )
    return sorted(set(results), key=lambda f: (f.focus, f.path or "", f.message))


def _describe(node: Node, data: Graph) -> str:
    label = data.value(node, RDFS.label) or data.value(node, SKOS.prefLabel)
    return f'{_short(node)} ("{label}")' if label else _short(node)


@lru_cache(maxsize=1)
def _namespace_manager():
    return bind_prefixes(Graph()).namespace_manager


def _short(node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return node.n3(_namespace_manager())
        except Exception:
            return f"<{node}>"
    return str(node)
