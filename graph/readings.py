"""Reading lists and reading details: what to read on a concept or scheme, and why.

A reading group asks two things of the library, both answered as the viewer sees it
(every read is :meth:`~graph.store.PraxisStore.select` with a viewer):

- :func:`reading_list`: readings for a concept or a scheme, most relevant first, each
  with the reason it is on the list (a :class:`Reason` weighs each way a reading
  reaches the concept: discussing it, a claim about it, or a narrower concept);
- :func:`reading_details`: one reading's facts, its concepts and claims, and the
  lessons that tested those claims.

:mod:`graph.concepts` shows each concept's reading list, and offers both functions
under its own name too.

>>> from graph.store import open_store
>>> from graph.access import Viewer
>>> reading_list(open_store("memory:"), Viewer.visitor())
[]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import LessonRef, Ref, best_label, lesson_refs, local_name, refs
from graph.namespaces import BIBO, DCTERMS, PRX, RDF, SDO, SKOS
from graph.store import PraxisStore

__all__ = [
    "ReadingDetails",
    "ReadingEntry",
    "Reason",
    "reading_details",
    "reading_list",
]


class Reason(Enum):
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
def reading_list(
    store: PraxisStore,
    viewer: Viewer,
    *,
    concept: URIRef | str | None = None,
    scheme: URIRef | str | None = None,
) -> list[ReadingEntry]:
    """Readings for ``concept`` or ``scheme`` (or all readings), most relevant first.

    For a concept, a reading scores 3 if it discusses the concept, 2 per claim about it
    that it discusses (or is the source of), and 1 per narrower concept it discusses. For
    a scheme, 3 per concept of the scheme it discusses and 2 per concept it discusses a
    claim about. Ties go by title. ``why`` says, in words, where the score comes from.
    """
    if concept is not None and scheme is not None:
        raise BadInput("choose a concept or a scheme for a reading list, not both", source="reading list")
    if concept is not None:
        rows = store.select("reading_for_concept", viewer, concept=URIRef(concept))
    elif scheme is not None:
        rows = store.select("reading_for_scheme", viewer, scheme=URIRef(scheme))
    else:
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
    found: dict[Any, dict[str, Any]] = {}
    vias: dict[tuple, dict[Any, list]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        found.setdefault(r["reading"], r)
        reason = Reason[r["reason"].upper()]
        target = r["via"] if r["via"] is not None else r["reading"]
        vias[r["reading"], reason][target].append((r["viaLabel"], r["viaLang"]))
    entries = []
    for reading, row in found.items():
        parts, score = [], 0
        for reason in Reason:
            named = vias.get((reading, reason))
            if not named:
                continue
            score += reason.value * len(named)
            parts.append(
                _why(reason, [best_label(v) or local_name(k) for k, v in named.items()], scheme is not None)
            )
        title = row["title"] or local_name(reading)
        entries.append(
            ReadingEntry(reading, title, row["authors"] or "", _year(row["issued"]), score, "; ".join(parts))
        )
    return sorted(entries, key=lambda e: (-e.score, e.title.casefold()))


def _why(reason: Reason, names: list[str], for_scheme: bool) -> str:
    listed = ", ".join(sorted(names, key=str.casefold))
    if for_scheme:
        return f"discusses {listed}" if reason is Reason.DIRECT else f"discusses a claim about {listed}"
    if reason is Reason.DIRECT:
        return "discusses it directly"
    if reason is Reason.CLAIM:
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
