"""Readings for a campaign: ranked, diverse, and each with reasons from the graph.

A reading's score combines three signals, each scaled to [0, 1] over the readings:

- **graph**: a random walk with restart (personalised PageRank) over typed, weighted
  links (:mod:`graph.suggest.model`): the concepts a campaign addresses, its actions
  and their methods, their lessons and what those support, challenge or qualify, the
  readings that discuss those concepts and claims, and the thesaurus (broader,
  narrower, related). The walk restarts at the campaign (three times in four) and at
  what its own lessons supported, challenged or qualified (once in four, since a
  lesson's findings say more about a campaign than a broad concept such as racism
  that hundreds of readings discuss). Readings the walk reaches often are close;
- **text**: BM25 (:mod:`graph.suggest.textindex`) between the campaign's own words (its
  description, its actions' and lessons' labels and descriptions) and each
  reading's title and abstract;
- **challenge**: a boost for readings behind concepts or claims that this campaign's
  own lessons challenged (1) or qualified (0.5): theory that practice says is worth
  revisiting.

``score = graph * w_graph + text * w_text + challenge * w_challenge`` (:class:`Weights`).
A reading with neither a path from the campaign nor a word in common scores zero and
is never suggested. The top of the list is then picked greedily for diversity (maximal
marginal relevance over the concepts readings discuss, and at most
``Weights.per_concept`` readings whose main link is the same concept), reasons are
built from the actual paths (:mod:`graph.suggest.reasons`), and readings the group
already read for the campaign (``prx:readFor``) are marked.

A campaign not in the graph yet is described by free text and optional concepts: the
walk restarts from those concepts (and, at half weight, from concepts whose labels the
text mentions) and the text is matched as the campaign's own words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from rdflib import URIRef

from graph.access import Permission, Viewer, require
from graph.errors import BadInput
from graph.namespaces import PRX
from graph.resolve import NodeKind, resolve
from graph.store import PraxisStore, Statement
from graph.suggest.model import CampaignInfo, Model, model_for
from graph.suggest.reasons import Reason, Seeds, explain

__all__ = [
    "Suggestion",
    "Weights",
    "campaign_choices",
    "concept_choices",
    "mark_read",
    "popularity",
    "reading_count",
    "resolve_campaign",
    "suggest",
    "unmark_read",
]


@dataclass(frozen=True)
class Weights:
    """How the signals combine. The defaults were tuned on ``bench/judgments.csv`` (README)."""

    graph: float = 0.7
    text: float = 0.3
    challenge: float = 0.15
    #: Probability that the walk jumps back to the campaign at each step.
    restart: float = 0.3
    #: Share of the restarts that go to what the campaign's own lessons supported, challenged
    #: or qualified (the rest go to the campaign itself).
    lessons: float = 0.25
    #: 0 ranks by score alone; towards 1 a reading sharing concepts with those above is pushed down.
    diversity: float = 0.3
    #: Most readings in the list whose main link to the campaign is the same concept or claim.
    per_concept: int = 5


@dataclass(frozen=True)
class Suggestion:
    """One suggested reading, its score, the parts it is made of and the reasons."""

    reading: URIRef
    title: str
    score: float
    reasons: tuple[str, ...]
    already_read: bool = False
    parts: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    explained: tuple[Reason, ...] = field(default=(), hash=False, compare=False)


def suggest(
    store: PraxisStore,
    viewer: Viewer,
    *,
    campaign: str | URIRef | None = None,
    text: str | None = None,
    concepts: Iterable[str | URIRef] = (),
    top: int = 10,
    weights: Weights | None = None,
) -> list[Suggestion]:
    """The ``top`` readings for ``campaign`` (IRI, local name or exact label), or for a
    campaign described by ``text`` and ``concepts``; best first."""
    weights = weights or Weights()
    model = model_for(store, viewer)
    if campaign is None and not (text and text.strip()) and not concepts:
        raise BadInput("say which campaign (its name or IRI), or describe it in words", source="campaign")
    chosen = frozenset(_concept(store, viewer, model, c) for c in concepts)
    target = resolve_campaign(store, viewer, campaign) if campaign is not None else None
    mentioned = {c: w for c, w in model.mentioned_concepts(text or "").items() if c not in chosen}
    seeds = Seeds(target, chosen, tuple(sorted(mentioned.items())))
    words = " ".join(filter(None, [model.campaign_text(target) if target else "", text or ""]))
    query = model.text.query(words)
    start = {node: 1.0 for node in chosen} | {node: 0.5 for node in mentioned}
    if target is not None:
        start.update(_restart_from(model, target, weights.lessons))
    mass = model.walk(start, restart=weights.restart)
    graph = _reading_scores(model, mass)
    text_part = model.text.scores(query)
    challenge = _challenge(model, target)
    score = weights.graph * graph + weights.text * text_part + weights.challenge * challenge
    read = model.read_for.get(target, set()) if target else set()
    picked = _diverse(model, mass, score, top, weights)
    found = []
    for row in picked:
        reading = model.readings[row]
        reasons = explain(model, reading, seeds, query, reachable=bool(graph[row] > 0))
        parts = {
            "graph": float(graph[row]),
            "text": float(text_part[row]),
            "challenge": float(challenge[row]),
        }
        found.append(
            Suggestion(
                reading,
                model.titles[reading],
                round(float(score[row]), 6),
                tuple(r.text for r in reasons),
                reading in read,
                parts,
                reasons,
            )
        )
    return found


def resolve_campaign(store: PraxisStore, viewer: Viewer, ident: str | URIRef) -> URIRef:
    """A campaign the viewer can see, named by IRI, prefixed or local name
    (``px:campaign-housing``, ``campaign-housing``, ``housing``) or exact label
    (:func:`graph.resolve.resolve`; an IRI already known skips the lookup)."""
    text = str(ident).strip()
    if _looks_like_iri(text) and URIRef(text) in model_for(store, viewer).campaigns:
        return URIRef(text)
    return resolve(store, viewer, text, NodeKind.CAMPAIGN)


def campaign_choices(store: PraxisStore, viewer: Viewer, *, active_only: bool = False) -> list[CampaignInfo]:
    """Campaigns the viewer can see (active ones first), for a picker."""
    campaigns = model_for(store, viewer).campaigns.values()
    chosen = [c for c in campaigns if c.active or not active_only]
    return sorted(chosen, key=lambda c: (not c.active, c.label.casefold()))


def concept_choices(store: PraxisStore, viewer: Viewer) -> list[tuple[URIRef, str]]:
    """Concepts that some reading can be reached from, as ``(iri, label)``, by label."""
    model = model_for(store, viewer)
    return sorted(
        ((c, label) for c, label in model.concepts.items() if c in model.index), key=lambda p: p[1].casefold()
    )


def reading_count(store: PraxisStore, viewer: Viewer) -> int:
    """How many readings the viewer can see (the page says so when there are none)."""
    return len(model_for(store, viewer).readings)


def popularity(store: PraxisStore, viewer: Viewer) -> dict[URIRef, float]:
    """How linked each reading is (concepts and claims it discusses, claims drawn from it):
    the popularity baseline of ``bench/eval_suggest.py``."""
    model = model_for(store, viewer)
    return {r: float(model.degree[model.index[r]]) if r in model.index else 0.0 for r in model.readings}


def mark_read(store: PraxisStore, viewer: Viewer, *, reading: URIRef, campaign: URIRef) -> bool:
    """Record that the group read ``reading`` for ``campaign`` (False if it already was).

    The statement goes to the stricter of the two records' visibility levels, so a
    members-only campaign's reading list stays with members."""
    model = model_for(store, viewer)
    reading, campaign = URIRef(str(reading)), URIRef(str(campaign))
    statement = _read_for(model, viewer, reading, campaign)
    if reading in model.read_for.get(campaign, set()):
        return False
    store.write([statement], viewer=viewer)
    return True


def unmark_read(store: PraxisStore, viewer: Viewer, *, reading: URIRef, campaign: URIRef) -> bool:
    """Undo :func:`mark_read` (False if the reading was not marked)."""
    model = model_for(store, viewer)
    reading, campaign = URIRef(str(reading)), URIRef(str(campaign))
    statement = _read_for(model, viewer, reading, campaign)
    if reading not in model.read_for.get(campaign, set()):
        return False
    store.write(removals=[statement], viewer=viewer)
    return True


def _read_for(model: Model, viewer: Viewer, reading: URIRef, campaign: URIRef) -> Statement:
    require(viewer, Permission.MARK_READ)
    if campaign not in model.campaigns:
        raise BadInput(f"{campaign} is not a campaign you can see", source="campaign")
    if reading not in model.titles:
        raise BadInput(f"{reading} is not a reading you can see", source="reading")
    levels = (model.campaigns[campaign].visibility, model.reading_levels[reading])
    level = max(levels, key=lambda v: v.rank)
    return Statement(reading, PRX.readFor, campaign, level)


def _concept(store: PraxisStore, viewer: Viewer, model: Model, ident: str | URIRef) -> URIRef:
    text = str(ident).strip()
    if _looks_like_iri(text) and URIRef(text) in model.index:
        return URIRef(text)
    return resolve(store, viewer, text, NodeKind.CONCEPT)


def _looks_like_iri(text: str) -> bool:
    return text.startswith(("http://", "https://")) and not any(c.isspace() for c in text)


def _restart_from(model: Model, campaign: URIRef, share: float) -> dict[URIRef, float]:
    """The campaign, and (``share`` of the restarts) the concepts and claims its lessons found."""
    found: Counter = Counter()
    for lesson in model.lessons_of(campaign):
        for stance in (PRX.supports, PRX.challenges, PRX.qualifies):
            found.update(model.out[stance].get(lesson, ()))
    if not found or share <= 0:
        return {campaign: 1.0}
    total = sum(found.values())
    return {campaign: 1.0 - share} | {node: share * n / total for node, n in found.items()}


def _reading_scores(model: Model, mass: np.ndarray) -> np.ndarray:
    nodes = model.reading_nodes
    scores = np.where(nodes >= 0, mass[np.maximum(nodes, 0)], 0.0) if len(nodes) else np.zeros(0)
    best = scores.max() if scores.size else 0.0
    return scores / best if best > 0 else scores


def _challenge(model: Model, campaign: URIRef | None) -> np.ndarray:
    """1 for readings behind what the campaign's lessons challenged, 0.5 qualified, else 0."""
    boost = np.zeros(len(model.readings))
    if campaign is None:
        return boost
    for stance, value in ((PRX.challenges, 1.0), (PRX.qualifies, 0.5)):
        for lesson in model.lessons_of(campaign):
            for target in model.out[stance].get(lesson, ()):
                behind = model.into[PRX.discusses].get(target, set()) | model.out[PRX.fromReading].get(
                    target, set()
                )
                for reading in behind:
                    if reading in model.row:
                        boost[model.row[reading]] = max(boost[model.row[reading]], value)
    return boost


def _diverse(model: Model, mass: np.ndarray, score: np.ndarray, top: int, weights: Weights) -> list[int]:
    """Greedy maximal marginal relevance over discussed concepts, with a per-concept cap."""
    order = [int(i) for i in np.argsort(-score, kind="stable") if score[i] > 0][: max(top * 5, 50)]
    topics = {i: _topics(model, model.readings[i]) for i in order}
    main = {
        i: max(
            topics[i], key=lambda t: (mass[model.index[t]] if t in model.index else 0.0, str(t)), default=None
        )
        for i in order
    }
    picked: list[int] = []
    used: Counter = Counter()
    while order and len(picked) < top:
        capped = [i for i in order if main[i] is None or used[main[i]] < weights.per_concept] or order

        def value(i: int) -> float:
            overlap = max((_jaccard(topics[i], topics[j]) for j in picked), default=0.0)
            return score[i] * (1.0 - weights.diversity * overlap)

        best = max(capped, key=lambda i: (value(i), -order.index(i)))
        picked.append(best)
        order.remove(best)
        used[main[best]] += 1
    return picked


def _topics(model: Model, reading: URIRef) -> set[URIRef]:
    return set(model.out[PRX.discusses].get(reading, ()))


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
