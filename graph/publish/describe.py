"""What each published page says: the explorer's record page, as a visitor sees it.

A record of a kind the explorer has a page for (concepts, readings, claims, lessons,
campaigns, actions, organisations, sessions) is described by
:func:`graph.views.records.record` itself, read as a visitor, so the published page says
what the explorer's page says: its facts, every link in and out with the other record's
name, a lesson's or a claim's history. The reads go through :class:`ReadAhead`, a batch
of :data:`BATCH` records at a time.

Any other record under ``id/`` (an assessment, a member's pseudonymous record, a blog
post, an earlier wording) has no explorer page, so its page is built from the public
statements already in memory: its values, and its links to and from records of ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from graph.access import Viewer
from graph.labels import local_name
from graph.namespaces import PRX, RDF
from graph.publish.paths import page_path
from graph.publish.public import NAMES, PublicGraph
from graph.publish.readahead import ReadAhead
from graph.store import PraxisStore
from graph.views.records import Fact, Record, Version, record

__all__ = ["BATCH", "Entry", "Page", "pages"]

#: Records described per batch of reads: bounds the rows held at once on a large store.
BATCH = 2_000


@dataclass(frozen=True)
class Entry:
    """A record named on a page; ``path`` is the site path of its page, if it has one."""

    label: str
    kind: str
    path: str | None


@dataclass(frozen=True)
class Page:
    """One record's page: its name, kind, values, links grouped by how they read, history."""

    iri: str
    path: str
    kind: str
    label: str
    facts: tuple[Fact, ...]
    groups: tuple[tuple[str, tuple[Entry, ...]], ...]
    history: tuple[Version, ...] = ()
    withdrawn: str = ""


def pages(store: PraxisStore, public: PublicGraph) -> Iterator[Page]:
    """A page for every record and concept of the public graph, in IRI order."""
    visitor = Viewer.visitor()
    paged = public.paged()
    for start in range(0, len(paged), BATCH):
        batch = paged[start : start + BATCH]
        ahead = ReadAhead(store, visitor, batch)
        for iri in batch:
            found = record(ahead, visitor, iri)  # ReadAhead answers the reads record() makes
            yield _from_record(found, public) if found is not None else _from_statements(iri, public)


def _entry(iri: str, label: str, kind: str, public: PublicGraph) -> Entry:
    return Entry(label, kind, page_path(iri) if iri in public.by_subject else None)


def _from_record(found: Record, public: PublicGraph) -> Page:
    groups = tuple(
        (relation, tuple(_entry(str(k.other.iri), k.other.label, k.kind.title, public) for k in links))
        for relation, links in found.groups()
    )
    return Page(
        iri=str(found.iri),
        path=page_path(found.iri) or "",
        kind=found.kind.title,
        label=found.label,
        facts=found.facts,
        groups=groups,
        history=found.history,
        withdrawn=found.withdrawn,
    )


#: Statements that are not links to another record: its kind, and its level (always public here).
_NOT_LINKS = frozenset({str(RDF.type), str(PRX.visibility)})


def _words(predicate: str) -> str:
    """``prx:assessedAction`` read as ``assessed action``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local_name(predicate)).lower()


def _from_statements(iri: str, public: PublicGraph) -> Page:
    kind = public.kind(iri)
    kind_title = kind.title if kind is not None else "Record"
    facts = tuple(
        Fact(_words(t.predicate.value).capitalize(), t.object.value, t.object.language or "")
        for t in public.by_subject[iri]
        if isinstance(t.object, ox.Literal) and t.predicate.value not in NAMES
    )
    grouped: dict[str, dict[str, Entry]] = {}
    links = [(t.predicate.value, t.object, True) for t in public.by_subject[iri]]
    links += [(t.predicate.value, t.subject, False) for t in public.by_object.get(iri, [])]
    for predicate, other, outgoing in links:
        if predicate in _NOT_LINKS:
            continue
        other_kind = public.kind(other.value) if isinstance(other, ox.NamedNode) else None
        if other_kind is None:  # a value, a class, or nothing a visitor can see
            continue
        relation = _words(predicate) if outgoing else f"{_words(predicate)} (from)"
        label = public.label(other.value) or f"{other_kind.title} {local_name(other.value)}"
        grouped.setdefault(relation, {})[other.value] = _entry(other.value, label, other_kind.title, public)
    groups = tuple(
        (relation, tuple(sorted(found.values(), key=lambda e: e.label.casefold())))
        for relation, found in sorted(grouped.items())
    )
    label = public.label(iri) or f"{kind_title} {local_name(iri)}"
    return Page(iri, page_path(URIRef(iri)) or "", kind_title, label, facts, groups)
