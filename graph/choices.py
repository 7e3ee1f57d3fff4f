"""What the record and assess forms offer, read as the viewer sees it.

Campaigns, actions, the concepts and claims a lesson can be tagged with, methods
of action (and which of them make an action a direct action), indicators, a
member's lessons and an action's assessments. Every list is a list of frozen
rows with plain Python values, sorted for display, so pages only lay them out.

>>> from graph.store import open_store
>>> campaigns(open_store("memory:"), Viewer.visitor())
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import URIRef

from graph.access import Viewer, Visibility
from graph.inputs import SCORE_LABELS
from graph.namespaces import SCHEME, VOCAB
from graph.store import PraxisStore

__all__ = [
    "DIRECT_CLASSES",
    "ActionChoice",
    "AssessmentRow",
    "Choice",
    "LessonRow",
    "action",
    "actions",
    "assessments",
    "campaigns",
    "direct_methods",
    "indicators",
    "lessons",
    "methods",
    "targets",
]

#: Methods under these concepts make an action a direct action (members-only by default).
DIRECT_CLASSES = frozenset({VOCAB["nonviolent-intervention"], VOCAB["nvda"]})

#: Schemes whose concepts are not things a lesson bears on.
_NOT_TARGETS = {SCHEME["indicators"], SCHEME["visibility"]}


@dataclass(frozen=True)
class Choice:
    """Something to pick: its IRI, its label and what kind of thing it is."""

    iri: URIRef
    label: str
    kind: str = ""
    direct: bool = False


@dataclass(frozen=True)
class ActionChoice:
    iri: URIRef
    label: str
    date: dt.date | None
    campaign: URIRef | None
    campaign_label: str
    visibility: Visibility

    @property
    def caption(self) -> str:
        when = self.date.isoformat() if isinstance(self.date, dt.date) else "undated"
        where = f" ({self.campaign_label})" if self.campaign_label else ""
        return f"{when}: {self.label}{where}"


@dataclass(frozen=True)
class LessonRow:
    iri: URIRef
    title: str
    created: dt.date | None
    creator: URIRef
    nickname: str
    action: URIRef | None
    action_label: str
    visibility: Visibility
    withdrawn: bool


@dataclass(frozen=True)
class AssessmentRow:
    iri: URIRef
    action: URIRef
    indicator: URIRef | None
    indicator_label: str
    score: int | None
    evidence: str
    creator: URIRef | None
    nickname: str
    created: dt.date | None

    @property
    def score_label(self) -> str:
        return SCORE_LABELS.get(self.score, "no score") if self.score is not None else "no score"


def _labelled(rows: list[dict], key: str) -> dict[URIRef, dict]:
    """One row per ``key``, preferring an English (or untagged) label."""
    best: dict[URIRef, dict] = {}
    for row in rows:
        current = best.get(row[key])
        if current is None or (row.get("lang") in ("en", "") and current.get("lang") not in ("en", "")):
            best[row[key]] = row
    return best


def _level(value: object, default: Visibility = Visibility.PUBLIC) -> Visibility:
    try:
        return Visibility.from_concept(value) if value else default
    except ValueError:
        return default


def campaigns(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    rows = _labelled(store.select("record_campaigns", viewer), "campaign")
    found = [Choice(iri, str(row["label"] or iri), "campaign") for iri, row in rows.items()]
    return sorted(found, key=lambda c: c.label.casefold())


def _action(row: dict) -> ActionChoice:
    date = row["date"] if isinstance(row["date"], dt.date) else None
    return ActionChoice(
        iri=row["action"],
        label=str(row["label"] or row["action"]),
        date=date,
        campaign=row["campaign"],
        campaign_label=str(row["campaignLabel"] or ""),
        visibility=_level(row["visibility"]),
    )


def actions(store: PraxisStore, viewer: Viewer) -> list[ActionChoice]:
    """Every action the viewer can see, newest first."""
    found = [_action(row) for row in _labelled(store.select("record_actions", viewer), "action").values()]
    return sorted(found, key=lambda a: (a.date or dt.date.min, a.label), reverse=True)


def action(store: PraxisStore, viewer: Viewer, iri: URIRef) -> ActionChoice | None:
    rows = store.select("record_actions", viewer, action=iri)
    return _action(rows[0]) if rows else None


def targets(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    """Concepts of our schemes (not indicators) and claims, by label."""
    rows = _labelled(
        [row for row in store.select("record_targets", viewer) if row["scheme"] not in _NOT_TARGETS], "target"
    )
    found = [Choice(iri, str(row["label"]), str(row["kind"])) for iri, row in rows.items()]
    return sorted(found, key=lambda c: (c.kind != "concept", c.label.casefold()))


def methods(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    """Methods of action; ``direct`` marks those that make a direct action."""
    rows = store.select("record_methods", viewer)
    direct = {row["method"] for row in rows if row["class"] in DIRECT_CLASSES}
    labelled = _labelled(rows, "method")
    found = [Choice(iri, str(row["label"]), "method", iri in direct) for iri, row in labelled.items()]
    return sorted(found, key=lambda c: c.label.casefold())


def direct_methods(store: PraxisStore, viewer: Viewer) -> frozenset[URIRef]:
    return frozenset(choice.iri for choice in methods(store, viewer) if choice.direct)


def indicators(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    rows = _labelled(store.select("record_indicators", viewer), "indicator")
    return sorted(
        (Choice(iri, str(row["label"]), "indicator") for iri, row in rows.items()),
        key=lambda c: c.label.casefold(),
    )


def lessons(store: PraxisStore, viewer: Viewer, *, creator: URIRef | None = None) -> list[LessonRow]:
    """Lessons (of one member when ``creator`` is given), newest first."""
    bindings = {"creator": creator} if creator is not None else {}
    found = {}
    for row in store.select("record_lessons", viewer, **bindings):
        found.setdefault(
            row["lesson"],
            LessonRow(
                iri=row["lesson"],
                title=str(row["title"] or ""),
                created=row["created"] if isinstance(row["created"], dt.date) else None,
                creator=row["creator"],
                nickname=str(row["nickname"] or ""),
                action=row["action"],
                action_label=str(row["actionLabel"] or ""),
                visibility=_level(row["visibility"], Visibility.MEMBERS),
                withdrawn=bool(row["withdrawn"]),
            ),
        )
    return sorted(found.values(), key=lambda r: (r.created or dt.date.min, r.title), reverse=True)


def assessments(store: PraxisStore, viewer: Viewer, *, action: URIRef | None = None) -> list[AssessmentRow]:
    """Assessments (of one action when given); disagreeing assessors each keep a row."""
    bindings = {"action": action} if action is not None else {}
    found = {}
    for row in store.select("record_assessments", viewer, **bindings):
        found.setdefault(
            row["assessment"],
            AssessmentRow(
                iri=row["assessment"],
                action=row["action"],
                indicator=row["indicator"],
                indicator_label=str(row["indicatorLabel"] or row["indicator"] or ""),
                score=row["score"] if isinstance(row["score"], int) else None,
                evidence=str(row["evidence"] or ""),
                creator=row["creator"],
                nickname=str(row["nickname"] or ""),
                created=row["created"] if isinstance(row["created"], dt.date) else None,
            ),
        )
    return sorted(found.values(), key=lambda r: (r.indicator_label, r.nickname, str(r.iri)))
