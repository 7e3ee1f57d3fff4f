"""The graph the readings-for-a-campaign ranking walks, built once per store generation.

:mod:`graph.suggest.ranking` answers "what should we read for this campaign?" in well
under a tenth of a second. That is possible because everything that does not
depend on the question is built here once, from a few named queries
(``graph/store/queries/suggest_*.rq``), and kept until the store changes:

- the typed links between campaigns, actions, lessons, claims, readings and
  concepts, as a weighted, symmetric ``scipy.sparse`` matrix (a campaign is a
  sink if links keep their direction, so each link is walked both ways) and its
  column-stochastic transition matrix for the random walk;
- the same links as Python sets by property, so reasons can name real paths;
- the BM25 index of readings' titles and abstracts (:mod:`graph.suggest.textindex`);
- labels, dates and descriptions for reasons, and which readings were read for
  which campaign (``prx:readFor``).

Models are cached per store object, store generation and viewer role (a
visitor's model never holds a members-only record), behind a lock; a write
through the store moves its generation on and the next request rebuilds.

>>> EDGE_WEIGHTS[PRX.challenges] > EDGE_WEIGHTS[SKOS.related]
True
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict, deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from rdflib import URIRef

from graph.access import Viewer, Visibility
from graph.labels import local_name
from graph.namespaces import PRX, SKOS
from graph.store import PraxisStore
from graph.suggest.textindex import TextIndex, tokens

__all__ = ["EDGE_WEIGHTS", "CampaignInfo", "Model", "Record", "model_for"]

#: How strongly each kind of link carries the walk. Links that say what a campaign is
#: about, what its lessons found and what a reading discusses weigh most; thesaurus
#: neighbours least, so a path through "related" concepts counts for less than a direct one.
EDGE_WEIGHTS: dict[URIRef, float] = {
    PRX.addresses: 1.0,
    PRX.partOf: 1.0,
    PRX.usesMethod: 0.6,
    PRX.fromAction: 1.0,
    PRX.supports: 0.8,
    PRX.challenges: 1.0,
    PRX.qualifies: 0.9,
    PRX.discusses: 1.0,
    PRX.aboutCampaign: 0.8,
    PRX.aboutConcept: 0.7,
    PRX.fromReading: 0.7,
    SKOS.broader: 0.4,
    SKOS.related: 0.25,
}


@dataclass(frozen=True)
class CampaignInfo:
    """A campaign as the suggestions page lists it."""

    iri: URIRef
    label: str
    active: bool
    visibility: Visibility


@dataclass(frozen=True)
class Record:
    """An action, lesson or claim, as reasons quote it."""

    iri: URIRef
    kind: URIRef
    label: str
    date: Any = None


class Model:
    """Everything a suggestion needs that does not depend on the question."""

    def __init__(self, store: PraxisStore, viewer: Viewer):
        self.out: dict[URIRef, defaultdict[URIRef, set[URIRef]]] = {p: defaultdict(set) for p in EDGE_WEIGHTS}
        self.into: dict[URIRef, defaultdict[URIRef, set[URIRef]]] = {
            p: defaultdict(set) for p in EDGE_WEIGHTS
        }
        names = ("suggest_edges", "suggest_readings", "suggest_concepts", "withdrawn_lessons")
        names += ("suggest_campaigns", "suggest_claims", "suggest_read_for")
        # independent reads, run together (the longest first); each is let go once used
        read = store.select_together(viewer, {name: (name, {}) for name in names})
        withdrawn = {r["lesson"] for r in read.pop("withdrawn_lessons")}
        edges = {(r["s"], r["p"], r["o"]) for r in read.pop("suggest_edges")}
        if withdrawn:
            edges = {edge for edge in edges if edge[0] not in withdrawn}
        for s, p, o in edges:
            self.out[p][s].add(o)
            self.into[p][o].add(s)
        self._build_matrix(edges)
        self.campaigns = {
            r["campaign"]: CampaignInfo(
                r["campaign"],
                r["label"] or local_name(r["campaign"]),
                r["status"] == PRX.Active,
                _level(r["visibility"]),
            )
            for r in read.pop("suggest_campaigns")
        }
        self.records = {
            r["claim"]: Record(r["claim"], PRX.Claim, r["label"] or local_name(r["claim"]))
            for r in read.pop("suggest_claims")
        }
        self.concepts: dict[URIRef, str] = {}
        phrases: dict[tuple[str, ...], set[URIRef]] = defaultdict(set)
        for r in read.pop("suggest_concepts"):
            if r["label"]:
                self.concepts.setdefault(r["concept"], r["label"])
            for name in (r["label"], r["alt"]):
                stems = tuple(s for s, _ in tokens(name or ""))
                if stems:
                    phrases[stems].add(r["concept"])
        self.phrases = dict(phrases)
        rows = {r["reading"]: r for r in read.pop("suggest_readings")}
        self.readings: list[URIRef] = sorted(rows)
        self.row = {reading: i for i, reading in enumerate(self.readings)}
        self.titles = {r: rows[r]["title"] or local_name(r) for r in self.readings}
        self.reading_levels = {r: _level(rows[r]["visibility"]) for r in self.readings}
        self.text = _text_index(
            tuple(f"{self.titles[r]}. {self.titles[r]}. {rows[r]['abstract'] or ''}" for r in self.readings)
        )
        self.reading_nodes = np.array([self.index.get(r, -1) for r in self.readings], dtype=int)
        self.read_for: defaultdict[URIRef, set[URIRef]] = defaultdict(set)
        for r in read.pop("suggest_read_for"):
            self.read_for[r["campaign"]].add(r["reading"])
        self._campaign_text: dict[URIRef, str] = {}
        self._store, self._viewer = weakref.ref(store), viewer

    # ------------------------------------------------------------------ the walk
    def _build_matrix(self, edges: set[tuple[URIRef, URIRef, URIRef]]) -> None:
        from scipy import sparse

        nodes = sorted({s for s, _, _ in edges} | {o for _, _, o in edges}, key=str)
        self.nodes: list[URIRef] = nodes
        self.index: dict[URIRef, int] = {node: i for i, node in enumerate(nodes)}
        pairs: dict[tuple[int, int], float] = {}
        for s, p, o in edges:
            a, b = self.index[s], self.index[o]
            i, j = min(a, b), max(a, b)
            if i != j:
                pairs[(i, j)] = max(pairs.get((i, j), 0.0), EDGE_WEIGHTS[p])
        rows = [i for i, _ in pairs] + [j for _, j in pairs]
        cols = [j for _, j in pairs] + [i for i, _ in pairs]
        values = list(pairs.values()) * 2
        size = len(nodes)
        self.adjacency = sparse.csr_matrix((values, (rows, cols)), shape=(size, size))
        degree = np.asarray(self.adjacency.sum(axis=0)).ravel()
        self.degree = degree
        inverse = np.divide(1.0, degree, out=np.zeros_like(degree), where=degree > 0)
        self.transition = (self.adjacency @ sparse.diags(inverse)).tocsr()

    def walk(self, seeds: dict[URIRef, float], *, restart: float, steps: int = 60) -> np.ndarray:
        """Random walk with restart (personalised PageRank) from ``seeds``, by power iteration.

        Returns the probability of being at each node; nodes with no path from a
        seed get exactly zero.
        """
        start = np.zeros(len(self.nodes))
        for node, weight in seeds.items():
            if node in self.index:
                start[self.index[node]] += weight
        if start.sum() <= 0:
            return start
        start /= start.sum()
        p = start.copy()
        for _ in range(steps):
            following = (1.0 - restart) * (self.transition @ p) + restart * start
            if np.abs(following - p).sum() < 1e-10:
                return following
            p = following
        return p

    def path(self, source: URIRef, targets: set[URIRef], *, limit: int = 6) -> tuple[URIRef, ...]:
        """A shortest chain of links from ``source`` to any of ``targets`` (empty if none)."""
        if source not in self.index:
            return ()
        goals = {self.index[t] for t in targets if t in self.index}
        start = self.index[source]
        parent = {start: -1}
        queue = deque([(start, 0)])
        indptr, indices = self.adjacency.indptr, self.adjacency.indices
        while queue:
            node, depth = queue.popleft()
            if node in goals:
                chain = []
                while node != -1:
                    chain.append(self.nodes[node])
                    node = parent[node]
                return tuple(reversed(chain))
            if depth >= limit:
                continue
            for neighbour in indices[indptr[node] : indptr[node + 1]].tolist():
                if neighbour not in parent:
                    parent[neighbour] = node
                    queue.append((neighbour, depth + 1))
        return ()

    # --------------------------------------------------------------- questions
    def label(self, node: URIRef) -> str:
        """What to call a node in a reason (looked up once if it is none of the usual kinds)."""
        for table in (self.concepts, self.titles):
            if node in table:
                return table[node]
        if node in self.campaigns:
            return self.campaigns[node].label
        if node not in self.records:
            store = self._store()
            rows = store.select("label_of", self._viewer, node=node) if store else []
            self.records[node] = Record(
                node, URIRef(""), min((str(r["label"]) for r in rows), default=local_name(node))
            )
        return self.records[node].label

    def actions_of(self, campaign: URIRef) -> set[URIRef]:
        return self.into[PRX.partOf].get(campaign, set())

    def lessons_of(self, campaign: URIRef) -> set[URIRef]:
        return {
            lesson for a in self.actions_of(campaign) for lesson in self.into[PRX.fromAction].get(a, set())
        }

    def campaign_text(self, campaign: URIRef) -> str:
        """The campaign's own words: its description, its actions' and lessons' labels and
        descriptions. One bound query per campaign, kept with the model; it also brings
        the labels and dates of the actions and lessons that reasons quote."""
        if campaign not in self._campaign_text:
            store = self._store()
            rows = store.select("suggest_campaign_records", self._viewer, campaign=campaign) if store else []
            words = []
            for r in sorted(rows, key=lambda r: (str(r["node"]), str(r["date"]))):
                self.records[r["node"]] = Record(
                    r["node"], r["kind"], r["label"] or local_name(r["node"]), r["date"]
                )
                words += [r["label"] or "", r["description"] or ""]
            self._campaign_text[campaign] = "\n".join(dict.fromkeys(w for w in words if w))
        return self._campaign_text[campaign]

    def mentioned_concepts(self, text: str) -> dict[URIRef, str]:
        """Concepts whose preferred or alternative label appears in ``text`` (stems in
        order), each with the words as the text writes them."""
        words = tokens(text)
        stems = [s for s, _ in words]
        found: dict[URIRef, str] = {}
        for length in sorted({len(p) for p in self.phrases}, reverse=True):
            for i in range(len(stems) - length + 1):
                for concept in sorted(self.phrases.get(tuple(stems[i : i + length]), ())):
                    found.setdefault(concept, " ".join(w for _, w in words[i : i + length]))
        return found


_CACHE: weakref.WeakKeyDictionary[PraxisStore, dict[tuple[int, str], Model]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def model_for(store: PraxisStore, viewer: Viewer) -> Model:
    """The model for this store's current generation and ``viewer``'s role, built if needed."""
    key = (store.generation, viewer.role.value)
    with _LOCK:
        models = _CACHE.setdefault(store, {})
        if key not in models:
            for stale in [k for k in models if k[0] != key[0]]:
                del models[stale]
            models[key] = Model(store, viewer)
        return models[key]


@lru_cache(maxsize=4)
def _text_index(documents: tuple[str, ...]) -> TextIndex:
    """The BM25 index of the readings (title twice, then abstract), reused while they are
    unchanged: recording a lesson does not rebuild it."""
    return TextIndex.build(documents)


def _level(concept: object) -> Visibility:
    try:
        return Visibility.from_concept(concept)
    except ValueError:
        return Visibility.PUBLIC
