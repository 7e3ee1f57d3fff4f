"""Import CSL-JSON (Zotero: File > Export Library > CSL JSON) as readings.

CSL-JSON is a list of items, each with a ``type`` and usually a ``title``,
``author`` (``family``/``given`` or ``literal``), ``issued`` (``date-parts``),
``publisher``, ``container-title`` (the journal), ``ISBN``, ``DOI``, ``URL``,
``abstract`` and ``keyword`` (comma-separated). Items are read one at a time with
the JSON decoder's positions, so every warning and error names the item's line.
A file that is not JSON, or JSON that is not a list of CSL items (or nested
too deep to read), a file cut short, or a field over
:data:`graph.store.literals.MAX_VALUE_BYTES` is refused with its line and nothing is
written.
"""

from __future__ import annotations

import json
import re

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.io.reading_input import ReadingType
from graph.io.readings import RawReading, import_readings
from graph.io.report import ImportReport, ImportWarning, Progress, decode, refuse, step
from graph.store import PraxisStore

__all__ = ["import_csljson", "parse_csljson"]

_TYPES = {
    "book": ReadingType.BOOK,
    "article-journal": ReadingType.ACADEMIC_ARTICLE,
    "article": ReadingType.ARTICLE,
    "article-magazine": ReadingType.ARTICLE,
    "article-newspaper": ReadingType.ARTICLE,
    "chapter": ReadingType.CHAPTER,
    "webpage": ReadingType.WEBPAGE,
    "post": ReadingType.WEBPAGE,
    "post-weblog": ReadingType.WEBPAGE,
}

_NOT_CSL = (
    'this is not CSL-JSON: expected a list of items, each with a "type" and a "title" '
    "(in Zotero: File > Export Library > CSL JSON)"
)


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _items(text: str, *, source: str) -> list[tuple[int, object]]:
    """The top-level items with the line each starts on."""
    decoder = json.JSONDecoder()
    position = len(text) - len(text.lstrip())
    try:
        if text[position : position + 1] != "[":
            decoder.raw_decode(text, position)  # not JSON at all: say so, with the line
            raise BadInput(_NOT_CSL, source=source, line=_line(text, position))
        position += 1
        items = []
        while True:
            while position < len(text) and text[position] in " \t\r\n,":
                position += 1
            if position >= len(text):
                raise BadInput(
                    'the file ends before the list of items is closed (no final "]"); it may be cut short',
                    source=source,
                    line=_line(text, position),
                )
            if text[position] == "]":
                return items
            value, end = decoder.raw_decode(text, position)
            items.append((_line(text, position), value))
            position = end
    except json.JSONDecodeError as error:
        raise BadInput(
            f"this is not valid JSON ({error.msg}); the file may be cut short or edited by hand",
            source=source,
            line=error.lineno,
        ) from None
    except RecursionError:  # lists or objects nested thousands deep: no CSL item looks like that
        raise BadInput(
            "this is not CSL-JSON: its lists or objects are nested too deep to read",
            source=source,
            line=_line(text, position),
        ) from None


def _text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def _authors(people: object) -> tuple[tuple[str, ...], str]:
    if not isinstance(people, list):
        return (), ""
    names, family = [], ""
    for person in people:
        if not isinstance(person, dict):
            continue
        if person.get("literal"):
            names.append(_text(person["literal"]))
            family = family or _text(person["literal"])
            continue
        last = " ".join(
            _text(person.get(key)) for key in ("non-dropping-particle", "family") if person.get(key)
        )
        given = " ".join(_text(person.get(key)) for key in ("given", "dropping-particle") if person.get(key))
        suffix = _text(person.get("suffix"))
        name = " ".join(p for p in (given, last) if p) + (f", {suffix}" if suffix else "")
        if name:
            names.append(name)
            family = family or last
    return tuple(names), family


def _issued(value: object) -> str:
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [str(p) for p in parts[0]]
        if len(numbers) >= 3:
            return f"{numbers[0]:0>4}-{numbers[1]:0>2}-{numbers[2]:0>2}"
        return numbers[0]
    return _text(value.get("raw") or value.get("literal"))


def parse_csljson(text: str, *, source: str) -> list[RawReading]:
    """Every item of a CSL-JSON text; refuses JSON that is not CSL."""
    items = _items(text, source=source)
    if not items:
        raise BadInput("the list of items is empty: there is nothing to import", source=source)
    problems, raws = [], []
    for number, (line, item) in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            problems.append(ImportWarning(f'item {number} has no "type": {_NOT_CSL}', line=line))
            continue
        authors, family = _authors(item.get("author") or item.get("editor"))
        keywords = tuple(k.strip() for k in re.split(r"[;,]", _text(item.get("keyword"))) if k.strip())
        kind = _TYPES.get(item["type"], ReadingType.DOCUMENT)
        container = _text(item.get("container-title"))
        raws.append(
            RawReading(
                title=_text(item.get("title")),
                line=line,
                authors=authors,
                family=family,
                issued=_issued(item.get("issued")),
                kind=kind,
                publisher=_text(item.get("publisher")),
                journal=container if kind is not ReadingType.CHAPTER else "",
                isbn=_text(item.get("ISBN")),
                doi=_text(item.get("DOI")),
                url=_text(item.get("URL")),
                abstract=_text(item.get("abstract")),
                keywords=keywords,
            )
        )
    if problems:
        refuse(problems, source=source)
    return raws


def import_csljson(
    store: PraxisStore,
    data: bytes,
    *,
    viewer: Viewer,
    source: str = "library.json",
    visibility: Visibility = Visibility.PUBLIC,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a CSL-JSON file's items as readings, all or nothing."""
    require(viewer, Permission.IMPORT_READINGS)
    step(progress, 0.0, "reading the CSL-JSON file")
    raws = parse_csljson(decode(data, source=source), source=source)
    step(progress, 0.25, f"read {len(raws):,} items")
    return import_readings(
        store, raws, viewer=viewer, source=source, visibility=visibility, progress=progress
    )
