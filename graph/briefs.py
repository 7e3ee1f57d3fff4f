"""A brief for a strategy session, as Markdown and as printable HTML.

A brief is what a session takes into the room: the question asked, a short
summary, the findings (each lesson with what it taught, its evidence, its action
and who recorded it), the indicator statistics and method rankings, the claims
in tension and readings to revisit. :func:`build_brief` gathers it for a viewer,
so a brief never holds what that viewer may not see; :func:`render` writes it.

Two sections come from other rooms and are optional: claims in tension from
``graph.tensions.rank(store, viewer)`` and readings from
``graph.suggest.suggest(store, viewer, campaign=..., top=5)`` (only when the
question names a campaign). Each is imported when the brief is built; if the
module is not there, the section says so instead of failing.

Writing it (Markdown, and printable HTML with every user text escaped) is
:mod:`graph.brief_formats`. :func:`md_escape` makes one line of user text safe
inside Markdown (pages use it with ``st.markdown``):

>>> md_escape("<b>*bold*</b>")
'\\\\<b\\\\>\\\\*bold\\\\*\\\\</b\\\\>'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graph.access import Viewer
from graph.answers import Answer, LessonRow
from graph.scores import IndicatorStats, MethodRanking
from graph.store import PraxisStore

__all__ = [
    "Brief",
    "BriefFormat",
    "Finding",
    "ReadingLine",
    "TensionLine",
    "build_brief",
    "md_escape",
    "render",
]

#: Lessons shown in a brief (the rest are counted, not listed).
MAX_FINDINGS = 40


class BriefFormat(Enum):
    MARKDOWN = "md"
    HTML = "html"

    @property
    def media_type(self) -> str:
        return {"md": "text/markdown", "html": "text/html"}[self.value]


@dataclass(frozen=True)
class Finding:
    """One lesson with every stance it takes."""

    title: str
    text: str
    stances: tuple[tuple[str, str], ...]  # (stance, target label)
    action: str
    action_date: dt.date | None
    evidence: str | None
    author: str | None
    date: dt.date | None
    readings: tuple[tuple[str, str | None], ...]  # (title, url)


@dataclass(frozen=True)
class TensionLine:
    label: str
    score: float
    supports: int
    challenges: int
    due_for_review: bool


@dataclass(frozen=True)
class ReadingLine:
    title: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Brief:
    title: str
    created: dt.date
    question: tuple[tuple[str, str], ...]
    summary: str
    findings: tuple[Finding, ...]
    more_findings: int
    indicators: tuple[IndicatorStats, ...]
    methods: tuple[MethodRanking, ...]
    tensions: tuple[TensionLine, ...]
    tensions_note: str | None
    readings: tuple[ReadingLine, ...]
    readings_note: str | None


def build_brief(
    store: PraxisStore,
    viewer: Viewer,
    answer: Answer,
    *,
    title: str = "What past actions taught",
    today: dt.date | None = None,
) -> Brief:
    """Everything a session's brief holds, as ``viewer`` may see it."""
    findings = _findings(answer.lessons)
    tensions, tensions_note = _tensions(store, viewer)
    readings, readings_note = _readings(store, viewer, answer)
    return Brief(
        title=title,
        created=today or dt.date.today(),
        question=answer.scope,
        summary=answer.summary(),
        findings=tuple(findings[:MAX_FINDINGS]),
        more_findings=max(0, len(findings) - MAX_FINDINGS),
        indicators=answer.indicators,
        methods=answer.methods,
        tensions=tensions,
        tensions_note=tensions_note,
        readings=readings,
        readings_note=readings_note,
    )


def render(brief: Brief, fmt: BriefFormat) -> str:
    """The brief as Markdown or as a self-contained, printable HTML page."""
    from graph.brief_formats import html_brief, markdown_brief

    return markdown_brief(brief) if fmt is BriefFormat.MARKDOWN else html_brief(brief)


# ------------------------------------------------------------------ gathering
def _findings(lessons: Sequence[LessonRow]) -> list[Finding]:
    grouped: dict[Any, list[LessonRow]] = {}
    for row in lessons:
        grouped.setdefault(row.lesson, []).append(row)
    findings = []
    for rows in grouped.values():
        first = rows[0]
        readings = {(r.title, r.url) for row in rows for r in row.readings}
        findings.append(
            Finding(
                title=first.title,
                text=first.text,
                stances=tuple((row.stance.value, row.target_label) for row in rows),
                action=first.action_label,
                action_date=first.action_date,
                evidence=first.evidence,
                author=first.author,
                date=first.date,
                readings=tuple(sorted(readings, key=lambda item: item[0])),
            )
        )
    return findings


def _tensions(store: PraxisStore, viewer: Viewer) -> tuple[tuple[TensionLine, ...], str | None]:
    try:
        from graph.tensions import rank
    except ImportError:
        return (), "Claims in tension are not available here (graph.tensions is not installed)."
    lines = tuple(
        TensionLine(
            label=str(item.label),
            score=float(item.score),
            supports=_count(item.supports),
            challenges=_count(item.challenges),
            due_for_review=bool(item.due_for_review),
        )
        for item in list(rank(store, viewer))[:5]
    )
    return lines, None if lines else "No claim or concept is in tension: no lesson challenges one yet."


def _readings(
    store: PraxisStore, viewer: Viewer, answer: Answer
) -> tuple[tuple[ReadingLine, ...], str | None]:
    campaign = answer.question.campaign
    if campaign is None:
        return (), "Name a campaign in the question to get readings suggested for it."
    try:
        from graph.suggest import suggest
    except ImportError:
        return (), "Reading suggestions are not available here (graph.suggest is not installed)."
    lines = tuple(
        ReadingLine(title=str(item.title), reasons=tuple(str(r) for r in _as_list(item.reasons)))
        for item in suggest(store, viewer, campaign=campaign, top=5)
    )
    return lines, None if lines else "No reading could be suggested for this campaign yet."


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return len(value)
    except TypeError:
        return int(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: object) -> str:
    """One line of user text, safe inside Markdown (pages use it with ``st.markdown``)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
