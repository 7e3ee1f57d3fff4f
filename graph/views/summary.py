"""The overview: what the chapter's graph holds, at a glance.

:func:`overview` sums up the graph as the viewer sees it, for the explorer's first
page: how many records of each kind there are, how many concepts (ours and imported),
the active campaigns with their actions and lessons, and the ten latest lessons with
what each supports, challenges or qualifies. Every count comes from a named query run
as the viewer (``overview_campaigns``, ``overview_lessons``, ``overview_concepts``) and
:meth:`~graph.store.PraxisStore.stats`, so a visitor's overview counts only what a
visitor may see.

>>> from graph.store import open_store
>>> from graph.access import Viewer
>>> overview(open_store("memory:"), Viewer.visitor()).empty
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.labels import local_name
from graph.practice import Stance
from graph.store import PraxisStore

__all__ = ["CampaignSummary", "LessonSummary", "Overview", "overview"]


@dataclass(frozen=True)
class CampaignSummary:
    iri: URIRef
    label: str
    start: str  # a date or a year, as recorded
    actions: int
    lessons: int


@dataclass(frozen=True)
class LessonSummary:
    iri: URIRef
    title: str
    created: dt.date | None
    stances: tuple[tuple[Stance, str], ...]  # (how, what it bears on)


@dataclass(frozen=True)
class Overview:
    counts: dict[str, int]  # "statements" and records per class local name ("Reading", ...)
    concepts: int  # concepts of every scheme, ours or imported
    campaigns: tuple[CampaignSummary, ...]  # active, newest first
    lessons: tuple[LessonSummary, ...]  # the ten latest

    @property
    def empty(self) -> bool:
        return not self.counts.get("statements")


#: How many of the latest lessons the overview lists.
LATEST = 10


@dataclass(frozen=True)
class _Kept:
    """An overview, and the lessons and targets its list names (a write touching one of them
    has the list read again)."""

    overview: Overview
    named: frozenset


def overview(store: PraxisStore, viewer: Viewer) -> Overview:
    """What the chapter's graph holds, as ``viewer`` sees it: kept per role and followed across
    writes (:meth:`~graph.store.PraxisStore.memo`). Made afresh, its five reads run together
    (1.5 s at 1M statements); after a lesson is recorded, the counts take the write's own
    count of what it changed, the list of latest lessons takes the new one if it is newer, and
    only the campaigns are read again."""
    role = viewer.role
    kept = store.memo(
        ("overview", role),
        lambda: _overview(store, Viewer(role)),
        follow=lambda kept, since: _followed(store, Viewer(role), kept, since),
    )
    return kept.overview


def _overview(store: PraxisStore, viewer: Viewer) -> _Kept:
    rows = store.select_together(
        viewer,
        {
            "lessons": ("overview_lessons", {}),
            **store.STATS_READS,
            "campaigns": ("overview_campaigns", {}),
            "concepts": ("overview_concepts", {}),
        },
    )
    counts = store.counted(rows)
    store.memo(("stats", viewer.role), lambda: counts)  # they are store.stats' too: keep them there
    lessons, named = _lessons(rows["lessons"])
    concepts = rows["concepts"][0]["count"]
    return _Kept(Overview(counts, concepts, _campaigns(rows["campaigns"]), lessons), named)


def _followed(store: PraxisStore, viewer: Viewer, kept: _Kept, since: int) -> _Kept | None:
    """``kept`` after the writes since generation ``since``, or ``None`` to read it afresh."""
    touched = store.touched_since(since)
    counts = store.counts_after(kept.overview.counts, store.counted_since(since, viewer.role))
    nodes = frozenset(node for node in touched or () if isinstance(node, URIRef))
    if touched is None or counts is None or nodes & kept.named:
        return None
    rows = store.select_together(
        viewer,
        {
            "lessons": ("overview_lessons_of", {"lesson": nodes}),
            "campaigns": ("overview_campaigns", {}),
            "concepts": ("overview_concepts", {}),
        },
    )
    came, named = _lessons(rows["lessons"])
    by_name = sorted((*kept.overview.lessons, *came), key=lambda lesson: str(lesson.iri))
    # newest first, then by IRI, as overview_lessons orders them
    latest = sorted(by_name, key=lambda lesson: _day(lesson.created), reverse=True)[:LATEST]
    concepts, campaigns = rows["concepts"][0]["count"], _campaigns(rows["campaigns"])
    return _Kept(Overview(counts, concepts, campaigns, tuple(latest)), kept.named | named)


def _campaigns(rows: list[dict[str, Any]]) -> tuple[CampaignSummary, ...]:
    return tuple(
        CampaignSummary(
            r["campaign"],
            r["label"] or local_name(r["campaign"]),
            str(r["start"] or ""),
            r["actions"],
            r["lessons"],
        )
        for r in rows
    )


def _lessons(rows: list[dict[str, Any]]) -> tuple[tuple[LessonSummary, ...], frozenset]:
    """The lessons of ``overview_lessons`` rows, and the lessons and targets they name."""
    lessons: dict[Any, LessonSummary] = {}
    named = set()
    for r in rows:
        known = lessons.get(r["lesson"]) or LessonSummary(
            r["lesson"], r["title"] or local_name(r["lesson"]), _date(r["created"]), ()
        )
        named.add(r["lesson"])
        if r["stance"] is not None:
            named.add(r["target"])
            stance = (Stance.of(r["stance"]), r["targetLabel"] or local_name(r["target"]))
            if stance not in known.stances:
                known = LessonSummary(known.iri, known.title, known.created, (*known.stances, stance))
        lessons[r["lesson"]] = known
    return tuple(lessons.values()), frozenset(named)


def _day(created: dt.date | None) -> str:
    return created.isoformat() if created is not None else ""


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None
