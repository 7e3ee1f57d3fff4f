"""What past actions taught: the lessons and assessments that answer a strategy session's question.

A session asks a :class:`~graph.strategy.questions.Question` (any of a concept, a
method, an indicator, a campaign, an organisation, a stance and a date range; all
optional) and gets an :class:`~graph.strategy.answers.Answer`: the matching lessons with
their evidence, and aggregates: the number of actions, lessons by stance, statistics
per indicator and methods ranked on each indicator (:mod:`graph.strategy.scores`). Named
queries (``taught_*.rq``) read what the viewer may see, so every count is a count
of what that viewer can see. Each filter is a small query for the actions it lets
through (:mod:`graph.strategy.scope`), and only the actions left are read in full,
so an answer costs about as much as it holds (``make bench``: about 90 ms for a question
about the busiest concept, at 100k or at 1M statements).

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

>>> from graph.store import open_store
>>> answer(open_store("memory:"), Viewer.visitor(), Question()).lessons
()
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.labels import language_rank, local_name
from graph.practice import Stance
from graph.store import PraxisStore
from graph.strategy.answers import Answer, ReadingLink, TaughtAction, TaughtAssessment, TaughtLesson
from graph.strategy.questions import Question
from graph.strategy.scope import Within, scope_of, unwithdrawn
from graph.strategy.scores import Observation, indicator_stats, rank_methods

__all__ = ["WHOLE_ANSWER_MAX_ACTIONS", "Words", "action_count", "answer", "assembled", "words_for"]

#: The explorer answers a question that keeps no action out only up to this many actions:
#: reading every action, lesson and assessment takes about 0.3 s at 1,760 actions and
#: 5.5 s at 18,000 (``make bench``'s 100k and 1M stores). Above it, the page asks for a filter.
WHOLE_ANSWER_MAX_ACTIONS = 2_500

#: Above this share of the actions a viewer can see, the actions in scope and their
#: assessments are read by scanning each predicate once (``taught_*_broad``) rather than
#: by a lookup per action: at 100k statements, half the actions take 13 ms that way
#: instead of 27; at 1M, 5% of them take 37 ms instead of 27.
BROAD_SHARE = 0.15


def action_count(store: PraxisStore, viewer: Viewer) -> int:
    """How many actions ``viewer`` can see (from :meth:`~graph.store.PraxisStore.stats`, kept
    until the next change: counting them took a third of a second at 1M statements)."""
    return store.stats(viewer).get("Action", 0)


# ------------------------------------------------------------------ the data
@dataclass
class _Snapshot:
    """What one answer needs of what the viewer can see: the actions in scope and what hangs on them."""

    actions: dict[URIRef, dict[str, Any]] = field(default_factory=dict)
    methods: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[URIRef, str] = field(default_factory=dict)
    urls: dict[URIRef, str] = field(default_factory=dict)
    sources: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))  # fromReading
    discussed: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))  # ^discusses
    readings: dict[URIRef, tuple[ReadingLink, ...]] = field(default_factory=dict)  # memo for _readings

    def label(self, node: URIRef | None) -> str:
        if node is None:
            return ""
        return self.labels.get(node) or local_name(node)


def _in_dates(date: dt.date | None, question: Question) -> bool:
    if not (question.since or question.until):
        return True
    if date is None:
        return False
    return not (question.since and date < question.since) and not (question.until and date > question.until)


def _reads_for(scope: set[URIRef] | None, visible: int) -> tuple[str, str]:
    """The named queries for the actions and for the assessments in ``scope``: the
    scanning ones when it holds more than :data:`BROAD_SHARE` of the ``visible``
    actions (``None``: all of them), else those that look each action up."""
    if scope is None or len(scope) > BROAD_SHARE * visible:
        return "taught_actions_broad", "taught_assessments_broad"
    return "taught_actions", "taught_assessments"


# ------------------------------------------------------------------ the answer
def answer(store: PraxisStore, viewer: Viewer, question: Question, within: Within | None = None) -> Answer:
    """Answer ``question`` from what ``viewer`` may see (``within``: what its concept, method
    and indicator stand for, when worked out elsewhere; see :class:`~graph.strategy.scope.Within`).

    Each filter is its own small query returning the actions it lets through
    (:mod:`graph.strategy.scope`); only the actions left in scope are then fetched
    with their lessons, assessments, methods and labels. So the work grows with the
    answer, not with the store (a question about one concept in a million
    statements reads a few thousand rows). A question with no filter reads every
    action, lesson and assessment. Reads that do not need each other's rows run
    together (:meth:`~graph.store.PraxisStore.select_together`): the filters; then
    the actions with their assessments; then what the lessons say, with labels.
    """
    found = scope_of(store, viewer, question, within)
    scope, lessons, assessments = found.actions, found.lessons, found.assessments
    by_action = {} if scope is None else {"action": scope}
    actions_query, assessments_query = _reads_for(scope, found.visible)
    reads = {"actions": (actions_query, by_action)} if scope != set() else {}
    if reads and not (scope is None and (question.since or question.until)):
        if lessons is None:
            reads["lessons"] = ("taught_lesson_links", by_action)
        if assessments is None:
            reads["assessments"] = (assessments_query, by_action)
    rows = store.select_together(viewer, reads)
    if "lessons" in rows:
        lessons = unwithdrawn(rows["lessons"])
    assessments = rows.get("assessments", assessments)

    snap = _Snapshot()
    for row in rows.get("actions", ()):
        entry = snap.actions.setdefault(row["action"], {"label": None, "date": None, "campaign": None})
        if row["method"] is not None:
            snap.methods[row["action"]].add(row["method"])
        for key, value in (
            ("label", row["label"]),
            ("date", _date(row["date"])),
            ("campaign", row["campaign"]),
        ):
            if entry[key] is None and value is not None:
                entry[key] = value
    snap.actions = {a: info for a, info in snap.actions.items() if _in_dates(info["date"], question)}
    chosen = set(snap.actions)
    if chosen and lessons is None:
        # dates were the only filter: what hangs on the actions they kept is read now
        later = {"action": chosen}
        kept = store.select_together(
            viewer,
            {
                "lessons": ("taught_lesson_links", later),
                "assessments": (_reads_for(chosen, found.visible)[1], later),
            },
        )
        lessons, assessments = unwithdrawn(kept["lessons"]), kept["assessments"]
    lessons = [
        row
        for row in lessons or ()
        if row["action"] in chosen and (question.stance is None or row["stance"] == question.stance.predicate)
    ]
    assessments = [row for row in assessments or () if row["action"] in chosen]
    targets = {row["target"] for row in lessons}
    nodes = targets | {row["indicator"] for row in assessments}
    nodes |= {info["campaign"] for info in snap.actions.values() if info["campaign"] is not None}
    nodes |= {method for found in snap.methods.values() for method in found}
    nodes |= {getattr(question, name) for name in _NAMED if getattr(question, name) is not None}
    said = {row["lesson"] for row in lessons}
    words = _fetch_words(store, viewer, snap, nodes, targets, said, found.readings)

    return assembled(
        question,
        _scope(snap, question),
        [_action_row(snap, action) for action in snap.actions],
        [_lesson_row(snap, row, words[row["lesson"]]) for row in lessons],
        [_assessment_row(snap, row) for row in assessments],
    )


def assembled(
    question: Question,
    scope: tuple[tuple[str, str], ...],
    actions: Iterable[TaughtAction],
    lessons: Iterable[TaughtLesson],
    assessments: Iterable[TaughtAssessment],
) -> Answer:
    """An :class:`Answer` of these rows: each kind in its order, and the aggregates worked out
    from them (so answers read apart, such as each chapter's, can be put together)."""
    lesson_rows = sorted(
        lessons,
        key=lambda r: (
            r.action_date or dt.date.min,
            r.date or dt.date.min,
            r.title,
            r.target_label,
            r.stance.value,
        ),
    )
    assessment_rows = sorted(assessments, key=lambda r: (r.action_label, r.indicator_label, r.assessment))
    action_rows = sorted(actions, key=lambda r: (r.date or dt.date.min, r.label))
    methods = {row.action: tuple(zip(row.methods, row.method_labels, strict=True)) for row in action_rows}
    observations = [
        Observation(row.indicator, row.indicator_label, row.score, methods.get(row.action, ()))
        for row in assessment_rows
    ]
    return Answer(
        question=question,
        scope=scope,
        actions=tuple(action_rows),
        lessons=tuple(lesson_rows),
        assessments=tuple(assessment_rows),
        indicators=indicator_stats(observations),
        methods=rank_methods(observations),
    )


def _fetch_words(
    store: PraxisStore,
    viewer: Viewer,
    snap: _Snapshot,
    nodes: set[URIRef],
    targets: set[URIRef],
    lessons: set[URIRef],
    readings: list[dict[str, Any]] | None,
) -> dict[URIRef, dict[str, Any]]:
    """What ``lessons`` say (returned, by lesson), the labels of ``nodes`` and the readings
    behind ``targets`` (``readings``: already read for a concept's targets), read together
    into ``snap``."""
    ranked: dict[URIRef, tuple[int, int]] = {}

    def keep(node: URIRef, label: Any, lang: Any, kind: int) -> None:
        """A preferred label before rdfs:label, then the explorer's language, untagged, others."""
        if label is None:
            return
        rank = (kind, language_rank(lang))
        if node not in ranked or rank < ranked[node]:
            ranked[node] = rank
            snap.labels[node] = str(label)

    reads = {"labels": ("taught_labels", {"node": nodes})}
    if lessons:
        reads["details"] = ("taught_lesson_details", {"lesson": lessons})
    if readings is None:
        reads["readings"] = ("taught_readings", {"target": targets})
    rows = store.select_together(viewer, reads)
    for row in rows.get("readings", readings):
        (snap.sources if row["via"] == "from" else snap.discussed)[row["target"]].add(row["reading"])
        keep(row["reading"], row["title"], row["lang"], 0)
        if row["url"] is not None:
            snap.urls.setdefault(row["reading"], str(row["url"]))
    for row in rows["labels"]:
        keep(row["node"], row["label"], row["lang"], int(row["rank"]))
    words: dict[URIRef, dict[str, Any]] = {}
    for row in rows.get("details", ()):
        words.setdefault(row["lesson"], row)
    return words


@dataclass(frozen=True)
class Words:
    """How an answer names ``nodes`` and which readings it shows behind ``targets``:
    :func:`words_for`."""

    labels: dict[URIRef, str]
    readings: dict[URIRef, tuple[ReadingLink, ...]]


def words_for(
    store: PraxisStore, viewer: Viewer, nodes: Iterable[URIRef], targets: Iterable[URIRef]
) -> Words:
    """The labels of ``nodes`` and the readings behind each of ``targets`` that ``viewer``
    sees in ``store``, chosen as :func:`answer` chooses them (for rows read elsewhere, such
    as a followed chapter's lessons on our concepts: :mod:`graph.network.taught`)."""
    snap, targets = _Snapshot(), set(targets)
    _fetch_words(store, viewer, snap, set(nodes) | targets, targets, set(), None)
    found = {target: _readings(snap, target) for target in targets}
    return Words(dict(snap.labels), {target: links for target, links in found.items() if links})


#: The parts of a question that name a node.
_NAMED = ("concept", "method", "indicator", "campaign", "organisation")


def _action_row(snap: _Snapshot, action: URIRef) -> TaughtAction:
    info = snap.actions[action]
    methods = tuple(sorted(snap.methods.get(action, ()), key=snap.label))
    return TaughtAction(
        action=action,
        label=info["label"] or snap.label(action),
        date=info["date"],
        campaign=info["campaign"],
        campaign_label=snap.label(info["campaign"]) or None,
        methods=methods,
        method_labels=tuple(snap.label(m) for m in methods),
    )


def _lesson_row(snap: _Snapshot, row: dict[str, Any], words: dict[str, Any]) -> TaughtLesson:
    target = row["target"]
    return TaughtLesson(
        lesson=row["lesson"],
        title=str(words["title"] or snap.label(row["lesson"])),
        text=str(words["text"] or ""),
        stance=Stance.of(row["stance"]),
        target=target,
        target_label=snap.label(target),
        action=row["action"],
        action_label=snap.actions[row["action"]]["label"] or snap.label(row["action"]),
        date=_date(words["created"]),
        action_date=snap.actions[row["action"]]["date"],
        evidence=str(words["evidence"]) if words["evidence"] is not None else None,
        author=str(words["nickname"]) if words["nickname"] is not None else None,
        readings=_readings(snap, target),
    )


def _readings(snap: _Snapshot, target: URIRef, limit: int = 3) -> tuple[ReadingLink, ...]:
    """Where a claim comes from, else (up to ``limit``, by title) readings that discuss the target."""
    if target not in snap.readings:
        found = snap.sources.get(target) or snap.discussed.get(target, set())
        chosen = heapq.nsmallest(limit, found, key=snap.label)
        snap.readings[target] = tuple(ReadingLink(r, snap.label(r), snap.urls.get(r)) for r in chosen)
    return snap.readings[target]


def _assessment_row(snap: _Snapshot, row: dict[str, Any]) -> TaughtAssessment:
    return TaughtAssessment(
        assessment=row["assessment"],
        action=row["action"],
        action_label=snap.actions[row["action"]]["label"] or snap.label(row["action"]),
        indicator=row["indicator"],
        indicator_label=snap.label(row["indicator"]),
        score=int(row["score"]),
    )


def _scope(snap: _Snapshot, question: Question) -> tuple[tuple[str, str], ...]:
    """The question in words, for summaries and briefs."""
    scope = []
    for name in _NAMED:
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
