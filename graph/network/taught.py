"""What past actions taught, across chapters: our answer and each chapter's, put together.

:func:`network_answer` answers the question from our graphs (:func:`graph.strategy.answer`)
and, apart, from each followed chapter's graph alone, then puts the rows together, each
lesson with its chapter, and works the aggregates (indicator statistics, methods ranked)
out again over all of them. A chapter's answer is kept until that chapter is synced again
(:meth:`~graph.store.PraxisStore.graph_memo`), whatever we write meanwhile: at 100 chapters
of 100k statements, reading the whole network at once took 35 s; putting a hundred kept
answers together takes a fraction of a second (``python -m bench.network``).

What a chapter's graph alone cannot say is worked out from ours and handed in
(:class:`~graph.strategy.scope.Within`): the concept asked about with everything narrower
and the claims about them in our hierarchy, and the concepts an organiser accepted as
matching it (:mod:`graph.network.align`); the same for a method or an indicator. The rules
are those of the tension ranking (:mod:`graph.network.tensions`), since a chapter's graph
is hostile until checked:

* a chapter adds what it states below those of its own records, never of ours: it cannot
  put one of our concepts under another, or say one of our claims is about a concept;
* a lesson counts once: ours when our graphs state it (a chapter that republishes our
  public lessons), else in the first chapter by name that states it;
* our records are named as we name them: a target, method, campaign or indicator of ours
  has our label, and our readings behind it, in every chapter's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import URIRef

from graph.access import Viewer
from graph.network.align import alignment
from graph.network.chapters import OURS, chapter_of
from graph.practice import Stance
from graph.store import PraxisStore
from graph.strategy import Answer, Question, answer
from graph.strategy.scope import Within, below, targets_of
from graph.strategy.taught import Words, assembled, words_for

__all__ = ["NetworkAnswer", "network_answer"]


@dataclass(frozen=True)
class NetworkAnswer:
    """An :class:`~graph.strategy.Answer` over every chapter, and whose each lesson is."""

    answer: Answer
    #: lesson -> chapter (``ours`` or a followed chapter's name)
    chapters: dict[URIRef, str]

    def chapter(self, lesson: URIRef) -> str:
        return self.chapters.get(lesson, OURS)

    @property
    def by_chapter(self) -> dict[str, dict[str, int]]:
        """Distinct lessons per stance for each chapter with lessons in the answer, ours first.

        A lesson that supports two things counts once, as in ``Answer.lessons_by_stance``."""
        seen: dict[str, dict[str, set[URIRef]]] = defaultdict(lambda: {s.value: set() for s in Stance})
        for row in self.answer.lessons:
            seen[self.chapter(row.lesson)][row.stance.value].add(row.lesson)
        order = sorted(seen, key=lambda chapter: (chapter != OURS, chapter))
        return {chapter: {stance: len(found) for stance, found in seen[chapter].items()} for chapter in order}

    def summary(self) -> str:
        """The answer's summary, then the lessons each chapter contributed."""
        parts = [self.answer.summary()]
        counts = self.by_chapter
        if counts:
            parts.append(
                "By chapter: "
                + "; ".join(
                    f"{chapter} {s['supports']} supporting, {s['challenges']} challenging, "
                    f"{s['qualifies']} qualifying"
                    for chapter, s in counts.items()
                )
                + "."
            )
        return " ".join(parts)


def network_answer(store: PraxisStore, viewer: Viewer, question: Question) -> NetworkAnswer:
    """Answer ``question`` from our graphs and every followed chapter's (see the module);
    kept until the next change."""
    return store.memo(("network-answer", viewer.role, question), lambda: _made(store, viewer, question))


def _made(store: PraxisStore, viewer: Viewer, question: Question) -> NetworkAnswer:
    """Ours; each chapter's (kept per graph) within what ours stands for, widened by what
    the chapter states below it; in our words; put together."""
    ours = answer(store, viewer, question)
    graphs = store.peer_graphs()
    if not graphs:
        return NetworkAnswer(ours, {})
    within = _ours_within(store, viewer, question)
    kinds = {"targets": question.concept is not None, "methods": False, "indicators": False}
    stated = {
        (graph, kind): _stated_below(store, graph, getattr(within, kind), claims=claims)
        for graph in graphs
        for kind, claims in kinds.items()
    }
    mine = _ours_among(store, viewer, set().union(*stated.values()))

    def widened(graph: ox.NamedNode, kind: str) -> frozenset | None:
        """Ours, and what the chapter states below it of its own records."""
        found = getattr(within, kind)
        return None if found is None else found | (stated[graph, kind] - mine)

    chapters = []
    for graph in graphs:
        theirs = Within(**{kind: widened(graph, kind) for kind in kinds})
        chapters.append((graph, theirs, _chapter_answer(store, graph, question, theirs)))
    named = _named(found for _, _, found in chapters)
    words = store.memo(
        ("network-words", viewer.role, named), lambda: words_for(store, viewer, named[0], named[1])
    )
    parts = [(graph, _in_our_words(store, graph, theirs, found, words)) for graph, theirs, found in chapters]
    return _together(ours, parts, _our_lessons(store, viewer))


def _ours_within(store: PraxisStore, viewer: Viewer, question: Question) -> Within:
    """What the question's concept, method and indicator stand for in our graphs; a concept
    with the concepts accepted as matching it."""
    targets = targets_of(store, viewer, question.concept)
    if targets is not None:
        targets |= alignment(store, viewer).get(question.concept, frozenset())

    def below_ours(node: URIRef | None) -> frozenset | None:
        return None if node is None else frozenset(below(store, viewer, node))

    return Within(
        targets=None if targets is None else frozenset(targets),
        methods=below_ours(question.method),
        indicators=below_ours(question.indicator),
    )


def _stated_below(
    store: PraxisStore, graph: ox.NamedNode, tops: frozenset | None, *, claims: bool
) -> frozenset:
    """What a chapter's graph states is narrower than any of ``tops`` (and, with ``claims``,
    the claims it says are about any of them), kept until it is synced again."""
    if not tops:
        return frozenset()

    def read() -> frozenset:
        alone, visitor = store.chapter(graph), Viewer.visitor()
        found = {row["node"] for row in alone.select("taught_below", visitor, top=tops)} - tops
        if claims:
            about = {row["claim"] for row in alone.select("taught_claims", visitor, concept=tops | found)}
            found |= about - tops
        return frozenset(found)

    return store.graph_memo(graph, ("network-below", graph.value, tops, claims), read)


def _ours_among(store: PraxisStore, viewer: Viewer, records: set[URIRef]) -> frozenset:
    """Which of ``records`` our graphs describe (a chapter cannot move them)."""
    if not records:
        return frozenset()
    rows = store.select("network_chapters", viewer, record=records)
    return frozenset(row["record"] for row in rows if chapter_of(row["g"]) == OURS)


def _our_lessons(store: PraxisStore, viewer: Viewer) -> frozenset:
    """Every lesson of ours ``viewer`` sees, kept until the next change."""
    return store.memo(
        ("network-our-lessons", viewer.role),
        lambda: frozenset(row["lesson"] for row in store.select("network_our_lessons", viewer)),
    )


def _chapter_answer(store: PraxisStore, graph: ox.NamedNode, question: Question, within: Within) -> Answer:
    """The question answered from one chapter's graph alone (public: one for every viewer),
    kept until it is synced again."""
    return store.graph_memo(
        graph,
        ("network-taught", graph.value, question, within),
        lambda: answer(store.chapter(graph), Viewer.visitor(), question, within),
    )


def _named(answers: Iterable[Answer]) -> tuple[frozenset, frozenset]:
    """The records the answers name (targets, methods, campaigns, indicators) and their targets."""
    nodes: set[URIRef] = set()
    targets: set[URIRef] = set()
    for found in answers:
        targets.update(row.target for row in found.lessons)
        nodes.update(row.indicator for row in found.assessments)
        for action in found.actions:
            nodes.update(action.methods)
            if action.campaign is not None:
                nodes.add(action.campaign)
    return frozenset(nodes | targets), frozenset(targets)


def _in_our_words(
    store: PraxisStore, graph: ox.NamedNode, within: Within, found: Answer, words: Words
) -> Answer:
    """A chapter's answer (to ``found.question`` ``within``) with our records named as we
    name them and our readings behind our targets; kept per chapter while both stay so."""
    ours = _named([found])[0] & (words.labels.keys() | words.readings.keys())
    said = tuple(sorted((str(node), words.labels.get(node), words.readings.get(node, ())) for node in ours))
    if not said:
        return found

    def relabel() -> Answer:
        label = words.labels.get

        def lesson(row):
            links = words.readings.get(row.target) or row.readings
            return replace(row, target_label=label(row.target, row.target_label), readings=links)

        def action(row):
            return replace(
                row,
                campaign_label=label(row.campaign, row.campaign_label)
                if row.campaign
                else row.campaign_label,
                method_labels=tuple(
                    label(m, old) for m, old in zip(row.methods, row.method_labels, strict=True)
                ),
            )

        def assessment(row):
            return replace(row, indicator_label=label(row.indicator, row.indicator_label))

        return assembled(
            found.question,
            found.scope,
            map(action, found.actions),
            map(lesson, found.lessons),
            map(assessment, found.assessments),
        )

    key: Hashable = ("network-taught-named", graph.value, found.question, within, said)
    return store.graph_memo(graph, key, relabel)


def _together(
    ours: Answer, parts: list[tuple[ox.NamedNode, Answer]], our_lessons: frozenset
) -> NetworkAnswer:
    """Our answer and the chapters' in one: each lesson, action and assessment once, ours
    first, then each chapter's in the order of their names."""
    lessons, actions, assessments = list(ours.lessons), list(ours.actions), list(ours.assessments)
    claimed = set(our_lessons) | {row.lesson for row in ours.lessons}
    have = {row.action for row in ours.actions}
    scored = {row.assessment for row in ours.assessments}
    chapters: dict[URIRef, str] = {}
    for graph, found in parts:
        name = chapter_of(graph)
        theirs = {row.lesson for row in found.lessons} - claimed
        lessons += [row for row in found.lessons if row.lesson in theirs]
        chapters.update(dict.fromkeys(theirs, name))
        claimed |= theirs
        actions += [row for row in found.actions if row.action not in have]
        have.update(row.action for row in found.actions)
        assessments += [row for row in found.assessments if row.assessment not in scored]
        scored.update(row.assessment for row in found.assessments)
    return NetworkAnswer(assembled(ours.question, ours.scope, actions, lessons, assessments), chapters)
