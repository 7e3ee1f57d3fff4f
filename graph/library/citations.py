"""Citing a reading list: a formatted bibliography (APA, Chicago author-date), BibTeX and
CSL-JSON that Zotero imports.

A list (:class:`ReadingList`) is the readings of a concept's reading list, of a campaign
(what its group read for it) or of a session (its agenda, in order), as the viewer sees
them. :func:`csl_items` turns them into CSL-JSON items, the one form every output starts
from:

- :func:`csl_json`: the items as Zotero's *File > Import* reads them. The concepts and
  claims a reading discusses go in ``keyword`` by their labels, with its keywords, so
  importing the file here again (:func:`graph.io.import_csljson`) tags the readings with
  the same concepts;
- :func:`bibtex`: one entry per reading, LaTeX's special characters escaped, titles in
  double braces so their capitals stay;
- :func:`bibliography`: formatted by `citeproc-py <https://pypi.org/project/citeproc-py/>`_
  with the official CSL styles shipped in :mod:`graph.library.styles` (no network). Its
  HTML formatter does not escape the text it is given, so for HTML every value is
  escaped first: a title with ``<script>`` in it stays text.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib.resources import files
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.io.identifiers import label_key
from graph.labels import best_label, local_name
from graph.library.duplicates import editions
from graph.library.names import csl_name
from graph.library.records import ReadingDraft, ReadingKind, drafts
from graph.store import PraxisStore
from graph.views.readings import reading_list

__all__ = [
    "CitationStyle",
    "ReadingList",
    "bibliography",
    "bibtex",
    "csl_items",
    "csl_json",
    "list_for_campaign",
    "list_for_concept",
    "list_for_session",
]


class CitationStyle(Enum):
    """The styles shipped with the library; the value is the CSL file's name."""

    APA = "apa"
    CHICAGO = "chicago-author-date"

    @property
    def label(self) -> str:
        return {"apa": "APA (7th edition)", "chicago-author-date": "Chicago author-date"}[self.value]


@dataclass(frozen=True)
class ReadingList:
    """Readings in order, under a title, with the editions each has (for showing them together)."""

    title: str
    readings: tuple[URIRef, ...]
    editions: dict[URIRef, tuple] | None = None

    @property
    def file_stem(self) -> str:
        """A safe file name for downloads: letters, digits and hyphens."""
        stem = re.sub(r"[^a-z0-9]+", "-", self.title.casefold()).strip("-")[:60]
        return stem or "reading-list"


def _label(store: PraxisStore, viewer: Viewer, node: URIRef) -> str:
    rows = store.select("library_labels", viewer, node=node)
    return best_label([(str(r["label"]), r["lang"]) for r in rows]) or local_name(node)


def _with_editions(store: PraxisStore, viewer: Viewer, title: str, readings: list[URIRef]) -> ReadingList:
    chosen = tuple(dict.fromkeys(readings))
    return ReadingList(title, chosen, editions(store, viewer, chosen))


def list_for_concept(store: PraxisStore, viewer: Viewer, concept: URIRef | str) -> ReadingList:
    """The concept's reading list (most relevant first), as the Reading lists page ranks it."""
    entries = reading_list(store, viewer, concept=URIRef(concept))
    title = f"Readings on {_label(store, viewer, URIRef(concept))}"
    return _with_editions(store, viewer, title, [e.reading for e in entries])


def list_for_campaign(store: PraxisStore, viewer: Viewer, campaign: URIRef | str) -> ReadingList:
    """What a campaign's group read for it (``prx:readFor``), by title."""
    rows = store.select("library_read_for", viewer, campaign=URIRef(campaign))
    found = drafts(store, viewer, [r["reading"] for r in rows])
    ordered = sorted(found, key=lambda r: (found[r].title.casefold(), str(r)))
    return _with_editions(store, viewer, f"Read for {_label(store, viewer, URIRef(campaign))}", ordered)


def list_for_session(store: PraxisStore, viewer: Viewer, session: URIRef | str) -> ReadingList:
    """The readings a session covers, in their agenda order (the rest after, by IRI)."""
    rows = store.select("library_session_readings", viewer, session=URIRef(session))
    place: dict[URIRef, int] = {}
    for row in rows:
        position = int(row["position"]) if row["position"] is not None else 10**6
        place[row["reading"]] = min(place.get(row["reading"], position), position)
    ordered = sorted(place, key=lambda r: (place[r], str(r)))
    return _with_editions(store, viewer, _label(store, viewer, URIRef(session)), ordered)


# ----------------------------------------------------------------- CSL-JSON
def _issued(year: str) -> dict[str, Any] | None:
    if not year:
        return None
    return {"date-parts": [[int(part) for part in year.split("-")]]}


def csl_item(iri: URIRef, draft: ReadingDraft, concept_labels: dict[URIRef, str]) -> dict[str, Any]:
    """One reading as a CSL-JSON item (empty values left out)."""
    names = [found for found in (csl_name(a) for a in draft.authors) if found]
    keywords = [concept_labels[c] for c in draft.discusses if c in concept_labels]
    keywords += [k for k in draft.keywords if k.casefold() != "uncatalogued"]
    container = draft.journal if draft.kind is not ReadingKind.CHAPTER else (draft.journal or "")
    item: dict[str, Any] = {
        "id": str(iri),
        "type": draft.kind.csl,
        "title": draft.title,
        "author": names or None,
        "issued": _issued(draft.year),
        "publisher": draft.publisher or None,
        "container-title": container or None,
        "page": draft.pages or None,
        "ISBN": draft.isbn or None,
        "DOI": draft.doi or None,
        "URL": draft.url or None,
        "abstract": draft.abstract or None,
        "language": draft.language or None,
        "keyword": ", ".join(sorted(dict.fromkeys(k.replace(",", " ") for k in keywords), key=str.casefold))
        or None,
    }
    return {key: value for key, value in item.items() if value is not None}


def csl_items(
    store: PraxisStore, viewer: Viewer, readings: ReadingList | list[URIRef]
) -> list[dict[str, Any]]:
    """The readings (in order) as CSL-JSON items, as the viewer sees them."""
    chosen = list(readings.readings if isinstance(readings, ReadingList) else readings)
    found = drafts(store, viewer, chosen)
    concepts = {c for draft in found.values() for c in draft.discusses}
    labels = {c: _label(store, viewer, c) for c in sorted(concepts)}
    return [csl_item(r, found[r], labels) for r in chosen if r in found]


def csl_json(items: list[dict[str, Any]]) -> str:
    """CSL-JSON text (Zotero: File > Import from file)."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# ----------------------------------------------------------------- BibTeX
_BIBTEX_TYPES = {
    "book": "book",
    "chapter": "incollection",
    "article-journal": "article",
    "article-magazine": "article",
    "pamphlet": "booklet",
    "webpage": "online",
    "post-weblog": "online",
}
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_text(value: str) -> str:
    """``value`` with LaTeX's special characters escaped (letters with accents stay UTF-8).

    >>> latex_text("Profits & 100% {fun}")
    'Profits \\\\& 100\\\\% \\\\{fun\\\\}'
    """
    return "".join(_LATEX.get(c, c) for c in " ".join(value.split()))


def _bibtex_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + latex_text(name["literal"]) + "}"
    family = latex_text(name.get("family", ""))
    given = latex_text(name.get("given", ""))
    suffix = latex_text(name.get("suffix", ""))
    if " " in family:
        family = "{" + family + "}"
    return ", ".join(part for part in (family, suffix, given) if part)


_KEY_STOPWORDS = {"a", "an", "the", "on", "of", "and", "in", "to", "for", "how", "why", "what", "is"}


def _key(item: dict[str, Any], used: set[str]) -> str:
    """A citation key such as ``Freeman1972Tyranny`` (a letter added when it is taken)."""
    names = item.get("author") or [{}]
    first = names[0].get("family") or names[0].get("literal") or "anon"
    year = str(item.get("issued", {}).get("date-parts", [[""]])[0][0]) or "nd"
    words = [w for w in re.findall(r"[A-Za-z0-9]+", item["title"]) if w.casefold() not in _KEY_STOPWORDS]
    base = re.sub(r"[^A-Za-z0-9]", "", first.title())[:20] + year + (words[0].title() if words else "")
    key, n = base or "reading", 1
    while key in used:
        n += 1
        key = f"{base}{chr(ord('a') + n - 2)}" if n <= 27 else f"{base}{n}"
    used.add(key)
    return key


def bibtex(items: list[dict[str, Any]]) -> str:
    """BibTeX text for the items (Zotero, JabRef and LaTeX read it)."""
    used: set[str] = set()
    entries = []
    for item in items:
        kind = _BIBTEX_TYPES.get(item["type"], "misc")
        fields: list[tuple[str, str]] = [("title", "{" + latex_text(item["title"]) + "}")]
        if item.get("author"):
            fields.append(("author", " and ".join(_bibtex_name(n) for n in item["author"])))
        if item.get("issued"):
            fields.append(("year", str(item["issued"]["date-parts"][0][0])))
        container = "booktitle" if kind == "incollection" else "journal"
        for csl, name in (
            ("container-title", container),
            ("publisher", "publisher"),
            ("page", "pages"),
            ("ISBN", "isbn"),
            ("DOI", "doi"),
            ("URL", "url"),
            ("abstract", "abstract"),
            ("language", "language"),
            ("keyword", "keywords"),
        ):
            if item.get(csl):
                value = str(item[csl]) if name in ("url", "doi") else latex_text(str(item[csl]))
                if name in ("url", "doi"):
                    value = value.replace("{", "%7B").replace("}", "%7D")
                fields.append((name, value))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{kind}{{{_key(item, used)},\n{body}\n}}\n")
    return "\n".join(entries)


# ----------------------------------------------------------------- formatted
@lru_cache(maxsize=4)
def _style(style: CitationStyle):
    from citeproc import CitationStylesStyle

    path = files("graph.library.styles") / f"{style.value}.csl"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(path), validate=False)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k == "id" else _escaped(v)) for k, v in value.items()}
    return value


def _author_date(item: dict[str, Any]) -> tuple:
    """Both styles list a bibliography by first author's family name (a work with no author
    by its title's first word that is not an article), then year, then title; citeproc-py
    keeps the order it is given, so the items are put in that order first."""
    names = item.get("author") or [{}]
    untitled = re.sub(r"^(a|an|the)\s+", "", item.get("title", ""), flags=re.IGNORECASE)
    first = names[0].get("family") or names[0].get("literal") or untitled
    year = (item.get("issued") or {}).get("date-parts", [[9999]])[0][0]
    return (label_key(first), year, label_key(item.get("title", "")), item["id"])


def bibliography(
    items: list[dict[str, Any]], style: CitationStyle = CitationStyle.APA, *, as_html: bool = False
) -> list[str]:
    """The items formatted in ``style``, one entry per item, by author and year. Plain
    text, or HTML (titles in italics, every value escaped)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    if not items:
        return []
    items = sorted(items, key=_author_date)
    given = [_escaped(item) for item in items] if as_html else items
    cleaned = [{k: v for k, v in item.items() if k not in ("keyword", "abstract")} for item in given]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            source = CiteProcJSON(cleaned)
            found = CitationStylesBibliography(
                _style(style), source, formatter.html if as_html else formatter.plain
            )
            for item in cleaned:
                found.register(Citation([CitationItem(item["id"].casefold())]))
            return [str(entry) for entry in found.bibliography()]
        except Exception as error:  # citeproc-py raises plain errors on odd values
            raise BadInput(
                f"the citation processor could not format this list: {error}", source="cite"
            ) from None


def bibliography_html(items: list[dict[str, Any]], style: CitationStyle, *, title: str) -> str:
    """A small standalone HTML page with the formatted bibliography (to print or paste)."""
    entries = "\n".join(f"<p class='entry'>{entry}</p>" for entry in bibliography(items, style, as_html=True))
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:Georgia,serif;max-width:40em;margin:2em auto}"
        ".entry{padding-left:2em;text-indent:-2em}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(style.label)}</p>\n{entries}\n</body></html>\n"
    )
