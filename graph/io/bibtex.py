"""Import a BibTeX bibliography as readings (bibtexparser 2, imported when needed).

Each entry becomes a :class:`~graph.io.readings.RawReading` (authors in order
as "Given Family", year, title, publisher or journal, ISBN, DOI, URL, abstract,
keywords) and :func:`graph.io.readings.import_readings` does the rest: checks,
concept matching, duplicates, one write. A block that cannot be read (a file cut
short, an entry with a field twice) refuses the whole file, naming its line.

Before bibtexparser sees the text, :func:`prescan` walks it once (linear, and it
stops at the first problem) and refuses, with the file and line:

- an entry that is never closed (a file cut mid-entry);
- ``@book`` (any ``@type`` at the start of a line) not followed by ``{`` or ``(``:
  a file cut right after it, which bibtexparser would skip without a word;
- a field over :data:`graph.store.literals.MAX_VALUE_BYTES`, which no write accepts.

Turning LaTeX into text is pylatexenc's, and it is quadratic in the length of a
run of plain text (it grows a string one token at a time): a 1 MB abstract took
18 s, 50 MB over ten minutes. A field longer than :data:`CHUNK` characters is
therefore decoded in pieces of about that size, cut only at a space outside any
braces, math or comment and not before an argument, so the whole stays linear
(measured: 1 MB in about 2 s, and a 50 MB field is refused by the pre-scan in
milliseconds).

Entry types: ``@book``, ``@booklet``, ``@manual`` are books; ``@article`` an
academic article (a plain article without a journal); ``@incollection`` and
``@inbook`` chapters; ``@online``/``@www``/``@webpage`` (and ``@misc`` with only
a URL) web pages; anything else a document.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.io.reading_input import ReadingType
from graph.io.readings import RawReading, import_readings
from graph.io.report import ImportReport, ImportWarning, Progress, decode, refuse, step
from graph.store import MAX_VALUE_BYTES, PraxisStore, check_text

__all__ = ["CHUNK", "import_bibtex", "parse_bibtex", "prescan"]

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


#: Longest text decoded from LaTeX in one piece (see the module notes).
CHUNK = 1024

_ENTRY_MARKS = re.compile(r'(?<!\\)[{}"=,)]')
_BLOCK_START = re.compile(r"@(\w*)[ \t]*")
_LINE_START = re.compile(r"[ \t]*$")
#: What pylatexenc turns into something else (macros, groups, math, comments,
#: ties, alignment, ligatures such as -- and ''); text without any is left as it is.
_LATEX = re.compile(r"[\\{}$%~&]|--|''|``|!`|\?`")


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def prescan(text: str, *, source: str) -> None:
    r"""Refuse a cut file or an oversized field, with its line, before parsing (see above).

    >>> prescan("@book{a, title={Fine}}\n", source="x.bib")
    >>> prescan("@book{a, title={Fine}}\n@book\n", source="x.bib")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.BadInput: x.bib, line 2: @book is not followed by { or (: the entry is cut short or ...
    >>> prescan("@book{a, title={Cut", source="x.bib")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.BadInput: x.bib, line 1: this entry is not finished: @book{a has no closing }; the file ...
    """
    position = 0
    while True:
        found = _BLOCK_START.search(text, position)
        if found is None:
            return
        kind, after = found.group(1), found.end()
        opener = text[after : after + 1]
        if opener not in ("{", "("):
            line_start = text.rfind("\n", 0, found.start()) + 1
            # "@comment some text" is a comment by its name; any other word is an entry cut or mistyped
            if kind and kind.lower() != "comment" and _LINE_START.match(text, line_start, found.start()):
                raise BadInput(
                    f"@{kind} is not followed by {{ or (: the entry is cut short or mistyped; "
                    "nothing was imported",
                    source=source,
                    line=_line(text, found.start()),
                )
            position = after
            continue
        position = _entry_end(text, found.start(), after, kind.lower(), source)


def _entry_end(text: str, start: int, opener: int, kind: str, source: str) -> int:
    """Where the entry opened at ``opener`` ends; refuses an unclosed entry or a field
    over the limit. Depth 1 is the entry's own level, where fields are separated."""
    closing = "}" if text[opener] == "{" else ")"
    depth, quoted, field_start = 1, False, None
    quotes = kind != "comment"  # bibtexparser reads @comment by its braces alone

    def check_field(end: int) -> None:
        if field_start is not None and end - field_start > MAX_VALUE_BYTES:
            name = text[text.rfind(",", start, field_start) + 1 : field_start - 1].strip() or "a field"
            check_text(
                text[field_start:end],
                field=name[:60],
                source=source,
                line=_line(text, field_start),
            )

    for mark in _ENTRY_MARKS.finditer(text, opener + 1):
        char, at = mark.group(), mark.start()
        check_field(at)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and closing == "}":
                return at + 1
        elif char == ")":
            if depth == 1 and closing == ")" and not quoted:
                return at + 1
        elif depth != 1:
            continue
        elif char == '"' and quotes:
            quoted = not quoted
        elif char == "=" and not quoted:
            field_start = at + 1
        elif char == "," and not quoted:
            field_start = None
    check_field(len(text))
    head = text[start : text.find("\n", start) if "\n" in text[start : start + 200] else start + 60]
    head = head.split(",")[0].strip()
    raise BadInput(
        f"this entry is not finished: {head} has no closing {closing}; the file may be cut short; "
        "nothing was imported",
        source=source,
        line=_line(text, start),
    )


def _pieces(text: str, size: int = CHUNK) -> list[str]:
    """``text`` cut into pieces of about ``size`` characters where LaTeX allows it:
    at a space outside braces, math and comments, not after a macro and not before
    ``{`` or ``[`` (which may be a macro's argument)."""
    pieces, start, depth, math, previous = [], 0, 0, False, ""
    for token in re.finditer(r"\\[A-Za-z]+|\\.|[{}$]|%[^\n]*|\s+", text):
        value = token.group()
        if value == "{":
            depth += 1
        elif value == "}":
            depth = max(0, depth - 1)
        elif value == "$":
            math = not math
        elif (
            value[0].isspace()
            and depth == 0
            and not math
            and token.start() - start >= size
            and not previous.startswith("\\")
            and text[token.end() : token.end() + 1] not in ("{", "[")
        ):
            pieces.append(text[start : token.end()])
            start = token.end()
        previous = value
    pieces.append(text[start:])
    return pieces


def _decoder():
    """bibtexparser's LaTeX decoding, in pieces for a long field (see the module notes)."""
    from bibtexparser import middlewares

    class PiecewiseLatexDecoding(middlewares.LatexDecodingMiddleware):
        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            if len(python_string) <= CHUNK:
                return super()._transform_python_value_string(python_string)
            decode = super()._transform_python_value_string
            # a piece with nothing LaTeX would change is kept as it is: most of an abstract
            done = [decode(p) if _LATEX.search(p) else (p, "") for p in _pieces(python_string)]
            return " ".join(text.strip() for text, _ in done), "; ".join(e for _, e in done if e)

    return PiecewiseLatexDecoding()


def parse_bibtex(text: str, *, source: str) -> list[RawReading]:
    """Every entry of a BibTeX text; refuses the file if a block cannot be read."""
    import bibtexparser
    from bibtexparser import middlewares
    from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

    # one context for every name: built per call otherwise, it was most of the time of a large file
    converter = LatexNodes2Text(latex_context=get_default_latex_context_db())

    def latex(value: str) -> str:
        return " ".join(converter.latex_to_text(value).split())

    prescan(text, source=source)
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            _decoder(),
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
    require(viewer, Permission.IMPORT_READINGS)
    step(progress, 0.0, "reading the BibTeX file")
    raws = parse_bibtex(decode(data, source=source), source=source)
    step(progress, 0.25, f"read {len(raws):,} entries")
    return import_readings(
        store, raws, viewer=viewer, source=source, visibility=visibility, progress=progress
    )
