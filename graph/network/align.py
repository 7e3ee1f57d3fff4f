"""Concepts matched across chapters: by IRI first, then by an accepted match.

A peer's lesson tagged with concept ``X`` counts toward our concept ``Y`` when ``X``
is ``Y``, or when *our* graphs hold ``X skos:exactMatch Y`` or ``X skos:closeMatch Y``
(either direction): the form :func:`graph.io.skos.accept_match` records once an
organiser accepts a suggested match. A suggestion still under review is not stored
and a rejected one is ``prx:rejectedMatch``, so neither counts; a match a peer states
in its own graph does not count either, even read through
:meth:`~graph.store.PraxisStore.with_peers`. Alignment is not transitive: each match
is a decision about two concepts.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from graph.access import Viewer
from graph.network.chapters import OURS, chapter_of
from graph.store import PraxisStore

__all__ = ["Alignment", "alignment"]

#: concept -> the concepts an accepted match links it to (both directions).
Alignment = dict[URIRef, frozenset[URIRef]]


def alignment(store: PraxisStore, viewer: Viewer) -> Alignment:
    """Every accepted match ``viewer`` can see in our graphs, both ways."""
    linked: dict[URIRef, set[URIRef]] = defaultdict(set)
    for row in store.select("network_matches", viewer):
        one, other = row["one"], row["other"]
        if one != other and chapter_of(row["g"]) == OURS:
            linked[one].add(other)
            linked[other].add(one)
    return {concept: frozenset(others) for concept, others in linked.items()}
