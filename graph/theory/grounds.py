"""The lessons and readings behind a tension, and what the ranking can be filtered by.

:mod:`graph.theory.tensions` turns lessons into a score; this module shows what a score
stands on, so a strategy session can read the evidence rather than trust a number:

- :func:`evidence`: the lessons behind a concept or claim, tagged to it or to anything
  that rolls up to it (a narrower concept, a claim about it), each with its stance and
  the node it came through;
- :func:`readings`: the readings that discuss a concept or claim, or that a claim
  comes from;
- :func:`filters`: the schemes and campaigns the ranking can be filtered by.

The links a lesson rolls up along are gathered here too (:func:`broader_links`, walked by
:func:`ancestors`): the score walks them up from a lesson's target, the evidence walks
them down from the target it explains. Every read goes through the store with the
caller's viewer, so a visitor sees public lessons only.

>>> ancestors("a", {"a": {"b"}, "b": {"c"}})
{'a': 0, 'b': 1, 'c': 2}
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.labels import local_name
from graph.practice import Stance
from graph.store import PraxisStore

__all__ = [
    "Evidence",
    "ReadingRef",
    "TensionFilters",
    "ancestors",
    "broader_links",
    "evidence",
    "filters",
    "readings",
]


@dataclass(frozen=True)
class Evidence:
    """One lesson behind a tension: what it says and how it reaches the target."""

    lesson: URIRef
    title: str
    text: str
    stance: Stance
    action: URIRef | None
    action_label: str | None
    date: dt.date | None
    author: str | None
    via: URIRef
    level: int


@dataclass(frozen=True)
class ReadingRef:
    """A reading behind a concept or claim."""

    reading: URIRef
    title: str
    authors: str | None
    issued: str | None


@dataclass(frozen=True)
class TensionFilters:
    """What the ranking's filters offer: (IRI, label) pairs, sorted by label."""

    schemes: tuple[tuple[URIRef, str], ...]
    campaigns: tuple[tuple[URIRef, str], ...]


# ------------------------------------------------------------------ the graph
def broader_links(rows: Iterable[dict[str, Any]]) -> dict[URIRef, set[URIRef]]:
    """narrower -> broader (and claim -> concept) from the rows of ``tension_links``."""
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for row in rows:
        parents[row["narrow"]].add(row["broad"])
    return parents


def ancestors(node: URIRef, parents: dict[URIRef, set[URIRef]]) -> dict[URIRef, int]:
    """``node`` and everything above it, each with its shortest distance."""
    levels = {node: 0}
    frontier = [node]
    while frontier:
        following = []
        for current in frontier:
            for parent in parents.get(current, ()):
                if parent not in levels:
                    levels[parent] = levels[current] + 1
                    following.append(parent)
        frontier = following
    return levels


# ------------------------------------------------------------------ drill-down
def evidence(
    store: PraxisStore, viewer: Viewer, target: URIRef, *, lessons: Iterable[URIRef] | None = None
) -> list[Evidence]:
    """The lessons behind ``target``: tagged to it or to anything that rolls up to it.

    What rolls up to ``target`` (its narrower concepts and the claims about them) is
    read one level at a time, then the lessons tagged to any of it in one query.
    ``lessons`` (for example ``Tension.lessons`` of a filtered ranking) keeps only
    those. Newest first; a lesson reached by several paths appears once, by its
    shortest.
    """
    target = URIRef(target)
    below = {target: 0}  # node -> how many levels below target
    frontier, level = {target}, 0
    while frontier:
        level += 1
        found = {row["narrow"] for row in store.select("tension_children", viewer, broad=frontier)}
        frontier = found - below.keys()
        below.update(dict.fromkeys(frontier, level))
    keep = None if lessons is None else set(lessons)
    rows = store.select("tension_evidence", viewer, target=set(below))
    best: dict[tuple[URIRef, Stance], Evidence] = {}
    for row in sorted(rows, key=lambda row: (below[row["target"]], row["target"])):
        if keep is not None and row["lesson"] not in keep:
            continue
        stance = Stance.of(row["stance"])
        if (row["lesson"], stance) in best:
            continue
        best[(row["lesson"], stance)] = Evidence(
            lesson=row["lesson"],
            title=str(row["title"] or local_name(row["lesson"])),
            text=str(row["text"] or ""),
            stance=stance,
            action=row["action"],
            action_label=None if row["actionLabel"] is None else str(row["actionLabel"]),
            date=row["created"] if isinstance(row["created"], dt.date) else None,
            author=None if row["author"] is None else str(row["author"]),
            via=row["target"],
            level=below[row["target"]],
        )
    return sorted(
        best.values(), key=lambda e: (e.date or dt.date.min, e.lesson, e.stance.value), reverse=True
    )


def readings(store: PraxisStore, viewer: Viewer, target: URIRef) -> list[ReadingRef]:
    """The readings that discuss ``target`` or (for a claim) that it comes from."""
    found = {}
    for row in store.select("tension_readings", viewer, target=URIRef(target)):
        found[row["reading"]] = ReadingRef(
            reading=row["reading"],
            title=str(row["title"] or local_name(row["reading"])),
            authors=None if row["authors"] is None else str(row["authors"]),
            issued=None if row["issued"] is None else str(row["issued"])[:4],
        )
    return sorted(found.values(), key=lambda r: (r.issued or "", r.title))


# ------------------------------------------------------------------ filters
def filters(store: PraxisStore, viewer: Viewer) -> TensionFilters:
    """The schemes and campaigns ``viewer`` can filter by."""
    picked: dict[str, dict[URIRef, str]] = {"scheme": {}, "campaign": {}}
    for row in store.select("tension_choices", viewer):
        picked[row["kind"]][row["choice"]] = str(row["label"] or local_name(row["choice"]))

    def ordered(kind: str) -> tuple[tuple[URIRef, str], ...]:
        return tuple(sorted(picked[kind].items(), key=lambda item: item[1].casefold()))

    return TensionFilters(schemes=ordered("scheme"), campaigns=ordered("campaign"))
