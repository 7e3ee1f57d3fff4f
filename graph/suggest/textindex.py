"""Words: Snowball stems, how common each is across the graph's texts, and a BM25 index.

Three things a suggestion needs from words live here:

- :func:`tokens` splits a text into words and stems each with the Snowball stemmer of
  its language (:func:`stemmer_for`; English unless a label says otherwise), so
  "tenants" matches "tenant" and "organizing" matches "organising";
- :class:`Background` counts, for every stem, how many of the graph's texts use it
  (readings, concept definitions, campaigns, actions and lessons). A word used by
  more than :data:`COMMON_SHARE` of them ("the", "people", "work") says nothing about
  a campaign and is left out of every match; there is no hand-made stop list. A word
  used by few texts is *rare* (:meth:`Background.rare`): two rare words in common
  make a specific match;
- :class:`TextIndex`, Okapi BM25 over readings' titles and abstracts with the
  background's inverse document frequency: a word counts for more when it is rare,
  when it recurs in a reading, and when the reading is short.

The index keeps each word as the reading writes it, so a reason can say "shares
words with the campaign: rent, repairs, tenants".

>>> index = TextIndex.build(["Rent strikes and tenants", "Pedagogy of the oppressed"])
>>> [round(float(s), 3) for s in index.scores(index.query("tenants on a rent strike"))]
[1.0, 0.0]
>>> index.shared_words(0, index.query("the tenants' rent"))
('rent', 'tenants')
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "COMMON_SHARE",
    "LANGUAGES",
    "Background",
    "Query",
    "TextIndex",
    "language_of",
    "stem",
    "stemmer_for",
    "tokens",
]

#: A stem used by more than this share of the graph's texts is common: it matches nothing.
COMMON_SHARE = 0.08
#: Below this many texts the shares say little, and no word is held to be common.
MIN_TEXTS = 40
#: A stem used by at most this share of the texts (and never fewer than RARE_MIN) is rare.
RARE_SHARE = 0.01
RARE_MIN = 3

#: Language tags (ISO 639-1) and the Snowball stemmer for each.
LANGUAGES = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "eo": "esperanto", "es": "spanish", "et": "estonian",
    "eu": "basque", "fa": "persian", "fi": "finnish", "fr": "french", "ga": "irish",
    "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian", "nb": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_STEMMING = threading.Lock()  # a Snowball stemmer keeps its state while it works


def language_of(tag: str | None) -> str | None:
    """The Snowball language for a label's language tag: English when untagged, ``None``
    (words kept as written) for a language Snowball has no stemmer for.

    >>> language_of("en-GB"), language_of(""), language_of("fr"), language_of("ja")
    ('english', 'english', 'french', None)
    """
    if not tag:
        return "english"
    return LANGUAGES.get(tag.split("-")[0].lower())


@lru_cache(maxsize=64)
def stemmer_for(language: str | None):
    import snowballstemmer

    return snowballstemmer.stemmer(language) if language else None


@lru_cache(maxsize=262144)
def stem(word: str, language: str | None = "english") -> str:
    """The Snowball stem of a lower-cased word; in English "-ize" is read as "-ise" first.

    >>> [stem(w) for w in ["tenants", "organizing", "organisation", "policies", "halls"]]
    ['tenant', 'organis', 'organis', 'polici', 'hall']
    >>> stem("cooperativas", "spanish")
    'cooper'
    """
    stemmer = stemmer_for(language)
    if stemmer is None:
        return word
    if language == "english":
        word = word.replace("iz", "is")
    with _STEMMING:
        return stemmer.stemWord(word)


def tokens(text: str, language: str | None = "english") -> list[tuple[str, str]]:
    """``(stem, word as written)`` for every word of ``text``, in order (none left out:
    labels such as "Refusal to rent" need their small words)."""
    found = []
    for match in _WORD.finditer(text.casefold()):
        word = match.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        found.append((stem(word, language), word))
    return found


class Background:
    """How many of the graph's texts use each stem.

    >>> b = Background(Counter({"the": 50, "rent": 2, "hall": 5}), 50)
    >>> b.common("the"), b.common("rent"), b.rare("rent"), b.rare("hall")
    (True, False, True, False)
    """

    def __init__(self, counts: Counter, texts: int):
        self.counts = counts
        self.texts = texts

    @classmethod
    def count(cls, texts: Iterable[str]) -> Background:
        counts: Counter = Counter()
        number = 0
        for text in texts:
            number += 1
            counts.update({s for s, _ in tokens(text)})
        return cls(counts, number)

    def adjusted(self, removed: Iterable[str], added: Iterable[str]) -> Background:
        """A copy with some texts taken out and others put in (a write changed them)."""
        counts = self.counts.copy()
        number = self.texts
        for text in removed:
            number -= 1
            counts.subtract({s for s, _ in tokens(text)})
        for text in added:
            number += 1
            counts.update({s for s, _ in tokens(text)})
        return Background(+counts, number)

    def common(self, stem: str) -> bool:
        """Used by so many texts that it says nothing (only once there are enough texts)."""
        return self.texts >= MIN_TEXTS and self.counts.get(stem, 0) > COMMON_SHARE * self.texts

    def rare(self, stem: str) -> bool:
        return self.counts.get(stem, 0) <= max(RARE_MIN, RARE_SHARE * self.texts)

    def idf(self, stem: str) -> float:
        used = self.counts.get(stem, 0)
        return math.log(1.0 + (self.texts - used + 0.5) / (used + 0.5))

    def meaningful(self, words: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """The words that are not common (and have a letter: "9" and "2024" say little)."""
        return [(s, w) for s, w in words if not self.common(s) and any(c.isalpha() for c in s)]


@dataclass(frozen=True)
class Query:
    """A text turned into weighted stems: ``(1 + log count) * idf`` for each meaningful stem
    some reading uses, and which of them are rare."""

    terms: dict[int, float]
    rare: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.terms


class TextIndex:
    """BM25 term weights (without the inverse document frequency, which the query brings
    from the background) of every (reading, stem) pair, as a sparse matrix built once."""

    def __init__(self, weights, vocabulary: dict[str, int], surfaces: list[dict[int, str]]):
        self.weights = weights  # scipy.sparse CSR: documents x stems
        self.vocabulary = vocabulary
        self.surfaces = surfaces
        self.stems = {col: s for s, col in vocabulary.items()}

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
        row_index = np.asarray(rows, dtype=int)
        col_index = np.asarray(cols, dtype=int)
        norm = k1 * (1.0 - b + b * length[row_index] / average) if len(rows) else np.zeros(0)
        values = tf * (k1 + 1.0) / (tf + norm) if len(rows) else np.zeros(0)
        weights = sparse.csr_matrix((values, (row_index, col_index)), shape=shape)
        return cls(weights, vocabulary, surfaces)

    def query(self, text: str, background: Background | None = None) -> Query:
        """The meaningful stems of ``text`` that some reading uses, weighted by how often
        ``text`` uses them and how rare they are in ``background`` (by default, the readings)."""
        background = background or self._own_background()
        words = background.meaningful(tokens(text))
        counted = Counter(s for s, _ in words if s in self.vocabulary)
        terms = {
            self.vocabulary[s]: (1.0 + math.log(count)) * background.idf(s) for s, count in counted.items()
        }
        rare = frozenset(self.vocabulary[s] for s in counted if background.rare(s))
        return Query(terms, rare)

    def _own_background(self) -> Background:
        used = Counter(col for written in self.surfaces for col in written)
        return Background(Counter({self.stems[c]: n for c, n in used.items()}), len(self.surfaces))

    def raw_scores(self, query: Query) -> np.ndarray:
        """BM25 score of every reading for ``query``."""
        if query.empty:
            return np.zeros(self.weights.shape[0])
        vector = np.zeros(self.weights.shape[1])
        for col, weight in query.terms.items():
            vector[col] = weight
        return self.weights @ vector

    def scores(self, query: Query) -> np.ndarray:
        """BM25 score of every reading for ``query``, divided by the best (so in [0, 1])."""
        raw = self.raw_scores(query)
        best = raw.max() if raw.size else 0.0
        return raw / best if best > 0 else raw

    def shared(self, row: int, query: Query) -> list[tuple[float, int, str]]:
        """``(weight, stem's column, word as the reading writes it)`` of the words a reading
        shares with ``query``, the ones that most raise its score first."""
        line = self.weights.getrow(row)
        found = [
            (float(weight * query.terms[col]), int(col), self.surfaces[row][col])
            for col, weight in zip(line.indices, line.data, strict=True)
            if col in query.terms
        ]
        found.sort(key=lambda item: (-item[0], item[2]))
        return found

    def shared_words(self, row: int, query: Query, *, limit: int = 5) -> tuple[str, ...]:
        """The words (as the reading writes them) that most raise its score, best first."""
        return tuple(word for _, _, word in self.shared(row, query)[:limit])

    def specific(self, row: int, query: Query) -> bool:
        """Whether the words a reading shares with ``query`` are rare and specific: at least
        two different rare words. One chance word ("hall") or a few ordinary ones ("know,
        needs, everyone") are not."""
        return len({col for _, col, _ in self.shared(row, query) if col in query.rare}) >= 2
