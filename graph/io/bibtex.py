"""Import a BibTeX bibliography as readings (bibtexparser 2, imported when needed).

Each entry becomes a :class:`~graph.io.readings.RawReading` (authors in order
as "Given Family", year, title, publisher or journal, ISBN, DOI, URL, abstract,
keywords) and :func:`graph.io.readings.import_readings` does the rest: checks,
concept matching, duplicates, one write. A block that cannot be read (a file cut
short, an entry with a field twice) refuses the whole file, naming its line.

Entry types: ``@book``, ``@booklet``, ``@manual`` are books; ``@article`` an
academic article (a plain article without a journal); ``@incollection`` and
``@inbook`` chapters; ``@online``/``@www``/``@webpage`` (and ``@misc`` with only
a URL) web pages; anything else a document.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from graph.access import Viewer, Visibility
from graph.errors import BadInput
from graph.inputs import ReadingType
from graph.io.readings import RawReading, import_readings
from graph.io.report import ImportReport, ImportWarning, Progress, decode, refuse, step
from graph.store import PraxisStore

__all__ = ["import_bibtex", "parse_bibtex"]

_TYPES = {
    "book": ReadingType.BOOK,
    "booklet": ReadingType.BOOK,
    "manual": ReadingType.BOOK,
    "incollection": ReadingType.CHAPTER,
    "inbook": ReadingType.CHAPTER,
    "online": ReadingType.WEBPAGE,
    "www": ReadingType.WEBPAGE,
    "webpage": ReadingType.WEBPAGE,
}


def _failed(block) -> str:
    name = type(block).__name__
    if name == "DuplicateFieldKeyBlock":
        found = re.search(r"'([^']+)'", str(block.error))
        field = found.group(1) if found else "a field"
        return f"the entry gives {field} twice; keep one"
    if name == "DuplicateBlockKeyBlock":
        return "another entry already uses this key; give each entry its own key"
    if name == "MiddlewareErrorBlock":
        return f"the entry cannot be read ({block.error}); check its author and title fields"
    return "this entry is not finished (a brace or a quote is missing); the file may be cut short"


def _field(fields: dict, *names: str) -> str:
    """The first of ``names`` that the entry fills, as plain text."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            return " ".join(value.replace("{", "").replace("}", "").split())
    return ""


def _names(value, latex) -> tuple[tuple[str, ...], str]:
    """Authors as "Given Family" in order, and the first author's family name."""
    if not isinstance(value, list):
        return (), ""
    authors, family = [], ""
    for name in value:
        last = " ".join(latex(p) for p in [*name.von, *name.last]).strip()
        if last.casefold() == "others" and not name.first:
            authors.append("et al.")
            continue
        given = " ".join(latex(p) for p in name.first).strip()
        junior = " ".join(latex(p) for p in name.jr).strip()
        authors.append(" ".join(p for p in (given, last) if p) + (f", {junior}" if junior else ""))
        family = family or last
    return tuple(a for a in authors if a), family


def _kind(entry_type: str, fields: dict) -> ReadingType:
    if entry_type == "article":
        return (
            ReadingType.ACADEMIC_ARTICLE
            if fields.get("journal") or fields.get("journaltitle")
            else ReadingType.ARTICLE
        )
    if entry_type == "misc" and fields.get("url") and not fields.get("publisher"):
        return ReadingType.WEBPAGE
    return _TYPES.get(entry_type, ReadingType.DOCUMENT)


def parse_bibtex(text: str, *, source: str) -> list[RawReading]:
    """Every entry of a BibTeX text; refuses the file if a block cannot be read."""
    import bibtexparser
    from bibtexparser import middlewares
    from pylatexenc.latex2text import LatexNodes2Text

    converter = LatexNodes2Text()

    def latex(value: str) -> str:
        return " ".join(converter.latex_to_text(value).split())

    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.LatexDecodingMiddleware(),
        ],
    )
    problems = [ImportWarning(_failed(block), line=block.start_line + 1) for block in library.failed_blocks]
    if problems:
        refuse(sorted(problems, key=lambda p: p.line or 0), source=source)
    if not library.entries:
        raise BadInput("no BibTeX entries found (an entry starts with @book{, @article{, ...)", source=source)
    raws = []
    for entry in library.entries:
        fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}
        text_of = partial(_field, fields)
        authors, family = _names(fields.get("author") or fields.get("editor"), latex)
        keywords = tuple(k.strip() for k in re.split(r"[;,]", text_of("keywords")) if k.strip())
        year = text_of("year") or text_of("date")
        raws.append(
            RawReading(
                title=text_of("title"),
                line=entry.start_line + 1,
                authors=authors,
                family=family,
                issued=year,
                kind=_kind(entry.entry_type.lower(), fields),
                publisher=text_of("publisher", "institution", "organization"),
                journal=text_of("journal", "journaltitle"),
                isbn=text_of("isbn"),
                doi=text_of("doi"),
                url=text_of("url"),
                abstract=text_of("abstract"),
                keywords=keywords,
            )
        )
    return raws


def import_bibtex(
    store: PraxisStore,
    data: bytes,
    *,
    viewer: Viewer,
    source: str = "bibliography.bib",
    visibility: Visibility = Visibility.PUBLIC,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a BibTeX file's entries as readings, all or nothing."""
    step(progress, 0.0, "reading the BibTeX file")
    raws = parse_bibtex(decode(data, source=source), source=source)
    step(progress, 0.25, f"read {len(raws):,} entries")
    return import_readings(
        store, raws, viewer=viewer, source=source, visibility=visibility, progress=progress
    )
