"""Typed records that members and importers write, and the statements they become.

Pages, the CLI and importers build these frozen records from what a person typed
or a file held; :mod:`graph.records` and the importers turn them into
:class:`~graph.store.Statement` lists and write them in one transaction. Every
input offers ``problems()``: plain-language reasons it cannot be saved, checked
before the SHACL shapes see anything, so a member reads "Give the lesson a
title" and not a constraint report.

>>> for problem in LessonInput(title="", taught="x", tags=()).problems():
...     print(problem)
Give the lesson a title.
Tag at least one concept or claim that the lesson supports, challenges or qualifies.
Choose the action the lesson comes from, or describe a new one.
>>> SCORE_LABELS[-2], SCORE_LABELS[2]
('set us back', 'clearly advanced')

Decisions:

- New records get opaque IRIs, ``px:<kind>-<12 hex digits>`` (:func:`new_iri`): no
  names, places or dates, and no collision in practice (48 random bits).
- Text is stored as plain strings (members write in any language).
- An edited lesson keeps its previous version as a snapshot (:meth:`Lesson.snapshot`):
  a ``prov:Entity`` linked from the lesson by ``prov:wasRevisionOf`` and closed with
  ``prov:invalidatedAtTime``. The snapshot keeps its stances with CiTO's own terms
  (``cito:supports``, ``cito:disputes``, ``cito:qualifies``) and its action with
  ``prov:wasDerivedFrom``, so no query over ``prx:`` terms counts an old version as a
  lesson, while the history stays readable as standard RDF.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from rdflib import Literal, URIRef

from graph.access import Visibility
from graph.namespaces import BIBO, DATA, DCTERMS, PROV, PRX, RDF, RDFS, SDO, XSD
from graph.stance import Stance
from graph.store import Statement

__all__ = [
    "SCORE_LABELS",
    "ActionInput",
    "AssessmentInput",
    "Lesson",
    "LessonInput",
    "ReadingInput",
    "ReadingType",
    "Stance",
    "Tag",
    "new_iri",
]

#: The assessment scale: one mapping for the page, the CSV templates and the docs.
SCORE_LABELS: dict[int, str] = {
    -2: "set us back",
    -1: "held us back",
    0: "no effect",
    1: "helped",
    2: "clearly advanced",
}


def new_iri(kind: str) -> URIRef:
    """An opaque record IRI such as ``px:lesson-3f9a2c0b1d4e``."""
    return DATA[f"{kind}-{uuid.uuid4().hex[:12]}"]


@dataclass(frozen=True)
class Tag:
    """One link from a lesson to theory: ``stance`` a concept or claim."""

    stance: Stance
    target: URIRef


def _text(value: str) -> Literal:
    return Literal(value.strip())


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _now() -> Literal:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return Literal(now.isoformat(), datatype=XSD.dateTime)


def _statements(
    subject: URIRef, level: Visibility, pairs: Iterable[tuple[URIRef, object]]
) -> list[Statement]:
    return [Statement(subject, p, o, level) for p, o in pairs if o is not None]


@dataclass(frozen=True)
class ActionInput:
    """A new action: a dated event, optionally part of a campaign.

    ``visibility=None`` lets :func:`graph.records.create_action` decide: members-only
    for direct actions (``direct=True`` or a method under nonviolent intervention or
    non-violent direct action), public otherwise."""

    label: str
    date: dt.date | None
    campaign: URIRef | None = None
    place: str = ""
    methods: tuple[URIRef, ...] = ()
    addresses: tuple[URIRef, ...] = ()
    description: str = ""
    visibility: Visibility | None = None
    direct: bool = False

    def problems(self) -> list[str]:
        found = []
        if not self.label.strip():
            found.append("Give the action a short name.")
        if self.date is None:
            found.append("Give the date of the action.")
        elif self.date > dt.date.today() + dt.timedelta(days=366):
            found.append("The action's date is more than a year away: check the year.")
        return found

    def statements(self, iri: URIRef, level: Visibility) -> list[Statement]:
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PRX.Action),
            (RDFS.label, _text(self.label)),
            (SDO.startDate, _date(self.date) if self.date else None),
            (PRX.partOf, self.campaign),
            (SDO.location, _text(self.place) if self.place.strip() else None),
            (DCTERMS.description, _text(self.description) if self.description.strip() else None),
            (PRX.visibility, level.concept),
        ]
        pairs += [(PRX.usesMethod, method) for method in self.methods]
        pairs += [(PRX.addresses, concept) for concept in self.addresses]
        return _statements(iri, level, pairs)


@dataclass(frozen=True)
class LessonInput:
    """What a member writes about an action: title, account, teaching, tags, evidence."""

    title: str
    taught: str
    tags: tuple[Tag, ...]
    what_happened: str = ""
    evidence: str = ""
    action: URIRef | None = None
    visibility: Visibility | None = None

    def problems(self, *, new_action: bool = False) -> list[str]:
        found = []
        if not self.title.strip():
            found.append("Give the lesson a title.")
        if not self.taught.strip():
            found.append("Say what the action taught.")
        if not self.tags:
            found.append(
                "Tag at least one concept or claim that the lesson supports, challenges or qualifies."
            )
        if len({tag.target for tag in self.tags}) < len(self.tags):
            found.append("Tag each concept or claim once, with the one stance that fits best.")
        if self.action is None and not new_action:
            found.append("Choose the action the lesson comes from, or describe a new one.")
        return found

    def statements(
        self,
        iri: URIRef,
        *,
        action: URIRef,
        creator: URIRef,
        created: dt.date,
        level: Visibility,
        revision_of: URIRef | None = None,
        withdrawn_at: Literal | None = None,
    ) -> list[Statement]:
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PRX.Lesson),
            (RDFS.label, _text(self.title)),
            (DCTERMS.description, _text(self.taught)),
            (PRX.whatHappened, _text(self.what_happened) if self.what_happened.strip() else None),
            (PRX.evidence, _text(self.evidence) if self.evidence.strip() else None),
            (PRX.fromAction, action),
            (DCTERMS.created, _date(created)),
            (DCTERMS.creator, creator),
            (PRX.visibility, level.concept),
            (PROV.wasRevisionOf, revision_of),
        ]
        pairs += [(tag.stance.predicate, tag.target) for tag in self.tags]
        if withdrawn_at is not None:
            pairs += [(PRX.withdrawn, Literal(True)), (PROV.invalidatedAtTime, withdrawn_at)]
        return _statements(iri, level, pairs)


@dataclass(frozen=True)
class Lesson:
    """A lesson as stored, read back for display, editing and history."""

    iri: URIRef
    title: str
    taught: str
    action: URIRef | None
    tags: tuple[Tag, ...]
    created: dt.date | None
    creator: URIRef | None
    visibility: Visibility
    what_happened: str = ""
    evidence: str = ""
    withdrawn: bool = False
    withdrawn_at: str | None = None
    revision_of: URIRef | None = None

    @classmethod
    def from_rows(cls, iri: URIRef, rows: Iterable[dict]) -> Lesson:
        """Build from ``record_lesson`` rows (``p``, ``o`` as Python values)."""
        values: dict[str, list] = {}
        for row in rows:
            values.setdefault(str(row["p"]), []).append(row["o"])

        def one(predicate: URIRef, default=None):
            found = values.get(str(predicate))
            return found[0] if found else default

        tags = tuple(
            Tag(stance, target)
            for stance in Stance
            for target in sorted(values.get(str(stance.predicate), []))
        )
        level = one(PRX.visibility)
        return cls(
            iri=iri,
            title=str(one(RDFS.label, "")),
            taught=str(one(DCTERMS.description, "")),
            action=one(PRX.fromAction),
            tags=tags,
            created=one(DCTERMS.created),
            creator=one(DCTERMS.creator),
            visibility=Visibility.from_concept(level) if level else Visibility.MEMBERS,
            what_happened=str(one(PRX.whatHappened, "")),
            evidence=str(one(PRX.evidence, "")),
            withdrawn=bool(one(PRX.withdrawn, False)),
            withdrawn_at=one(PROV.invalidatedAtTime),
            revision_of=one(PROV.wasRevisionOf),
        )

    def as_input(self) -> LessonInput:
        return LessonInput(
            title=self.title,
            taught=self.taught,
            tags=self.tags,
            what_happened=self.what_happened,
            evidence=self.evidence,
            action=self.action,
            visibility=self.visibility,
        )

    def snapshot(self, iri: URIRef) -> list[Statement]:
        """This version as an earlier version (see the module notes), closed now."""
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PROV.Entity),
            (RDFS.label, Literal(self.title)),
            (DCTERMS.description, Literal(self.taught)),
            (PRX.whatHappened, Literal(self.what_happened) if self.what_happened else None),
            (PRX.evidence, Literal(self.evidence) if self.evidence else None),
            (PROV.wasDerivedFrom, self.action),
            (DCTERMS.created, _date(self.created) if self.created else None),
            (DCTERMS.creator, self.creator),
            (PROV.invalidatedAtTime, _now()),
            (PROV.wasRevisionOf, self.revision_of),
            (PRX.visibility, self.visibility.concept),
        ]
        pairs += [(tag.stance.earlier, tag.target) for tag in self.tags]
        return _statements(iri, self.visibility, pairs)


@dataclass(frozen=True)
class AssessmentInput:
    """One assessor's judgement of an action against one indicator."""

    action: URIRef | None
    indicator: URIRef | None
    score: int | None
    evidence: str = ""
    title: str = ""
    visibility: Visibility | None = None

    def problems(self) -> list[str]:
        found = []
        if self.action is None:
            found.append("Choose the action you are assessing.")
        if self.indicator is None:
            found.append("Choose the indicator you are judging the action against.")
        if self.score not in SCORE_LABELS:
            scale = ", ".join(f"{score:+d} {label}" for score, label in SCORE_LABELS.items())
            found.append(f"Choose a score on the scale: {scale}.")
        return found

    def statements(
        self, iri: URIRef, *, creator: URIRef, created: dt.date, level: Visibility, label: str
    ) -> list[Statement]:
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, PRX.Assessment),
            (RDFS.label, _text(self.title or label)),
            (PRX.assessedAction, self.action),
            (PRX.indicator, self.indicator),
            (PRX.score, Literal(int(self.score or 0))),
            (PRX.evidence, _text(self.evidence) if self.evidence.strip() else None),
            (DCTERMS.created, _date(created)),
            (DCTERMS.creator, creator),
            (PRX.visibility, level.concept),
        ]
        return _statements(iri, level, pairs)


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
            (DCTERMS.title, _text(self.title) if self.title.strip() else None),
            (PRX.authors, Literal("; ".join(self.authors)) if self.authors else None),
            (DCTERMS.issued, issued),
            (DCTERMS.publisher, _text(self.publisher) if self.publisher.strip() else None),
            (PRX.journal, _text(self.journal) if self.journal.strip() else None),
            (BIBO.isbn13, Literal(self.isbn13) if self.isbn13 else None),
            (BIBO.isbn10, Literal(self.isbn10) if self.isbn10 else None),
            (BIBO.doi, Literal(self.doi) if self.doi else None),
            (SDO.url, URIRef(self.url) if self.url else None),
            (DCTERMS.abstract, _text(self.abstract) if self.abstract.strip() else None),
            (PRX.visibility, level.concept),
        ]
        pairs += [(PRX.discusses, concept) for concept in self.discusses]
        pairs += [(DCTERMS.subject, Literal(keyword)) for keyword in self.keywords]
        return _statements(iri, level, pairs)
