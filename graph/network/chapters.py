"""Which chapter a statement comes from: ours, or one we follow.

Our statements live in the visibility graphs (:mod:`graph.access`); each followed
chapter's public statements in its own named graph, ``graph/peer/NAME``, which
``praxis peers sync`` replaces as a whole. A chapter is named by that ``NAME``; ours
is :data:`OURS`. Reads that include the other chapters go through
:meth:`~graph.store.PraxisStore.with_peers`.

>>> chapter_of(GRAPH["peer/leeds"]), chapter_of(GRAPH["members"])
('leeds', 'ours')
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from graph.access import Viewer
from graph.namespaces import GRAPH
from graph.store import PraxisStore

__all__ = ["OURS", "chapter_of", "chapters_of", "followed", "includes_sentence"]

#: The name under which our own lessons are counted.
OURS = "ours"

_PEER = str(GRAPH["peer/"])


def chapter_of(graph: object) -> str:
    """The chapter whose named graph ``graph`` is (an IRI, or the engine's term)."""
    iri = str(getattr(graph, "value", graph))
    return iri.removeprefix(_PEER) if iri.startswith(_PEER) else OURS


def followed(store: PraxisStore) -> list[str]:
    """The names of the chapters whose graphs the store holds, sorted."""
    return [chapter_of(graph) for graph in store.peer_graphs()]


def chapters_of(store: PraxisStore, viewer: Viewer, records: Iterable[URIRef]) -> dict[URIRef, str]:
    """The chapter of each record (a lesson, a reading...): the graph that gives its type;
    ours when a peer repeats one of our IRIs, since our own record is what a link opens."""
    wanted = set(records)
    found: dict[URIRef, str] = {}
    if not wanted:
        return found
    for row in store.with_peers().select("network_chapters", viewer, record=wanted):
        if found.get(row["record"]) != OURS:
            found[row["record"]] = chapter_of(row["g"])
    return found


def includes_sentence(names: Iterable[str]) -> str:
    """What a page or brief says when other chapters' evidence is counted.

    >>> includes_sentence(["leeds", "york"])
    'Includes the evidence of 2 other chapters: leeds, york.'
    >>> includes_sentence([])
    'No other chapters followed yet (praxis peers add).'
    """
    names = list(names)
    if not names:
        return "No other chapters followed yet (praxis peers add)."
    other = "other chapter" if len(names) == 1 else "other chapters"
    return f"Includes the evidence of {len(names)} {other}: {', '.join(names)}."
