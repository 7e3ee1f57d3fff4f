"""Likely duplicates, and what an organiser does with them: merge, link as editions, or
say they differ.

:func:`likely_duplicates` pairs readings that share a DOI or an ISBN (ISBN-10 read as
ISBN-13), or whose titles are alike and whose first authors are the same person
("Rules for Radicals: A Pragmatic Primer..." by Saul D. Alinsky, 1971, and "Rules for
Radicals: A Practical Primer..." by Saul D. Alinsky, 1989). Titles are alike when their
main titles (before a colon) are the same, ignoring case, accents and punctuation, or the
whole titles are at least :data:`TITLE_LIKENESS` alike. Pairs already linked as editions,
or marked as different, are not offered again.

Then an organiser chooses one of three (each one audited write, previous versions kept):

- :func:`merge_readings`: one reading becomes the other. The kept reading gets the values
  it lacked, and the union of concepts and keywords; every link to the other reading (a
  session that covers it, a claim taken from it, a campaign it was read for, ...) moves
  to the kept one, each in its own graph. The other IRI keeps only ``owl:sameAs`` the kept
  reading (and its last version), so old links still open the reading
  (:func:`graph.library.records.resolve`).
- :func:`link_editions`: both stay, as editions of one work: each points with
  ``schema:exampleOfWork`` at one ``schema:CreativeWork`` record, so lists can show them
  together (:func:`editions`).
- :func:`mark_different`: ``owl:differentFrom``, so the pair is not offered again.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.io.identifiers import isbn13_of, label_key, normalise_doi
from graph.labels import local_name
from graph.library.names import ET_AL, author_key, authors_of
from graph.library.records import (
    UNCATALOGUED,
    LibraryReading,
    ReadingDraft,
    ReadingKind,
    get_reading,
    snapshot_iri,
)
from graph.namespaces import OWL, PROV, PRX, RDF, RDFS, SDO
from graph.practice.records import new_iri
from graph.store import PraxisStore, Statement

__all__ = [
    "TITLE_LIKENESS",
    "DuplicatePair",
    "Edition",
    "ReadingCard",
    "editions",
    "likely_duplicates",
    "link_editions",
    "mark_different",
    "merge_readings",
]

#: How alike (difflib's ratio, 0 to 1) two whole titles must be, with the same first author.
TITLE_LIKENESS = 0.85


@dataclass(frozen=True)
class ReadingCard:
    """A reading in a pair: enough to tell the two apart."""

    iri: URIRef
    title: str
    authors: str
    year: str
    work: URIRef | None = None


@dataclass(frozen=True)
class DuplicatePair:
    """Two readings that may be one, and why."""

    first: ReadingCard
    second: ReadingCard
    reasons: tuple[str, ...]


def _main_title(title: str) -> str:
    return label_key(title.split(":", 1)[0].split(" - ", 1)[0])


def _cards(store: PraxisStore, viewer: Viewer) -> tuple[dict[URIRef, ReadingCard], dict[URIRef, dict]]:
    cards: dict[URIRef, ReadingCard] = {}
    keys: dict[URIRef, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.select("library_reading_keys", viewer):
        iri = row["reading"]
        if iri not in cards:
            cards[iri] = ReadingCard(
                iri,
                str(row["title"] or local_name(iri)),
                str(row["authors"] or ""),
                str(row["issued"] or "")[:4],
                row["work"],
            )
        found = keys[iri]
        if row["doi"] and normalise_doi(str(row["doi"])):
            found["doi"].add(normalise_doi(str(row["doi"])))
        if row["isbn13"]:
            found["isbn"].add(str(row["isbn13"]))
        if row["isbn10"] and len(str(row["isbn10"])) == 10:
            found["isbn"].add(isbn13_of(str(row["isbn10"])))
    return cards, keys


def likely_duplicates(store: PraxisStore, viewer: Viewer) -> list[DuplicatePair]:
    """Pairs of readings the viewer can see that may be one reading (see the module notes),
    those sharing an identifier first, then by title."""
    cards, keys = _cards(store, viewer)
    marked = store.select("library_not_duplicates", viewer)
    different = {frozenset((r["reading"], r["other"])) for r in marked}
    reasons: dict[frozenset, list[str]] = defaultdict(list)
    for kind, word in (("doi", "DOI"), ("isbn", "ISBN")):
        holders: dict[str, list[URIRef]] = defaultdict(list)
        for iri, found in keys.items():
            for value in found[kind]:
                holders[value].append(iri)
        for value, found in holders.items():
            for i, a in enumerate(sorted(found)):
                for b in sorted(found)[i + 1 :]:
                    reasons[frozenset((a, b))].append(f"the same {word} ({value})")
    by_author: dict[str, list[URIRef]] = defaultdict(list)
    for iri, card in cards.items():
        first = next((name for name in authors_of(card.authors) if name != ET_AL), None)
        if first:
            by_author[author_key(first)].append(iri)
    for group in by_author.values():
        group.sort()
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                alike = _alike(cards[a].title, cards[b].title)
                if alike:
                    first = authors_of(cards[a].authors)[0]
                    reasons[frozenset((a, b))].append(f"{alike} and the same first author ({first})")
    pairs = []
    for pair, why in reasons.items():
        a, b = sorted(pair)
        if pair in different or (cards[a].work is not None and cards[a].work == cards[b].work):
            continue
        first, second = sorted((cards[a], cards[b]), key=lambda c: (c.year or "9999", str(c.iri)))
        pairs.append(DuplicatePair(first, second, tuple(why)))
    pairs.sort(key=lambda p: (not any("same DOI" in r or "same ISBN" in r for r in p.reasons), p.first.title))
    return pairs


def _alike(a: str, b: str) -> str:
    main_a, main_b = _main_title(a), _main_title(b)
    if main_a and main_a == main_b:
        return f'the same main title ("{a.split(":", 1)[0].strip()}")'
    if difflib.SequenceMatcher(None, label_key(a), label_key(b)).ratio() >= TITLE_LIKENESS:
        return "titles alike"
    return ""


# ----------------------------------------------------------------- merging
def _pair(store: PraxisStore, viewer: Viewer, keep: Any, other: Any) -> tuple[LibraryReading, LibraryReading]:
    require(viewer, Permission.MERGE_READINGS)
    first, second = get_reading(store, viewer, keep), get_reading(store, viewer, other)
    for found, given in ((first, keep), (second, other)):
        if found is None:
            raise BadInput(f"There is no reading {given} that you can see.", source="reading")
    if first.iri == second.iri:
        raise BadInput("these are one reading already: choose two different readings", source="reading")
    return first, second


def _filled(keep: ReadingDraft, other: ReadingDraft) -> ReadingDraft:
    """``keep`` with the values it lacks taken from ``other``, concepts and keywords joined."""
    names = ("authors", "year", "publisher", "journal", "pages", "isbn", "doi", "url", "abstract", "language")
    filled: dict[str, Any] = {
        name: getattr(other, name) for name in names if not getattr(keep, name) and getattr(other, name)
    }
    discusses = tuple(dict.fromkeys((*keep.discusses, *other.discusses)))
    keywords = tuple(dict.fromkeys((*keep.keywords, *other.keywords)))
    if discusses:
        keywords = tuple(k for k in keywords if k.casefold() != UNCATALOGUED)
    kind = other.kind if keep.kind is ReadingKind.OTHER else keep.kind
    return replace(keep, discusses=discusses, keywords=keywords, kind=kind, **filled)


@dataclass(frozen=True)
class MergeReport:
    """What a merge did: the reading kept, the one merged into it, how many links moved."""

    kept: URIRef
    merged: URIRef
    links_moved: int


def merge_readings(store: PraxisStore, viewer: Viewer, keep: Any, other: Any) -> MergeReport:
    """Merge ``other`` into ``keep`` (organisers; see the module notes), in one write."""
    kept, merged = _pair(store, viewer, keep, other)
    draft = _filled(kept.draft, merged.draft)
    level = kept.visibility
    version, old = snapshot_iri(), snapshot_iri()
    additions = [
        *kept.snapshot(version),
        *draft.statements(kept.iri, level=level),
        Statement(kept.iri, PROV.wasRevisionOf, version, level),
        *merged.snapshot(old),
        Statement(merged.iri, OWL.sameAs, kept.iri, merged.visibility),
        Statement(merged.iri, PROV.wasRevisionOf, old, merged.visibility),
    ]
    removals = kept.managed() + [h.statement(merged.iri) for h in merged.held]
    # what only the other reading has and the form does not manage (read for a campaign,
    # added by, an edition's work) moves across, each statement in its own graph
    has = {h.predicate for h in kept.held}
    for held in merged.held:
        if held.predicate in (PRX.readFor,) or (
            held.predicate in (PRX.addedBy, SDO.exampleOfWork) and held.predicate not in has
        ):
            additions.append(Statement(kept.iri, held.predicate, held.value, _stricter(held.level, level)))
    moved = 0
    for row in store.select("library_links_to", viewer, reading=merged.iri):
        subject, predicate = row["subject"], row["property"]
        if predicate == PRX.changedRecord:  # the audit log says what was, under the old name
            continue
        graph = Visibility(local_name(row["graph"]))
        removals.append(Statement(subject, predicate, merged.iri, graph))
        if subject in (kept.iri, merged.iri) or predicate == OWL.differentFrom:
            continue
        additions.append(Statement(subject, predicate, kept.iri, graph))
        moved += 1
    store.write(additions, removals, viewer=viewer)
    return MergeReport(kept.iri, merged.iri, moved)


def _stricter(a: Visibility, b: Visibility) -> Visibility:
    return a if a.rank >= b.rank else b


def _opener(a: Visibility, b: Visibility) -> Visibility:
    return a if a.rank <= b.rank else b


def link_editions(store: PraxisStore, viewer: Viewer, first: Any, second: Any) -> URIRef:
    """Keep both readings as editions of one work; return the work's IRI."""
    a, b = _pair(store, viewer, first, second)
    oldest, _ = sorted((a, b), key=lambda r: (r.draft.year or "9999", str(r.iri)))
    work = a.work or b.work or new_iri("work")
    level = _opener(a.visibility, b.visibility)
    additions: list[Statement] = []
    removals: list[Statement] = []
    if a.work is None and b.work is None:
        shown = oldest if oldest.visibility is level else (a if a.visibility is level else b)
        additions += [
            Statement(work, RDF.type, SDO.CreativeWork, level),
            Statement(work, RDFS.label, Literal(shown.draft.title.split(":", 1)[0].strip()), level),
            Statement(work, PRX.visibility, level.concept, level),
        ]
    joining = [r for r in (a, b) if r.work != work]
    for reading in joining:
        if reading.work is not None:  # a reading of another work: its whole work joins
            for row in store.select("library_editions", viewer, reading=reading.iri):
                edition = get_reading(store, viewer, row["edition"])
                if edition is not None and edition.iri not in {r.iri for r in joining}:
                    level_of = edition.visibility
                    removals.append(Statement(edition.iri, SDO.exampleOfWork, reading.work, level_of))
                    additions.append(Statement(edition.iri, SDO.exampleOfWork, work, level_of))
            removals.append(Statement(reading.iri, SDO.exampleOfWork, reading.work, reading.visibility))
        additions.append(Statement(reading.iri, SDO.exampleOfWork, work, reading.visibility))
    store.write(additions, removals, viewer=viewer)
    return work


def mark_different(store: PraxisStore, viewer: Viewer, first: Any, second: Any) -> None:
    """Record that two readings are not the same, so they are not offered as duplicates."""
    a, b = _pair(store, viewer, first, second)
    level = _stricter(a.visibility, b.visibility)
    store.write([Statement(a.iri, OWL.differentFrom, b.iri, level)], viewer=viewer)


@dataclass(frozen=True)
class Edition:
    """One edition of a work, as lists show it beside the others."""

    iri: URIRef
    title: str
    year: str


def editions(store: PraxisStore, viewer: Viewer, readings: Any) -> dict[URIRef, tuple[Edition, ...]]:
    """For each of ``readings`` that is an edition of a work, every edition of that work the
    viewer can see (itself included), oldest first."""
    chosen = {URIRef(r) for r in readings}
    if not chosen:
        return {}
    found: dict[URIRef, dict[URIRef, Edition]] = defaultdict(dict)
    for row in store.select("library_editions", viewer, reading=chosen):
        year = str(row["issued"] or "")[:4]
        title = str(row["title"] or local_name(row["edition"]))
        found[row["reading"]].setdefault(row["edition"], Edition(row["edition"], title, year))
    return {
        reading: tuple(sorted(found[reading].values(), key=lambda e: (e.year or "9999", str(e.iri))))
        for reading in found
    }
