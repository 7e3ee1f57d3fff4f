"""Writing a :class:`~graph.briefs.Brief`: Markdown, and printable HTML.

Every text that came from people (titles, lessons, evidence, nicknames, labels)
is escaped: with :func:`html.escape` in HTML, and by backslashing Markdown's
special characters (and ``<``/``>``) in Markdown, so a label such as
``<script>`` or ``[x](javascript:...)`` stays text. Links are written only for
``http(s)`` addresses. The HTML is one self-contained page with no scripts and a
print stylesheet (A4 margins, links printed after their text, no page break
inside a finding or a table row).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from graph.briefs import Brief, Finding, md_escape
from graph.scores import WEAK_BELOW

__all__ = ["html_brief", "markdown_brief"]

_RANKING_NOTE = (
    "Ranked by the lower end of a 95% interval around a mean pulled toward the indicator's overall "
    f"mean; methods seen fewer than {WEAK_BELOW} times are weak evidence and not ranked."
)


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
    out += ["## Findings", ""]
    if not brief.findings:
        out += ["No lesson matches this question.", ""]
    for finding in brief.findings:
        stances = "; ".join(f"{stance} {md_escape(target)}" for stance, target in finding.stances)
        out += [f"### {md_escape(finding.title)}", "", f"*{stances}*", ""]
        out += [md_escape(finding.text), ""]
        if finding.evidence:
            out += [f"> **Evidence:** {md_escape(finding.evidence)}", ""]
        out += [
            f"From: {md_escape(finding.action)}{_when(finding.action_date)}. {_recorded(finding, md_escape)}",
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
            f"| {md_escape(s.label)} | {s.n} | {s.mean:+.2f} | "
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
            f"| {md_escape(m.indicator_label)} | {m.rank or 'weak'} | {md_escape(m.label)} | {m.n} | "
            f"{m.mean:+.2f} | {m.estimate:+.2f} | {m.low:+.2f} to {m.high:+.2f} |"
            for m in brief.methods
        ]
    else:
        out += ["No method has been assessed for this question."]
    out += ["", "## Claims in tension", ""]
    out += [
        f"- {md_escape(t.label)}: {t.challenges} challenging, {t.supports} supporting (score {t.score:.2f})"
        + (" — due for review" if t.due_for_review else "")
        for t in brief.tensions
    ]
    out += [brief.tensions_note] if brief.tensions_note else []
    out += ["", "## Readings to revisit", ""]
    out += [
        f"- {md_escape(r.title)}" + (f": {md_escape('; '.join(r.reasons))}" if r.reasons else "")
        for r in brief.readings
    ]
    out += [brief.readings_note] if brief.readings_note else []
    return "\n".join(out).rstrip() + "\n"


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
  h2 { break-after: avoid; } .finding, tr { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def html_brief(brief: Brief) -> str:
    """The brief as one printable HTML page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(brief.title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_e(brief.title)}</h1>",
        f'<p class="meta">Brief for a strategy session, {brief.created.isoformat()}.</p>',
        "<h2>The question</h2><ul>",
    ]
    parts += [f"<li><strong>{_e(name)}</strong>: {_e(value)}</li>" for name, value in brief.question]
    parts += ["<li>every recorded action</li>"] if not brief.question else []
    parts += ["</ul>", "<h2>Summary</h2>", f"<p>{_e(brief.summary)}</p>", "<h2>Findings</h2>"]
    if not brief.findings:
        parts.append("<p>No lesson matches this question.</p>")
    for f in brief.findings:
        stances = "; ".join(f"{_e(stance)} {_e(target)}" for stance, target in f.stances)
        parts += ['<div class="finding">', f"<h3>{_e(f.title)}</h3>", f'<p class="stances">{stances}</p>']
        parts.append(f"<p>{_e(f.text)}</p>")
        if f.evidence:
            parts.append(f"<blockquote><strong>Evidence:</strong> {_e(f.evidence)}</blockquote>")
        parts.append(
            f'<p class="meta">From: {_e(f.action)}{_e(_when(f.action_date))}. {_recorded(f, _e)}</p>'
        )
        if f.readings:
            links = "; ".join(_html_link(title, url) for title, url in f.readings)
            parts.append(f'<p class="meta">Readings: {links}</p>')
        parts.append("</div>")
    if brief.more_findings:
        parts.append(f'<p class="note">... and {brief.more_findings} more lessons (see the explorer).</p>')
    parts.append("<h2>Indicators</h2>")
    if brief.indicators:
        parts.append(
            "<table><tr><th>indicator</th><th>n</th><th>mean</th><th>-2</th><th>-1</th><th>0</th>"
            "<th>+1</th><th>+2</th></tr>"
        )
        for s in brief.indicators:
            cells = "".join(f'<td class="n">{c}</td>' for c in s.distribution)
            numbers = f'<td class="n">{s.n}</td><td class="n">{s.mean:+.2f}</td>{cells}'
            parts.append(f"<tr><td>{_e(s.label)}</td>{numbers}</tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No assessment matches this question.</p>")
    parts.append("<h2>Methods by indicator</h2>")
    if brief.methods:
        parts.append(
            f'<p class="note">{_RANKING_NOTE}</p>'
            "<table><tr><th>indicator</th><th>rank</th><th>method</th><th>n</th><th>mean</th>"
            "<th>estimate</th><th>95% interval</th></tr>"
        )
        for m in brief.methods:
            css = ' class="weak"' if m.weak else ""
            parts.append(
                f"<tr{css}><td>{_e(m.indicator_label)}</td><td>{m.rank if m.rank else 'weak'}</td>"
                f'<td>{_e(m.label)}</td><td class="n">{m.n}</td><td class="n">{m.mean:+.2f}</td>'
                f'<td class="n">{m.estimate:+.2f}</td><td>{m.low:+.2f} to {m.high:+.2f}</td></tr>'
            )
        parts.append("</table>")
    else:
        parts.append("<p>No method has been assessed for this question.</p>")
    parts.append("<h2>Claims in tension</h2><ul>")
    for t in brief.tensions:
        review = " — <strong>due for review</strong>" if t.due_for_review else ""
        parts.append(
            f"<li>{_e(t.label)}: {t.challenges} challenging, {t.supports} supporting "
            f"(score {t.score:.2f}){review}</li>"
        )
    parts.append("</ul>")
    if brief.tensions_note:
        parts.append(f'<p class="note">{_e(brief.tensions_note)}</p>')
    parts.append("<h2>Readings to revisit</h2><ul>")
    for r in brief.readings:
        reasons = f": {_e('; '.join(r.reasons))}" if r.reasons else ""
        parts.append(f"<li>{_e(r.title)}{reasons}</li>")
    parts.append("</ul>")
    if brief.readings_note:
        parts.append(f'<p class="note">{_e(brief.readings_note)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_link(title: str, url: str | None) -> str:
    if url and _safe_url(url):
        return f'<a href="{_e(url)}">{_e(title)}</a>'
    return _e(title)


def _safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def _when(date: dt.date | None) -> str:
    return f" ({date.isoformat()})" if date else ""


def _recorded(finding: Finding, escape: Any) -> str:
    who = f" by {escape(finding.author)}" if finding.author else ""
    when = f" on {finding.date.isoformat()}" if finding.date else ""
    return f"Recorded{who}{when}." if who or when else ""
