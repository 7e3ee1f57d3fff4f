"""How far the assessments go: statistics per indicator and methods ranked with honest doubt.

An assessment scores one action on one indicator from -2 (set us back) to +2
(clearly advanced). :func:`indicator_stats` counts, averages and tallies them
per indicator. :func:`rank_methods` compares the methods the assessed actions
used, without letting a method that happened to score well once or twice look
like a winner:

* each method's mean is pulled toward the indicator's overall mean as if the
  overall mean had been seen :data:`PRIOR_WEIGHT` more times,
  ``estimate = (n * mean + k * overall) / (n + k)`` (a normal model whose prior
  is worth ``k`` observations);
* its 95% interval is ``estimate +/- 1.96 * s / sqrt(n + k)``, where ``s`` is the
  spread (standard deviation) of every score on that indicator, at least
  :data:`MIN_SPREAD`, clipped to the scale -2..2;
* methods are ranked by the **lower end** of the interval, so leading takes both
  a good record and enough cases; a method with fewer than :data:`WEAK_BELOW`
  assessments is weak evidence: it gets no rank and is listed after the others.

An action that used two methods counts for both. No bootstrap and no scipy: the
numbers can be checked by hand.

>>> estimate([2, 2], overall=0.0, spread=1.0)
(2.0, 1.0, 0.02, 1.98)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from statistics import fmean, stdev

from rdflib import URIRef

__all__ = [
    "MIN_SPREAD",
    "PRIOR_WEIGHT",
    "SCORES",
    "WEAK_BELOW",
    "IndicatorStats",
    "MethodRanking",
    "Observation",
    "estimate",
    "indicator_stats",
    "rank_methods",
]

#: The assessment scale: -2 set us back, -1 hindered, 0 no effect, +1 helped, +2 clearly advanced.
SCORES = (-2, -1, 0, 1, 2)
#: How many observations the overall mean counts for when shrinking a method's mean.
PRIOR_WEIGHT = 2.0
#: Smallest spread (standard deviation) used for an interval, so identical scores still leave doubt.
MIN_SPREAD = 0.5
#: A method assessed fewer times than this is weak evidence and never leads a ranking.
WEAK_BELOW = 3
_Z95 = 1.96


@dataclass(frozen=True)
class Observation:
    """One score on one indicator, with the methods (IRI, label) of the action it judged."""

    indicator: URIRef
    indicator_label: str
    score: int
    methods: tuple[tuple[URIRef, str], ...] = ()


@dataclass(frozen=True)
class IndicatorStats:
    """Assessments on one indicator: how many, the mean, and how many of each score."""

    indicator: URIRef
    label: str
    n: int
    mean: float
    distribution: tuple[int, int, int, int, int]

    def count(self, score: int) -> int:
        """How many assessments gave ``score`` (-2..2)."""
        return self.distribution[SCORES.index(score)]

    def share(self, score: int) -> float:
        """The fraction of assessments that gave ``score``."""
        return self.count(score) / self.n if self.n else 0.0


@dataclass(frozen=True)
class MethodRanking:
    """A method's record on one indicator, with its shrunk estimate and 95% interval.

    ``rank`` is the place among the methods with enough cases on that indicator
    (1 leads); a method with ``weak`` evidence has no rank and is listed after them.
    """

    method: URIRef
    label: str
    indicator: URIRef
    indicator_label: str
    n: int
    mean: float
    estimate: float
    low: float
    high: float
    weak: bool
    rank: int | None


def indicator_stats(observations: Iterable[Observation]) -> tuple[IndicatorStats, ...]:
    """Per indicator, most assessed first."""
    scores: dict[URIRef, list[int]] = defaultdict(list)
    labels: dict[URIRef, str] = {}
    for seen in observations:
        scores[seen.indicator].append(seen.score)
        labels[seen.indicator] = seen.indicator_label
    stats = []
    for indicator, values in scores.items():
        counts = Counter(values)
        stats.append(
            IndicatorStats(
                indicator=indicator,
                label=labels[indicator],
                n=len(values),
                mean=fmean(values),
                distribution=tuple(counts.get(s, 0) for s in SCORES),  # type: ignore[arg-type]
            )
        )
    return tuple(sorted(stats, key=lambda s: (-s.n, s.label)))


def estimate(scores: list[int], *, overall: float, spread: float) -> tuple[float, float, float, float]:
    """(mean, estimate, low, high): the mean shrunk toward ``overall``, with a 95% interval."""
    n = len(scores)
    mean = fmean(scores)
    shrunk = (n * mean + PRIOR_WEIGHT * overall) / (n + PRIOR_WEIGHT)
    half = _Z95 * max(spread, MIN_SPREAD) / math.sqrt(n + PRIOR_WEIGHT)
    low, high = max(shrunk - half, min(SCORES)), min(shrunk + half, max(SCORES))
    return round(mean, 6), round(shrunk, 6), round(low, 6), round(high, 6)


def rank_methods(observations: Iterable[Observation]) -> tuple[MethodRanking, ...]:
    """Methods ranked on each indicator (indicators by label), see the module's notes."""
    by_indicator: dict[URIRef, list[Observation]] = defaultdict(list)
    for seen in observations:
        by_indicator[seen.indicator].append(seen)
    rankings: list[MethodRanking] = []
    for indicator, seen in sorted(by_indicator.items(), key=lambda item: item[1][0].indicator_label):
        everything = [s.score for s in seen]
        overall = fmean(everything)
        spread = stdev(everything) if len(everything) > 1 else 0.0
        per_method: dict[URIRef, list[int]] = defaultdict(list)
        labels: dict[URIRef, str] = {}
        for s in seen:
            for method, label in s.methods:
                per_method[method].append(s.score)
                labels[method] = label
        entries = []
        for method, scores in per_method.items():
            mean, shrunk, low, high = estimate(scores, overall=overall, spread=spread)
            entries.append(
                MethodRanking(
                    method=method,
                    label=labels[method],
                    indicator=indicator,
                    indicator_label=seen[0].indicator_label,
                    n=len(scores),
                    mean=mean,
                    estimate=shrunk,
                    low=low,
                    high=high,
                    weak=len(scores) < WEAK_BELOW,
                    rank=None,
                )
            )
        entries.sort(key=lambda r: (r.weak, -r.low, -r.estimate, r.label))
        strong = 0
        for entry in entries:
            if not entry.weak:
                strong += 1
            rankings.append(entry if entry.weak else replace(entry, rank=strong))
    return tuple(rankings)
