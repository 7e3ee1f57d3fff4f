"""One search for everything: concepts in any language, readings by title, author or year,
claims, lessons, campaigns, actions, organisations and sessions, grouped by kind.

:func:`search` answers from a :class:`SearchIndex` of every name a record can be found by
(``search_names``: labels in every language, titles, authors, dates) joined to the records'
kinds (``search_kinds``), read as the viewer, so a visitor never finds a members-only
lesson. Asking the engine to filter every label on each keystroke took 130 to 300 ms at
100k statements and seconds at a million; the index answers in milliseconds. Indexes are
kept per store and viewer role, like the suggestion model: after a write the next search
re-reads only the records the write touched (:meth:`~graph.store.PraxisStore.touched_since`)
and makes a new index sharing nothing mutable with the old one; an import or a restore
rebuilds it.

Hits are ranked as :func:`graph.views.search_concepts` ranks labels: the whole name first,
then names starting with the text, then a word starting with it, then anywhere; a record's
own name before its other labels, the explorer's language first.

>>> from graph.store import open_store
>>> from graph.access import Viewer
>>> search(open_store("memory:"), Viewer.visitor(), "parecon").total
0
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import best_label, language_rank, local_name
from graph.namespaces import DCTERMS, PRX, RDFS, SDO, SKOS
from graph.store import PraxisStore
from graph.views.records import RecordKind, kind_of

__all__ = ["MAX_TEXT", "PER_KIND", "Found", "Hit", "HitGroup", "SearchIndex", "index_for", "search"]

#: Longest search text accepted.
MAX_TEXT = 200
#: Hits shown per kind unless asked for more.
PER_KIND = 8
#: The order of the groups.
KIND_ORDER = (
    RecordKind.CONCEPT,
    RecordKind.READING,
    RecordKind.CLAIM,
    RecordKind.LESSON,
    RecordKind.CAMPAIGN,
    RecordKind.ACTION,
    RecordKind.ORGANISATION,
    RecordKind.SESSION,
)
#: Properties that name a record (its heading), best first; the rest are other ways to find it.
_NAMES = (str(SKOS.prefLabel), str(DCTERMS.title), str(RDFS.label))
_AUTHORS, _ISSUED, _START = str(PRX.authors), str(DCTERMS.issued), str(SDO.startDate)


@dataclass(frozen=True)
class Hit:
    """A record found, with the name that matched (perhaps in another language)."""

    iri: URIRef
    kind: RecordKind
    label: str
    matched: str
    language: str
    detail: str = ""  # authors and year of a reading, date of an action or session


@dataclass(frozen=True)
class HitGroup:
    kind: RecordKind
    hits: tuple[Hit, ...]
    total: int


@dataclass(frozen=True)
class Found:
    text: str
    groups: tuple[HitGroup, ...]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


class SearchIndex:
    """Every name of every record one role can see, lower-cased for matching.

    Immutable once made: :meth:`updated` returns a new index."""

    def __init__(self, records: dict[URIRef, tuple[RecordKind, list[tuple[str, str, str]]]], generation: int):
        #: record -> (kind, [(property, name, language)])
        self.records = records
        self.generation = generation
        entries = [
            (iri, prop, name, lang) for iri, (_kind, names) in records.items() for prop, name, lang in names
        ]
        self._iris = [e[0] for e in entries]
        self._props = [e[1] for e in entries]
        self._names = [e[2] for e in entries]
        self._langs = [e[3] for e in entries]
        self._folded = [name.casefold() for name in self._names]

    def __len__(self) -> int:
        return len(self.records)

    @classmethod
    def build(cls, store: PraxisStore, viewer: Viewer) -> SearchIndex:
        generation = store.generation
        rows = store.select_together(viewer, {"names": ("search_names", {}), "kinds": ("search_kinds", {})})
        return cls(_gather(rows["names"], rows["kinds"]), generation)

    def updated(self, store: PraxisStore, viewer: Viewer, touched: Iterable[Any]) -> SearchIndex:
        """A new index with the ``touched`` records read again (a record now gone, or
        hidden from the viewer, drops out)."""
        touched = {URIRef(str(t)) for t in touched}
        generation = store.generation
        rows = store.select_together(
            viewer,
            {
                "names": ("search_names", {"record": touched}),
                "kinds": ("search_kinds", {"record": touched}),
            },
        )
        records = {iri: found for iri, found in self.records.items() if iri not in touched}
        records.update(_gather(rows["names"], rows["kinds"]))
        return SearchIndex(records, generation)

    def find(self, text: str) -> dict[URIRef, tuple[tuple, str, str]]:
        """Records with a name containing ``text`` -> (rank, matched name, its language)."""
        wanted = text.casefold()
        best: dict[URIRef, tuple[tuple, str, str]] = {}
        folded = self._folded
        for number in [i for i, name in enumerate(folded) if wanted in name]:
            name, iri, prop = folded[number], self._iris[number], self._props[number]
            place = (
                0 if name == wanted else 1 if name.startswith(wanted) else 2 if f" {wanted}" in name else 3
            )
            rank = (place, prop not in _NAMES, language_rank(self._langs[number]), len(name), name)
            if iri not in best or rank < best[iri][0]:
                best[iri] = (rank, self._names[number], self._langs[number])
        return best

    def label(self, iri: URIRef) -> str:
        kind, names = self.records[iri]
        for prop in _NAMES:
            found = best_label((name, lang) for p, name, lang in names if p == prop)
            if found:
                return found
        return f"{kind.title} {local_name(iri)}"

    def detail(self, iri: URIRef) -> str:
        kind, names = self.records[iri]
        authors = sorted({name for p, name, _ in names if p == _AUTHORS})
        dates = sorted({name[:10] for p, name, _ in names if p in (_ISSUED, _START)})
        if kind is RecordKind.READING:
            return " ".join(filter(None, ["; ".join(authors), f"({dates[0][:4]})" if dates else ""]))
        return dates[0] if dates else ""


def _gather(names: list[dict[str, Any]], kinds: list[dict[str, Any]]) -> dict:
    types: dict[Any, set] = defaultdict(set)
    for row in kinds:
        types[row["record"]].add(row["type"])
    found: dict[URIRef, tuple[RecordKind, list[tuple[str, str, str]]]] = {}
    for row in names:
        record = row["record"]
        if record not in types:
            continue
        if record not in found:
            found[record] = (kind_of(types[record]), [])
        found[record][1].append((str(row["property"]), str(row["name"]), row["lang"] or ""))
    return found


_CACHE: weakref.WeakKeyDictionary[PraxisStore, dict[str, SearchIndex]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def index_for(store: PraxisStore, viewer: Viewer) -> SearchIndex:
    """The search index for this store's current generation and ``viewer``'s role: kept,
    updated from the records written since it was made, or built."""
    role = viewer.role.value
    with _LOCK:
        indexes = _CACHE.setdefault(store, {})
        index = indexes.get(role)
        if index is not None and index.generation == store.generation:
            return index
        touched = store.touched_since(index.generation) if index is not None else None
        index = (
            index.updated(store, viewer, touched) if touched is not None else SearchIndex.build(store, viewer)
        )
        indexes[role] = index
        return index


def search(
    store: PraxisStore,
    viewer: Viewer,
    text: str,
    *,
    per_kind: int = PER_KIND,
    kinds: Iterable[RecordKind] | None = None,
) -> Found:
    """Records whose names contain ``text``, best first, at most ``per_kind`` of each kind
    (every group says how many it found in all)."""
    text = " ".join(str(text).split())
    if len(text) > MAX_TEXT:
        raise BadInput(f"the search text is longer than {MAX_TEXT} characters; shorten it", source="search")
    if not text:
        return Found(text, ())
    index = index_for(store, viewer)
    wanted = set(kinds) if kinds is not None else set(KIND_ORDER)
    by_kind: dict[RecordKind, list[tuple[tuple, URIRef, str, str]]] = defaultdict(list)
    for iri, (rank, matched, lang) in index.find(text).items():
        kind = index.records[iri][0]
        if kind in wanted:
            by_kind[kind].append((rank, iri, matched, lang))
    groups = []
    for kind in KIND_ORDER:
        found = sorted(by_kind.get(kind, []), key=lambda hit: (hit[0], str(hit[1])))
        if not found:
            continue
        hits = tuple(
            Hit(iri, kind, index.label(iri), matched, lang, index.detail(iri))
            for _rank, iri, matched, lang in found[:per_kind]
        )
        groups.append(HitGroup(kind, hits, len(found)))
    return Found(text, tuple(groups))
