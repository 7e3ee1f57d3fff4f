"""A brief for a strategy session, as Markdown and as printable HTML.

A brief is what a session takes into the room: the question asked, a short
summary, the findings (each lesson with what it taught, its evidence, its action
and who recorded it), the indicator statistics and method rankings, the claims
in tension (:func:`graph.theory.rank`) and readings to revisit
(:func:`graph.suggest.suggest`, when the question names a campaign). A brief over
every followed chapter (:func:`graph.network.network_brief`) says so in its
``network_note`` ("Includes the evidence of 2 other chapters: ..."), and its claims in
tension carry each chapter's counts. :func:`build_brief` gathers it for a viewer, so a
brief never holds what that viewer may not see; :func:`render` writes it.

Every text that came from people (titles, lessons, evidence, nicknames, labels) is
escaped: the HTML page is rendered by Jinja2 with autoescaping on
(``templates/brief.html``), the Markdown backslashes Markdown's special characters
(:func:`graph.text.md_escape`), so a label such as ``<script>`` or
``[x](javascript:...)`` stays text. Links are written only for ``http(s)`` addresses.
The HTML is one self-contained page with no scripts and a print stylesheet (A4
margins, links printed after their text, no page break inside a finding or a table row).

Given the explorer's address (``base``: the explorer passes the address it is opened at,
``praxis taught --link-base`` a chapter's), every record the brief names (lessons,
actions, concepts and claims, methods, readings) links to its page there, so the brief
read on a phone after the session leads back to the evidence. Those links are not
printed after their text: a printed page keeps the names readable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.store import PraxisStore
from graph.strategy.answers import Answer, TaughtLesson
from graph.strategy.scores import WEAK_BELOW, IndicatorStats, MethodRanking
from graph.suggest import suggest
from graph.text import md_escape
from graph.theory import rank
from graph.views.records import record_address

__all__ = [
    "Brief",
    "BriefFinding",
    "BriefFormat",
    "ReadingLine",
    "TensionLine",
    "build_brief",
    "render",
]

#: Lessons shown in a brief (the rest are counted, not listed).
MAX_FINDINGS = 40

_RANKING_NOTE = (
    "Ranked by the lower end of a 95% interval around a mean pulled toward the indicator's overall "
    f"mean; methods seen fewer than {WEAK_BELOW} times are weak evidence and not ranked."
)


class BriefFormat(Enum):
    MARKDOWN = "md"
    HTML = "html"

    @property
    def media_type(self) -> str:
        return {"md": "text/markdown", "html": "text/html"}[self.value]


@dataclass(frozen=True)
class BriefFinding:
    """One lesson with every stance it takes."""

    title: str
    text: str
    stances: tuple[tuple[str, str, URIRef | None], ...]  # (stance, target label, target)
    action: str
    action_date: dt.date | None
    evidence: str | None
    author: str | None
    date: dt.date | None
    readings: tuple[tuple[str, str | None], ...]  # (title, url)
    lesson: URIRef | None = None
    action_iri: URIRef | None = None


@dataclass(frozen=True)
class TensionLine:
    label: str
    score: float
    supports: int
    challenges: int
    due_for_review: bool
    target: URIRef | None = None
    chapters: str = ""  # "ours 0/2/0; york 3/0/0" when other chapters are included


@dataclass(frozen=True)
class ReadingLine:
    title: str
    reasons: tuple[str, ...]
    reading: URIRef | None = None


@dataclass(frozen=True)
class Brief:
    title: str
    created: dt.date
    question: tuple[tuple[str, str], ...]
    summary: str
    findings: tuple[BriefFinding, ...]
    more_findings: int
    indicators: tuple[IndicatorStats, ...]
    methods: tuple[MethodRanking, ...]
    tensions: tuple[TensionLine, ...]
    tensions_note: str | None
    readings: tuple[ReadingLine, ...]
    readings_note: str | None
    network_note: str | None = None  # which other chapters' evidence is included, if any
    #: The explorer's address the brief's names link to ("" for no links).
    base: str = ""

    def address(self, iri: URIRef | None) -> str | None:
        """Where the page of ``iri`` is, or ``None`` when the brief has no links."""
        return record_address(iri, self.base) if self.base and iri is not None else None


def build_brief(
    store: PraxisStore,
    viewer: Viewer,
    answer: Answer,
    *,
    title: str = "What past actions taught",
    today: dt.date | None = None,
    base: str = "",
) -> Brief:
    """Everything a session's brief holds, as ``viewer`` may see it; its names link to
    their pages under ``base`` (an ``http(s)`` address of the explorer) when given."""
    if base and not _safe_url(base):
        raise BadInput(f"The explorer's address must start with http:// or https://, not {base!r}.")
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
        base=base,
    )


def render(brief: Brief, fmt: BriefFormat) -> str:
    """The brief as Markdown or as a self-contained, printable HTML page."""
    if fmt is BriefFormat.MARKDOWN:
        return markdown_brief(brief)
    return _template().render(brief=brief, style=Markup(_STYLE), ranking_note=_RANKING_NOTE) + "\n"


# ------------------------------------------------------------------ gathering
def _findings(lessons: Sequence[TaughtLesson]) -> list[BriefFinding]:
    grouped: dict[Any, list[TaughtLesson]] = {}
    for row in lessons:
        grouped.setdefault(row.lesson, []).append(row)
    findings = []
    for rows in grouped.values():
        first = rows[0]
        readings = {(r.title, r.url) for row in rows for r in row.readings}
        findings.append(
            BriefFinding(
                title=first.title,
                text=first.text,
                stances=tuple((row.stance.value, row.target_label, row.target) for row in rows),
                action=first.action_label,
                action_date=first.action_date,
                evidence=first.evidence,
                author=first.author,
                date=first.date,
                readings=tuple(sorted(readings, key=lambda item: item[0])),
                lesson=first.lesson,
                action_iri=first.action,
            )
        )
    return findings


def _tensions(store: PraxisStore, viewer: Viewer) -> tuple[tuple[TensionLine, ...], str | None]:
    lines = tuple(
        TensionLine(
            label=item.label,
            score=item.score,
            supports=item.supports,
            challenges=item.challenges,
            due_for_review=item.due_for_review,
            target=item.target,
        )
        for item in rank(store, viewer)[:5]
    )
    return lines, None if lines else "No claim or concept is in tension: no lesson challenges one yet."


def _readings(
    store: PraxisStore, viewer: Viewer, answer: Answer
) -> tuple[tuple[ReadingLine, ...], str | None]:
    campaign = answer.question.campaign
    if campaign is None:
        return (), "Name a campaign in the question to get readings suggested for it."
    lines = tuple(
        ReadingLine(title=item.title, reasons=item.reasons, reading=item.reading)
        for item in suggest(store, viewer, campaign=campaign, top=5)
    )
    return lines, None if lines else "No reading could be suggested for this campaign yet."


# ------------------------------------------------------------------ Markdown
def markdown_brief(brief: Brief) -> str:
    """The brief as Markdown."""
    out = [
        f"# {md_escape(brief.title)}",
        "",
        f"Brief for a strategy session, {brief.created.isoformat()}.",
        "",
    ]
    out += ["## The question", ""]
    out += [f"- **{name}**: {md_escape(value)}" for name, value in brief.question] or [
        "- every recorded action"
    ]
    out += ["", "## Summary", "", md_escape(brief.summary), ""]
    out += [md_escape(brief.network_note), ""] if brief.network_note else []
    out += ["## Findings", ""]
    if not brief.findings:
        out += ["No lesson matches this question.", ""]
    name = partial(_md_name, brief)
    for finding in brief.findings:
        stances = "; ".join(f"{stance} {name(label, target)}" for stance, label, target in finding.stances)
        out += [f"### {name(finding.title, finding.lesson)}", "", f"*{stances}*", ""]
        out += [md_escape(finding.text), ""]
        if finding.evidence:
            out += [f"> **Evidence:** {md_escape(finding.evidence)}", ""]
        out += [
            f"From: {name(finding.action, finding.action_iri)}{_when(finding.action_date)}. "
            + _recorded(finding, md_escape),
            "",
        ]
        if finding.readings:
            out += ["Readings: " + "; ".join(_md_link(title, url) for title, url in finding.readings), ""]
    if brief.more_findings:
        out += [f"... and {brief.more_findings} more lessons (see the explorer).", ""]
    out += ["## Indicators", ""]
    if brief.indicators:
        out += [
            "| indicator | n | mean | -2 | -1 | 0 | +1 | +2 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        out += [
            f"| {name(s.label, s.indicator)} | {s.n} | {s.mean:+.2f} | "
            + " | ".join(str(c) for c in s.distribution)
            + " |"
            for s in brief.indicators
        ]
    else:
        out += ["No assessment matches this question."]
    out += ["", "## Methods by indicator", ""]
    if brief.methods:
        out += [
            _RANKING_NOTE,
            "",
            "| indicator | rank | method | n | mean | estimate | 95% interval |",
            "|---|---:|---|---:|---:|---:|---|",
        ]
        out += [
            f"| {name(m.indicator_label, m.indicator)} | {m.rank or 'weak'} | {name(m.label, m.method)} | "
            f"{m.n} | {m.mean:+.2f} | {m.estimate:+.2f} | {m.low:+.2f} to {m.high:+.2f} |"
            for m in brief.methods
        ]
    else:
        out += ["No method has been assessed for this question."]
    out += ["", "## Claims in tension", ""]
    out += [
        f"- {name(t.label, t.target)}: {t.challenges} challenging, {t.supports} supporting "
        f"(score {t.score:.2f})"
        + (" — due for review" if t.due_for_review else "")
        + (f"; by chapter {md_escape(t.chapters)}" if t.chapters else "")
        for t in brief.tensions
    ]
    out += [brief.tensions_note] if brief.tensions_note else []
    out += ["", "## Readings to revisit", ""]
    out += [
        f"- {name(r.title, r.reading)}" + (f": {md_escape('; '.join(r.reasons))}" if r.reasons else "")
        for r in brief.readings
    ]
    out += [brief.readings_note] if brief.readings_note else []
    return "\n".join(out).rstrip() + "\n"


def _md_name(brief: Brief, label: str, iri: URIRef | None) -> str:
    """``label`` escaped, linked to its record's page when the brief has links."""
    return _md_link(label, brief.address(iri))


def _md_link(title: str, url: str | None) -> str:
    if url and _safe_url(url):
        return f"[{md_escape(title)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"
    return md_escape(title)


# ------------------------------------------------------------------ HTML
_STYLE = """
body { font: 11pt/1.45 Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.2em; } .meta, .stances { color: #444; font-size: 0.92em; }
blockquote { margin: 0.4em 0 0.4em 1em; padding-left: 0.8em; border-left: 3px solid #bbb; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.4em; text-align: left; } td.n { text-align: right; }
.weak { color: #777; font-style: italic; } .note { color: #555; font-style: italic; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
  a.record::after { content: none; }
  h2 { break-after: avoid; } .finding, tr { break-inside: avoid; }
}
"""


@cache
def _template():
    """``templates/brief.html``, autoescaped, compiled once per process."""
    env = Environment(
        loader=PackageLoader("graph.strategy", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters.update(when=_when, recorded=_recorded, safe_url=_safe_url)
    env.globals.update(name=_html_name)
    return env.get_template("brief.html")


def _html_name(brief: Brief, label: str, iri: URIRef | None) -> Markup:
    """``label`` escaped, as a link to its record's page when the brief has links."""
    address = brief.address(iri)
    if address is None:
        return escape(label)
    return Markup('<a class="record" href="{}">{}</a>').format(address, label)


def _safe_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("https://", "http://"))


def _when(date: dt.date | None) -> str:
    return f" ({date.isoformat()})" if date else ""


def _recorded(finding: BriefFinding, escape: Any = str) -> str:
    who = f" by {escape(finding.author)}" if finding.author else ""
    when = f" on {finding.date.isoformat()}" if finding.date else ""
    return f"Recorded{who}{when}." if who or when else ""
