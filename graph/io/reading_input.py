"""A reading with clean values, and the statements it becomes (BibTeX, CSL-JSON and CSV imports).

Importers turn what a file held into a :class:`ReadingInput` (identifiers already
checked by :mod:`graph.io.identifiers`) and :mod:`graph.io.readings` writes it.

>>> ReadingType("book").bibo
rdflib.term.URIRef('http://purl.org/ontology/bibo/Book')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from rdflib import Literal, URIRef

from graph.access import Visibility
from graph.namespaces import BIBO, DCTERMS, PRX, RDF, SDO, XSD
from graph.practice.records import statements, text_literal
from graph.store import Statement

__all__ = ["ReadingInput", "ReadingType"]


class ReadingType(Enum):
    """The BIBO class a reading also gets."""

    BOOK = "book"
    ACADEMIC_ARTICLE = "academic-article"
    ARTICLE = "article"
    CHAPTER = "chapter"
    WEBPAGE = "webpage"
    DOCUMENT = "document"

    @property
    def bibo(self) -> URIRef:
        return {
            "book": BIBO.Book,
            "academic-article": BIBO.AcademicArticle,
            "article": BIBO.Article,
            "chapter": BIBO.Chapter,
            "webpage": BIBO.Webpage,
            "document": BIBO.Document,
        }[self.value]


@dataclass(frozen=True)
class ReadingInput:
    """A reading with clean values (identifiers checked by :mod:`graph.io.identifiers`)."""

    title: str
    authors: tuple[str, ...] = ()
    issued: str | None = None  # "2003" or "2003-05-01"
    kind: ReadingType = ReadingType.DOCUMENT
    publisher: str = ""
    journal: str = ""
    isbn13: str | None = None
    isbn10: str | None = None
    doi: str | None = None
    url: str | None = None
    abstract: str = ""
    discusses: tuple[URIRef, ...] = ()
    keywords: tuple[str, ...] = field(default=())
    visibility: Visibility = Visibility.PUBLIC

    def statements(self, iri: URIRef, *, level: Visibility | None = None) -> list[Statement]:
        level = level or self.visibility
        issued = None
        if self.issued:
            kind = XSD.gYear if len(self.issued) == 4 else XSD.date
            issued = Literal(self.issued, datatype=kind)
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PRX.Reading),
            (RDF.type, self.kind.bibo),
            (DCTERMS.title, text_literal(self.title) if self.title.strip() else None),
            (PRX.authors, Literal("; ".join(self.authors)) if self.authors else None),
            (DCTERMS.issued, issued),
            (DCTERMS.publisher, text_literal(self.publisher) if self.publisher.strip() else None),
            (PRX.journal, text_literal(self.journal) if self.journal.strip() else None),
            (BIBO.isbn13, Literal(self.isbn13) if self.isbn13 else None),
            (BIBO.isbn10, Literal(self.isbn10) if self.isbn10 else None),
            (BIBO.doi, Literal(self.doi) if self.doi else None),
            (SDO.url, URIRef(self.url) if self.url else None),
            (DCTERMS.abstract, text_literal(self.abstract) if self.abstract.strip() else None),
            (PRX.visibility, level.concept),
        ]
        pairs += [(PRX.discusses, concept) for concept in self.discusses]
        pairs += [(DCTERMS.subject, Literal(keyword)) for keyword in self.keywords]
        return statements(iri, level, pairs)
