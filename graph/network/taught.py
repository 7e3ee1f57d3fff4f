"""What past actions taught, across chapters: the same answer with every chapter's lessons.

:func:`network_answer` asks :func:`graph.strategy.answer` the question over our graphs
and every followed chapter's (:meth:`~graph.store.PraxisStore.with_peers`), adds the
peers' lessons on concepts matched to the question's concept
(:mod:`graph.network.align`), and says which chapter each lesson comes from, with
the lessons per stance of each chapter. Everything else in the answer (actions,
assessments, indicator statistics) is what the combined graphs hold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from rdflib import URIRef

from graph.access import Viewer
from graph.network.align import alignment
from graph.network.chapters import OURS, chapters_of
from graph.practice import Stance
from graph.store import PraxisStore
from graph.strategy import Answer, Question, answer

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
    """Answer ``question`` from our graphs and every followed chapter's (see the module)."""
    network = store.with_peers()
    found = answer(network, viewer, question)
    chapters = chapters_of(store, viewer, {row.lesson for row in found.lessons})
    if question.concept is not None:
        for matched in sorted(alignment(store, viewer).get(question.concept, ())):
            theirs = answer(network, viewer, replace(question, concept=matched))
            peers = chapters_of(store, viewer, {row.lesson for row in theirs.lessons})
            known = {(row.lesson, row.target, row.stance) for row in found.lessons}
            added = [
                row
                for row in theirs.lessons
                if peers.get(row.lesson, OURS) != OURS and (row.lesson, row.target, row.stance) not in known
            ]
            if added:
                chapters.update(peers)
                actions = {row.action for row in added}
                have = {row.action for row in found.actions}
                found = replace(
                    found,
                    lessons=found.lessons + tuple(added),
                    actions=found.actions
                    + tuple(a for a in theirs.actions if a.action in actions and a.action not in have),
                )
    return NetworkAnswer(found, chapters)
