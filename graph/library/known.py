"""Adding a reading by its DOI or ISBN alone, from what we already know: no network.

:func:`find_known` looks a DOI or an ISBN (10 or 13 digits, with or without hyphens,
``doi:`` or ``https://doi.org/``) up in two places, in this order:

1. **the library** (the store, as the viewer sees it): a reading already there is named,
   so that nobody adds it twice;
2. **bibliography files** the person gives (BibTeX or Zotero's CSL-JSON, such as the
   group's Zotero export): the entry's title, authors, year, publisher or journal, kind,
   identifiers, web address, abstract and keywords fill the form.

Nothing is fetched from another host: a DOI or ISBN nobody here knows gives ``None``, and
the form is filled by hand.

>>> identifier_forms("ISBN 0-679-72113-4")
('9780679721130', '0679721134')
>>> identifier_forms("978-0-679-72113-0")
('9780679721130', '0679721134')
>>> identifier_forms("https://doi.org/10.1186/S40359-015-0089-9")
('10.1186/s40359-015-0089-9',)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from rdflib import Literal, URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.io import RawReading, ReadingType, parse_bibtex, parse_csljson
from graph.io.identifiers import check_isbn, isbn13_of, normalise_doi
from graph.io.report import decode
from graph.library.records import ReadingDraft, ReadingKind, get_reading
from graph.store import PraxisStore

__all__ = ["Known", "draft_of", "find_known", "identifier_forms", "read_bibliography"]

_KINDS = {
    ReadingType.BOOK: ReadingKind.BOOK,
    ReadingType.ACADEMIC_ARTICLE: ReadingKind.JOURNAL_ARTICLE,
    ReadingType.ARTICLE: ReadingKind.ARTICLE,
    ReadingType.CHAPTER: ReadingKind.CHAPTER,
    ReadingType.WEBPAGE: ReadingKind.WEBPAGE,
    ReadingType.DOCUMENT: ReadingKind.OTHER,
}


@dataclass(frozen=True)
class Known:
    """What we know about an identifier: a draft to fill the form, where it came from, and
    the reading already in the library with it (if any)."""

    draft: ReadingDraft
    source: str
    existing: URIRef | None = None


def identifier_forms(text: str) -> tuple[str, ...]:
    """The forms a DOI or ISBN is stored in (a DOI lower case; an ISBN as ISBN-13 and, for
    an ISBN-10, as typed too); :class:`~graph.errors.BadInput` if it is neither."""
    doi = normalise_doi(text)
    if doi:
        return (doi,)
    digits = "".join(c for c in text.upper() if c.isdigit() or c == "X")
    found = check_isbn(digits) if len(digits) in (10, 13) else None
    if found is not None and found.isbn13:
        return (found.isbn13, *_isbn10_of(found.isbn13))
    if found is not None and found.isbn10:
        return (isbn13_of(found.isbn10), found.isbn10)
    raise BadInput(
        f"{text.strip()!r} is neither a DOI (10.NNNN/...) nor an ISBN with a right check digit",
        source="identifier",
    )


def _isbn10_of(isbn13: str) -> tuple[str, ...]:
    """The ISBN-10 an ISBN-13 starting 978 was made from (a reading may hold only that)."""
    if not isbn13.startswith("978"):
        return ()
    body = isbn13[3:12]
    check = (11 - sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11) % 11
    return (body + ("X" if check == 10 else str(check)),)


def read_bibliography(name: str, data: bytes) -> list[RawReading]:
    """The entries of a BibTeX (``.bib``) or CSL-JSON (``.json``) file."""
    text = decode(data, source=name)
    if PurePath(name).suffix.lower() == ".bib":
        return parse_bibtex(text, source=name)
    if PurePath(name).suffix.lower() == ".json":
        return parse_csljson(text, source=name)
    raise BadInput("give a BibTeX file (.bib) or Zotero's CSL-JSON (.json)", source=name)


def draft_of(raw: RawReading) -> ReadingDraft:
    """A form's draft from a bibliography entry."""
    return ReadingDraft(
        title=raw.title,
        authors=raw.authors,
        year=raw.issued[:10] if raw.issued else "",
        kind=_KINDS.get(raw.kind, ReadingKind.OTHER),
        publisher=raw.publisher,
        journal=raw.journal,
        isbn=check_isbn(raw.isbn).isbn13 or check_isbn(raw.isbn).isbn10 or "",
        doi=normalise_doi(raw.doi) or "",
        url=raw.url,
        abstract=raw.abstract,
        keywords=raw.keywords,
    )


def _forms_of(raw: RawReading) -> set[str]:
    found = set()
    if normalise_doi(raw.doi):
        found.add(normalise_doi(raw.doi))
    isbn = check_isbn(raw.isbn)
    if isbn.isbn13:
        found.add(isbn.isbn13)
    if isbn.isbn10:
        found |= {isbn.isbn10, isbn13_of(isbn.isbn10)}
    return found


def find_known(
    store: PraxisStore,
    viewer: Viewer,
    identifier: str,
    *,
    files: Iterable[tuple[str, bytes]] = (),
) -> Known | None:
    """What the library, then the given bibliography files, know about ``identifier``."""
    forms = identifier_forms(identifier)
    rows = store.select("library_identifiers", viewer, identifier={Literal(f) for f in forms})
    for reading in sorted({row["reading"] for row in rows}):
        found = get_reading(store, viewer, reading)
        if found is not None:
            return Known(found.draft, "the library", existing=found.iri)
    for name, data in files:
        for raw in read_bibliography(name, data):
            if _forms_of(raw) & set(forms):
                where = f"{name}, line {raw.line}" if raw.line else name
                return Known(draft_of(raw), where)
    return None
