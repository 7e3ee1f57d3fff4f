"""The published site's HTML: a page per record, and the index that lists them by kind.

Every text from the data (names, values, languages, IRIs) goes through
:func:`graph.text.html_escape` where it is put into the page, and no value ever becomes
a link: only paths made by :mod:`graph.publish.paths` do, so a ``javascript:`` URL stored
as a reading's link is shown as text. Each page also forbids scripts outright (a
``Content-Security-Policy`` that allows inline style only): a page is plain HTML that
any host can serve, and a mistake in escaping still could not run anything.

>>> "<script>" in record_html(Page("https://w3id.org/praxis/id/x", "id/x.html", "Reading",
...     "<script>alert(1)</script>", (), ()), site_title="T")
False
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.publish.describe import Entry, Page
from graph.publish.paths import href
from graph.text import html_escape as esc

__all__ = ["index_html", "record_html"]

#: Nothing runs on a page: no scripts, no requests; only the inline style below.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "dt{font-weight:600;margin-top:.6rem}dd{margin-left:1rem;white-space:pre-wrap}"
    ".kind{color:#555;font-size:.9rem}code{word-break:break-all}h3{font-size:1rem;margin-bottom:.2rem}"
)


def _document(title: str, body: str, *, head: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _name(entry: Entry, here: str) -> str:
    text = esc(entry.label)
    if entry.path is not None:
        text = f'<a href="{esc(href(here, entry.path))}">{text}</a>'
    return f'{text} <span class="kind">{esc(entry.kind.lower())}</span>'


def _lang(language: str) -> str:
    return f' lang="{esc(language)}"' if language else ""


def record_html(page: Page, *, site_title: str) -> str:
    """``page`` as an HTML document at ``page.path``, its Turtle linked beside it."""
    turtle = href(page.path, page.path.removesuffix(".html") + ".ttl")
    parts = [
        f'<nav><a href="{esc(href(page.path, "index.html"))}">{esc(site_title)}</a></nav>\n<main>\n',
        f'<p class="kind">{esc(page.kind)}</p>\n<h1>{esc(page.label)}</h1>\n',
        f'<p><code>{esc(page.iri)}</code> · <a href="{esc(turtle)}">Turtle</a></p>\n',
    ]
    if page.withdrawn:
        parts.append(f"<p><strong>Withdrawn on {esc(page.withdrawn)}.</strong></p>\n")
    if page.facts:
        parts.append("<dl>\n")
        parts += [f"<dt>{esc(f.name)}</dt><dd{_lang(f.language)}>{esc(f.value)}</dd>\n" for f in page.facts]
        parts.append("</dl>\n")
    if page.groups:
        parts.append("<h2>Links</h2>\n")
        for relation, entries in page.groups:
            items = "".join(f"<li>{_name(entry, page.path)}</li>\n" for entry in entries)
            parts.append(f"<h3>{esc(relation.capitalize())}</h3>\n<ul>\n{items}</ul>\n")
    if page.history:
        parts.append("<h2>History</h2>\n<ul>\n")
        for step in page.history:
            note = f" ({esc(step.note)})" if step.note else ""
            parts.append(f"<li>{esc(step.when)} {esc(step.title)}: {esc(step.text)}{note}</li>\n")
        parts.append("</ul>\n")
    parts.append("</main>\n")
    head = f'<link rel="alternate" type="text/turtle" href="{esc(turtle)}">\n'
    return _document(f"{page.label} · {site_title}", "".join(parts), head=head)


def index_html(
    entries: Iterable[Entry], *, site_title: str, dumps: Iterable[tuple[str, str]], statements: int
) -> str:
    """The site's front page: what it is, its description and dumps, every page (``entries``) by kind."""
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_kind[entry.kind].append(entry)
    files = "".join(f'<li><a href="{esc(path)}">{esc(path)}</a> ({esc(what)})</li>\n' for path, what in dumps)
    parts = [
        f"<main>\n<h1>{esc(site_title)}</h1>\n",
        f"<p>The public graph of this chapter: {statements:,} statements, as Linked Data.</p>\n",
        '<ul>\n<li><a href="void.ttl">void.ttl</a> (what this site holds: VoID and DCAT)</li>\n',
        files,
        "</ul>\n",
    ]
    for kind in sorted(by_kind):
        found = sorted(by_kind[kind], key=lambda e: (e.label.casefold(), e.path or ""))
        parts.append(f"<h2>{esc(kind)} ({len(found):,})</h2>\n<ul>\n")
        parts += [f'<li><a href="{esc(e.path)}">{esc(e.label)}</a></li>\n' for e in found]
        parts.append("</ul>\n")
    parts.append("</main>\n")
    return _document(site_title, "".join(parts))
