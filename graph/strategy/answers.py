"""The answer to a strategy session's question, as values: rows, aggregates, a summary, JSON.

:mod:`graph.strategy.taught` computes an :class:`Answer` for a
:class:`~graph.strategy.questions.Question`; pages, the ``praxis taught`` command and
:mod:`graph.strategy.brief` read it. Everything here is
a frozen value that holds only what the asking viewer could see, so an answer can
be cached per viewer role and handed to any renderer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.practice import Stance
from graph.strategy.questions import Question
from graph.strategy.scores import SCORES, IndicatorStats, MethodRanking

__all__ = ["Answer", "ReadingLink", "TaughtAction", "TaughtAssessment", "TaughtLesson"]


@dataclass(frozen=True)
class ReadingLink:
    """A reading behind a lesson's target: where a claim comes from, or one discussing the concept."""

    reading: URIRef
    title: str
    url: str | None = None


@dataclass(frozen=True)
class TaughtAction:
    action: URIRef
    label: str
    date: dt.date | None
    campaign: URIRef | None
    campaign_label: str | None
    methods: tuple[URIRef, ...]
    method_labels: tuple[str, ...]


@dataclass(frozen=True)
class TaughtLesson:
    """One lesson's stance on one target."""

    lesson: URIRef
    title: str
    text: str
    stance: Stance
    target: URIRef
    target_label: str
    action: URIRef
    action_label: str
    date: dt.date | None
    action_date: dt.date | None
    evidence: str | None
    author: str | None
    readings: tuple[ReadingLink, ...] = ()


@dataclass(frozen=True)
class TaughtAssessment:
    """One assessor's score of an action on an indicator (the evidence is on the Assess page)."""

    assessment: URIRef
    action: URIRef
    action_label: str
    indicator: URIRef
    indicator_label: str
    score: int


@dataclass(frozen=True)
class Answer:
    """Everything that answers a :class:`Question`, for a page, a command or a brief."""

    question: Question
    scope: tuple[tuple[str, str], ...]
    actions: tuple[TaughtAction, ...]
    lessons: tuple[TaughtLesson, ...]
    assessments: tuple[TaughtAssessment, ...]
    indicators: tuple[IndicatorStats, ...]
    methods: tuple[MethodRanking, ...]

    @property
    def action_count(self) -> int:
        return len(self.actions)

    @property
    def lesson_count(self) -> int:
        return len({row.lesson for row in self.lessons})

    @property
    def lessons_by_stance(self) -> dict[str, int]:
        """Distinct lessons per stance (a lesson that supports two things counts once)."""
        seen: dict[str, set[URIRef]] = {stance.value: set() for stance in Stance}
        for row in self.lessons:
            seen[row.stance.value].add(row.lesson)
        return {stance: len(lessons) for stance, lessons in seen.items()}

    @property
    def tags_by_stance(self) -> dict[str, int]:
        """Links from lessons to theory per stance (a lesson that supports two things is two)."""
        seen: dict[str, set[tuple]] = {stance.value: set() for stance in Stance}
        for row in self.lessons:
            seen[row.stance.value].add((row.lesson, row.target))
        return {stance: len(links) for stance, links in seen.items()}

    def leader(self, indicator: URIRef) -> MethodRanking | None:
        """The top-ranked method on ``indicator`` that is not weak evidence, if any, unless
        the question picked that method itself (a filter does not lead against itself)."""
        for ranking in self.methods:
            if ranking.indicator == indicator and not ranking.weak:
                return None if ranking.method == self.question.method else ranking
        return None

    def summary(self) -> str:
        """Two or three plain sentences for the top of a page or brief."""
        if not self.actions:
            return "No recorded action matches this question."
        tags = self.tags_by_stance
        lessons = f"{self.lesson_count} lesson{'s' if self.lesson_count != 1 else ''}"
        total = sum(tags.values())
        if total != self.lesson_count:  # counted in tags, and said so: never two units at once
            lessons += f" with {total} tag{'s' if total != 1 else ''}"
        parts = [
            f"{self.action_count} action{'s' if self.action_count != 1 else ''} match; "
            f"they taught {lessons} ({tags['supports']} supporting, {tags['challenges']} challenging, "
            f"{tags['qualifies']} qualifying what we have read)."
        ]
        if self.indicators:
            top = max(self.indicators, key=lambda s: s.n)
            parts.append(
                f"Most assessed: {top.label}, mean score {top.mean:+.2f} over {top.n} assessment"
                f"{'s' if top.n != 1 else ''} ({top.count(2)} clearly advanced, "
                f"{top.count(-1) + top.count(-2)} hindered or set back)."
            )
            leader = self.leader(top.indicator)
            if leader is not None:
                parts.append(
                    f"On it, {leader.label} leads (estimate {leader.estimate:+.2f}, "
                    f"95% interval {leader.low:+.2f} to {leader.high:+.2f}, n={leader.n})."
                )
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready object (``praxis taught --format json``)."""
        return {
            "question": {key: value for key, value in self.scope},
            "actions": self.action_count,
            "lessons_by_stance": self.lessons_by_stance,
            "lessons": [
                {
                    "lesson": str(row.lesson),
                    "title": row.title,
                    "text": row.text,
                    "stance": row.stance.value,
                    "target": str(row.target),
                    "target_label": row.target_label,
                    "action": str(row.action),
                    "action_label": row.action_label,
                    "date": _iso(row.date),
                    "action_date": _iso(row.action_date),
                    "evidence": row.evidence,
                    "author": row.author,
                }
                for row in self.lessons
            ],
            "indicators": [
                {
                    "indicator": str(stats.indicator),
                    "label": stats.label,
                    "n": stats.n,
                    "mean": round(stats.mean, 4),
                    "distribution": {
                        f"{s:+d}" if s else "0": c for s, c in zip(SCORES, stats.distribution, strict=True)
                    },
                }
                for stats in self.indicators
            ],
            "methods": [
                {
                    "method": str(m.method),
                    "label": m.label,
                    "indicator": str(m.indicator),
                    "indicator_label": m.indicator_label,
                    "n": m.n,
                    "mean": round(m.mean, 4),
                    "estimate": round(m.estimate, 4),
                    "low": round(m.low, 4),
                    "high": round(m.high, 4),
                    "weak": m.weak,
                    "rank": m.rank,
                }
                for m in self.methods
            ],
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
