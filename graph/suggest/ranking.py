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
  reading's title and abstract, counting only words that are not common across the
  graph's texts. Words alone never carry a reading: unless it shares at least two
  rare words with the campaign, its words count for no more than its links do;
- **challenge**: a boost for readings behind concepts or claims that this campaign's
  own lessons challenged (1) or qualified (0.5): theory that practice says is worth
  revisiting.

``score = graph * w_graph + text * w_text + challenge * w_challenge`` (:class:`Weights`).
A reading with neither a path from the campaign nor a word in common scores zero and
is never suggested. The top of the list is then picked greedily for variety (maximal
marginal relevance over the concepts readings discuss, and a reading whose main link
is a concept already behind ``Weights.per_concept`` picks counts a tenth): each
suggestion keeps the value it was picked on (``ranked_on``), which never rises down
the list, so the list is in the order of what it shows. Reasons are built from the
actual paths (:mod:`graph.suggest.reasons`), and readings the group already read for
the campaign (``prx:readFor``) are marked.

A campaign not in the graph yet is described by free text: the text is first read as
concepts, methods, past campaigns and lessons (:func:`read_text`, "Read as: ..."),
which a person may change; the walk then restarts from what is left, and the text is
matched as the campaign's own words.
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
from graph.suggest.readas import Match, MatchKind, ReadAs, read_as
from graph.suggest.reasons import Reason, Seeds, explain

__all__ = [
    "Suggestion",
    "Weights",
    "campaign_choices",
    "concept_choices",
    "mark_read",
    "popularity",
    "read_for_statement",
    "read_text",
    "reading_count",
    "resolve_campaign",
    "suggest",
    "unmark_read",
]

#: What a reading over the per-concept cap keeps of its value.
OVER_CAP = 0.1


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
    #: For a description: restarts at a past campaign it resembles, against 1 for a concept it names.
    past: float = 0.25
    #: 0 ranks by score alone; towards 1 a reading sharing concepts with those above is pushed down.
    diversity: float = 0.3
    #: Most readings in the list whose main link to the campaign is the same concept or claim.
    per_concept: int = 5


@dataclass(frozen=True)
class Suggestion:
    """One suggested reading: its score, the parts it is made of, the value its place in
    the list was decided on, and the reasons."""

    reading: URIRef
    title: str
    score: float
    reasons: tuple[str, ...]
    already_read: bool = False
    parts: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    explained: tuple[Reason, ...] = field(default=(), hash=False, compare=False)
    #: The score after the variety step, which decided the place (never rises down the list).
    ranked_on: float = 0.0
    #: The place (from 1) of the suggestion above it that it shares most concepts with, if
    #: that lowered it.
    lowered_by: int | None = None

    #: What each signal adds to the score (its part times its weight): the score is their sum.
    adds: dict[str, float] = field(default_factory=dict, hash=False, compare=False)

    def basis(self) -> str:
        """What its place rests on, in words: "ranked on 0.43: its score 0.46 (links 0.16 +
        words 0.15 + worth revisiting 0.15), lowered as it shares concepts with #4"."""
        names = (("graph", "links"), ("text", "words"), ("challenge", "worth revisiting"))
        made = " + ".join(f"{label} {self.adds[key]:.2f}" for key, label in names if self.adds.get(key))
        if self.lowered_by is not None and self.ranked_on < self.score - 5e-7:
            made = f" ({made})" if made else ""
            return (
                f"ranked on {self.ranked_on:.2f}: its score {self.score:.2f}{made}, "
                f"lowered as it shares concepts with #{self.lowered_by}"
            )
        return f"ranked on {self.ranked_on:.2f} = {made}" if made else f"ranked on {self.ranked_on:.2f}"


def read_text(
    store: PraxisStore,
    viewer: Viewer,
    text: str,
    *,
    concepts: Iterable[str | URIRef] = (),
    removed: Iterable[str | URIRef] = (),
    leave_out: frozenset = frozenset(),
) -> ReadAs:
    """What ``text`` was read as (:mod:`graph.suggest.readas`), with ``concepts`` a person
    added (labels, prefixed names or IRIs) and the matches they ``removed`` taken off.
    ``leave_out``: records never to offer (the evaluation's own campaign)."""
    model = model_for(store, viewer)
    found = read_as(model, text or "", leave_out=leave_out)
    gone = {_node(store, viewer, model, r) for r in removed}
    added = []
    for ident in concepts:
        node = _concept(store, viewer, model, ident)
        kind = model.concept_kinds.get(node, MatchKind.CONCEPT)
        added.append(Match(node, kind, model.label(node), added=True))
    return found.adding(added).without(gone)


def suggest(
    store: PraxisStore,
    viewer: Viewer,
    *,
    campaign: str | URIRef | None = None,
    text: str | None = None,
    concepts: Iterable[str | URIRef] = (),
    removed: Iterable[str | URIRef] = (),
    reading: ReadAs | None = None,
    top: int = 10,
    weights: Weights | None = None,
    leave_out: frozenset = frozenset(),
    reasons: bool = True,
) -> list[Suggestion]:
    """The ``top`` readings for ``campaign`` (IRI, local name or exact label), or for a
    campaign described by ``text``, best first.

    A description is read with :func:`read_text` (``concepts`` added, ``removed`` taken
    off), unless ``reading`` gives what it was read as already. ``reasons=False`` leaves
    the reasons out (the evaluation ranks thousands of times)."""
    weights = weights or Weights()
    model = model_for(store, viewer)
    concepts, removed = tuple(concepts), tuple(removed)
    if campaign is None and not (text and text.strip()) and not concepts and reading is None:
        raise BadInput("say which campaign (its name or IRI), or describe it in words", source="campaign")
    target = resolve_campaign(store, viewer, campaign) if campaign is not None else None
    if target is None and reading is None:
        reading = read_text(
            store, viewer, text or "", concepts=concepts, removed=removed, leave_out=leave_out
        )
    seeds = Seeds(target, reading)
    words = model.campaign_text(target) if target is not None else (reading.text if reading else "")
    query = model.text.query(words, model.background)
    if target is not None:
        start = _restart_from(model, target, weights.lessons)
    else:
        start = _restart_from_reading(reading, weights.past)
    mass = model.walk(start, restart=weights.restart)
    graph = _reading_scores(model, mass)
    challenge = _challenge(model, target)
    text_part = _words_that_count(model, query, weights, graph, challenge)
    score = weights.graph * graph + weights.text * text_part + weights.challenge * challenge
    read = model.read_for.get(target, set()) if target else set()
    picked = _diverse(model, mass, score, top, weights)
    found = []
    for row, ranked_on, lowered_by in picked:
        item = model.readings[row]
        why = explain(model, item, seeds, query, reachable=bool(graph[row] > 0)) if reasons else ()
        parts = {
            "graph": float(graph[row]),
            "text": float(text_part[row]),
            "challenge": float(challenge[row]),
        }
        adds = {
            "graph": weights.graph * parts["graph"],
            "text": weights.text * parts["text"],
            "challenge": weights.challenge * parts["challenge"],
        }
        found.append(
            Suggestion(
                item,
                model.titles[item],
                round(float(score[row]), 6),
                tuple(r.text for r in why),
                item in read,
                parts,
                why,
                round(float(ranked_on), 6),
                lowered_by,
                adds,
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


def read_for_statement(
    store: PraxisStore, viewer: Viewer, *, reading: URIRef, campaign: URIRef
) -> tuple[Statement, bool]:
    """The ``reading prx:readFor campaign`` statement (at the stricter of the two levels)
    and whether it is stored already, for a write that adds it with other statements
    (:func:`graph.programme.next_session.add_to_next_session`)."""
    model = model_for(store, viewer)
    reading, campaign = URIRef(str(reading)), URIRef(str(campaign))
    statement = _read_for(model, viewer, reading, campaign)
    return statement, reading in model.read_for.get(campaign, set())


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
    if _looks_like_iri(text) and (URIRef(text) in model.index or URIRef(text) in model.concepts):
        return URIRef(text)
    return resolve(store, viewer, text, NodeKind.CONCEPT)


def _node(store: PraxisStore, viewer: Viewer, model: Model, ident: str | URIRef) -> URIRef:
    """A match to take off: an IRI as given, else a concept or a campaign by name."""
    text = str(ident).strip()
    if _looks_like_iri(text):
        return URIRef(text)
    try:
        return _concept(store, viewer, model, text)
    except BadInput:
        return resolve_campaign(store, viewer, text)


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


def _restart_from_reading(reading: ReadAs | None, past: float) -> dict[URIRef, float]:
    """What a description was read as: each concept it names (or a person added) 1, each
    past campaign or lesson it resembles ``past`` times its likeness (a lesson half that)."""
    start: dict[URIRef, float] = {}
    for match in reading.matches if reading else ():
        weight = match.weight * (past if not match.kind.from_labels else 1.0)
        start[match.node] = start.get(match.node, 0.0) + weight
    return start


def _reading_scores(model: Model, mass: np.ndarray) -> np.ndarray:
    nodes = model.reading_nodes
    scores = np.where(nodes >= 0, mass[np.maximum(nodes, 0)], 0.0) if len(nodes) else np.zeros(0)
    best = scores.max() if scores.size else 0.0
    return scores / best if best > 0 else scores


def _words_that_count(
    model: Model, query, weights: Weights, graph: np.ndarray, challenge: np.ndarray
) -> np.ndarray:
    """The text signal, where words alone never carry a reading: a reading whose shared
    words are not rare and specific keeps at most as much from words as from its links."""
    text = model.text.scores(query)
    if not weights.text or not weights.graph:
        return text  # no links to weigh words against (the text-only baseline)
    # compared as weighted scores, not divided first: a text weight near zero overflowed
    linked = weights.graph * graph + weights.challenge * challenge
    for row in np.flatnonzero(weights.text * text > linked):
        if not model.text.specific(int(row), query):
            text[row] = linked[row] / weights.text  # below text[row]: it cannot overflow
    return text


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


def _diverse(
    model: Model, mass: np.ndarray, score: np.ndarray, top: int, weights: Weights
) -> list[tuple[int, float, int | None]]:
    """Greedy maximal marginal relevance over discussed concepts, with a per-concept cap:
    ``(row, the value it was picked on, the place of the pick it overlaps most)``.

    Each candidate's value only falls as picks are made, and the best is picked each
    time, so the values picked on never rise down the list."""
    order = [int(i) for i in np.argsort(-score, kind="stable") if score[i] > 0][: max(top * 5, 50)]
    topics = {i: _topics(model, model.readings[i]) for i in order}
    main = {
        i: max(
            topics[i], key=lambda t: (mass[model.index[t]] if t in model.index else 0.0, str(t)), default=None
        )
        for i in order
    }
    picked: list[tuple[int, float, int | None]] = []
    used: Counter = Counter()

    def value(i: int) -> tuple[float, int | None]:
        overlaps = [(_jaccard(topics[i], topics[j]), place) for place, (j, _, _) in enumerate(picked, 1)]
        overlap, place = max(overlaps, key=lambda pair: (pair[0], -pair[1]), default=(0.0, None))
        capped = main[i] is not None and used[main[i]] >= weights.per_concept
        worth = score[i] * (1.0 - weights.diversity * overlap) * (OVER_CAP if capped else 1.0)
        return worth, place if overlap > 0 else None

    while order and len(picked) < top:
        values = {i: value(i) for i in order}
        best = max(order, key=lambda i: (values[i][0], -order.index(i)))
        picked.append((best, *values[best]))
        order.remove(best)
        used[main[best]] += 1
    return picked


def _topics(model: Model, reading: URIRef) -> set[URIRef]:
    return set(model.out[PRX.discusses].get(reading, ()))


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
