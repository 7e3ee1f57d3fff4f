"""Which actions a "what was taught" question is about: one small query per filter.

:mod:`graph.strategy.taught` reads in full only the actions a question lets through, so
each filter (a concept with everything narrower and the claims about them, a
method, a campaign, an organisation, an indicator) is its own named query
returning the actions it keeps. The filters do not depend on one another, so
they run together (:meth:`~graph.store.PraxisStore.select_together`) and their
sets are intersected. A concept's lessons (which action taught what about which
target) and the readings about its targets, and an indicator's assessments, are
kept: they are part of the answer, and reading them here, beside the other
filters, keeps both cores busy. Dates are not a filter
here: they are read with the actions themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.store import PraxisStore
from graph.strategy.questions import Question

__all__ = ["Scope", "Within", "below", "scope_of", "targets_of", "unwithdrawn"]


@dataclass
class Scope:
    """What the filters of a question let through.

    ``actions`` is ``None`` when no filter keeps any action out. The rest are rows
    already read for a concept (the links of its lessons that stand and the readings about its
    targets) or an indicator (its assessments); ``None``: not read yet. They may
    name actions outside ``actions``.
    """

    actions: set[URIRef] | None = None
    visible: int = 0  # how many actions the viewer can see
    lessons: list[dict[str, Any]] | None = None
    readings: list[dict[str, Any]] | None = None
    assessments: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Within:
    """What a question's concept, method and indicator stand for, worked out beforehand.

    By default each is read from the graphs asked (:func:`below`); a followed chapter's
    graph read alone (:mod:`graph.network.taught`) holds its own lessons but not our
    hierarchy of concepts, so ours is worked out from our graphs and handed in.
    ``None``: work it out from the graphs asked."""

    targets: frozenset[URIRef] | None = None  # the concept, everything narrower, the claims about them
    methods: frozenset[URIRef] | None = None
    indicators: frozenset[URIRef] | None = None


def scope_of(store: PraxisStore, viewer: Viewer, question: Question, within: Within | None = None) -> Scope:
    """Run every filter ``question`` names and intersect the actions they keep."""
    found, within = Scope(), within or Within()
    targets = within.targets
    if targets is None:
        targets = targets_of(store, viewer, question.concept)
    methods = within.methods
    if methods is None and question.method is not None:
        methods = below(store, viewer, question.method)
    indicators = within.indicators
    if indicators is None and question.indicator is not None:
        indicators = below(store, viewer, question.indicator)
    reads: dict[str, tuple[str, dict[str, Any]]] = {}  # the longest first: they share the cores
    if targets is not None:
        reads["lessons"] = ("taught_lesson_links", {"target": targets})
        reads["readings"] = ("taught_readings", {"target": targets})
        reads["touching"] = ("taught_touching", {"target": targets})
    if question.method is not None:
        reads["method"] = ("taught_by_method", {"method": methods})
    if question.campaign is not None:
        reads["campaign"] = ("taught_by_campaign", {"campaign": question.campaign})
    if question.organisation is not None:
        reads["organisation"] = ("taught_by_organisation", {"organisation": question.organisation})
    if question.indicator is not None:
        reads["assessments"] = ("taught_assessments", {"indicator": indicators})
    rows = store.select_together(viewer, reads) if reads else {}
    found.visible = store.stats(viewer).get("Action", 0)  # kept until the next change

    if targets is not None:
        found.lessons, found.readings = unwithdrawn(rows.pop("lessons")), rows.pop("readings")
        taught_about = {row["action"] for row in found.lessons}
        found.actions = {row["action"] for row in rows.pop("touching")} | taught_about
    if "assessments" in rows:
        found.assessments = rows.pop("assessments")
    for kept in [*rows.values(), found.assessments]:
        if kept is not None:
            actions = {row["action"] for row in kept}
            found.actions = actions if found.actions is None else found.actions & actions
    return found


def below(store: PraxisStore, viewer: Viewer, node: URIRef) -> set[URIRef]:
    """``node`` and everything narrower than it, at any depth."""
    return {node} | {row["node"] for row in store.select("taught_below", viewer, top=node)}


def unwithdrawn(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``taught_lesson_links`` rows of lessons that have not been withdrawn."""
    return [row for row in rows if not _true(row["withdrawn"])]


def targets_of(store: PraxisStore, viewer: Viewer, concept: URIRef | None) -> set[URIRef] | None:
    """The concept, every narrower one, and the claims about any of them (``None``: any)."""
    if concept is None:
        return None
    concepts = below(store, viewer, concept)
    return concepts | {row["claim"] for row in store.select("taught_claims", viewer, concept=concepts)}


def _true(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")
