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
  concepts and claims, and the lessons that tested those claims. Both live in
  :mod:`graph.views.readings`, refs in :mod:`graph.views.references`.

>>> from graph.store import open_store
>>> from graph.access import Viewer
>>> search_concepts(open_store("memory:"), Viewer.visitor(), "parecon")
[]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import LANGUAGE, best_label, local_name
from graph.namespaces import SCHEME, SKOS
from graph.store import PraxisStore
from graph.views.readings import MAX_SEARCH, ReadingEntry, reading_list
from graph.views.references import LessonRef, Ref, lesson_refs, refs

__all__ = [
    "HIDDEN_SCHEMES",
    "ClaimRef",
    "ConceptDetails",
    "ConceptHit",
    "Label",
    "Scheme",
    "concept_details",
    "list_concepts",
    "list_schemes",
    "search_concepts",
]

#: Schemes that describe the system rather than ideas: left out of maps unless chosen.
HIDDEN_SCHEMES = (SCHEME["visibility"],)


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


@dataclass(frozen=True)
class ClaimRef:
    iri: URIRef
    label: str
    statement: str = ""


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
    lessons: tuple[LessonRef, ...]  # one per lesson, stance and claim: a lesson may be here twice
    campaigns: tuple[Ref, ...]

    @property
    def lessons_each(self) -> tuple[tuple[LessonRef, ...], ...]:
        """The links above grouped by lesson, newest lesson first: what a panel lists and
        counts as lessons (a lesson that supports the concept and challenges a claim
        about it is one lesson with two links)."""
        grouped: dict[URIRef, list[LessonRef]] = {}
        for link in self.lessons:
            grouped.setdefault(link.iri, []).append(link)
        return tuple(tuple(links) for links in grouped.values())


def _label_of(store: PraxisStore, viewer: Viewer, concept: URIRef) -> str:
    rows = store.select("concept_labels", viewer, concept=concept)
    return best_label((r["label"], r["lang"]) for r in rows) or local_name(concept)


# ------------------------------------------------------------------- browsing
def list_schemes(store: PraxisStore, viewer: Viewer) -> list[Scheme]:
    """Every scheme holding concepts the viewer can see, by title."""
    rows = store.select("concept_schemes", viewer)
    titles: dict[Any, list] = defaultdict(list)
    sizes: dict[Any, int] = {}
    for row in rows:
        titles[row["scheme"]].append((row["title"], row["lang"]))
        sizes[row["scheme"]] = row["concepts"]
    schemes = [Scheme(s, best_label(titles[s]) or local_name(s), sizes[s]) for s in sizes]
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
    found = [Ref(c, label or _label_of(store, viewer, c)) for c, label in labels.items()]
    return sorted(found, key=lambda r: (r.label.casefold(), str(r.iri)))


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
    shown = best_label((lab.text, lab.language) for lab in labels if lab.kind == "preferred") or local_name(
        concept
    )

    def texts(prop: URIRef) -> list[str]:
        rows = [r for r in facts if r["property"] == prop]
        chosen = best_label((r["value"], r["lang"]) for r in rows)
        return [chosen] if chosen else []

    schemes = {r["value"] for r in facts if r["property"] == SKOS.inScheme}
    links = store.select("concept_links", viewer, concept=concept)
    by_relation = {
        rel: refs((r["other"], r["label"], r["lang"]) for r in links if r["relation"] == rel)
        for rel in ("broader", "narrower", "related")
    }
    claims = {
        r["claim"]: ClaimRef(r["claim"], r["label"] or local_name(r["claim"]), r["statement"] or "")
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
        lessons=lesson_refs(store.select("concept_lessons", viewer, concept=concept), via="via"),
        campaigns=refs((r["campaign"], r["label"], "") for r in campaigns),
    )
