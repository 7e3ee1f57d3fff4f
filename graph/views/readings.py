"""Reading lists and reading details: what to read on a concept or scheme, and why.

A reading group asks three things of the library, each answered as the viewer sees it
(every read is :meth:`~graph.store.PraxisStore.select` with a viewer):

- :func:`reading_page` (and :func:`reading_list`): readings for a concept or a scheme,
  most relevant first, each with the reason it is on the list (a :class:`ListReason` weighs
  each way a reading reaches the concept: discussing it, a claim about it, or a narrower
  concept);
- :func:`search_readings`: readings by title, those whose title or authors contain a
  search text, or the first ones of the library when nothing is searched;
- :func:`reading_details`: one reading's facts, its concepts and claims, and the
  lessons that tested those claims.

Lists are ranked from small rows (reading and why), then titles, authors and labels are
read for the readings shown only: a busy concept at a million statements has thousands
of readings, and a page shows the first hundred (:data:`LIST_LIMIT`) and how many
there are. :mod:`graph.views.concepts` shows each concept's reading list.

>>> from graph.store import open_store
>>> reading_list(open_store("memory:"), Viewer.visitor())
[]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import best_label, local_name
from graph.namespaces import BIBO, DCTERMS, PRX, RDF, SDO, SKOS
from graph.store import PraxisStore
from graph.views.references import LessonRef, Ref, lesson_refs, refs

__all__ = [
    "LIST_LIMIT",
    "MAX_SEARCH",
    "ListReason",
    "ReadingDetails",
    "ReadingEntry",
    "ReadingPage",
    "count_readings",
    "reading_details",
    "reading_list",
    "reading_page",
    "search_readings",
]

#: How many readings a page of a list shows (the rest are counted, not read).
LIST_LIMIT = 100
#: The longest search text accepted.
MAX_SEARCH = 200


class ListReason(Enum):
    """Why a reading is on a concept's list; the value is its weight in the ranking."""

    DIRECT = 3
    CLAIM = 2
    NARROWER = 1


@dataclass(frozen=True)
class ReadingEntry:
    """One line of a reading list: the reading, its score and why it is there."""

    reading: URIRef
    title: str
    authors: str
    year: str
    score: int
    why: str


@dataclass(frozen=True)
class ReadingPage:
    """The first entries of a reading list, and how many readings the whole list holds."""

    entries: tuple[ReadingEntry, ...]
    total: int

    @property
    def complete(self) -> bool:
        """Whether every reading of the list is shown."""
        return len(self.entries) >= self.total


@dataclass(frozen=True)
class ReadingDetails:
    iri: URIRef
    title: str
    authors: tuple[str, ...]
    year: str
    kinds: tuple[str, ...]  # "Book", "AcademicArticle", ...
    publisher: str
    journal: str
    isbn: str
    doi: str
    url: str
    abstract: str
    concepts: tuple[Ref, ...]
    claims: tuple[Ref, ...]
    lessons: tuple[LessonRef, ...]


def _year(value: Any) -> str:
    return str(value)[:4] if value is not None else ""


# ----------------------------------------------------------------- reading lists
def reading_page(
    store: PraxisStore,
    viewer: Viewer,
    *,
    concept: URIRef | str | None = None,
    scheme: URIRef | str | None = None,
    limit: int | None = LIST_LIMIT,
) -> ReadingPage:
    """The ``limit`` most relevant readings for ``concept`` or ``scheme`` (all with ``None``).

    For a concept, a reading scores 3 if it discusses the concept, 2 per claim about it
    that it discusses (or is the source of), and 1 per narrower concept it discusses. For
    a scheme, 3 per concept of the scheme it discusses and 2 per concept it discusses a
    claim about. Ties go by title. ``why`` says, in words, where the score comes from.
    """
    if concept is not None and scheme is not None:
        raise BadInput("choose a concept or a scheme for a reading list, not both", source="reading list")
    if concept is None and scheme is None:
        raise BadInput("choose a concept or a scheme for a reading list", source="reading list")
    hits: dict[URIRef, dict[ListReason, set]] = defaultdict(lambda: defaultdict(set))
    if concept is not None:
        concept = URIRef(concept)
        for r in store.select("reading_for_concept", viewer, concept=concept):
            reason = ListReason.DIRECT if r["via"] == concept else ListReason.NARROWER
            hits[r["reading"]][reason].add(r["via"])
        for r in store.select("reading_claims_for_concept", viewer, concept=concept):
            hits[r["reading"]][ListReason.CLAIM].add(r["claim"])
    else:
        for r in store.select("reading_for_scheme", viewer, scheme=URIRef(scheme)):
            hits[r["reading"]][ListReason[r["reason"].upper()]].add(r["via"])
    scores = {
        reading: sum(reason.value * len(vias) for reason, vias in found.items())
        for reading, found in hits.items()
    }
    shown = _top(store, viewer, scores, limit)
    cards = _cards(store, viewer, shown)
    names = _via_names(store, viewer, [hits[reading] for reading in shown], claims=concept is not None)
    entries = []
    for reading in shown:
        title, authors, year = cards[reading]
        parts = [
            _why(
                reason,
                [names[reason, via] for via in hits[reading][reason]],
                scheme is not None,
            )
            for reason in ListReason
            if hits[reading].get(reason)
        ]
        entries.append(ReadingEntry(reading, title, authors, year, scores[reading], "; ".join(parts)))
    entries.sort(key=lambda e: (-e.score, e.title.casefold(), str(e.reading)))
    return ReadingPage(tuple(entries), len(scores))


def reading_list(
    store: PraxisStore,
    viewer: Viewer,
    *,
    concept: URIRef | str | None = None,
    scheme: URIRef | str | None = None,
) -> list[ReadingEntry]:
    """Every reading for ``concept`` or ``scheme`` (see :func:`reading_page`), most relevant
    first; with neither, every reading by title. A page shows :func:`reading_page` or
    :func:`search_readings` instead, which read only what they show."""
    if concept is not None or scheme is not None:
        return list(reading_page(store, viewer, concept=concept, scheme=scheme, limit=None).entries)
    return [
        ReadingEntry(
            r["reading"],
            r["title"] or local_name(r["reading"]),
            r["authors"] or "",
            _year(r["issued"]),
            0,
            "",
        )
        for r in store.select("reading_all", viewer)
    ]


def count_readings(store: PraxisStore, viewer: Viewer) -> int:
    """How many readings (blog posts included) the viewer can see."""
    rows = store.select("reading_count", viewer)
    return int(rows[0]["readings"]) if rows else 0


def search_readings(
    store: PraxisStore, viewer: Viewer, text: str = "", *, limit: int = LIST_LIMIT
) -> ReadingPage:
    """Readings whose title or authors contain ``text`` (any case), by title: the first
    ``limit`` and how many match. With no text, the first readings of the whole library
    (at most 100: a page that wants more searches)."""
    text = " ".join(text.split())
    if len(text) > MAX_SEARCH:
        raise BadInput(f"the search text is longer than {MAX_SEARCH} characters; shorten it", source="search")
    if not text:
        rows = store.select("reading_first", viewer)
        titles = _titles(rows)
        shown = sorted(titles, key=lambda r: (titles[r].casefold(), str(r)))[:limit]
        total = count_readings(store, viewer)
    else:
        found = {r["reading"] for r in store.select("reading_search", viewer, text=Literal(text))}
        titles = _titles(store.select("reading_titles", viewer, reading=found)) if found else {}
        shown = sorted(titles, key=lambda r: (titles[r].casefold(), str(r)))[:limit]
        total = len(titles)
    cards = _cards(store, viewer, shown)
    return ReadingPage(tuple(ReadingEntry(r, *cards[r], 0, "") for r in shown), total)


def _titles(rows: Iterable[dict[str, Any]]) -> dict[URIRef, str]:
    """Reading -> the title to sort and show it by: the first in case-folded order when it
    has several, the last part of its IRI when it has none."""
    found: dict[URIRef, list[str]] = defaultdict(list)
    for r in rows:
        titles = found[r["reading"]]
        if r["title"] is not None:
            titles.append(str(r["title"]))
    return {
        reading: min(titles, key=lambda t: (t.casefold(), t)) if titles else local_name(reading)
        for reading, titles in found.items()
    }


def _top(store: PraxisStore, viewer: Viewer, scores: dict[URIRef, int], limit: int | None) -> list[URIRef]:
    """The ``limit`` best readings by score then title; titles are read only for the
    readings tied at the cut, where the title decides who is in."""
    if limit is None or len(scores) <= limit:
        return list(scores)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    cut = scores[ranked[limit - 1]]
    sure = [r for r in ranked if scores[r] > cut]
    tied = [r for r in ranked if scores[r] == cut]
    titles = _titles(store.select("reading_titles", viewer, reading=set(tied)))
    tied.sort(key=lambda r: (titles.get(r, local_name(r)).casefold(), str(r)))
    return sure + tied[: limit - len(sure)]


def _cards(store: PraxisStore, viewer: Viewer, readings: list[URIRef]) -> dict[URIRef, tuple[str, str, str]]:
    """Reading -> (title, authors, year) for the readings shown."""
    if not readings:
        return {}
    rows = store.select("reading_cards", viewer, reading=set(readings))
    titles = _titles(rows)
    found: dict[URIRef, tuple[str, str, str]] = {}
    for r in rows:
        if r["reading"] not in found:
            found[r["reading"]] = (titles[r["reading"]], str(r["authors"] or ""), _year(r["issued"]))
    return found


def _via_names(
    store: PraxisStore, viewer: Viewer, hits: list[dict[ListReason, set]], *, claims: bool
) -> dict[tuple[ListReason, Any], str]:
    """(reason, node) -> the name ``why`` gives the concept or claim that put a shown
    reading on the list: a concept's preferred label, or with ``claims`` (a concept's
    list) a claim's label."""
    wanted = {(reason, via) for found in hits for reason, vias in found.items() for via in vias}
    nodes = {via for _, via in wanted}
    labels: dict[tuple[str, Any], list] = defaultdict(list)
    for r in store.select("reading_via_labels", viewer, node=nodes) if nodes else ():
        labels[r["kind"], r["node"]].append((r["label"], r["lang"]))
    kind = {reason: "claim" if claims and reason is ListReason.CLAIM else "concept" for reason in ListReason}
    return {(reason, via): best_label(labels[kind[reason], via]) or local_name(via) for reason, via in wanted}


def _why(reason: ListReason, names: list[str], for_scheme: bool) -> str:
    listed = ", ".join(sorted(names, key=str.casefold))
    if for_scheme:
        return f"discusses {listed}" if reason is ListReason.DIRECT else f"discusses a claim about {listed}"
    if reason is ListReason.DIRECT:
        return "discusses it directly"
    if reason is ListReason.CLAIM:
        return f"discusses a claim about it ({listed})"
    return f"discusses a narrower concept ({listed})"


# ----------------------------------------------------------------- one reading
def reading_details(store: PraxisStore, viewer: Viewer, reading: URIRef | str) -> ReadingDetails | None:
    """A reading's bibliographic facts, its concepts and claims, and the lessons that
    tested those claims; ``None`` if the viewer cannot see it."""
    reading = URIRef(reading)
    facts: dict[Any, list] = defaultdict(list)
    for r in store.select("reading_facts", viewer, reading=reading):
        facts[r["property"]].append(r["value"])
    if not facts:
        return None

    def one(prop: URIRef) -> str:
        return str(facts[prop][0]) if facts.get(prop) else ""

    topics = store.select("reading_topics", viewer, reading=reading)
    concepts = refs((r["topic"], r["label"], r["lang"]) for r in topics if r["type"] == SKOS.Concept)
    claims = refs((r["topic"], r["label"], r["lang"]) for r in topics if r["type"] == PRX.Claim)
    kinds = sorted(local_name(t) for t in facts[RDF.type] if str(t).startswith(str(BIBO)))
    return ReadingDetails(
        iri=reading,
        title=one(DCTERMS.title) or local_name(reading),
        authors=tuple(a.strip() for a in one(PRX.authors).split(";") if a.strip()),
        year=_year(facts[DCTERMS.issued][0]) if facts.get(DCTERMS.issued) else "",
        kinds=tuple(kinds),
        publisher=one(DCTERMS.publisher),
        journal=one(PRX.journal),
        isbn=one(BIBO.isbn13) or one(BIBO.isbn10),
        doi=one(BIBO.doi),
        url=one(SDO.url),
        abstract=one(DCTERMS.abstract),
        concepts=concepts,
        claims=claims,
        lessons=lesson_refs(store.select("reading_lessons", viewer, reading=reading), via="claim"),
    )
