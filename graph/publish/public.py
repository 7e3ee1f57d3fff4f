"""The public graph, read once as a visitor, in the order every published file writes it.

A site must hold nothing above public, so :func:`read_public` reads through the one door
that applies the visibility rule, :meth:`~graph.store.PraxisStore.quads` with
:meth:`Viewer.visitor() <graph.access.Viewer.visitor>`, and asks for the public level
only: members-only and restricted records, and any other named graph (a peer's, kept in
``.../graph/peer/NAME``), are never read, so they can never be written.

Statements are sorted by their N-Triples form, so the same data gives the same bytes
and the same checksum on every publish. Blank nodes are renamed canonically first
(pyoxigraph's canonicalisation of the statements that hold them): a store reloaded
from the same files gives blank nodes new ids, and the dump would change for nothing.
The canonical names are stable for one pyoxigraph version; a new version may rename them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.access import Viewer, Visibility
from graph.labels import best_label
from graph.namespaces import DCTERMS, RDF, RDFS, SKOS
from graph.publish.paths import page_path
from graph.store import PraxisStore
from graph.views.records import RecordKind, kind_of

__all__ = ["NAMES", "PublicGraph", "read_public"]

#: The properties a node is named by (its heading on a page).
NAMES = frozenset({str(SKOS.prefLabel), str(DCTERMS.title), str(RDFS.label)})
_TYPE = str(RDF.type)


@dataclass
class PublicGraph:
    """The public statements (sorted), and what pages need to name and place each node."""

    triples: list[ox.Triple]
    by_subject: dict[str, list[ox.Triple]] = field(default_factory=lambda: defaultdict(list))
    by_object: dict[str, list[ox.Triple]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for triple in self.triples:
            subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
            if not isinstance(subject, ox.NamedNode):
                continue
            self.by_subject[subject.value].append(triple)
            if isinstance(obj, ox.NamedNode):
                self.by_object[obj.value].append(triple)
                if predicate == _TYPE:
                    self.types[subject.value].add(obj.value)
            elif isinstance(obj, ox.Literal) and predicate in NAMES:
                self.labels[subject.value].add((obj.value, obj.language or ""))

    def paged(self) -> list[str]:
        """Every subject that gets a page (records under ``id/``, concepts under ``vocab/``)."""
        return sorted(iri for iri in self.by_subject if page_path(iri) is not None)

    def label(self, iri: str) -> str | None:
        return best_label(self.labels.get(iri, ()))

    def kind(self, iri: str) -> RecordKind | None:
        return kind_of(self.types.get(iri, ()))


def read_public(store: PraxisStore) -> PublicGraph:
    """The public graph of ``store``, as a visitor reads it, sorted and canonical."""
    ground: list[ox.Triple] = []
    blank = ox.Dataset()
    for quad in store.quads(Viewer.visitor(), [Visibility.PUBLIC]):
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            blank.add(ox.Quad(quad.subject, quad.predicate, quad.object))
        else:
            ground.append(triple)
    blank.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    triples = set(ground) | {ox.Triple(q.subject, q.predicate, q.object) for q in blank}
    return PublicGraph(sorted(triples, key=str))
