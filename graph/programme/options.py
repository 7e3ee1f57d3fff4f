"""What the learning programme's forms offer, read as the viewer sees it.

Readings (for a session to cover), skills (to practise), topics (concepts of the
theory schemes and claims, for a session to discuss), concepts that readings
discuss (for the planner), campaigns (for posts and the planner) and members
(:func:`graph.programme.refs.members`). Every list is of :class:`Ref`, sorted by
label, so pages only lay them out.

>>> from graph.store import open_store
>>> campaigns(open_store("memory:"), Viewer.visitor())
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.namespaces import PRX
from graph.programme.refs import Ref, members
from graph.store import PraxisStore

__all__ = ["ConceptOption", "campaigns", "concepts", "members", "readings", "skills", "topics"]


@dataclass(frozen=True)
class ConceptOption:
    """A concept some readings discuss, and how many."""

    iri: URIRef
    label: str
    readings: int


def _sorted(rows: Iterable[dict[str, Any]], key: str, label: str) -> list[Ref]:
    found: dict[URIRef, str | None] = {}
    for row in rows:
        if found.get(row[key]) is None:
            found[row[key]] = str(row[label]) if row[label] is not None else None
    refs = [Ref(iri, text or iri.rsplit("/", 1)[-1]) for iri, text in found.items()]
    return sorted(refs, key=lambda r: ((r.label or "").casefold(), str(r.iri)))


def readings(store: PraxisStore, viewer: Viewer) -> list[Ref]:
    """Every reading (blog posts included), by title."""
    return _sorted(store.select("programme_readings", viewer), "reading", "title")


def skills(store: PraxisStore, viewer: Viewer) -> list[Ref]:
    """Every skill of the skills scheme, by label."""
    return _sorted(store.select("skill_list", viewer), "skill", "label")


def topics(store: PraxisStore, viewer: Viewer) -> list[Ref]:
    """Concepts of the theory schemes and claims, by label."""
    return _sorted(store.select("programme_topics", viewer), "topic", "label")


def concepts(store: PraxisStore, viewer: Viewer) -> list[ConceptOption]:
    """Concepts that at least one reading discusses, by label."""
    counts: dict[URIRef, int] = {}
    labels: dict[URIRef, str] = {}
    for row in store.select("programme_concepts", viewer):
        counts[row["concept"]] = max(counts.get(row["concept"], 0), int(row["readings"]))
        if row["label"] is not None:
            labels.setdefault(row["concept"], str(row["label"]))
    options = [ConceptOption(iri, labels.get(iri, iri.rsplit("/", 1)[-1]), n) for iri, n in counts.items()]
    return sorted(options, key=lambda o: (o.label.casefold(), str(o.iri)))


def campaigns(store: PraxisStore, viewer: Viewer, *, active_only: bool = False) -> list[Ref]:
    """Campaigns by name; with ``active_only``, only those with ``prx:status prx:Active``."""
    rows = store.select("programme_campaigns", viewer)
    if active_only:
        rows = [row for row in rows if str(row["status"]) == str(PRX.Active)]
    return _sorted(rows, "campaign", "label")
