"""The reading-group planner: candidate readings for the next session, with reasons.

Three ways in, each reusing the room that knows best:

- **from a concept**: the concept pages' ranked reading list
  (:func:`graph.views.reading_page`);
- **from what is due for review**: :func:`graph.theory.rank` lists the concepts and
  claims practice is questioning (:func:`due_for_review`), and
  :func:`readings_for_topic` finds readings for the one picked (the named query
  ``programme_readings_for_topic``);
- **from a campaign**: the readings suggested for it (:func:`graph.suggest.suggest`).

Each candidate says whether a past session already covered it, so the group can
choose between going deeper and starting something new.

>>> from graph.store import open_store
>>> readings_for_topic(open_store("memory:"), Viewer.visitor(), URIRef("https://w3id.org/praxis/vocab/parecon"),
...                    today=dt.date(2026, 11, 26))
[]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from rdflib import URIRef

from graph.access import Viewer
from graph.labels import local_name
from graph.practice.records import refuse
from graph.programme.sessions import SessionDraft, SessionKind, When, list_sessions, plan_session
from graph.store import PraxisStore
from graph.suggest import suggest
from graph.theory import rank
from graph.views import reading_page

__all__ = [
    "Candidate",
    "ReviewItem",
    "due_for_review",
    "plan_reading_group",
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
        Candidate(r, titles.get(r, local_name(r)), tuple(_HOW[h] for h in order if h in reasons[r]))
        for r in ranked[:top]
    ]
    return _mark(candidates, _covered(store, viewer, today))


def readings_for_concept(
    store: PraxisStore, viewer: Viewer, concept: URIRef, *, today: dt.date, top: int = 10
) -> list[Candidate]:
    """The concept pages' reading list for ``concept`` (its top readings only), each with why."""
    entries = reading_page(store, viewer, concept=concept, limit=top).entries
    candidates = [
        Candidate(entry.reading, entry.title, (entry.why,) if entry.why else ()) for entry in entries
    ]
    return _mark(candidates, _covered(store, viewer, today))


def due_for_review(store: PraxisStore, viewer: Viewer, *, today: dt.date) -> list[ReviewItem]:
    """Concepts and claims due for review (:func:`graph.theory.rank`), most tension first."""
    return [
        ReviewItem(item.target, item.label)
        for item in rank(store, viewer, today=today)
        if item.due_for_review
    ]


def readings_for_campaign(
    store: PraxisStore, viewer: Viewer, campaign: URIRef, *, today: dt.date, top: int = 5
) -> list[Candidate]:
    """Readings suggested for ``campaign`` (:func:`graph.suggest.suggest`), with their reasons."""
    found = suggest(store, viewer, campaign=campaign, top=top)
    candidates = [Candidate(s.reading, s.title, s.reasons) for s in found]
    return _mark(candidates, _covered(store, viewer, today))


def plan_reading_group(
    store: PraxisStore,
    viewer: Viewer,
    *,
    title: str,
    date: dt.date | None,
    readings: tuple[URIRef, ...],
    facilitators: tuple[str, ...],
    topics: tuple[URIRef, ...] = (),
    visibility=None,
    today: dt.date,
    once: str | None = None,
) -> URIRef:
    """Plan the reading-group session the planner's form describes; its IRI.

    Nothing is made up for the person: the readings, a facilitator, the date and the title
    must each be chosen, and what is missing is said in plain words, all at once (as the
    lesson form does), before anything is written."""
    problems = []
    if not readings:
        problems.append("Choose at least one reading for the session.")
    if not facilitators:
        problems.append("Choose who facilitates it.")
    if date is None:
        problems.append("Choose the date of the session.")
    if not title.strip():
        problems.append("Give the session a title.")
    refuse(problems, "session")
    draft = SessionDraft(
        title=title.strip(),
        date=date,
        kind=SessionKind.READING_GROUP,
        facilitators=facilitators,
        readings=readings,
        topics=topics,
        **({"visibility": visibility} if visibility is not None else {}),
    )
    return plan_session(store, viewer, draft, today=today, once=once)
