"""The graph the readings-for-a-campaign ranking walks, built once and kept up to date on writes.

:mod:`graph.suggest.ranking` answers "what should we read for this campaign?" in well
under a tenth of a second. That is possible because everything that does not
depend on the question is built here once, from a few named queries
(``graph/store/queries/suggest_*.rq``):

- the typed links between campaigns, actions, lessons, claims, readings and
  concepts, as a weighted, symmetric ``scipy.sparse`` matrix (a campaign is a
  sink if links keep their direction, so each link is walked both ways) and its
  column-stochastic transition matrix for the random walk;
- the same links as Python sets by property, so reasons can name real paths;
- how common each word is across the graph's texts (readings, concept definitions,
  campaigns, actions and lessons: :class:`~graph.suggest.textindex.Background`), the
  BM25 index of readings' titles and abstracts, the concept labels free text is read
  against (:class:`~graph.suggest.readas.LabelIndex`) and the words of past campaigns
  and lessons (:mod:`graph.suggest.pastwork`);
- labels, dates and descriptions for reasons, and which readings were read for
  which campaign (``prx:readFor``).

Models are cached per store object and viewer role (a visitor's model never holds a
members-only record), behind a lock. A write through the store moves its generation on;
the next request asks the store which records the writes touched
(:meth:`~graph.store.PraxisStore.touched_since`), reads those records' links and words
again with the same viewer, and makes a new model that shares everything else
(:meth:`Model.updated`): recording a lesson at a million statements costs a few reads
and a sparse-matrix sum, not a rebuild from 175,000 links. An import, a restore or a
change to concepts or readings' texts rebuilds.

>>> EDGE_WEIGHTS[PRX.challenges] > EDGE_WEIGHTS[SKOS.related]
True
"""

from __future__ import annotations

import copy
import threading
import weakref
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from rdflib import URIRef

from graph.access import Viewer, Visibility
from graph.labels import language_rank, local_name
from graph.namespaces import PRX, SCHEME, SKOS
from graph.store import PraxisStore
from graph.suggest.pastwork import RecordIndex
from graph.suggest.readas import LabelIndex, MatchKind
from graph.suggest.textindex import Background, TextIndex

__all__ = ["EDGE_WEIGHTS", "CampaignInfo", "Model", "PastWork", "Record", "model_for"]

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

#: A write touching more records than this rebuilds the model rather than updating it.
MOST_TOUCHED = 2000
_NOT_IDEAS = {SCHEME["visibility"]}  # record-keeping levels ("Public"), not ideas to read about


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


@dataclass(frozen=True)
class PastWork:
    """The words of past campaigns (with their actions') and of lessons, to compare a
    description with."""

    campaigns: RecordIndex
    lessons: RecordIndex


class Model:
    """Everything a suggestion needs that does not depend on the question."""

    generation: int

    def __init__(self, store: PraxisStore, viewer: Viewer, generation: int | None = None):
        self.generation = store.generation if generation is None else generation
        self._store, self._viewer = weakref.ref(store), viewer
        names = ("suggest_edges", "suggest_texts", "suggest_readings", "suggest_concepts")
        names += ("withdrawn_lessons", "suggest_campaigns", "suggest_claims", "suggest_read_for")
        # independent reads, run together (the longest first); each is let go once used
        read = store.select_together(viewer, {name: (name, {}) for name in names})
        self.withdrawn = frozenset(r["lesson"] for r in read.pop("withdrawn_lessons"))
        edges = {(r["s"], r["p"], r["o"]) for r in read.pop("suggest_edges")}
        edges = {edge for edge in edges if edge[0] not in self.withdrawn}
        self.out: dict[URIRef, dict[URIRef, set[URIRef]]] = {p: {} for p in EDGE_WEIGHTS}
        self.into: dict[URIRef, dict[URIRef, set[URIRef]]] = {p: {} for p in EDGE_WEIGHTS}
        for s, p, o in edges:
            self.out[p].setdefault(s, set()).add(o)
            self.into[p].setdefault(o, set()).add(s)
        self._build_matrix(edges)
        self.campaigns = {r["campaign"]: _campaign(r) for r in read.pop("suggest_campaigns")}
        self.records: dict[URIRef, Record] = {
            r["claim"]: Record(r["claim"], PRX.Claim, r["label"] or local_name(r["claim"]))
            for r in read.pop("suggest_claims")
        }
        self._concepts_from(read.pop("suggest_concepts"))
        self.texts = {
            r["node"]: (r["kind"], _words(r["label"], r["description"]))
            for r in read.pop("suggest_texts")
            if r["node"] not in self.withdrawn
        }
        self.rows = {r["reading"]: r for r in read.pop("suggest_readings")}
        self.background = Background.count(self._background_texts())
        self._readings_from(self.rows)
        self.read_for: dict[URIRef, set[URIRef]] = {}
        for r in read.pop("suggest_read_for"):
            self.read_for.setdefault(r["campaign"], set()).add(r["reading"])
        self._campaign_text: dict[URIRef, str] = {}
        self._past: PastWork | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ parts
    def _concepts_from(self, rows: list[dict[str, Any]]) -> None:
        facts: dict[URIRef, dict[str, list]] = {}
        for r in rows:
            facts.setdefault(r["concept"], {}).setdefault(r["field"], []).append((r["text"], r["lang"]))
        self.concepts: dict[URIRef, str] = {}
        self.concept_kinds: dict[URIRef, MatchKind] = {}
        self.definitions: list[str] = []
        labels = []
        for concept, fact in facts.items():
            schemes = {str(s) for s, _ in fact.get("scheme", [])}
            if schemes & {str(s) for s in _NOT_IDEAS}:
                continue
            preferred = sorted(fact.get("pref", []), key=lambda pair: (language_rank(pair[1]), str(pair[0])))
            if preferred:
                self.concepts[concept] = str(preferred[0][0])
            classes = {str(c) for c, _ in fact.get("class", [])}
            if str(PRX.Skill) in classes:
                kind = MatchKind.SKILL
            elif str(PRX.Indicator) in classes:
                kind = MatchKind.INDICATOR
            elif fact.get("notation") and str(SCHEME["strategy"]) in schemes:
                kind = MatchKind.METHOD  # Sharp's methods carry his number
            else:
                kind = MatchKind.CONCEPT
            self.concept_kinds[concept] = kind
            for field in ("pref", "alt"):
                labels += [(concept, str(text), lang) for text, lang in fact.get(field, [])]
            self.definitions += [str(text) for text, _ in fact.get("definition", [])]
        self.labels = LabelIndex.build(labels)

    def _background_texts(self) -> list[str]:
        readings = [f"{r['title'] or ''} {r['abstract'] or ''}" for r in self.rows.values()]
        return readings + self.definitions + [text for _, text in self.texts.values()]

    def _readings_from(self, rows: dict[URIRef, dict[str, Any]]) -> None:
        self.readings: list[URIRef] = sorted(rows)
        self.row = {reading: i for i, reading in enumerate(self.readings)}
        self.titles = {r: rows[r]["title"] or local_name(r) for r in self.readings}
        self.reading_levels = {r: _level(rows[r]["visibility"]) for r in self.readings}
        self.text = _text_index(
            tuple(f"{self.titles[r]}. {self.titles[r]}. {rows[r]['abstract'] or ''}" for r in self.readings)
        )
        self.reading_nodes = np.array([self.index.get(r, -1) for r in self.readings], dtype=int)

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
        self._set_adjacency(sparse.csr_matrix((values, (rows, cols)), shape=(size, size)))

    def _set_adjacency(self, adjacency) -> None:
        from scipy import sparse

        self.adjacency = adjacency
        degree = np.asarray(adjacency.sum(axis=0)).ravel()
        self.degree = degree
        inverse = np.divide(1.0, degree, out=np.zeros_like(degree), where=degree > 0)
        self.transition = (adjacency @ sparse.diags(inverse)).tocsr()

    def _weight(self, a: URIRef, b: URIRef) -> float:
        """The weight of the link between two nodes: the strongest link either way."""
        return max(
            (
                w
                for p, w in EDGE_WEIGHTS.items()
                if b in self.out[p].get(a, ()) or a in self.out[p].get(b, ())
            ),
            default=0.0,
        )

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

    def link(self, a: URIRef, b: URIRef) -> tuple[URIRef, bool] | None:
        """The kind of link between two neighbours on a path, and whether it runs from ``a``
        to ``b`` (``True``) or from ``b`` to ``a``; the strongest if there are several."""
        found = [
            (w, p, forward)
            for p, w in EDGE_WEIGHTS.items()
            for forward, (s, o) in ((True, (a, b)), (False, (b, a)))
            if o in self.out[p].get(s, ())
        ]
        if not found:
            return None
        _, p, forward = max(found, key=lambda item: (item[0], item[2], str(item[1])))
        return p, forward

    # --------------------------------------------------------------- questions
    def label(self, node: URIRef) -> str:
        """What to call a node in a reason (looked up once if it is none of the usual kinds)."""
        for table in (self.concepts, self.titles):
            if node in table:
                return table[node]
        if node in self.campaigns:
            return self.campaigns[node].label
        if node not in self.records:
            if node in self.texts:
                kind, text = self.texts[node]
                self.records[node] = Record(node, kind, text.split("\n", 1)[0] or local_name(node))
            else:
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

    def campaign_of(self, node: URIRef) -> URIRef | None:
        """The campaign an action or lesson belongs to (or the campaign itself)."""
        if node in self.campaigns:
            return node
        for action in {node} | self.out[PRX.fromAction].get(node, set()):
            for campaign in sorted(self.out[PRX.partOf].get(action, set())):
                return campaign
        return None

    def campaign_text(self, campaign: URIRef) -> str:
        """The campaign's own words: its description, its actions' and lessons' labels and
        descriptions. One bound query per campaign, kept with the model; it also brings
        the labels and dates of the actions and lessons that reasons quote."""
        if campaign not in self._campaign_text:
            store = self._store()
            rows = store.select("suggest_campaign_records", self._viewer, campaign=campaign) if store else []
            words = []
            for r in sorted(rows, key=lambda r: (str(r["node"]), str(r["date"]))):
                if r["node"] in self.withdrawn:
                    continue
                self.records[r["node"]] = Record(
                    r["node"], r["kind"], r["label"] or local_name(r["node"]), r["date"]
                )
                words += [r["label"] or "", r["description"] or ""]
            self._campaign_text[campaign] = "\n".join(dict.fromkeys(w for w in words if w))
        return self._campaign_text[campaign]

    def past(self) -> PastWork:
        """The words of past campaigns and lessons (made on first use, then kept up to date)."""
        with self._lock:
            if self._past is None:
                self._past = _past_work(self)
            return self._past

    # ----------------------------------------------------------------- writes
    def updated(self, store: PraxisStore, touched: frozenset) -> Model | None:
        """A model for the store's current generation, from this one and the records
        written since (``touched``); ``None`` when a rebuild is simpler (concepts or
        readings' texts changed, or too much did)."""
        from scipy import sparse

        if len(touched) > MOST_TOUCHED or touched & self.concepts.keys():
            return None
        viewer = self._viewer
        nodes = frozenset(t for t in touched if isinstance(t, URIRef))
        bound = {
            "edges": ("suggest_edges", {"s": nodes}),
            "texts": ("suggest_texts", {"node": nodes}),
            "withdrawn": ("withdrawn_lessons", {"lesson": nodes}),
            "readings": ("suggest_readings", {"reading": nodes}),
            "campaigns": ("suggest_campaigns", {"campaign": nodes}),
            "claims": ("suggest_claims", {"claim": nodes}),
            "read_for": ("suggest_read_for", {"reading": nodes}),
            "concepts": ("suggest_concepts", {"concept": nodes}),
        }
        read = store.select_together(viewer, bound)
        if read["concepts"]:
            return None  # a new concept, skill or indicator: its labels change how text is read
        rows = {r["reading"]: r for r in read["readings"]}
        if rows.keys() - self.rows.keys() or (nodes & self.rows.keys()) - rows.keys():
            return None  # a reading came or went: the text index changes
        if any(
            (r["title"], r["abstract"]) != (self.rows[n]["title"], self.rows[n]["abstract"])
            for n, r in rows.items()
        ):
            return None

        new = copy.copy(self)
        new.generation = store.generation
        new._lock = threading.Lock()
        new._campaign_text = {}
        withdrawn = (self.withdrawn - nodes) | {r["lesson"] for r in read["withdrawn"]}
        new.withdrawn = frozenset(withdrawn)
        # the links: what the touched records say now, against what they said
        before = {(s, p, o) for p in EDGE_WEIGHTS for s in nodes for o in self.out[p].get(s, ())}
        after = {(r["s"], r["p"], r["o"]) for r in read["edges"] if r["s"] not in withdrawn}
        gone, came = before - after, after - before
        moved = {p for _, p, _ in gone | came}
        new.out = {p: dict(links) if p in moved else links for p, links in self.out.items()}
        new.into = {p: dict(links) if p in moved else links for p, links in self.into.items()}
        for s, p, o in gone:
            new.out[p][s] = new.out[p][s] - {o}
            new.into[p][o] = new.into[p][o] - {s}
        for s, p, o in came:
            new.out[p][s] = new.out[p].get(s, set()) | {o}
            new.into[p][o] = new.into[p].get(o, set()) | {s}
        if gone or came:
            fresh = sorted({n for s, _, o in came for n in (s, o)} - self.index.keys(), key=str)
            new.nodes = self.nodes + fresh
            new.index = dict(self.index)
            new.index.update({node: len(self.nodes) + i for i, node in enumerate(fresh)})
            size = len(new.nodes)
            pairs = {tuple(sorted((s, o), key=str)) for s, _, o in gone | came if s != o}
            rows_, cols, values = [], [], []
            for a, b in pairs:
                i, j = new.index[a], new.index[b]
                old = self.adjacency[i, j] if i < len(self.nodes) and j < len(self.nodes) else 0.0
                change = new._weight(a, b) - old
                if change:
                    rows_ += [i, j]
                    cols += [j, i]
                    values += [change, change]
            adjacency = self.adjacency
            if fresh:
                adjacency = adjacency.copy()
                adjacency.resize((size, size))
            delta = sparse.csr_matrix((values, (rows_, cols)), shape=(size, size))
            summed = (adjacency + delta).tocsr()
            summed.eliminate_zeros()
            new._set_adjacency(summed)
            new.reading_nodes = np.array([new.index.get(r, -1) for r in self.readings], dtype=int)
        # the records reasons and pickers name
        new.campaigns = {c: info for c, info in self.campaigns.items() if c not in nodes}
        new.campaigns.update({r["campaign"]: _campaign(r) for r in read["campaigns"]})
        new.records = {n: r for n, r in self.records.items() if n not in nodes}
        new.records.update(
            {
                r["claim"]: Record(r["claim"], PRX.Claim, r["label"] or local_name(r["claim"]))
                for r in read["claims"]
            }
        )
        if rows:
            new.rows = {**self.rows, **rows}
            new.reading_levels = {**self.reading_levels}
            new.reading_levels.update({r: _level(rows[r]["visibility"]) for r in rows})
        new.read_for = {c: {r for r in rs if r not in nodes} for c, rs in self.read_for.items()}
        for r in read["read_for"]:
            new.read_for.setdefault(r["campaign"], set()).add(r["reading"])
        # the words of campaigns, actions and lessons
        texts = {r["node"]: (r["kind"], _words(r["label"], r["description"])) for r in read["texts"]}
        texts = {n: t for n, t in texts.items() if n not in withdrawn}
        changed = {n for n in nodes if self.texts.get(n) != texts.get(n)}
        if changed:
            new.texts = {n: t for n, t in self.texts.items() if n not in changed}
            new.texts.update({n: texts[n] for n in changed if n in texts})
            old_words = [self.texts[n][1] for n in changed if n in self.texts]
            new_words = [texts[n][1] for n in changed if n in texts]
            new.background = self.background.adjusted(old_words, new_words)
        new._past = None
        if self._past is not None:
            new._past = _past_changed(new, self, self._past, changed, gone | came)
        return new


def _campaign_words(model: Model, campaign: URIRef) -> str:
    """A campaign's name and description, then its actions' names and descriptions."""
    actions = sorted(model.actions_of(campaign), key=str)
    return "\n".join([model.texts[campaign][1]] + [model.texts[a][1] for a in actions if a in model.texts])


def _kind(model: Model, node: URIRef) -> URIRef | None:
    return model.texts[node][0] if node in model.texts else None


def _past_work(model: Model) -> PastWork:
    campaigns = {n: _campaign_words(model, n) for n, (kind, _) in model.texts.items() if kind == PRX.Campaign}
    lessons = {n: words for n, (kind, words) in model.texts.items() if kind == PRX.Lesson}
    return PastWork(RecordIndex.build(campaigns), RecordIndex.build(lessons))


def _past_changed(model: Model, before: Model, past: PastWork, changed: set, links: set) -> PastWork:
    """The past work after a write: the lessons whose words changed, and the campaigns
    whose own words or actions changed (an action's words, or which campaign it is in)."""
    lessons = {n for n in changed if PRX.Lesson in (_kind(model, n), _kind(before, n))}
    campaigns: set[URIRef] = set()
    for node in changed | {s for s, p, _ in links if p == PRX.partOf}:
        kinds = (_kind(model, node), _kind(before, node))
        if PRX.Campaign in kinds:
            campaigns.add(node)
        elif PRX.Action in kinds:
            campaigns |= model.out[PRX.partOf].get(node, set()) | before.out[PRX.partOf].get(node, set())
    return PastWork(
        past.campaigns.changed(
            campaigns, {c: _campaign_words(model, c) for c in campaigns if _kind(model, c) == PRX.Campaign}
        ),
        past.lessons.changed(
            lessons, {n: model.texts[n][1] for n in lessons if _kind(model, n) == PRX.Lesson}
        ),
    )


def _campaign(row: dict[str, Any]) -> CampaignInfo:
    return CampaignInfo(
        row["campaign"],
        row["label"] or local_name(row["campaign"]),
        row["status"] == PRX.Active,
        _level(row["visibility"]),
    )


def _words(label: Any, description: Any) -> str:
    return "\n".join(str(part) for part in (label, description) if part)


_CACHE: weakref.WeakKeyDictionary[PraxisStore, dict[str, Model]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def model_for(store: PraxisStore, viewer: Viewer) -> Model:
    """The model for this store's current generation and ``viewer``'s role: kept, updated
    from the records written since it was made, or built."""
    role = viewer.role.value
    with _LOCK:
        models = _CACHE.setdefault(store, {})
        model = models.get(role)
        if model is not None and model.generation == store.generation:
            return model
        generation = store.generation
        updated = None
        if model is not None:
            touched = store.touched_since(model.generation)
            if touched is not None:
                updated = model.updated(store, touched)
        model = updated or Model(store, viewer, generation)
        model.generation = generation
        models[role] = model
        return model


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
