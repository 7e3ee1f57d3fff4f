"""Where practice challenges theory: a tension score for every concept and claim.

Members tag lessons to the theory they *support*, *challenge* or *qualify*. This
module counts those lessons for every concept and claim and turns them into one
number, the **tension score**, so a strategy session can see which views practice
is questioning and which are due for review.

How a score is worked out (the settings are :class:`TensionSettings`, one frozen value):

1. **Each lesson weighs** ``0.5 ** (age_days / half_life_days)``: a lesson
   recorded ``today`` weighs 1, one ``half_life_days`` old (default 730, two
   years) weighs 0.5. Ages run from the lesson's ``dct:created`` to ``today`` (a
   parameter, so results are reproducible); an undated or future-dated lesson
   weighs 1.
2. **Lessons roll up.** A lesson tagged to a narrower concept also counts toward
   every broader one (``skos:broader``, transitively), and a lesson tagged to a
   claim also counts toward the concepts the claim is about (``prx:aboutConcept``,
   and on up their broader concepts): a claim stands one level below its
   concepts. Each level multiplies the weight by ``rollup_discount`` (default 0.5);
   a lesson that reaches a target by several paths counts once, by the shortest.
3. **Stances.** ``S``, ``C`` and ``Q`` are the summed weights of supporting,
   challenging and qualifying lessons. A qualification is part challenge, part
   support: the challenging evidence is ``c = C + qualify_weight * Q`` (default:
   half a challenge) out of ``n = S + C + Q``.
4. **Score** = the lower bound of the Wilson interval on the challenge share
   ``c / n`` with ``z = confidence_z`` (default 1.645, one-sided 95%)::

       p = c / n
       score = (p + z²/2n - z * sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)     (0 when n = 0)

   It is 0 when nothing challenges, rises with challenging evidence, and is not
   fooled by small numbers: the bound is low when there is little evidence, so
   one challenge out of one (0.27) scores below eight out of ten (0.54), and
   ten out of ten (0.79) below a hundred out of a hundred (0.97).
5. **Due for review** when ``score >= review_threshold`` (default 0.3): for
   example two recent challenges and nothing else (0.43), or three challenges
   against one support (0.36), but not a single challenge (0.27).

The ``supports``, ``challenges`` and ``qualifies`` counts of a :class:`Tension`
are whole lessons (direct and rolled up, each counted once); the score uses the
weights. Reads go through the store with the caller's viewer, so a visitor's
scores count public lessons only. The lessons come from one named query
(``tension_lessons``, lessons packed per target and stance) and the rest is
arithmetic in Python, summed per tag before it rolls up (see :func:`_reach`):
about 0.06 s at 100k statements and 0.9 s at 1M (``make bench``). The lessons and
readings behind a score, and the filters the ranking offers, are in
:mod:`graph.theory.grounds`.

>>> round(wilson_lower(1, 1), 2), round(wilson_lower(8, 10), 2)
(0.27, 0.54)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import local_name
from graph.namespaces import PRX
from graph.store import PraxisStore, engine_iri
from graph.theory.grounds import ancestors, broader_links

__all__ = ["KINDS", "Tension", "TensionSettings", "rank", "tension_score", "wilson_lower"]

#: The kinds of target a tension can be about.
KINDS = ("Concept", "Claim")


def _setting(default: float, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class TensionSettings:
    """Every tunable number of the score, declared once with a sentence of help each
    (:meth:`help`); the README documents each one.

    >>> TensionSettings().half_life_days, TensionSettings.help("review_threshold")[:9]
    (730.0, 'Score at ')
    """

    half_life_days: float = _setting(730.0, "Age in days at which a lesson counts half as much as a new one.")
    qualify_weight: float = _setting(
        0.5, "Share of a qualifying lesson counted as a challenge (the rest supports)."
    )
    rollup_discount: float = _setting(0.5, "Weight kept per level as a lesson rolls up to broader concepts.")
    confidence_z: float = _setting(
        1.645, "z of the Wilson lower bound on the challenge share (one-sided 95%)."
    )
    review_threshold: float = _setting(0.3, "Score at or above which a concept or claim is due for review.")

    def __post_init__(self) -> None:
        if not self.half_life_days > 0:
            raise BadInput("the half-life must be a positive number of days", source="half_life_days")

    @classmethod
    def help(cls, name: str) -> str:
        """The sentence of help of the setting ``name``."""
        return next(f.metadata["help"] for f in fields(cls) if f.name == name)


_DEFAULTS = TensionSettings()


@dataclass(frozen=True)
class Tension:
    """How practice bears on one concept or claim (see the module docstring)."""

    target: URIRef
    label: str
    kind: str
    supports: int
    challenges: int
    qualifies: int
    score: float
    due_for_review: bool
    lessons: tuple[URIRef, ...]
    weights: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: IRIs as strings, the score to four decimals."""
        return {
            "target": str(self.target),
            "label": self.label,
            "kind": self.kind,
            "supports": self.supports,
            "challenges": self.challenges,
            "qualifies": self.qualifies,
            "score": round(self.score, 4),
            "due_for_review": self.due_for_review,
            "lessons": [str(lesson) for lesson in self.lessons],
        }


# ------------------------------------------------------------------ the score
def wilson_lower(challenging: float, total: float, z: float = 1.645) -> float:
    """Lower bound of the Wilson interval on the share ``challenging / total``."""
    if total <= 0 or challenging <= 0:
        return 0.0
    # The usual formula multiplied through by ``total``: stable for tiny weights.
    c = min(challenging, total)
    z2 = z * z
    margin = z * math.sqrt(c * (total - c) / total + z2 / 4)
    return max(0.0, (c + z2 / 2 - margin) / (total + z2))


def tension_score(
    supports: float, challenges: float, qualifies: float, *, settings: TensionSettings = _DEFAULTS
) -> float:
    """The score from (weighted) amounts of evidence of each stance.

    >>> round(tension_score(2, 6, 4), 3)  # 8 challenging out of 12
    0.431
    """
    total = supports + challenges + qualifies
    return wilson_lower(challenges + settings.qualify_weight * qualifies, total, settings.confidence_z)


def _decay(created: dt.date | None, today: dt.date, half_life_days: float) -> float:
    if not isinstance(created, dt.date):
        return 1.0
    age = max((today - created).days, 0)
    return 0.5 ** (age / half_life_days)


# ------------------------------------------------------------------ the graph


def _targets(rows: Iterable[dict[str, Any]]) -> dict[URIRef, tuple[str, str, set[URIRef]]]:
    """target -> (kind, label, schemes) from the rows of ``tension_targets``."""
    targets: dict[URIRef, tuple[str, str, set[URIRef]]] = {}
    for row in rows:
        kind, label, schemes = targets.get(row["target"], (row["kind"], "", set()))
        if row["label"] and (not label or str(row["label"]) < label):
            label = str(row["label"])
        if row["scheme"] is not None:
            schemes.add(row["scheme"])
        targets[row["target"]] = (kind, label, schemes)
    return targets


def _check(kinds: Iterable[str]) -> None:
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise BadInput(f"unknown kind {', '.join(unknown)}: use Concept or Claim", source="kinds")


# ------------------------------------------------------------------ ranking
def rank(
    store: PraxisStore,
    viewer: Viewer,
    *,
    today: dt.date | None = None,
    settings: TensionSettings = _DEFAULTS,
    schemes: Iterable[URIRef] | None = None,
    campaign: URIRef | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kinds: Iterable[str] = KINDS,
) -> list[Tension]:
    """Every concept and claim ``viewer`` can see, most tension first.

    ``settings`` tunes the score (:class:`TensionSettings`); ``schemes`` keeps concepts
    of those schemes and claims about them; ``campaign`` keeps lessons from actions of
    that campaign; ``since`` and ``until`` keep lessons recorded in that range
    (inclusive; undated lessons drop out). Ties go to more challenges, then more
    lessons, then the label.
    """
    kinds = tuple(kinds)
    _check(kinds)
    today = today or dt.date.today()
    schemes = frozenset(schemes) if schemes is not None else None
    asked = (today, settings, schemes, campaign, since, until, kinds)
    role = viewer.role
    # kept per role and question until the next change: at 1M statements the ranking takes
    # 1.5 s, and the explorer's warm-up (explorer.warmup) asks the page's first question
    ranked = store.memo(("tensions", role, asked), lambda: tuple(_rank(store, Viewer(role), *asked)))
    return list(ranked)


def _rank(
    store: PraxisStore,
    viewer: Viewer,
    today: dt.date,
    settings: TensionSettings,
    schemes: frozenset[URIRef] | None,
    campaign: URIRef | None,
    since: dt.date | None,
    until: dt.date | None,
    kinds: tuple[str, ...],
) -> list[Tension]:
    half_life_days = settings.half_life_days
    rows = dict(_rows(store, viewer))
    if campaign is not None:
        rows["campaign"] = store.select("tension_campaign", viewer, campaign=campaign)
    parents = broader_links(rows["links"])
    targets = _targets(rows["targets"])
    allowed = None
    if campaign is not None:
        allowed = {str(row["lesson"]) for row in rows["campaign"]}
    first, last = (since or dt.date.min).isoformat(), (until or dt.date.max).isoformat()

    # Lessons stay plain strings here: this is the hot path (42,000 tags at 1M statements).
    withdrawn = {str(row["lesson"]) for row in rows["withdrawn"]}
    tags: list[tuple[URIRef, int, list[str], list[float]]] = []  # (target, stance, lessons, weights)
    per_stance: list[Counter[str]] = [Counter(), Counter(), Counter()]  # targets a lesson has per stance
    dated: dict[str, str] = {}
    weights_of: dict[str, float] = {}
    for row in rows["lessons"]:
        lessons, weights = [], []
        for line in row["lessons"].split("\n"):
            lesson, _, day = line.partition(" ")
            if lesson in withdrawn or (allowed is not None and lesson not in allowed):
                continue
            if (since or until) and not (day and first <= day[:10] <= last):
                continue
            dated.setdefault(lesson, day[:10])
            weight = weights_of.get(day)
            if weight is None:
                weight = weights_of[day] = _decay(_date(day), today, half_life_days)
            lessons.append(lesson)
            weights.append(weight)
        if lessons:
            index = _STANCE_INDEX[row["stance"]]
            tags.append((row["target"], index, lessons, weights))
            per_stance[index].update(lessons)
    reach = _reach(tags, per_stance, parents, settings.rollup_discount)

    wanted = _scheme_filter(targets, parents, schemes)
    newest_first = sorted(dated, key=lambda lesson: (dated[lesson], lesson), reverse=True)
    order = {lesson: place for place, lesson in enumerate(newest_first)}
    iris = {lesson: engine_iri(lesson) for lesson in newest_first}  # from the engine's rows
    found = []
    for target, (kind, label, _) in targets.items():
        if kind not in kinds or (wanted is not None and target not in wanted):
            continue
        got = reach.get(str(target))
        sums = [math.fsum(parts) for parts in got.parts] if got else [0.0, 0.0, 0.0]
        score = tension_score(*sums, settings=settings)
        newest = sorted(set(got.lessons), key=order.__getitem__) if got else []
        found.append(
            Tension(
                target=target,
                label=label or local_name(target),
                kind=kind,
                supports=got.counts[0] if got else 0,
                challenges=got.counts[1] if got else 0,
                qualifies=got.counts[2] if got else 0,
                score=score,
                due_for_review=score >= settings.review_threshold,
                lessons=tuple(map(iris.__getitem__, newest)),
                weights=(sums[0], sums[1], sums[2]),
            )
        )
    found.sort(key=lambda t: (-t.score, -t.challenges, -len(t.lessons), t.label.casefold(), t.target))
    return found


#: What the score is worked out from: independent reads, run together, the longest first.
_READS = {
    "lessons": ("tension_lessons", {}),
    "targets": ("tension_targets", {}),
    "links": ("tension_links", {}),
    "withdrawn": ("withdrawn_lessons", {}),
}


def _rows(store: PraxisStore, viewer: Viewer) -> dict[str, list[dict[str, Any]]]:
    """The rows of :data:`_READS` as ``viewer``'s role sees them, kept on the store and
    brought up to date from the records each write touched (:func:`_followed`): after a
    lesson is recorded at 1M statements, a tenth of a second instead of a second of reads."""
    role = viewer.role
    return store.memo(
        ("tension-rows", role),
        lambda: store.select_together(Viewer(role), _READS),
        follow=lambda rows, since: _followed(store, Viewer(role), rows, store.touched_since(since)),
    )


def _followed(
    store: PraxisStore, viewer: Viewer, rows: dict[str, list[dict[str, Any]]], touched: frozenset | None
) -> dict[str, list[dict[str, Any]]] | None:
    """``rows`` after writes that touched the records ``touched`` (a new dict: readers of the
    old one may still be reading it).

    A touched lesson's rows are read again for every target it bore on before or bears on
    now (whole rows: they are packed per target and stance); a touched concept or claim, or
    any record that is not a tagged lesson, has the targets and links read again whole."""
    if touched is None:
        return None
    nodes = frozenset(node for node in touched if isinstance(node, URIRef))
    if not nodes:
        return rows
    marks = [(node, f"{node} ") for node in nodes]  # a packed line is "IRI DATE"
    was: set[URIRef] = set()  # targets a touched lesson bore on
    tagged: set[URIRef] = set()  # touched nodes that are lessons bearing on something
    for row in rows["lessons"]:
        packed = row["lessons"]
        found = [node for node, mark in marks if packed.startswith(mark) or f"\n{mark}" in packed]
        if found:
            was.add(row["target"])
            tagged.update(found)
    now = store.select("tension_lessons", viewer, lesson=nodes)
    tagged |= {URIRef(line.partition(" ")[0]) for row in now for line in row["lessons"].split("\n")}
    affected = was | {row["target"] for row in now}
    followed = dict(rows)
    if affected:
        kept = [row for row in rows["lessons"] if row["target"] not in affected]
        followed["lessons"] = kept + store.select("tension_lessons", viewer, target=affected)
    withdrawn = store.select("withdrawn_lessons", viewer, lesson=nodes)
    followed["withdrawn"] = [row for row in rows["withdrawn"] if row["lesson"] not in nodes] + withdrawn
    if nodes - tagged:  # not only lessons that bear on something: targets or links may have changed
        again = store.select_together(viewer, {"targets": _READS["targets"], "links": _READS["links"]})
        followed.update(again)
    return followed


_STANCE_INDEX = {PRX.supports: 0, PRX.challenges: 1, PRX.qualifies: 2}


@dataclass
class _Reached:
    """What reaches one target: weights per stance (summed at the end), lessons per stance, and
    every lesson (repeats allowed)."""

    parts: tuple[list[float], list[float], list[float]] = field(default_factory=lambda: ([], [], []))
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    lessons: list[str] = field(default_factory=list)


def _reach(
    tags: list[tuple[URIRef, int, list[str], list[float]]],
    per_stance: list[Counter[str]],
    parents,
    discount: float,
) -> dict[str, _Reached]:
    """Roll every tag up to its target's ancestors.

    A lesson with one target in a stance reaches each ancestor once, so such
    lessons are summed per tag and the sum rolls up: the work grows with tags
    times ancestors, not lessons times ancestors. A lesson with several targets in
    one stance may reach an ancestor by several paths; it counts once there, by
    its largest weight (the shortest path).
    """
    reach: dict[str, _Reached] = defaultdict(_Reached)
    shared: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    rolled: dict[URIRef, list[tuple[str, float]]] = {}
    for target, index, lessons, weights in tags:
        ups = rolled.get(target)
        if ups is None:
            ups = rolled[target] = _rollup(target, parents, discount)
        once = per_stance[index]
        alone = [weight for lesson, weight in zip(lessons, weights, strict=True) if once[lesson] == 1]
        total, number = math.fsum(alone), sum(1 for weight in alone if weight > 0)
        several = [
            (lesson, weight) for lesson, weight in zip(lessons, weights, strict=True) if once[lesson] > 1
        ]
        for up, factor in ups:
            got = reach[up]
            got.lessons.extend(lessons)
            if alone:
                got.parts[index].append(total * factor)
                got.counts[index] += number
            for lesson, weight in several:
                best = shared[(up, index)]
                if weight * factor > best.get(lesson, 0.0):
                    best[lesson] = weight * factor
    for (up, index), best in shared.items():
        reach[up].parts[index].extend(best.values())
        reach[up].counts[index] += len(best)
    return reach


def _rollup(node: URIRef, parents, discount: float) -> list[tuple[str, float]]:
    """(target, weight factor) for ``node`` and everything it rolls up to."""
    return [(str(target), discount**level) for target, level in ancestors(node, parents).items()]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _scheme_filter(targets, parents, schemes: Iterable[URIRef] | None) -> set[URIRef] | None:
    """Concepts in ``schemes`` and claims about them; ``None`` means no filter."""
    if schemes is None:
        return None
    chosen = {URIRef(s) for s in schemes}
    keep = {t for t, (kind, _, in_schemes) in targets.items() if kind == "Concept" and in_schemes & chosen}
    for target, (kind, _, _) in targets.items():
        if kind == "Claim" and parents.get(target, set()) & keep:
            keep.add(target)
    return keep
