"""Past campaigns and lessons a description resembles, by the meaningful words they share.

A strategy session describing a new campaign usually describes something the chapter
(or a movement it learns from) has met before. :class:`RecordIndex` holds the words
of every campaign (its name, its description and its actions') or every lesson (its
title and what it taught), and :meth:`RecordIndex.resembling` scores them against a
description with Okapi BM25, using only words that are not common across the graph
(:class:`~graph.suggest.textindex.Background`). A record *resembles* the description
when it shares at least :data:`MIN_SHARED` meaningful words and those words carry at
least :data:`MIN_COVER` of the description's own weight, so one chance word never
makes a match; the words are kept so the page can say "(rent, tenants, mould)".

The index changes in place of nothing: :meth:`RecordIndex.changed` returns a new
index that shares every posting a write did not touch, so a suggestion running in
another thread keeps a consistent one.

>>> from graph.suggest.textindex import Background
>>> texts = {"a": "Tenants' rent strike on the estate", "b": "Care workers won sick pay",
...          "c": "A march through the town"}
>>> index = RecordIndex.build(texts)
>>> background = Background.count(texts.values())
>>> [(m.node, m.words) for m in index.resembling("a rent strike by tenants", background)]
[('a', ('rent', 'strike', 'tenants'))]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.suggest.textindex import Background, tokens

__all__ = ["MIN_COVER", "MIN_SHARED", "RecordIndex", "Resemblance"]

#: Fewest meaningful words a record must share with a description to resemble it.
MIN_SHARED = 2
#: Least share of the description's word weight (inverse document frequency) those words carry.
MIN_COVER = 0.1


@dataclass(frozen=True)
class Resemblance:
    """A record a description resembles: how much (BM25, and as a share of the best) and
    the words in common, as the description writes them, weightiest first."""

    node: Any
    score: float
    share: float
    words: tuple[str, ...]


class RecordIndex:
    """Postings ``stem -> {record: count}``, each record's length and stems, for BM25."""

    def __init__(self, postings: dict[str, dict[Any, int]], lengths: dict[Any, int], stems: dict[Any, tuple]):
        self.postings = postings
        self.lengths = lengths
        self.stems = stems
        self.total = sum(lengths.values())

    @classmethod
    def build(cls, texts: Mapping[Any, str]) -> RecordIndex:
        postings: dict[str, dict[Any, int]] = {}
        lengths: dict[Any, int] = {}
        stems: dict[Any, tuple] = {}
        for node, text in texts.items():
            counted = Counter(s for s, _ in tokens(text))
            lengths[node] = sum(counted.values())
            stems[node] = tuple(counted)
            for stem, count in counted.items():
                postings.setdefault(stem, {})[node] = count
        return cls(postings, lengths, stems)

    def changed(self, removed: Iterable[Any], added: Mapping[Any, str]) -> RecordIndex:
        """A new index without the ``removed`` records and with the ``added`` ones (a record
        whose text changed is in both); postings no change touches are shared."""
        postings = dict(self.postings)
        lengths = dict(self.lengths)
        stems = dict(self.stems)
        copied: set[str] = set()

        def own(stem: str) -> dict[Any, int]:
            if stem not in copied:
                postings[stem] = dict(postings.get(stem, {}))
                copied.add(stem)
            return postings[stem]

        for node in removed:
            lengths.pop(node, None)
            for stem in stems.pop(node, ()):
                own(stem).pop(node, None)
        for node, text in added.items():
            counted = Counter(s for s, _ in tokens(text))
            lengths[node] = sum(counted.values())
            stems[node] = tuple(counted)
            for stem, count in counted.items():
                own(stem)[node] = count
        return RecordIndex({s: p for s, p in postings.items() if p}, lengths, stems)

    def resembling(
        self,
        text: str,
        background: Background,
        *,
        top: int = 3,
        leave_out: frozenset = frozenset(),
        k1: float = 1.2,
        b: float = 0.75,
    ) -> list[Resemblance]:
        """The ``top`` records ``text`` resembles most, best first (see the module's rule)."""
        words = background.meaningful(tokens(text))
        written: dict[str, str] = {}
        for stem, word in words:
            written.setdefault(stem, word)
        counts = Counter(s for s, _ in words)
        weight = {s: (1.0 + _log(n)) * background.idf(s) for s, n in counts.items()}
        whole = sum(weight.values())
        if not whole or not self.lengths:
            return []
        average = self.total / len(self.lengths) or 1.0
        scores: Counter = Counter()
        shared: dict[Any, list[str]] = {}
        for stem, w in weight.items():
            for node, tf in self.postings.get(stem, {}).items():
                if node in leave_out:
                    continue
                norm = k1 * (1.0 - b + b * self.lengths[node] / average)
                scores[node] += w * tf * (k1 + 1.0) / (tf + norm)
                shared.setdefault(node, []).append(stem)
        found = []
        for node, score in scores.items():
            stems = shared[node]
            cover = sum(weight[s] for s in stems) / whole
            if len(stems) >= MIN_SHARED and cover >= MIN_COVER:
                ordered = sorted(stems, key=lambda s: (-weight[s], written[s]))
                found.append((score, node, tuple(written[s] for s in ordered)))
        found.sort(key=lambda item: (-item[0], str(item[1])))
        best = found[0][0] if found else 1.0
        return [Resemblance(node, score, score / best, words) for score, node, words in found[:top]]


def _log(n: int) -> float:
    import math

    return math.log(n) if n > 0 else 0.0
