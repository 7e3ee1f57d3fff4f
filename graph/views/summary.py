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


def overview(store: PraxisStore, viewer: Viewer) -> Overview:
    """What the chapter's graph holds, as ``viewer`` sees it (kept per role until the next
    change, :meth:`~graph.store.PraxisStore.memo`; its five reads run together)."""
    role = viewer.role
    return store.memo(("overview", role), lambda: _overview(store, Viewer(role)))


def _overview(store: PraxisStore, viewer: Viewer) -> Overview:
    rows = store.select_together(
        viewer,
        {
            "lessons": ("overview_lessons", {}),
            **store.STATS_READS,
            "campaigns": ("overview_campaigns", {}),
            "concepts": ("overview_concepts", {}),
        },
    )
    campaigns = tuple(
        CampaignSummary(
            r["campaign"],
            r["label"] or local_name(r["campaign"]),
            str(r["start"] or ""),
            r["actions"],
            r["lessons"],
        )
        for r in rows["campaigns"]
    )
    lessons: dict[Any, LessonSummary] = {}
    for r in rows["lessons"]:
        known = lessons.get(r["lesson"]) or LessonSummary(
            r["lesson"], r["title"] or local_name(r["lesson"]), _date(r["created"]), ()
        )
        if r["stance"] is not None:
            stance = (Stance.of(r["stance"]), r["targetLabel"] or local_name(r["target"]))
            if stance not in known.stances:
                known = LessonSummary(known.iri, known.title, known.created, (*known.stances, stance))
        lessons[r["lesson"]] = known
    concepts = rows["concepts"][0]["count"]
    counts = store.counted(rows)
    store.memo(("stats", viewer.role), lambda: counts)  # they are store.stats' too: keep them there
    return Overview(counts, concepts, campaigns, tuple(lessons.values()))


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None
