"""Turn bibliography entries into readings: check, match, merge duplicates, write once.

BibTeX, CSL-JSON and the readings spreadsheet all parse to :class:`RawReading`
and end here, so the rules are the same whatever the format:

- **Identifiers.** A wrong ISBN (length or check digit) or a malformed DOI or URL
  is a warning naming the entry's line; the entry is imported without that value
  (a wrong ISBN is worse than none: it would merge the wrong books).
- **Keywords as concepts.** Each keyword is matched by label (preferred or
  alternative, any language, ignoring case, accents and punctuation) to a concept
  or claim; a match becomes ``prx:discusses``, the rest stay as ``dct:subject``
  text. An entry with neither gets the keyword :data:`UNCATALOGUED` and a warning,
  so organisers can find what still needs tagging (the shapes accept keywords in
  place of concepts for exactly this case).
- **Duplicates** are found by DOI, then ISBN (ISBN-10 compared as ISBN-13), then
  normalised title and year, against the store and within the file. A duplicate is
  merged: values the existing reading lacks are added (one value per field),
  concepts and keywords are added, nothing is overwritten.
- **IRIs** are readable, like the seed's: ``px:reading-<author>-<year>-<word>``,
  with a number added if taken.
- **Size.** A field over :data:`graph.store.literals.MAX_VALUE_BYTES` (1 MiB) refuses the
  file, naming the entry's line and the field, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from graph.access import Permission, Viewer, Visibility, require, require_level
from graph.io.identifiers import check_isbn, isbn13_of, normalise_doi, slug, title_key
from graph.io.lookup import Lookup
from graph.io.reading_input import ReadingInput, ReadingType
from graph.io.report import ImportReport, ImportWarning, Progress, refuse, step
from graph.namespaces import BIBO, DATA, DCTERMS, PRX, RDF, SDO, VOCAB
from graph.store import PraxisStore, Statement, ValueTooLarge, check_text, too_large

__all__ = ["UNCATALOGUED", "RawReading", "concept_lookup", "import_readings"]

#: The keyword an imported reading gets when nothing tags it yet.
UNCATALOGUED = "uncatalogued"

_STOPWORDS = {"a", "an", "the", "on", "of", "and", "in", "to", "for", "how", "why", "what", "is"}
_SINGLE = {
    DCTERMS.issued,
    PRX.authors,
    DCTERMS.publisher,
    PRX.journal,
    DCTERMS.abstract,
    BIBO.doi,
    BIBO.isbn13,
    BIBO.isbn10,
    SDO.url,
}


@dataclass(frozen=True)
class RawReading:
    """One entry as a file gives it. ``line`` is its line (or row, see ``unit``)."""

    title: str
    line: int | None = None
    authors: tuple[str, ...] = ()
    family: str = ""
    issued: str = ""
    kind: ReadingType = ReadingType.DOCUMENT
    publisher: str = ""
    journal: str = ""
    isbn: str = ""
    doi: str = ""
    url: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    visibility: Visibility | None = None
    unit: str = "line"


@dataclass
class _Candidate:
    reading: ReadingInput
    raw: RawReading
    keys: list[str] = field(default_factory=list)
    iri: URIRef | None = None


def concept_lookup(store: PraxisStore, viewer: Viewer) -> Lookup:
    """Concepts and claims by label; on a tie our own vocabulary wins."""
    rows = store.select("import_concept_labels", viewer)
    return Lookup(
        ((row["concept"], str(row["label"])) for row in rows),
        what="concept or claim",
        prefer=lambda iri: str(iri).startswith(str(VOCAB)),
    )


def _issued(raw: RawReading, warn) -> str | None:
    text = raw.issued.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        return text
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            dt.date.fromisoformat(text)
            return text
        except ValueError:
            pass
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return text[:4]
    warn(f"the date {text!r} is not a year or YYYY-MM-DD; it was left out", "year")
    return None


def _check(
    raw: RawReading, concepts: Lookup, level: Visibility, warnings: list, problems: list
) -> _Candidate:
    def note(found: list, message: str, column: str | None = None) -> None:
        where = column if raw.unit == "row" else None  # a file's line already says where
        found.append(ImportWarning(message, line=raw.line, column=where, unit=raw.unit))

    def warn(message: str, column: str | None = None) -> None:
        note(warnings, message, column)

    if not raw.title.strip():
        note(problems, "the entry has no title", "title")
    for name, value in _texts(raw):
        if too_large(value):
            try:
                check_text(value, field=name)
            except ValueTooLarge as error:
                note(problems, error.reason, name)
    isbn = check_isbn(raw.isbn)
    for problem in isbn.problems:
        warn(problem, "isbn")
    doi = normalise_doi(raw.doi)
    if raw.doi.strip() and doi is None:
        warn(f"{raw.doi.strip()!r} is not a DOI (10.NNNN/...); it was left out", "doi")
    url = raw.url.strip() or None
    if url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        warn(f"{url!r} is not a web address (http:// or https://); it was left out", "url")
        url = None
    discusses, keywords = [], []
    for reference in raw.concepts:
        try:
            discusses.append(concepts.find(reference))
        except LookupError as error:
            note(problems, str(error), "concepts")
    for keyword in raw.keywords:
        match = concepts.match(keyword)
        if match is not None:
            discusses.append(match)
        elif keyword.strip():
            keywords.append(keyword.strip())
    reading = ReadingInput(
        title=" ".join(raw.title.split()),
        authors=raw.authors,
        issued=_issued(raw, warn),
        kind=raw.kind,
        publisher=raw.publisher.strip(),
        journal=raw.journal.strip(),
        isbn13=isbn.isbn13,
        isbn10=isbn.isbn10,
        doi=doi,
        url=url,
        abstract=raw.abstract.strip(),
        discusses=tuple(dict.fromkeys(discusses)),
        keywords=tuple(dict.fromkeys(keywords)),
        visibility=raw.visibility or level,
    )
    return _Candidate(reading, raw, _keys(reading))


def _texts(raw: RawReading) -> list[tuple[str, str]]:
    """Each text field of an entry, by the name a person knows it by."""
    fields = [
        (name, getattr(raw, name))
        for name in ("title", "publisher", "journal", "isbn", "doi", "url", "abstract", "issued")
    ]
    fields += [("authors", author) for author in raw.authors]
    fields += [("keywords", keyword) for keyword in raw.keywords]
    fields += [("concepts", concept) for concept in raw.concepts]
    return fields


def _keys(reading: ReadingInput) -> list[str]:
    keys = []
    if reading.doi:
        keys.append("doi:" + reading.doi)
    if reading.isbn13:
        keys.append("isbn:" + reading.isbn13)
    if reading.isbn10:
        keys.append("isbn:" + isbn13_of(reading.isbn10))
    if reading.title and reading.issued:
        keys.append("title:" + title_key(reading.title, reading.issued))
    return keys


def _merge(first: ReadingInput, second: ReadingInput) -> ReadingInput:
    """``first`` with the values it lacks taken from ``second``."""
    filled = {
        name: getattr(second, name)
        for name in (
            "authors",
            "issued",
            "publisher",
            "journal",
            "isbn13",
            "isbn10",
            "doi",
            "url",
            "abstract",
        )
        if not getattr(first, name) and getattr(second, name)
    }
    filled["discusses"] = tuple(dict.fromkeys(first.discusses + second.discusses))
    filled["keywords"] = tuple(dict.fromkeys(first.keywords + second.keywords))
    if first.kind is ReadingType.DOCUMENT:
        filled["kind"] = second.kind
    return replace(first, **filled)


def _existing(store: PraxisStore, viewer: Viewer) -> tuple[dict[str, URIRef], dict[URIRef, dict]]:
    """Keys of the readings already stored, and which fields each one has."""
    keys: dict[str, URIRef] = {}
    known: dict[URIRef, dict] = {}
    for row in store.select("import_reading_keys", viewer):
        iri = row["reading"]
        info = known.setdefault(iri, {"fields": set(), "visibility": row["visibility"]})
        for name, predicate in (
            ("issued", DCTERMS.issued),
            ("authors", PRX.authors),
            ("publisher", DCTERMS.publisher),
            ("journal", PRX.journal),
            ("abstract", DCTERMS.abstract),
            ("url", SDO.url),
            ("doi", BIBO.doi),
            ("isbn13", BIBO.isbn13),
            ("isbn10", BIBO.isbn10),
        ):
            if row[name] is not None:
                info["fields"].add(predicate)
        year = row["issued"].isoformat() if isinstance(row["issued"], dt.date) else row["issued"]
        found = ReadingInput(
            title=str(row["title"] or ""),
            issued=str(year) if year else None,
            doi=normalise_doi(str(row["doi"])) if row["doi"] else None,
            isbn13=str(row["isbn13"]) if row["isbn13"] else None,
            isbn10=str(row["isbn10"]) if row["isbn10"] and len(str(row["isbn10"])) == 10 else None,
        )
        for key in _keys(found):
            keys.setdefault(key, iri)
    return keys, known


def _mint(store: PraxisStore, reading: ReadingInput, family: str, taken: set[URIRef]) -> URIRef:
    title_words = [w for w in slug(reading.title, words=12).split("-") if w not in _STOPWORDS]
    parts = [
        slug(family, words=4) or "anon",
        (reading.issued or "")[:4] or "nd",
        title_words[0] if title_words else "reading",
    ]
    base = "reading-" + "-".join(p for p in parts if p)
    candidate, number = DATA[base], 1
    # Existence is checked across every graph (as the organiser would see it), so a
    # new reading can never take the IRI of a record the importer cannot see.
    while candidate in taken or store.select("import_iri_used", Viewer.organiser(), iri=candidate):
        number += 1
        candidate = DATA[f"{base}-{number}"]
    taken.add(candidate)
    return candidate


def import_readings(
    store: PraxisStore,
    raws: list[RawReading],
    *,
    viewer: Viewer,
    source: str,
    kind: str = "readings",
    visibility: Visibility = Visibility.PUBLIC,
    progress: Progress | None = None,
    warnings: list[ImportWarning] | None = None,
) -> ImportReport:
    """Check, match, merge and write ``raws`` in one transaction; see the module notes."""
    require(viewer, Permission.IMPORT_READINGS)
    require_level(viewer, visibility, "reading")
    warnings = list(warnings or [])
    problems: list[ImportWarning] = []
    step(progress, 0.3, "matching keywords to concepts")
    concepts = concept_lookup(store, viewer)
    keys, known = _existing(store, viewer)
    new: list[_Candidate] = []
    by_key: dict[str, _Candidate] = {}
    merges: dict[URIRef, ReadingInput] = {}
    merged = 0
    for number, raw in enumerate(raws):
        if number % 200 == 0:
            step(
                progress,
                0.3 + 0.3 * number / max(1, len(raws)),
                f"checking entry {number + 1:,} of {len(raws):,}",
            )
        candidate = _check(raw, concepts, visibility, warnings, problems)
        stored = next((keys[k] for k in candidate.keys if k in keys), None)
        earlier = next((by_key[k] for k in candidate.keys if k in by_key), None)
        if stored is not None:
            merges[stored] = (
                _merge(merges[stored], candidate.reading) if stored in merges else candidate.reading
            )
            merged += 1
        elif earlier is not None:
            earlier.reading = _merge(earlier.reading, candidate.reading)
            by_key.update({k: earlier for k in _keys(earlier.reading)})
            merged += 1
        else:
            new.append(candidate)
            by_key.update({k: candidate for k in candidate.keys})
    if problems:
        refuse(problems, source=source)
    step(progress, 0.6, f"checking and saving {len(new):,} readings")
    statements: list[Statement] = []
    taken: set[URIRef] = set()
    untagged: list[str] = []
    for candidate in new:
        reading = candidate.reading
        if not reading.discusses and not reading.keywords:
            reading = replace(reading, keywords=(UNCATALOGUED,))
            untagged.append(str(candidate.raw.line or "?"))
        require_level(viewer, reading.visibility, "reading")
        candidate.iri = _mint(store, reading, candidate.raw.family, taken)
        statements += reading.statements(candidate.iri)
    if untagged:
        unit = new[0].raw.unit
        warnings.append(
            ImportWarning(
                f"{len(untagged):,} entries have no keyword that names a concept (at {unit}s "
                f"{', '.join(untagged[:20])}{', ...' if len(untagged) > 20 else ''}); they carry the keyword "
                f"{UNCATALOGUED!r} until someone tags them with concepts"
            )
        )
    for iri, reading in merges.items():
        info = known[iri]
        level = Visibility.from_concept(info["visibility"]) if info["visibility"] else Visibility.PUBLIC
        statements += [
            s
            for s in reading.statements(iri, level=level)
            if s.predicate not in {RDF.type, DCTERMS.title, PRX.visibility}
            and s.predicate not in info["fields"]
        ]
    if statements:
        store.write(statements, viewer=viewer)
    step(progress, 1.0, "done")
    return ImportReport(
        source=source,
        kind=kind,
        added=len(new),
        merged=merged,
        warnings=tuple(warnings),
        statements=len(statements),
    )
