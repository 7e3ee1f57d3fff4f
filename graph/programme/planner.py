"""The reading-group planner: candidate readings for the next session, with reasons.

Three ways in, each reusing the room that knows best and degrading gracefully
when that room is not installed:

- **from a concept**: ``graph.concepts.reading_list`` (the concept pages' ranked
  list); without it, the named query ``programme_readings_for_topic``;
- **from what is due for review**: ``graph.tensions.rank`` lists the concepts and
  claims practice is questioning (:func:`due_for_review`; ``None`` without it),
  and :func:`readings_for_topic` finds readings for the one picked;
- **from a campaign**: ``graph.suggest.suggest``; without it, readings on the
  concepts the campaign addresses (``programme_readings_for_campaign``).

Each candidate says whether a past session already covered it, so the group can
choose between going deeper and starting something new.

>>> from graph.store import open_store
>>> readings_for_topic(open_store("memory:"), Viewer.visitor(), URIRef("https://w3id.org/praxis/vocab/parecon"),
...                    today=dt.date(2026, 11, 26))
[]
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from dataclasses import dataclass, replace
from types import ModuleType

from rdflib import URIRef

from graph.access import Viewer
from graph.programme.sessions import When, list_sessions
from graph.store import PraxisStore

__all__ = [
    "Candidate",
    "ReviewItem",
    "due_for_review",
    "readings_for_campaign",
    "readings_for_concept",
    "readings_for_topic",
]

_HOW = {
    "discusses": "discusses it directly",
    "source": "the claim was taken from it",
    "claim": "discusses a claim about it",
}


@dataclass(frozen=True)
class Candidate:
    """A reading the next session could cover, and why."""

    reading: URIRef
    title: str
    reasons: tuple[str, ...] = ()
    covered_on: dt.date | None = None

    def as_row(self) -> dict[str, str]:
        return {
            "reading": self.title,
            "why": "; ".join(self.reasons),
            "last covered": self.covered_on.isoformat() if self.covered_on else "",
        }


@dataclass(frozen=True)
class ReviewItem:
    """A concept or claim the practice-vs-theory ranking marks as due for review."""

    target: URIRef
    label: str


def _optional(name: str) -> ModuleType | None:
    """Import ``name`` if it is installed; any other import error still surfaces."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name == name:
            return None
        raise


def _covered(store: PraxisStore, viewer: Viewer, today: dt.date) -> dict[URIRef, dt.date]:
    """Reading -> the latest past session that covered it."""
    latest: dict[URIRef, dt.date] = {}
    for session in list_sessions(store, viewer, today=today, when=When.PAST):
        for ref in session.readings:
            if session.date and (ref.iri not in latest or session.date > latest[ref.iri]):
                latest[ref.iri] = session.date
    return latest


def _mark(candidates: list[Candidate], covered: dict[URIRef, dt.date]) -> list[Candidate]:
    return [replace(c, covered_on=covered.get(c.reading)) for c in candidates]


def readings_for_topic(
    store: PraxisStore, viewer: Viewer, topic: URIRef, *, today: dt.date, top: int = 10
) -> list[Candidate]:
    """Readings for a concept or claim from the planner's own query, best first:
    a reading that discusses the topic itself before one that reaches it through a claim."""
    reasons: dict[URIRef, set[str]] = defaultdict(set)
    titles: dict[URIRef, str] = {}
    for row in store.select("programme_readings_for_topic", viewer, topic=topic):
        reasons[row["reading"]].add(row["how"])
        if row["title"] is not None:
            titles.setdefault(row["reading"], str(row["title"]))
    order = list(_HOW)
    ranked = sorted(
        reasons,
        key=lambda r: (min(order.index(h) for h in reasons[r]), titles.get(r, "").casefold(), str(r)),
    )
    candidates = [
        Candidate(r, titles.get(r, r.rsplit("/", 1)[-1]), tuple(_HOW[h] for h in order if h in reasons[r]))
        for r in ranked[:top]
    ]
    return _mark(candidates, _covered(store, viewer, today))


def readings_for_concept(
    store: PraxisStore, viewer: Viewer, concept: URIRef, *, today: dt.date, top: int = 10
) -> list[Candidate]:
    """The concept pages' reading list for ``concept`` when installed, else :func:`readings_for_topic`."""
    concepts = _optional("graph.concepts")
    if concepts is None or not hasattr(concepts, "reading_list"):
        return readings_for_topic(store, viewer, concept, today=today, top=top)
    readings = _optional("graph.readings")
    if readings is not None and hasattr(readings, "reading_page"):  # reads the top readings only
        entries = list(readings.reading_page(store, viewer, concept=concept, limit=top).entries)
    else:
        entries = concepts.reading_list(store, viewer, concept=concept)[:top]
    candidates = [
        Candidate(entry.reading, entry.title, (entry.why,) if getattr(entry, "why", "") else ())
        for entry in entries
    ]
    return _mark(candidates, _covered(store, viewer, today))


def due_for_review(store: PraxisStore, viewer: Viewer, *, today: dt.date) -> list[ReviewItem] | None:
    """Concepts and claims due for review, most tension first; ``None`` when the
    practice-vs-theory ranking (``graph.tensions``) is not installed."""
    tensions = _optional("graph.tensions")
    if tensions is None or not hasattr(tensions, "rank"):
        return None
    return [
        ReviewItem(item.target, item.label)
        for item in tensions.rank(store, viewer, today=today)
        if item.due_for_review
    ]


def readings_for_campaign(
    store: PraxisStore, viewer: Viewer, campaign: URIRef, *, today: dt.date, top: int = 5
) -> list[Candidate]:
    """Readings for ``campaign``: ``graph.suggest`` when installed, else readings on
    the concepts the campaign addresses (most concepts shared first)."""
    suggest = _optional("graph.suggest")
    if suggest is not None and hasattr(suggest, "suggest"):
        found = suggest.suggest(store, viewer, campaign=campaign, top=top)
        candidates = [Candidate(s.reading, s.title, tuple(str(r) for r in s.reasons)) for s in found]
        return _mark(candidates, _covered(store, viewer, today))
    shared: dict[URIRef, set[str]] = defaultdict(set)
    titles: dict[URIRef, str] = {}
    for row in store.select("programme_readings_for_campaign", viewer, campaign=campaign):
        shared[row["reading"]].add(str(row["label"] or row["concept"].rsplit("/", 1)[-1]))
        if row["title"] is not None:
            titles.setdefault(row["reading"], str(row["title"]))
    ranked = sorted(shared, key=lambda r: (-len(shared[r]), titles.get(r, "").casefold(), str(r)))[:top]
    candidates = [
        Candidate(r, titles.get(r, r.rsplit("/", 1)[-1]), (f"discusses {', '.join(sorted(shared[r]))}",))
        for r in ranked
    ]
    return _mark(candidates, _covered(store, viewer, today))
