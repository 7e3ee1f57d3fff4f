"""A peer's dump, parsed and checked: what may become a snapshot, and what is refused.

The dump is read by the engine's N-Triples/N-Quads parser (one statement a line, no
includes, no contexts, nothing fetched, blank nodes renamed so that no peer can name one
of ours), statement by statement, and refused whole at the first of:

- more statements than ``PRAXIS_PEER_MAX_STATEMENTS``;
- a statement in a named graph: a peer's dump is its public graph's triples, in the
  default graph; a graph name (ours, such as ``.../graph/restricted``, or any other)
  would claim a place the peer does not decide;
- a record marked above public: ``prx:visibility`` (or ``dcterms:accessRights``, which it
  refines) ``prx:MembersOnly`` or ``prx:Restricted``, records a peer should never have
  published (the ontology's own statements about those levels are not markings);
- a value (literal or IRI) over the store's size limit
  (:data:`graph.store.literals.MAX_VALUE_BYTES`);
- terms of our namespace the ontology lacks, and violations of our shapes, checked with
  the ontology and vocabularies as context (pySHACL, unless :mod:`graph.peers.conformance`
  proves first that there are none). A record the dump points at but does not
  describe (a lesson's member, who is never public) is one the peer keeps to itself:
  findings about such a link are left out, as its type cannot be known.

Literals stay literals: nothing here unescapes or runs them, and they are stored as the
engine parsed them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph.access import Visibility
from graph.errors import BadInput, Finding
from graph.io import bundled_quads
from graph.namespaces import DCTERMS, PRX, bind_prefixes
from graph.peers.conformance import conforms
from graph.store import check_triples, from_ox, ontology_files, validate_delta
from graph.store.literals import refused_by_engine

__all__ = ["FINDINGS_SHOWN", "check_shapes", "check_shapes_with_pyshacl", "read_dump"]

#: Findings named in a refusal; the count says how many more there were.
FINDINGS_SHOWN = 5
_ABOVE_PUBLIC = {str(level.concept) for level in Visibility if level is not Visibility.PUBLIC}
_MARKINGS = {str(PRX.visibility), str(DCTERMS.accessRights)}
_OURS = {str(level.graph) for level in Visibility}


def read_dump(path: str | Path, fmt: ox.RdfFormat, *, max_statements: int, source: str) -> list[ox.Triple]:
    """The dump's statements as triples, or :class:`BadInput` naming the first refused."""
    triples: list[ox.Triple] = []
    try:
        with open(path, "rb") as file:  # read as a stream: the message names the line, not the file
            for quad in ox.parse(file, format=fmt, rename_blank_nodes=True):
                if not isinstance(quad.graph_name, ox.DefaultGraph):
                    whose = "one of our own graphs" if quad.graph_name.value in _OURS else "a named graph"
                    raise BadInput(
                        f"the dump puts statements in {whose}, <{quad.graph_name.value}>: a peer's dump must "
                        "hold its public graph's statements in the default graph; nothing was changed",
                        source=source,
                    )
                if quad.predicate.value in _MARKINGS and quad.object.value in _ABOVE_PUBLIC:
                    raise BadInput(
                        f"the dump holds a record marked {quad.object.value.rsplit('#', 1)[-1]} "
                        f"({quad.subject}): a peer may share public records only; nothing was changed",
                        source=source,
                    )
                triples.append(quad.triple)
                if len(triples) > max_statements:
                    raise BadInput(
                        f"the dump holds more than {max_statements:,} statements "
                        "(PRAXIS_PEER_MAX_STATEMENTS); nothing was changed",
                        source=source,
                    )
    except SyntaxError as error:
        raise BadInput(
            f"the dump is not valid {fmt.name} ({error}); nothing was changed", source=source
        ) from None
    except MemoryError:  # the engine's parser refuses a token over 16 MiB this way
        raise refused_by_engine(source=source) from None
    check_triples(((t.subject, t.predicate, t.object) for t in triples), source=source)
    return triples


@cache
def _context() -> Graph:
    """The ontology and vocabularies, as rdflib triples: what the dump's links may point at."""
    graph = Graph()
    for quad in bundled_quads(ontology_files()):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


def check_shapes(triples: Iterable[ox.Triple], *, source: str) -> None:
    """Raise :class:`BadInput` with the first findings if the statements break our shapes.

    A dump proven to conform (:func:`graph.peers.conformance.conforms`, a second or two
    for 100k statements) is not given to pySHACL (a minute or more); any other is, and
    its findings are the refusal's."""
    triples = list(triples)
    if not conforms(triples):
        check_shapes_with_pyshacl(triples, source=source)


def check_shapes_with_pyshacl(triples: Iterable[ox.Triple], *, source: str) -> None:
    """:func:`check_shapes` by pySHACL alone: every record of the dump, with the ontology and
    vocabularies as context, less findings about links to records the dump withholds."""
    data = Graph()
    for triple in triples:
        data.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    described = set(data.subjects()) | set(_context().subjects())
    findings = [
        finding
        for finding in validate_delta(data, _context(), set(data.subjects()))
        if not _about_withheld(finding, data, described)
    ]
    if findings:
        shown = "".join(f"\n  - {finding}" for finding in findings[:FINDINGS_SHOWN])
        more = f"\n  and {len(findings) - FINDINGS_SHOWN} more" if len(findings) > FINDINGS_SHOWN else ""
        raise BadInput(
            f"the dump does not conform to our shapes ({len(findings)} problem(s)); nothing was changed:"
            + shown
            + more,
            source=source,
        )


def _about_withheld(finding: Finding, data: Graph, described: set) -> bool:
    """True when ``finding`` is about a link from its record to records the dump does not describe."""
    if finding.node is None or finding.path is None:
        return False
    record = URIRef(finding.node)
    manager = _names()
    for predicate, value in data.predicate_objects(record):
        if predicate.n3(manager) == finding.path and isinstance(value, URIRef) and value not in described:
            return True
    return False


@cache
def _names():
    return bind_prefixes(Graph()).namespace_manager
