"""Import a SKOS thesaurus as a scheme of its own, and suggest close matches.

The thesaurus keeps its own IRIs and its own ``skos:ConceptScheme`` (the UNESCO
Thesaurus stays ``http://vocabularies.unesco.org/thesaurus``), goes into the
public graph, and is checked like any RDF import. Statements a thesaurus makes
about *our* terms (``prx:``, ``pxv:``, ``pxs:``, ``px:``) are left out with a
warning: importing a vocabulary never rewrites ours.

**Match suggestions are worked out on demand, not stored.** A suggestion pairs
one of our concepts with a concept of an imported scheme when any of their
labels (preferred or alternative, any language) agree once case, accents,
spaces and punctuation are ignored: our ``pxv:racism`` ("Racism") and UNESCO's
"Racism". An organiser accepts a suggestion (``skos:closeMatch``) or rejects it
(``prx:rejectedMatch``, so it does not come back); everything else is computed
from the current labels, so suggestions follow renamed concepts and re-imports
without stale records to clean up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.io.identifiers import label_key
from graph.io.rdf import format_of, read_quads
from graph.io.report import ImportReport, ImportWarning, Progress, step
from graph.namespaces import DATA, PRX, SCHEME, SKOS, VOCAB
from graph.store import PraxisStore, Statement

__all__ = [
    "ImportedScheme",
    "MatchSuggestion",
    "accept_match",
    "import_skos",
    "imported_schemes",
    "match_suggestions",
    "reject_match",
]

_OURS = tuple(str(ns) for ns in (PRX._NS, VOCAB, SCHEME, DATA))
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SCHEME = ox.NamedNode(str(SKOS.ConceptScheme))
_CONCEPT = ox.NamedNode(str(SKOS.Concept))


@dataclass(frozen=True)
class ImportedScheme:
    iri: URIRef
    label: str
    concepts: int = 0


@dataclass(frozen=True)
class MatchSuggestion:
    """Our concept and a thesaurus concept whose labels agree."""

    ours: URIRef
    ours_label: str
    theirs: URIRef
    theirs_label: str
    scheme: URIRef
    matched: str = ""  # the label they share


def imported_schemes(store: PraxisStore, viewer: Viewer) -> list[ImportedScheme]:
    """Concept schemes that are not ours (imported thesauri)."""
    labels: dict[URIRef, str] = {}
    for row in store.select("import_schemes", viewer):
        if str(row["scheme"]).startswith(str(SCHEME)):
            continue
        if row["scheme"] not in labels or row["lang"] == "en":
            labels[row["scheme"]] = str(row["label"] or row["scheme"])
    return [
        ImportedScheme(iri, label, len(store.select("import_scheme_concepts", viewer, scheme=iri)))
        for iri, label in sorted(labels.items(), key=lambda item: item[1].casefold())
    ]


def import_skos(
    store: PraxisStore,
    data: bytes,
    *,
    viewer: Viewer,
    source: str = "thesaurus.ttl",
    progress: Progress | None = None,
) -> ImportReport:
    """Import a SKOS file (Turtle, RDF/XML, ...) as its own scheme(s), all or nothing."""
    require(viewer, Permission.IMPORT_THESAURUS)
    step(progress, 0.0, "reading the thesaurus")
    quads = read_quads(data, source=source, fmt=format_of(Path(source)), default=Visibility.PUBLIC)
    step(progress, 0.3, f"read {len(quads):,} statements")
    public = ox.NamedNode(str(Visibility.PUBLIC.graph))
    kept = [
        ox.Quad(q.subject, q.predicate, q.object, public)
        for q in quads
        if not (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(_OURS))
    ]
    warnings = []
    if len(kept) < len(quads):
        warnings.append(
            ImportWarning(
                f"{len(quads) - len(kept):,} statements about our own terms (prx:, pxv:, pxs:, px:) were "
                "left out: a thesaurus is imported beside our vocabulary, never into it"
            )
        )
    schemes = {URIRef(q.subject.value) for q in kept if q.predicate == _TYPE and q.object == _SCHEME}
    concepts = {URIRef(q.subject.value) for q in kept if q.predicate == _TYPE and q.object == _CONCEPT}
    if not schemes or not concepts:
        raise BadInput(
            "this is not a SKOS thesaurus: it needs a skos:ConceptScheme and skos:Concept entries",
            source=source,
        )
    before = {
        row["concept"] for s in schemes for row in store.select("import_scheme_concepts", viewer, scheme=s)
    }
    step(progress, 0.4, f"checking and saving {len(concepts):,} concepts")
    store.add_quads(kept, viewer=viewer)
    step(progress, 0.9, "suggesting close matches with our concepts")
    suggestions = [s for s in match_suggestions(store, viewer) if s.scheme in schemes]
    step(progress, 1.0, "done")
    return ImportReport(
        source=source,
        kind="concepts",
        added=len(concepts - before),
        merged=len(concepts & before),
        warnings=tuple(warnings),
        statements=len(kept),
        suggestions=len(suggestions),
        details=(("schemes", len(schemes)),),
    )


def match_suggestions(
    store: PraxisStore, viewer: Viewer, *, scheme: URIRef | None = None
) -> list[MatchSuggestion]:
    """Pairs of our concepts and imported ones whose labels agree, not yet decided."""
    ours: dict[str, set[URIRef]] = defaultdict(set)
    theirs: dict[str, set[tuple[URIRef, URIRef]]] = defaultdict(set)
    names: dict[URIRef, tuple[int, str]] = {}
    spelled: dict[str, str] = {}
    for row in store.select("import_scheme_labels", viewer):
        concept, label, in_scheme = row["concept"], str(row["label"]), row["scheme"]
        key = label_key(label)
        if not key:
            continue
        # Shown name: an English preferred label, else any preferred label, else an alternative.
        rank = (0 if row["preferred"] else 2) + (0 if row["lang"] in ("en", "") else 1)
        if concept not in names or rank < names[concept][0]:
            names[concept] = (rank, label)
        spelled.setdefault(key, label)
        if str(in_scheme).startswith(str(SCHEME)):
            if str(concept).startswith(str(VOCAB)):
                ours[key].add(concept)
        elif scheme is None or in_scheme == scheme:
            theirs[key].add((concept, in_scheme))
    decided = {(row["ours"], row["theirs"]) for row in store.select("import_match_links", viewer)}
    decided |= {(b, a) for a, b in decided}
    found: dict[tuple[URIRef, URIRef], MatchSuggestion] = {}
    for key, mine in ours.items():
        for concept in mine:
            for other, in_scheme in theirs.get(key, ()):
                if (concept, other) not in decided:
                    found.setdefault(
                        (concept, other),
                        MatchSuggestion(
                            concept, names[concept][1], other, names[other][1], in_scheme, spelled[key]
                        ),
                    )
    return sorted(found.values(), key=lambda s: (s.ours_label.casefold(), str(s.theirs)))


def _decide(store: PraxisStore, viewer: Viewer, ours: URIRef, theirs: URIRef, *, accept: bool) -> None:
    require(viewer, Permission.REVIEW_MATCHES)
    if not str(ours).startswith(str(VOCAB)):
        raise BadInput(f"{ours} is not one of our concepts (pxv:...)", source="match")
    level = Visibility.PUBLIC
    keep, drop = (SKOS.closeMatch, PRX.rejectedMatch) if accept else (PRX.rejectedMatch, SKOS.closeMatch)
    store.write(
        [Statement(ours, keep, theirs, level)],
        [Statement(ours, drop, theirs, level)],
        viewer=viewer,
    )


def accept_match(store: PraxisStore, viewer: Viewer, ours: URIRef, theirs: URIRef) -> None:
    """Record ``ours skos:closeMatch theirs`` (and forget an earlier rejection)."""
    _decide(store, viewer, ours, theirs, accept=True)


def reject_match(store: PraxisStore, viewer: Viewer, ours: URIRef, theirs: URIRef) -> None:
    """Record that ``theirs`` is not a match for ``ours``, so it is not suggested again."""
    _decide(store, viewer, ours, theirs, accept=False)
