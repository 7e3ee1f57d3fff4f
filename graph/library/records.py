"""A reading as the library edits it: what a person fills in, what is stored, earlier versions.

:class:`ReadingDraft` is a form's content (title, authors in order, year, kind, publisher or
journal, pages, ISBN, DOI, web address, abstract, language, the concepts and claims it
discusses, keywords); :meth:`ReadingDraft.problems` says in plain words what stops it being
saved, and :meth:`ReadingDraft.statements` is what it becomes. :class:`LibraryReading` is a
reading read back (:func:`get_reading`) with the named graph of each statement, so an edit
removes exactly what it replaces and nothing it does not manage (a campaign's
``prx:readFor`` kept at the campaign's level, a session that covers it, ...).

**Earlier versions** follow the lessons' pattern: before a change, the reading's values are
kept as a ``prov:Entity`` (:meth:`LibraryReading.snapshot`) that the reading points at with
``prov:wasRevisionOf``, closed with ``prov:invalidatedAtTime``. The values are one JSON
text (``rdf:value``), so no query over titles, authors or concepts finds an old version as
a reading; :func:`versions` reads them back, newest first.

>>> for problem in ReadingDraft(title="", year="1971a", isbn="0-679-72113-5").problems():
...     print(problem)
Give the reading a title.
Give the year as four digits (1971) or a date (1971-05-01).
the ISBN 0-679-72113-5 has a wrong check digit; fix it or leave it out
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Viewer, Visibility
from graph.io.identifiers import check_isbn, normalise_doi
from graph.labels import local_name
from graph.library.names import authors_of, authors_text
from graph.namespaces import BIBO, DCTERMS, PROV, PRX, RDF, RDFS, SDO, XSD
from graph.practice.records import new_iri, now_literal
from graph.store import PraxisStore, Statement

__all__ = [
    "MANAGED",
    "UNCATALOGUED",
    "LibraryReading",
    "ReadingDraft",
    "ReadingKind",
    "Version",
    "drafts",
    "get_reading",
    "resolve",
    "versions",
]

#: The keyword a reading carries while no concept tags it (the importers' word too).
UNCATALOGUED = "uncatalogued"


class ReadingKind(Enum):
    """What kind of text a reading is; the value is what forms and the command say."""

    BOOK = "book"
    CHAPTER = "chapter"
    JOURNAL_ARTICLE = "journal article"
    ARTICLE = "article"
    PAMPHLET = "pamphlet"
    WEBPAGE = "web page"
    BLOG_POST = "blog post"
    OTHER = "other"

    @property
    def classes(self) -> tuple[URIRef, ...]:
        """The classes a reading of this kind gets besides ``prx:Reading``."""
        return {
            "book": (BIBO.Book,),
            "chapter": (BIBO.Chapter,),
            "journal article": (BIBO.AcademicArticle,),
            "article": (BIBO.Article,),
            "pamphlet": (PRX.Pamphlet, BIBO.Document),
            "web page": (BIBO.Webpage,),
            "blog post": (BIBO.Webpage, SDO.BlogPosting),
            "other": (BIBO.Document,),
        }[self.value]

    @property
    def csl(self) -> str:
        """The CSL type (for citations and CSL-JSON)."""
        return {
            "book": "book",
            "chapter": "chapter",
            "journal article": "article-journal",
            "article": "article-magazine",
            "pamphlet": "pamphlet",
            "web page": "webpage",
            "blog post": "post-weblog",
            "other": "document",
        }[self.value]

    @classmethod
    def of(cls, types: Iterable[Any]) -> ReadingKind:
        """The kind a reading's ``rdf:type`` values say (the most precise wins)."""
        found = {str(t) for t in types}
        for kind, marks in (
            (cls.BLOG_POST, (SDO.BlogPosting, PRX.BlogPost)),
            (cls.PAMPHLET, (PRX.Pamphlet,)),
            (cls.CHAPTER, (BIBO.Chapter, BIBO.BookSection)),
            (cls.JOURNAL_ARTICLE, (BIBO.AcademicArticle,)),
            (cls.ARTICLE, (BIBO.Article,)),
            (cls.BOOK, (BIBO.Book,)),
            (cls.WEBPAGE, (BIBO.Webpage,)),
        ):
            if found & {str(m) for m in marks}:
                return kind
        return cls.OTHER

    @classmethod
    def from_csl(cls, csl_type: str) -> ReadingKind:
        for kind in cls:
            if kind.csl == csl_type:
                return kind
        return {
            "article-journal": cls.JOURNAL_ARTICLE,
            "article-newspaper": cls.ARTICLE,
            "article": cls.ARTICLE,
            "post": cls.BLOG_POST,
        }.get(csl_type, cls.OTHER)


#: The ``rdf:type`` values an edit may change (``prx:Reading`` and ``prx:BlogPost`` stay).
KIND_CLASSES = frozenset(c for kind in ReadingKind for c in kind.classes) | {BIBO.BookSection}

#: Every property a reading edit manages: removed as they were, written as they are now.
MANAGED = frozenset(
    {
        DCTERMS.title,
        PRX.authors,
        DCTERMS.issued,
        DCTERMS.publisher,
        PRX.journal,
        BIBO.pages,
        BIBO.isbn13,
        BIBO.isbn10,
        BIBO.doi,
        SDO.url,
        DCTERMS.abstract,
        DCTERMS.language,
        PRX.discusses,
        DCTERMS.subject,
        PROV.wasRevisionOf,
    }
)

_YEAR = re.compile(r"\d{4}(-\d{2}-\d{2})?")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class ReadingDraft:
    """What a person fills in to add or edit a reading."""

    title: str
    authors: tuple[str, ...] = ()
    year: str = ""
    kind: ReadingKind = ReadingKind.BOOK
    publisher: str = ""
    journal: str = ""
    pages: str = ""
    isbn: str = ""
    doi: str = ""
    url: str = ""
    abstract: str = ""
    language: str = ""
    discusses: tuple[URIRef, ...] = ()
    keywords: tuple[str, ...] = ()
    visibility: Visibility = Visibility.PUBLIC

    def problems(self) -> list[str]:
        """What stops this draft being saved, in plain words (empty when it can be)."""
        found = []
        if not self.title.strip():
            found.append("Give the reading a title.")
        year = self.year.strip()
        if year and not _valid_year(year):
            found.append("Give the year as four digits (1971) or a date (1971-05-01).")
        found += [
            problem.replace("; it was left out", "; fix it or leave it out")
            for problem in check_isbn(self.isbn).problems
        ]
        if self.doi.strip() and normalise_doi(self.doi) is None:
            found.append(f"{self.doi.strip()!r} is not a DOI: a DOI starts with 10. (10.1186/...).")
        if self.url.strip() and not _URL.fullmatch(self.url.strip()):
            found.append("The web address must start with http:// or https:// and have no spaces.")
        if self.language.strip() and not _LANGUAGE.fullmatch(self.language.strip()):
            found.append("Give the language as a code such as en, fr, es or pt-BR.")
        if len(self.pages.strip()) > 40:
            found.append("Give the pages as a range such as 45-67 (at most 40 characters).")
        return found

    def cleaned(self) -> ReadingDraft:
        """The same draft with spaces tidied, identifiers in their standard form."""
        doi = normalise_doi(self.doi) or ""
        return replace(
            self,
            title=" ".join(self.title.split()),
            authors=authors_of(authors_text(self.authors)),
            year=self.year.strip(),
            publisher=" ".join(self.publisher.split()),
            journal=" ".join(self.journal.split()),
            pages=" ".join(self.pages.split()),
            isbn=" ".join(self.isbn.split()),
            doi=doi,
            url=self.url.strip(),
            abstract=self.abstract.strip(),
            language=self.language.strip(),
            discusses=tuple(dict.fromkeys(self.discusses)),
            keywords=tuple(dict.fromkeys(k.strip() for k in self.keywords if k.strip())),
        )

    def statements(self, iri: URIRef, *, level: Visibility) -> list[Statement]:
        """The reading's statements (its kind, values, concepts and keywords) at ``level``.

        A reading that discusses nothing and has no keyword gets :data:`UNCATALOGUED`, so
        the cataloguing queue lists it (the shapes accept keywords in place of concepts)."""
        draft = self.cleaned()
        isbn = check_isbn(draft.isbn)
        keywords = draft.keywords or (() if draft.discusses else (UNCATALOGUED,))
        pairs: list[tuple[URIRef, Any]] = [(RDF.type, PRX.Reading)]
        pairs += [(RDF.type, cls) for cls in draft.kind.classes]
        pairs += [
            (DCTERMS.title, Literal(draft.title)),
            (PRX.authors, Literal(authors_text(draft.authors)) if draft.authors else None),
            (DCTERMS.issued, _year_literal(draft.year)),
            (DCTERMS.publisher, Literal(draft.publisher) if draft.publisher else None),
            (PRX.journal, Literal(draft.journal) if draft.journal else None),
            (BIBO.pages, Literal(draft.pages) if draft.pages else None),
            (BIBO.isbn13, Literal(isbn.isbn13) if isbn.isbn13 else None),
            (BIBO.isbn10, Literal(isbn.isbn10) if isbn.isbn10 else None),
            (BIBO.doi, Literal(draft.doi) if draft.doi else None),
            (SDO.url, URIRef(draft.url) if draft.url else None),
            (DCTERMS.abstract, Literal(draft.abstract) if draft.abstract else None),
            (DCTERMS.language, Literal(draft.language, datatype=XSD.language) if draft.language else None),
            (PRX.visibility, level.concept),
        ]
        pairs += [(PRX.discusses, concept) for concept in draft.discusses]
        pairs += [(DCTERMS.subject, Literal(keyword)) for keyword in keywords]
        return [Statement(iri, p, o, level) for p, o in pairs if o is not None]


def _valid_year(text: str) -> bool:
    if not _YEAR.fullmatch(text):
        return False
    try:
        if len(text) > 4:
            dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _year_literal(year: str) -> Literal | None:
    if not year:
        return None
    return Literal(year, datatype=XSD.gYear if len(year) == 4 else XSD.date)


@dataclass(frozen=True)
class Held:
    """One statement as stored: its property, exact value and the level of its graph."""

    predicate: URIRef
    value: Any
    level: Visibility

    def statement(self, subject: URIRef) -> Statement:
        return Statement(subject, self.predicate, self.value, self.level)


@dataclass(frozen=True)
class LibraryReading:
    """A reading as the viewer sees it, with every statement about it as stored."""

    iri: URIRef
    draft: ReadingDraft
    held: tuple[Held, ...]
    added_by: URIRef | None = None
    work: URIRef | None = None
    revision_of: URIRef | None = None
    is_post: bool = False

    @property
    def title(self) -> str:
        return self.draft.title or local_name(self.iri)

    @property
    def visibility(self) -> Visibility:
        return self.draft.visibility

    def managed(self) -> list[Statement]:
        """The statements an edit replaces: values, concepts, keywords and kind."""
        return [
            h.statement(self.iri)
            for h in self.held
            if h.predicate in MANAGED or (h.predicate == RDF.type and h.value in KIND_CLASSES)
        ]

    def snapshot(self, iri: URIRef) -> list[Statement]:
        """This version as an earlier one (see the module notes), closed now."""
        values = {**asdict(self.draft), "kind": self.draft.kind.value, "visibility": self.visibility.value}
        values["discusses"] = [str(c) for c in self.draft.discusses]
        level = self.visibility
        pairs: list[tuple[URIRef, Any]] = [
            (RDF.type, PROV.Entity),
            (RDFS.label, Literal(self.title)),
            (RDF.value, Literal(json.dumps(values, ensure_ascii=False, sort_keys=True))),
            (PROV.invalidatedAtTime, now_literal()),
            (PROV.wasRevisionOf, self.revision_of),
            (PRX.visibility, level.concept),
        ]
        return [Statement(iri, p, o, level) for p, o in pairs if o is not None]


def _term(row: dict[str, Any]) -> Any:
    """The exact stored term of a ``library_reading_statements`` row."""
    value, lang, datatype = row["value"], row["lang"], row["datatype"]
    if isinstance(value, URIRef) or datatype is None:
        return value
    if lang:
        return Literal(str(value), lang=lang)
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if str(datatype) == str(XSD.string):
        return Literal(text)
    return Literal(text, datatype=URIRef(str(datatype)))


def _draft(values: dict[Any, list]) -> ReadingDraft:
    """A draft from a reading's values (property -> values as stored)."""

    def one(predicate: URIRef) -> str:
        found = values.get(predicate)
        return str(min(found, key=str)) if found else ""

    level = values.get(PRX.visibility)
    subjects = values.get(DCTERMS.subject, [])
    return ReadingDraft(
        title=one(DCTERMS.title),
        authors=authors_of(one(PRX.authors)),
        year=one(DCTERMS.issued)[:10],
        kind=ReadingKind.of(values.get(RDF.type, [])),
        publisher=one(DCTERMS.publisher),
        journal=one(PRX.journal),
        pages=one(BIBO.pages),
        isbn=one(BIBO.isbn13) or one(BIBO.isbn10),
        doi=one(BIBO.doi),
        url=one(SDO.url),
        abstract=one(DCTERMS.abstract),
        language=one(DCTERMS.language),
        discusses=tuple(sorted(v for v in values.get(PRX.discusses, []) if isinstance(v, URIRef))),
        keywords=tuple(sorted(str(s) for s in subjects if not isinstance(s, URIRef))),
        visibility=Visibility.from_concept(level[0]) if level else Visibility.PUBLIC,
    )


def drafts(store: PraxisStore, viewer: Viewer, readings: Iterable[Any]) -> dict[URIRef, ReadingDraft]:
    """The values of many readings at once (one query), as drafts, for lists and citations."""
    chosen = {URIRef(r) for r in readings}
    values: dict[URIRef, dict[Any, list]] = {}
    if chosen:
        for row in store.select("library_readings_full", viewer, reading=chosen):
            values.setdefault(row["reading"], {}).setdefault(row["property"], []).append(row["value"])
    return {reading: _draft(found) for reading, found in values.items()}


def resolve(store: PraxisStore, viewer: Viewer, iri: URIRef | str) -> URIRef:
    """The reading ``iri`` names now: a reading merged into another has ``owl:sameAs`` it
    (followed up to ten times, so an old link still opens the reading it became)."""
    current = URIRef(iri)
    for _ in range(10):
        rows = store.select("library_same_as", viewer, reading=current)
        if not rows:
            return current
        current = sorted(row["target"] for row in rows)[0]
    return current


def get_reading(store: PraxisStore, viewer: Viewer, iri: URIRef | str) -> LibraryReading | None:
    """The reading ``iri`` (after :func:`resolve`) as ``viewer`` sees it, or ``None``."""
    iri = resolve(store, viewer, iri)
    rows = store.select("library_reading_statements", viewer, reading=iri)
    held = tuple(Held(row["property"], _term(row), Visibility(local_name(row["graph"]))) for row in rows)
    values: dict[URIRef, list] = {}
    for h in held:
        values.setdefault(h.predicate, []).append(h.value)
    if str(PRX.Reading) not in {str(t) for t in values.get(RDF.type, [])}:
        return None

    draft = _draft(values)
    first = {p: v[0] for p, v in values.items() if v}
    return LibraryReading(
        iri=iri,
        draft=draft,
        held=held,
        added_by=first.get(PRX.addedBy),
        work=first.get(SDO.exampleOfWork),
        revision_of=first.get(PROV.wasRevisionOf),
        is_post=str(PRX.BlogPost) in {str(t) for t in values.get(RDF.type, [])},
    )


@dataclass(frozen=True)
class Version:
    """An earlier version of a reading: its values and when they stopped being current."""

    iri: URIRef
    ended: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.values.get("title", ""))


def versions(store: PraxisStore, viewer: Viewer, iri: URIRef | str) -> list[Version]:
    """A reading's earlier versions, newest first (along its ``prov:wasRevisionOf`` chain)."""
    reading = get_reading(store, viewer, iri)
    if reading is None:
        return []
    found: dict[URIRef, Version] = {}
    previous: dict[URIRef, URIRef] = {}
    for row in store.select("library_versions", viewer, reading=reading.iri):
        try:
            values = json.loads(str(row["values"])) if row["values"] else {}
        except ValueError:
            values = {}
        found.setdefault(row["version"], Version(row["version"], str(row["ended"] or ""), values))
        if row["previous"] is not None:
            previous.setdefault(row["version"], row["previous"])
    chain, current = [], reading.revision_of
    while current in found and current not in chain:
        chain.append(current)
        current = previous.get(current)
    return [found[version] for version in chain]


def snapshot_iri() -> URIRef:
    """An opaque IRI for an earlier version of a reading."""
    return new_iri("reading-version")
