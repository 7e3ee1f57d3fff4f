"""What past actions taught: the lessons and assessments that answer a strategy session's question.

A session asks a :class:`~graph.answers.Question` (any of a concept, a method, an
indicator, a campaign, an organisation, a stance and a date range; all optional)
and gets an :class:`~graph.answers.Answer`: the matching lessons with their
evidence, and aggregates: the number of actions, lessons by stance, statistics
per indicator and methods ranked on each indicator (:mod:`graph.scores`). Five
named queries (``taught_*.rq``) fetch what the viewer may see; filtering and
arithmetic happen here, so every count is a count of what that viewer can see.

How the filters combine (every filter given must hold):

* **actions** in scope: dated within ``since``..``until`` (an undated action is
  left out when a range is given); using the method or a narrower one; part of the
  campaign; part of a campaign the organisation organised; assessed on the
  indicator or a narrower one; and, for a concept, addressing it or a narrower one
  (itself, through its campaign or through its methods) or having taught a lesson
  about it.
* **lessons**: from actions in scope, not withdrawn; for a concept, only those that
  support, challenge or qualify it, a narrower concept or a claim about one of
  them; for a stance, only that stance. A lesson about three targets is three rows.
  A stance narrows the lessons only, not the actions.
* **assessments**: of actions in scope, on the indicator (or a narrower one) if
  one is given.

>>> parse_date("2024", end=True)
datetime.date(2024, 12, 31)
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.answers import ActionRow, Answer, AssessmentRow, LessonRow, Question, ReadingLink, Stance
from graph.errors import BadInput
from graph.resolve import Kind, resolve_optional
from graph.scores import IndicatorStats, MethodRanking, Observation, indicator_stats, rank_methods
from graph.store import PraxisStore

__all__ = [
    "ActionRow",
    "Answer",
    "AssessmentRow",
    "IndicatorStats",
    "LessonRow",
    "MethodRanking",
    "Question",
    "ReadingLink",
    "Stance",
    "answer",
    "ask",
    "parse_date",
]


def parse_date(text: str | dt.date | None, *, field_name: str = "date", end: bool = False) -> dt.date | None:
    """``2024``, ``2024-03`` or ``2024-03-12`` as a date (``end``: the last day of a year or month)."""
    if text is None or isinstance(text, dt.date):
        return text
    value = str(text).strip()
    if not value:
        return None
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:])
            first = dt.date(year, month, 1)
            if not end:
                return first
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(
            f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", source=field_name
        ) from None


def ask(
    store: PraxisStore,
    viewer: Viewer,
    *,
    concept: str | None = None,
    method: str | None = None,
    indicator: str | None = None,
    campaign: str | None = None,
    organisation: str | None = None,
    stance: str | Stance | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
) -> Question:
    """A :class:`Question` from values as people type them (IRIs, local names or labels)."""
    if isinstance(stance, str) and stance.strip():
        try:
            stance = Stance(stance.strip().lower())
        except ValueError:
            raise BadInput(
                f"{stance!r} is not a stance: use supports, challenges or qualifies", source="stance"
            ) from None
    elif not isinstance(stance, Stance):
        stance = None
    question = Question(
        concept=resolve_optional(store, viewer, concept, Kind.CONCEPT),
        method=resolve_optional(store, viewer, method, Kind.METHOD),
        indicator=resolve_optional(store, viewer, indicator, Kind.INDICATOR),
        campaign=resolve_optional(store, viewer, campaign, Kind.CAMPAIGN),
        organisation=resolve_optional(store, viewer, organisation, Kind.ORGANISATION),
        stance=stance,
        since=parse_date(since, field_name="since"),
        until=parse_date(until, field_name="until", end=True),
    )
    if question.since and question.until and question.since > question.until:
        raise BadInput(f"since ({question.since}) is after until ({question.until})", source="since")
    return question


# ------------------------------------------------------------------ the data
@dataclass
class _Snapshot:
    """What the viewer can see, fetched once per answer by five named queries."""

    actions: dict[URIRef, dict[str, Any]] = field(default_factory=dict)
    links: dict[tuple[URIRef, str], set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[URIRef, str] = field(default_factory=dict)
    urls: dict[URIRef, str] = field(default_factory=dict)
    narrower: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    lessons: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    readings: dict[URIRef, tuple[ReadingLink, ...]] = field(default_factory=dict)  # memo for _readings

    def values(self, subject: URIRef | None, link: str) -> set[URIRef]:
        return self.links.get((subject, link), set()) if subject is not None else set()

    def label(self, node: URIRef | None) -> str:
        if node is None:
            return ""
        return self.labels.get(node) or str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def below(self, node: URIRef) -> set[URIRef]:
        """``node`` and everything narrower than it, at any depth."""
        seen, todo = {node}, [node]
        while todo:
            for child in self.narrower.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen


def _snapshot(store: PraxisStore, viewer: Viewer) -> _Snapshot:
    snap = _Snapshot()
    for row in store.select("taught_actions", viewer):
        entry = snap.actions.setdefault(row["action"], {"label": None, "date": None, "campaign": None})
        for key, value in (
            ("label", row["label"]),
            ("date", _date(row["date"])),
            ("campaign", row["campaign"]),
        ):
            if entry[key] is None and value is not None:
                entry[key] = value
    for row in store.select("taught_links", viewer):
        link = str(row["link"]).rsplit("#", 1)[-1]
        if link == "broader":
            snap.narrower[row["value"]].add(row["subject"])
        elif link == "narrower":
            snap.narrower[row["subject"]].add(row["value"])
        else:
            snap.links[(row["subject"], link)].add(row["value"])
            if link in ("discusses", "aboutConcept"):  # asked the other way round
                snap.links[(row["value"], f"^{link}")].add(row["subject"])
    ranked: dict[URIRef, int] = {}
    for row in store.select("taught_labels", viewer):
        if row["url"] is not None:
            snap.urls.setdefault(row["node"], str(row["url"]))
        rank = {"en": 0, "": 1}.get((row["lang"] or "").lower().split("-")[0], 2)
        if row["node"] not in ranked or rank < ranked[row["node"]]:
            ranked[row["node"]] = rank
            snap.labels[row["node"]] = str(row["label"])
    snap.lessons = [row for row in store.select("taught_lessons", viewer) if not _true(row["withdrawn"])]
    snap.assessments = store.select("taught_assessments", viewer)
    return snap


# ------------------------------------------------------------------ the answer
def answer(store: PraxisStore, viewer: Viewer, question: Question) -> Answer:
    """Answer ``question`` from what ``viewer`` may see."""
    snap = _snapshot(store, viewer)
    targets = _targets(snap, question.concept)
    lessons = [row for row in snap.lessons if row["action"] in snap.actions]
    about = [row for row in lessons if targets is None or row["target"] in targets]
    taught_about = {row["action"] for row in about}
    indicators = snap.below(question.indicator) if question.indicator else None
    assessed_on = {
        row["action"] for row in snap.assessments if indicators is None or row["indicator"] in indicators
    }

    in_scope = [
        action
        for action in snap.actions
        if _action_matches(snap, action, question, targets, taught_about, assessed_on, indicators)
    ]
    chosen = set(in_scope)
    lesson_rows = [
        _lesson_row(snap, row)
        for row in about
        if row["action"] in chosen and (question.stance is None or row["stance"] == question.stance.predicate)
    ]
    lesson_rows.sort(
        key=lambda r: (r.action_date or dt.date.min, r.date or dt.date.min, r.title, r.target_label)
    )
    assessment_rows = [
        _assessment_row(snap, row)
        for row in snap.assessments
        if row["action"] in chosen and (indicators is None or row["indicator"] in indicators)
    ]
    action_rows = sorted(
        (_action_row(snap, action) for action in in_scope), key=lambda r: (r.date or dt.date.min, r.label)
    )
    methods = {row.action: tuple(zip(row.methods, row.method_labels, strict=True)) for row in action_rows}
    observations = [
        Observation(row.indicator, row.indicator_label, row.score, methods[row.action])
        for row in assessment_rows
    ]
    return Answer(
        question=question,
        scope=_scope(snap, question),
        actions=tuple(action_rows),
        lessons=tuple(lesson_rows),
        assessments=tuple(assessment_rows),
        indicators=indicator_stats(observations),
        methods=rank_methods(observations),
    )


def _targets(snap: _Snapshot, concept: URIRef | None) -> set[URIRef] | None:
    """The concept, every narrower one, and the claims about any of them (``None``: any)."""
    if concept is None:
        return None
    concepts = snap.below(concept)
    claims = {claim for node in concepts for claim in snap.values(node, "^aboutConcept")}
    return concepts | claims


def _action_matches(
    snap: _Snapshot,
    action: URIRef,
    question: Question,
    targets: set[URIRef] | None,
    taught_about: set[URIRef],
    assessed_on: set[URIRef],
    indicators: set[URIRef] | None,
) -> bool:
    info = snap.actions[action]
    campaign = info["campaign"]
    date = info["date"]
    if (question.since or question.until) and date is None:
        return False
    if question.since and date < question.since:
        return False
    if question.until and date > question.until:
        return False
    methods = snap.values(action, "usesMethod")
    if question.method is not None and not methods & snap.below(question.method):
        return False
    if question.campaign is not None and campaign != question.campaign:
        return False
    if question.organisation is not None and question.organisation not in snap.values(
        campaign, "organisedBy"
    ):
        return False
    if indicators is not None and action not in assessed_on:
        return False
    if targets is not None:
        touched = snap.values(action, "addresses") | methods | snap.values(campaign, "addresses")
        if not (touched & targets or action in taught_about):
            return False
    return True


def _action_row(snap: _Snapshot, action: URIRef) -> ActionRow:
    info = snap.actions[action]
    methods = tuple(sorted(snap.values(action, "usesMethod"), key=snap.label))
    return ActionRow(
        action=action,
        label=info["label"] or snap.label(action),
        date=info["date"],
        campaign=info["campaign"],
        campaign_label=snap.label(info["campaign"]) or None,
        methods=methods,
        method_labels=tuple(snap.label(m) for m in methods),
    )


def _lesson_row(snap: _Snapshot, row: dict[str, Any]) -> LessonRow:
    target = row["target"]
    return LessonRow(
        lesson=row["lesson"],
        title=str(row["title"] or snap.label(row["lesson"])),
        text=str(row["text"] or ""),
        stance=Stance.of(row["stance"]),
        target=target,
        target_label=snap.label(target),
        action=row["action"],
        action_label=snap.actions[row["action"]]["label"] or snap.label(row["action"]),
        date=_date(row["created"]),
        action_date=snap.actions[row["action"]]["date"],
        evidence=str(row["evidence"]) if row["evidence"] is not None else None,
        author=str(row["nickname"]) if row["nickname"] is not None else None,
        readings=_readings(snap, target),
    )


def _readings(snap: _Snapshot, target: URIRef, limit: int = 3) -> tuple[ReadingLink, ...]:
    """Where a claim comes from, else (up to ``limit``, by title) readings that discuss the target."""
    if target not in snap.readings:
        found = snap.values(target, "fromReading") or snap.values(target, "^discusses")
        chosen = heapq.nsmallest(limit, found, key=snap.label)
        snap.readings[target] = tuple(ReadingLink(r, snap.label(r), snap.urls.get(r)) for r in chosen)
    return snap.readings[target]


def _assessment_row(snap: _Snapshot, row: dict[str, Any]) -> AssessmentRow:
    return AssessmentRow(
        assessment=row["assessment"],
        action=row["action"],
        action_label=snap.actions[row["action"]]["label"] or snap.label(row["action"]),
        indicator=row["indicator"],
        indicator_label=snap.label(row["indicator"]),
        score=int(row["score"]),
        evidence=str(row["evidence"]) if row["evidence"] is not None else None,
        date=_date(row["created"]),
    )


def _scope(snap: _Snapshot, question: Question) -> tuple[tuple[str, str], ...]:
    """The question in words, for summaries and briefs."""
    scope = []
    for name in ("concept", "method", "indicator", "campaign", "organisation"):
        value = getattr(question, name)
        if value is not None:
            scope.append((name, snap.label(value)))
    if question.stance is not None:
        scope.append(("stance", question.stance.value))
    if question.since is not None:
        scope.append(("since", question.since.isoformat()))
    if question.until is not None:
        scope.append(("until", question.until.isoformat()))
    return tuple(scope)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        return dt.date(int(text[:4]), 1, 1) if len(text) == 4 else dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _true(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")
