"""Concepts for a reading group: find, describe, and read about them.

Everything a reading group asks of a concept goes through here, as the viewer sees it
(every read is :meth:`~graph.store.PraxisStore.select` with a viewer):

- :func:`list_schemes` and :func:`list_concepts`: what there is to browse;
- :func:`search_concepts`: concepts by any label (preferred, alternative or hidden) in
  any language, best match first;
- :func:`concept_details`: definition, other labels, broader/narrower/related, readings,
  claims, the lessons that support, challenge or qualify it, and campaigns about it;
- :func:`reading_list`: readings for a concept or a scheme, most relevant first, each
  with the reason it is on the list; :func:`reading_details`: one reading's facts, its
  concepts and claims, and the lessons that tested those claims.

>>> from graph.store import open_store
>>> from graph.access import Viewer
>>> search_concepts(open_store("memory:"), Viewer.visitor(), "parecon")
[]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.namespaces import BIBO, DCTERMS, PRX, RDF, SCHEME, SDO, SKOS
from graph.store import PraxisStore

__all__ = [
    "HIDDEN_SCHEMES",
    "LANGUAGE",
    "ClaimRef",
    "ConceptDetails",
    "ConceptHit",
    "Label",
    "LessonRef",
    "ReadingDetails",
    "ReadingEntry",
    "Reason",
    "Ref",
    "Scheme",
    "Stance",
    "best_label",
    "concept_details",
    "list_concepts",
    "list_schemes",
    "reading_details",
    "reading_list",
    "search_concepts",
]

#: The explorer's language: labels in it are preferred, then untagged ones, then any.
LANGUAGE = "en"
#: Schemes that describe the system rather than ideas: left out of maps unless chosen.
HIDDEN_SCHEMES = (SCHEME["visibility"],)
#: Longest search text accepted.
MAX_SEARCH = 200


@dataclass(frozen=True)
class Ref:
    """A node named for display."""

    iri: URIRef
    label: str


@dataclass(frozen=True)
class Scheme:
    iri: URIRef
    label: str
    concepts: int


@dataclass(frozen=True)
class Label:
    text: str
    language: str
    kind: str  # "preferred", "alternative" or "hidden"


@dataclass(frozen=True)
class ConceptHit:
    """A concept found by :func:`search_concepts` and the label that matched."""

    concept: URIRef
    label: str
    matched: str
    language: str


class Stance(Enum):
    """How a lesson bears on a concept or claim (``prx:supports`` ...)."""

    SUPPORTS = "supports"
    CHALLENGES = "challenges"
    QUALIFIES = "qualifies"

    @classmethod
    def of(cls, prop: Any) -> Stance:
        return cls(str(prop).rsplit("#", 1)[-1])


@dataclass(frozen=True)
class LessonRef:
    iri: URIRef
    title: str
    stance: Stance
    created: dt.date | None = None
    via: Ref | None = None  # the claim the lesson tested, when not the concept itself


@dataclass(frozen=True)
class ClaimRef:
    iri: URIRef
    label: str
    statement: str = ""


class Reason(Enum):
    """Why a reading is on a concept's list; the value is its weight in the ranking."""

    DIRECT = 3
    CLAIM = 2
    NARROWER = 1


@dataclass(frozen=True)
class ReadingEntry:
    """One line of a reading list: the reading, its score and why it is there."""

    reading: URIRef
    title: str
    authors: str
    year: str
    score: int
    why: str


@dataclass(frozen=True)
class ConceptDetails:
    iri: URIRef
    label: str
    definition: str
    notes: tuple[str, ...]
    notation: str
    labels: tuple[Label, ...]  # every label but the one shown as ``label``
    schemes: tuple[Ref, ...]
    broader: tuple[Ref, ...]
    narrower: tuple[Ref, ...]
    related: tuple[Ref, ...]
    readings: tuple[ReadingEntry, ...]
    claims: tuple[ClaimRef, ...]
    lessons: tuple[LessonRef, ...]
    campaigns: tuple[Ref, ...]


@dataclass(frozen=True)
class ReadingDetails:
    iri: URIRef
    title: str
    authors: tuple[str, ...]
    year: str
    kinds: tuple[str, ...]  # "Book", "AcademicArticle", ...
    publisher: str
    journal: str
    isbn: str
    doi: str
    url: str
    abstract: str
    concepts: tuple[Ref, ...]
    claims: tuple[Ref, ...]
    lessons: tuple[LessonRef, ...]


def best_label(labels: Iterable[tuple[str | None, str | None]], language: str = LANGUAGE) -> str | None:
    """The label to show from ``(text, language tag)`` pairs: ``language``, untagged, any.

    >>> best_label([("Droit", "fr"), ("Right", "en")])
    'Right'
    >>> best_label([("Droit", "fr")])
    'Droit'
    """
    found = sorted({(t, (g or "").lower()) for t, g in labels if t})
    for wanted in (language, ""):
        for text, tag in found:
            if tag == wanted or (wanted and tag.startswith(wanted + "-")):
                return text
    return found[0][0] if found else None


def _label_of(store: PraxisStore, viewer: Viewer, concept: URIRef) -> str:
    rows = store.select("concept_labels", viewer, concept=concept)
    return best_label((r["label"], r["lang"]) for r in rows) or _local(concept)


def _local(iri: Any) -> str:
    return str(iri).rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _year(value: Any) -> str:
    return str(value)[:4] if value is not None else ""


def _refs(rows: Iterable[tuple[Any, str | None, str | None]]) -> tuple[Ref, ...]:
    """Refs from ``(iri, label, language)`` rows, one per IRI, sorted by label."""
    labels: dict[Any, list] = defaultdict(list)
    for iri, label, lang in rows:
        labels[iri].append((label, lang))
    refs = [Ref(iri, best_label(pairs) or _local(iri)) for iri, pairs in labels.items()]
    return tuple(sorted(refs, key=lambda r: r.label.casefold()))


# ------------------------------------------------------------------- browsing
def list_schemes(store: PraxisStore, viewer: Viewer) -> list[Scheme]:
    """Every scheme holding concepts the viewer can see, by title."""
    rows = store.select("concept_schemes", viewer)
    titles: dict[Any, list] = defaultdict(list)
    sizes: dict[Any, int] = {}
    for row in rows:
        titles[row["scheme"]].append((row["title"], row["lang"]))
        sizes[row["scheme"]] = row["concepts"]
    schemes = [Scheme(s, best_label(titles[s]) or _local(s), sizes[s]) for s in sizes]
    return sorted(schemes, key=lambda s: s.label.casefold())


def list_concepts(
    store: PraxisStore, viewer: Viewer, *, schemes: Iterable[URIRef] | None = None
) -> list[Ref]:
    """The concepts of ``schemes`` (default: all), sorted by label."""
    chosen = (
        [URIRef(s) for s in schemes] if schemes is not None else [s.iri for s in list_schemes(store, viewer)]
    )
    labels: dict[Any, str | None] = {}
    for scheme in chosen:
        for row in store.select("concept_list", viewer, scheme=scheme):
            if labels.get(row["concept"]) is None:
                labels[row["concept"]] = row["label"]
    refs = [Ref(c, label or _label_of(store, viewer, c)) for c, label in labels.items()]
    return sorted(refs, key=lambda r: (r.label.casefold(), str(r.iri)))


def search_concepts(store: PraxisStore, viewer: Viewer, text: str, *, limit: int = 20) -> list[ConceptHit]:
    """Concepts with a label containing ``text`` (any case, any language), best first.

    Exact matches come first, then labels starting with the text, then labels with a word
    starting with it, then any other; preferred labels before alternative ones.
    """
    text = " ".join(text.split())
    if not text:
        return []
    if len(text) > MAX_SEARCH:
        raise BadInput(f"the search text is longer than {MAX_SEARCH} characters; shorten it", source="search")
    wanted = text.casefold()
    best: dict[Any, tuple] = {}
    for row in store.select("concept_search", viewer, text=text):
        label = row["matched"]
        folded = label.casefold()
        place = (
            0 if folded == wanted else 1 if folded.startswith(wanted) else 2 if f" {wanted}" in folded else 3
        )
        rank = (place, row["property"] != SKOS.prefLabel, row["lang"] != LANGUAGE, len(label), label)
        if row["concept"] not in best or rank < best[row["concept"]][0]:
            best[row["concept"]] = (rank, label, row["lang"])
    hits: list[ConceptHit] = []
    for concept, (_rank, matched, lang) in sorted(best.items(), key=lambda item: item[1][0]):
        rows = store.select("map_node", viewer, node=concept)
        if not any(r["type"] == SKOS.Concept for r in rows):
            continue  # a scheme or collection with a SKOS label
        label = best_label((r["label"], r["lang"]) for r in rows) or matched
        hits.append(ConceptHit(concept, label, matched, lang))
        if len(hits) >= limit:
            break
    return hits


# -------------------------------------------------------------------- details
def concept_details(store: PraxisStore, viewer: Viewer, concept: URIRef | str) -> ConceptDetails | None:
    """All a reading group wants to know about ``concept``; ``None`` if the viewer cannot see it."""
    concept = URIRef(concept)
    facts = store.select("concept_facts", viewer, concept=concept)
    if not facts:
        return None
    kinds = {SKOS.prefLabel: "preferred", SKOS.altLabel: "alternative", SKOS.hiddenLabel: "hidden"}
    labels = [Label(r["value"], r["lang"], kinds[r["property"]]) for r in facts if r["property"] in kinds]
    shown = best_label((lab.text, lab.language) for lab in labels if lab.kind == "preferred") or _local(
        concept
    )

    def texts(prop: URIRef) -> list[str]:
        rows = [r for r in facts if r["property"] == prop]
        chosen = best_label((r["value"], r["lang"]) for r in rows)
        return [chosen] if chosen else []

    schemes = {r["value"] for r in facts if r["property"] == SKOS.inScheme}
    links = store.select("concept_links", viewer, concept=concept)
    by_relation = {
        rel: _refs((r["other"], r["label"], r["lang"]) for r in links if r["relation"] == rel)
        for rel in ("broader", "narrower", "related")
    }
    claims = {
        r["claim"]: ClaimRef(r["claim"], r["label"] or _local(r["claim"]), r["statement"] or "")
        for r in store.select("concept_claims", viewer, concept=concept)
    }
    campaigns = store.select("concept_campaigns", viewer, concept=concept)
    return ConceptDetails(
        iri=concept,
        label=shown,
        definition=(texts(SKOS.definition) or [""])[0],
        notes=tuple(texts(SKOS.scopeNote)),
        notation=" ".join(str(r["value"]) for r in facts if r["property"] == SKOS.notation),
        labels=tuple(
            sorted(
                (lab for lab in labels if not (lab.kind == "preferred" and lab.text == shown)),
                key=lambda lab: (lab.kind != "preferred", lab.language, lab.text.casefold()),
            )
        ),
        schemes=tuple(Ref(s.iri, s.label) for s in list_schemes(store, viewer) if s.iri in schemes),
        broader=by_relation["broader"],
        narrower=by_relation["narrower"],
        related=by_relation["related"],
        readings=tuple(reading_list(store, viewer, concept=concept)),
        claims=tuple(sorted(claims.values(), key=lambda c: c.label.casefold())),
        lessons=_lessons(store.select("concept_lessons", viewer, concept=concept), via="via"),
        campaigns=_refs((r["campaign"], r["label"], "") for r in campaigns),
    )


def _lessons(rows: list[dict[str, Any]], *, via: str) -> tuple[LessonRef, ...]:
    """Lesson refs in the rows' order (newest first), one per lesson, stance and claim."""
    seen: dict[tuple, LessonRef] = {}
    for r in rows:
        claim = Ref(r[via], r[via + "Label"] or _local(r[via])) if r.get(via) else None
        ref = LessonRef(
            r["lesson"], r["title"] or _local(r["lesson"]), Stance.of(r["stance"]), r["created"], claim
        )
        seen.setdefault((ref.iri, ref.stance, claim), ref)
    return tuple(seen.values())


# ----------------------------------------------------------------- reading lists
def reading_list(
    store: PraxisStore,
    viewer: Viewer,
    *,
    concept: URIRef | str | None = None,
    scheme: URIRef | str | None = None,
) -> list[ReadingEntry]:
    """Readings for ``concept`` or ``scheme`` (or all readings), most relevant first.

    For a concept, a reading scores 3 if it discusses the concept, 2 per claim about it
    that it discusses (or is the source of), and 1 per narrower concept it discusses. For
    a scheme, 3 per concept of the scheme it discusses and 2 per concept it discusses a
    claim about. Ties go by title. ``why`` says, in words, where the score comes from.
    """
    if concept is not None and scheme is not None:
        raise BadInput("choose a concept or a scheme for a reading list, not both", source="reading list")
    if concept is not None:
        rows = store.select("reading_for_concept", viewer, concept=URIRef(concept))
    elif scheme is not None:
        rows = store.select("reading_for_scheme", viewer, scheme=URIRef(scheme))
    else:
        return [
            ReadingEntry(
                r["reading"],
                r["title"] or _local(r["reading"]),
                r["authors"] or "",
                _year(r["issued"]),
                0,
                "",
            )
            for r in store.select("reading_all", viewer)
        ]
    found: dict[Any, dict[str, Any]] = {}
    vias: dict[tuple, dict[Any, list]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        found.setdefault(r["reading"], r)
        reason = Reason[r["reason"].upper()]
        target = r["via"] if r["via"] is not None else r["reading"]
        vias[r["reading"], reason][target].append((r["viaLabel"], r["viaLang"]))
    entries = []
    for reading, row in found.items():
        parts, score = [], 0
        for reason in Reason:
            named = vias.get((reading, reason))
            if not named:
                continue
            score += reason.value * len(named)
            parts.append(
                _why(reason, [best_label(v) or _local(k) for k, v in named.items()], scheme is not None)
            )
        title = row["title"] or _local(reading)
        entries.append(
            ReadingEntry(reading, title, row["authors"] or "", _year(row["issued"]), score, "; ".join(parts))
        )
    return sorted(entries, key=lambda e: (-e.score, e.title.casefold()))


def _why(reason: Reason, names: list[str], for_scheme: bool) -> str:
    listed = ", ".join(sorted(names, key=str.casefold))
    if for_scheme:
        return f"discusses {listed}" if reason is Reason.DIRECT else f"discusses a claim about {listed}"
    if reason is Reason.DIRECT:
        return "discusses it directly"
    if reason is Reason.CLAIM:
        return f"discusses a claim about it ({listed})"
    return f"discusses a narrower concept ({listed})"


def reading_details(store: PraxisStore, viewer: Viewer, reading: URIRef | str) -> ReadingDetails | None:
    """A reading's bibliographic facts, its concepts and claims, and the lessons that
    tested those claims; ``None`` if the viewer cannot see it."""
    reading = URIRef(reading)
    facts: dict[Any, list] = defaultdict(list)
    for r in store.select("reading_facts", viewer, reading=reading):
        facts[r["property"]].append(r["value"])
    if not facts:
        return None

    def one(prop: URIRef) -> str:
        return str(facts[prop][0]) if facts.get(prop) else ""

    topics = store.select("reading_topics", viewer, reading=reading)
    concepts = _refs((r["topic"], r["label"], r["lang"]) for r in topics if r["type"] == SKOS.Concept)
    claims = _refs((r["topic"], r["label"], r["lang"]) for r in topics if r["type"] == PRX.Claim)
    kinds = sorted(_local(t) for t in facts[RDF.type] if str(t).startswith(str(BIBO)))
    return ReadingDetails(
        iri=reading,
        title=one(DCTERMS.title) or _local(reading),
        authors=tuple(a.strip() for a in one(PRX.authors).split(";") if a.strip()),
        year=_year(facts[DCTERMS.issued][0]) if facts.get(DCTERMS.issued) else "",
        kinds=tuple(kinds),
        publisher=one(DCTERMS.publisher),
        journal=one(PRX.journal),
        isbn=one(BIBO.isbn13) or one(BIBO.isbn10),
        doi=one(BIBO.doi),
        url=one(SDO.url),
        abstract=one(DCTERMS.abstract),
        concepts=concepts,
        claims=claims,
        lessons=_lessons(store.select("reading_lessons", viewer, reading=reading), via="claim"),
    )
