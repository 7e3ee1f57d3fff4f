"""What the learning programme's forms offer, read as the viewer sees it.

Readings (for a session to cover), skills (to practise), topics (concepts of the
theory schemes and claims, for a session to discuss), concepts that readings
discuss (for the planner), campaigns (for posts and the planner) and members
(:func:`graph.programme.refs.members`). Every list is of :class:`RecordRef`, sorted by
label, so pages only lay them out.

Readings, topics, members, campaigns and concepts can run to thousands, more than
a picker should list: the ``find_`` functions offer every one when there are at
most :data:`PICK_LIMIT`, and otherwise what a search finds (:class:`Found`), so a
form never reads them all to fill a picker.

>>> from graph.store import open_store
>>> campaigns(open_store("memory:"), Viewer.visitor())
[]
>>> find_readings(open_store("memory:"), Viewer.visitor(), "Parecon")
Found(refs=(), total=0)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import local_name
from graph.programme.refs import RecordRef, members
from graph.store import PraxisStore

__all__ = [
    "PICK_LIMIT",
    "ConceptOption",
    "Found",
    "campaigns",
    "concepts",
    "find_campaigns",
    "find_concepts",
    "find_members",
    "find_readings",
    "find_topics",
    "members",
    "readings",
    "skills",
    "topics",
]

#: A picker lists every option when there are at most this many, and otherwise at most
#: this many of those a search finds.
PICK_LIMIT = 300
#: The longest search text a picker accepts.
MAX_SEARCH = 200


@dataclass(frozen=True)
class ConceptOption:
    """A concept some readings discuss, and how many."""

    iri: URIRef
    label: str
    readings: int


@dataclass(frozen=True)
class Found:
    """What a picker offers: options by label, and how many there are (or match) in all."""

    refs: tuple[Any, ...]  # RecordRef, or ConceptOption from find_concepts
    total: int

    @property
    def complete(self) -> bool:
        """Whether every option (or every match) is offered."""
        return len(self.refs) >= self.total


def _sorted(rows: Iterable[dict[str, Any]], key: str, label: str) -> list[RecordRef]:
    found: dict[URIRef, str | None] = {}
    for row in rows:
        if found.get(row[key]) is None:
            found[row[key]] = str(row[label]) if row[label] is not None else None
    refs = [RecordRef(iri, text or local_name(iri)) for iri, text in found.items()]
    return sorted(refs, key=lambda r: ((r.label or "").casefold(), str(r.iri)))


def readings(store: PraxisStore, viewer: Viewer) -> list[RecordRef]:
    """Every reading (blog posts included), by title. Forms use :func:`find_readings`."""
    return _sorted(store.select("programme_readings", viewer), "reading", "title")


def skills(store: PraxisStore, viewer: Viewer) -> list[RecordRef]:
    """Every skill of the skills scheme, by label."""
    return _sorted(store.select("skill_list", viewer), "skill", "label")


def topics(store: PraxisStore, viewer: Viewer) -> list[RecordRef]:
    """Concepts of the theory schemes and claims, by label. Forms use :func:`find_topics`."""
    return _sorted(store.select("programme_topics", viewer), "topic", "label")


def _search_text(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_SEARCH:
        raise BadInput(f"the search text is longer than {MAX_SEARCH} characters; shorten it", source="search")
    return text


def _found(
    store: PraxisStore,
    viewer: Viewer,
    text: str,
    *,
    count: str,
    every: Callable[[], list],
    search: Callable[[str], list],
) -> Found:
    """Everything (``every``) when the named query ``count`` says there are at most
    :data:`PICK_LIMIT`; for a search text, the first :data:`PICK_LIMIT` that ``search``
    finds; for no text and a longer list, nothing but the count."""
    text = _search_text(text)
    if text:
        matches = search(text)
        return Found(tuple(matches[:PICK_LIMIT]), len(matches))
    (row,) = store.select(count, viewer)
    total = int(next(iter(row.values())))
    if total > PICK_LIMIT:
        return Found((), total)
    listed = every()  # may be fewer than counted: concepts no reading discusses are left out
    return Found(tuple(listed), len(listed))


def _search_then_label(
    store: PraxisStore, viewer: Viewer, query: str, key: str, labels: str, label: str
) -> Callable[[str], list[RecordRef]]:
    """A search for :func:`_found`: the named query ``query`` finds the nodes (``key``) whose
    text matches, then ``labels`` reads only their ``label``, so matches are labelled once."""

    def search(text: str) -> list[RecordRef]:
        found = {row[key] for row in store.select(query, viewer, text=Literal(text))}
        return _sorted(store.select(labels, viewer, **{key: found}), key, label) if found else []

    return search


def find_readings(store: PraxisStore, viewer: Viewer, text: str = "") -> Found:
    """Readings whose title or authors contain ``text`` (any case), by title; with no text,
    every reading when there are at most :data:`PICK_LIMIT`, else none (and the count)."""

    search = _search_then_label(store, viewer, "reading_search", "reading", "reading_titles", "title")
    return _found(
        store, viewer, text, count="reading_count", every=lambda: readings(store, viewer), search=search
    )


def find_topics(store: PraxisStore, viewer: Viewer, text: str = "") -> Found:
    """Concepts and claims whose label contains ``text`` (any case), by label; with no
    text, every one when there are at most :data:`PICK_LIMIT`, else none (and the count)."""

    search = _search_then_label(
        store, viewer, "programme_topic_search", "topic", "programme_topic_labels", "label"
    )
    return _found(
        store, viewer, text, count="programme_topic_count", every=lambda: topics(store, viewer), search=search
    )


def find_members(store: PraxisStore, viewer: Viewer, text: str = "") -> Found:
    """Members whose nickname contains ``text`` (any case), by nickname; with no text,
    every member when there are at most :data:`PICK_LIMIT`, else none (and the count)."""

    def search(text: str) -> list[RecordRef]:
        rows = store.select("programme_member_search", viewer, text=Literal(text))
        return _sorted(rows, "member", "nickname")

    return _found(
        store,
        viewer,
        text,
        count="programme_member_count",
        every=lambda: members(store, viewer),
        search=search,
    )


def find_campaigns(store: PraxisStore, viewer: Viewer, text: str = "") -> Found:
    """Campaigns whose name contains ``text`` (any case), by name; with no text, every
    campaign when there are at most :data:`PICK_LIMIT`, else none (and the count)."""

    def search(text: str) -> list[RecordRef]:
        return _sorted(
            store.select("programme_campaign_search", viewer, text=Literal(text)), "campaign", "label"
        )

    return _found(
        store,
        viewer,
        text,
        count="programme_campaign_count",
        every=lambda: campaigns(store, viewer),
        search=search,
    )


def find_concepts(store: PraxisStore, viewer: Viewer, text: str = "") -> Found:
    """Concepts that readings discuss (:class:`ConceptOption`, with how many) whose label
    contains ``text`` (any case), by label; with no text, every one when the theory
    schemes hold at most :data:`PICK_LIMIT` concepts, else none (and that count)."""

    def search(text: str) -> list[ConceptOption]:
        labels: dict[URIRef, str] = {}
        for row in store.select("programme_concept_search", viewer, text=Literal(text)):
            labels.setdefault(row["concept"], str(row["label"]))
        rows = store.select("programme_concept_readings", viewer, concept=set(labels)) if labels else []
        options = [ConceptOption(r["concept"], labels[r["concept"]], int(r["readings"])) for r in rows]
        return sorted(options, key=lambda o: (o.label.casefold(), str(o.iri)))

    return _found(
        store,
        viewer,
        text,
        count="programme_concept_count",
        every=lambda: concepts(store, viewer),
        search=search,
    )


def concepts(store: PraxisStore, viewer: Viewer) -> list[ConceptOption]:
    """Concepts that at least one reading discusses, by label."""
    counts: dict[URIRef, int] = {}
    labels: dict[URIRef, str] = {}
    for row in store.select("programme_concepts", viewer):
        counts[row["concept"]] = max(counts.get(row["concept"], 0), int(row["readings"]))
        if row["label"] is not None:
            labels.setdefault(row["concept"], str(row["label"]))
    options = [ConceptOption(iri, labels.get(iri, local_name(iri)), n) for iri, n in counts.items()]
    return sorted(options, key=lambda o: (o.label.casefold(), str(o.iri)))


def campaigns(store: PraxisStore, viewer: Viewer, *, active_only: bool = False) -> list[RecordRef]:
    """Campaigns by name; with ``active_only``, only those with ``prx:status prx:Active``
    (found through their status, so the others are never read)."""
    if active_only:
        return _sorted(store.select("programme_active_campaigns", viewer), "campaign", "label")
    return _sorted(store.select("programme_campaigns", viewer), "campaign", "label")
