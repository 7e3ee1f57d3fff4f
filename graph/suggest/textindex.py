"""Words in common: a small BM25 index over readings, in numpy and scipy.

The readings page ranks readings partly by the words a campaign's own text
(its description, its actions and its lessons) shares with each reading's title
and abstract. Okapi BM25 is the standard ranking function for that: a word
counts for more when it is rare across readings, when it recurs in a reading,
and when the reading is short; repeating it keeps adding less.

Words are lower-cased, common words dropped, and endings stripped by a light
stemmer, so "tenants" matches "tenant" and "organising" matches "organise".
The index keeps, for each reading, each word as first written, so a reason can say
"shares words with the campaign: rent, repairs, tenants".

>>> index = TextIndex.build(["Rent strikes and tenants", "Pedagogy of the oppressed"])
>>> [round(float(s), 3) for s in index.scores(index.query("tenants on a rent strike"))]
[1.0, 0.0]
>>> index.shared_words(0, index.query("the tenants' rent"))
('rent', 'tenants')
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["STOPWORDS", "Query", "TextIndex", "stem", "tokens"]

_WORD = re.compile(r"[a-z][a-z0-9]*(?:['’][a-z]+)?")
_POSSESSIVE = re.compile(r"['’]s?$")

#: Common English words, and words every reading or campaign uses about itself
#: ("chapter", "campaign", "reading", "useful"), which would match everything.
_STOPWORDS = """
    a about above after again against all almost also although always among an and another any
    are around as at be because been before being below between both but by can cannot could did
    do does doing down during each either else even ever every few for from further had has have
    having he her here hers herself him himself his how however i if in into is it its itself just
    least less like made make makes many may me might more most much must my neither no nor not
    now of off often on once one only or other others our ours ourselves out over own per rather
    same she should since so some such than that the their theirs them themselves then there
    these they this those though through to too two under until up upon us very via was we were
    what when where whether which while who whom whose why will with within without would yet you
    your yours three four first second new way ways well still whole
    chapter chapters campaign campaigns reading readings book books read useful good essay essays
    argues argue argued shows show example data ones thing things take takes took part
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# Suffixes stripped by stem(), longest first, after "iz" is spelt "is" (organize, organise);
# ("ies", "y") turns "policies" into "policy".
_SUFFIXES = (
    ("isations", "is"), ("isation", "is"), ("ational", ""), ("ations", ""), ("ation", ""),
    ("ements", ""), ("ement", ""), ("nesses", ""), ("ness", ""), ("ities", ""), ("ity", ""),
    ("ings", ""), ("ing", ""), ("ised", "is"), ("ises", "is"), ("ise", "is"), ("ers", ""),
    ("er", ""), ("ies", "y"), ("es", ""), ("ed", ""), ("ly", ""), ("s", ""),
)  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: one suffix off, then a final "e" (house, houses, housing -> hous).

    >>> [stem(w) for w in ["tenants", "organizing", "organisation", "policies", "classes"]]
    ['tenant', 'organis', 'organis', 'policy', 'class']
    """
    word = word.replace("iz", "is")
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: len(word) - len(suffix)] + replacement
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def tokens(text: str) -> list[tuple[str, str]]:
    """``(stem, word as written)`` for every word of ``text`` that is not a stopword."""
    found = []
    for match in _WORD.finditer(text.lower()):
        word = _POSSESSIVE.sub("", match.group())
        if len(word) > 2 and word not in STOPWORDS:
            found.append((stem(word), word))
    return found


@dataclass(frozen=True)
class Query:
    """A text turned into weighted stems (``1 + log`` of how often each occurs)."""

    terms: dict[int, float]

    @property
    def empty(self) -> bool:
        return not self.terms


class TextIndex:
    """BM25 weights of every (reading, stem) pair, as a sparse matrix built once."""

    def __init__(self, weights, vocabulary: dict[str, int], surfaces: list[dict[int, str]]):
        self.weights = weights  # scipy.sparse CSR: documents x stems, BM25 weight per cell
        self.vocabulary = vocabulary
        self.surfaces = surfaces

    @classmethod
    def build(cls, documents: Sequence[str], *, k1: float = 1.2, b: float = 0.75) -> TextIndex:
        """Index ``documents`` (one text per reading, in the order the caller keeps)."""
        from scipy import sparse

        vocabulary: dict[str, int] = {}
        rows, cols, counts, surfaces, lengths = [], [], [], [], []
        for row, text in enumerate(documents):
            words = tokens(text)
            lengths.append(len(words))
            counted = Counter(vocabulary.setdefault(s, len(vocabulary)) for s, _ in words)
            written: dict[int, str] = {}
            for s, word in words:
                written.setdefault(vocabulary[s], word)
            surfaces.append(written)
            for col, count in counted.items():
                rows.append(row)
                cols.append(col)
                counts.append(count)
        shape = (len(documents), max(len(vocabulary), 1))
        tf = np.asarray(counts, dtype=float)
        length = np.asarray(lengths, dtype=float)
        average = float(length.mean()) if len(length) and length.mean() > 0 else 1.0
        frequency = np.bincount(np.asarray(cols, dtype=int), minlength=shape[1]).astype(float)
        idf = np.log(1.0 + (len(documents) - frequency + 0.5) / (frequency + 0.5))
        row_index = np.asarray(rows, dtype=int)
        col_index = np.asarray(cols, dtype=int)
        norm = k1 * (1.0 - b + b * length[row_index] / average) if len(rows) else np.zeros(0)
        values = idf[col_index] * tf * (k1 + 1.0) / (tf + norm) if len(rows) else np.zeros(0)
        weights = sparse.csr_matrix((values, (row_index, col_index)), shape=shape)
        return cls(weights, vocabulary, surfaces)

    def query(self, text: str) -> Query:
        """The stems of ``text`` that some reading uses, weighted ``1 + log(count)``."""
        counted = Counter(self.vocabulary[s] for s, _ in tokens(text) if s in self.vocabulary)
        return Query({col: 1.0 + math.log(count) for col, count in counted.items()})

    def scores(self, query: Query) -> np.ndarray:
        """BM25 score of every reading for ``query``, divided by the best (so in [0, 1])."""
        if query.empty:
            return np.zeros(self.weights.shape[0])
        vector = np.zeros(self.weights.shape[1])
        for col, weight in query.terms.items():
            vector[col] = weight
        raw = self.weights @ vector
        best = raw.max() if raw.size else 0.0
        return raw / best if best > 0 else raw

    def shared_words(self, row: int, query: Query, *, limit: int = 5) -> tuple[str, ...]:
        """The words (as the reading writes them) that most raise its score, best first."""
        line = self.weights.getrow(row)
        shared = [
            (weight * query.terms[col], self.surfaces[row][col])
            for col, weight in zip(line.indices, line.data, strict=True)
            if col in query.terms
        ]
        shared.sort(key=lambda pair: (-pair[0], pair[1]))
        return tuple(word for _, word in shared[:limit])
