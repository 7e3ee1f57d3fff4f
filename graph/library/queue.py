"""The cataloguing queue: readings that discuss no concept yet, each with suggested concepts.

A reading imported from a bibliography whose keywords named no concept reaches no reading
list until someone tags it. :func:`cataloguing_queue` lists those readings (newest
publication first, then by title) and :func:`suggest_concepts` proposes concepts for each,
from two kinds of evidence, every suggestion with its reasons:

- **its words**: the title, the abstract and the keywords, matched against every label of
  every concept (preferred and alternative, in any language), ignoring case, accents,
  punctuation and plural endings, as whole phrases: "Nonviolent direct action" in a title
  names ``pxv:nvda`` by its alternative label. A keyword that *is* a label counts most
  (3), a label in the title 2, in the abstract 1 (at most twice); longer labels weigh more
  (x1.25 per word after the first), as they say more than a single common word does;
- **readings by the same authors**: 1.5 for each other reading sharing an author that
  discusses the concept (at most two), since authors return to their themes.

The label index is built once per store generation and viewer role.

>>> index = LabelIndex([("pxv:nvda", "Nonviolent direct action", "NVDA"), ("pxv:power", "Power", "Power")])
>>> [(hit.concept, hit.label) for hit in index.find("How nonviolent direct actions win")]
[('pxv:nvda', 'Nonviolent direct action')]
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.labels import best_label, local_name
from graph.library.names import ET_AL, author_key, authors_of
from graph.store import PraxisStore

__all__ = [
    "QUEUE_LIMIT",
    "LabelIndex",
    "Queue",
    "QueueEntry",
    "Suggestion",
    "cataloguing_queue",
    "suggest_concepts",
]

#: How many readings the queue shows at once (the rest are counted).
QUEUE_LIMIT = 50
#: How many concepts are suggested per reading.
TOP = 5

_WEIGHTS = {"keyword": 3.0, "keyword words": 2.0, "title": 2.0, "abstract": 1.0}
_SAME_AUTHOR = 1.5
#: A word shared with a concept's name, divided among the concepts whose names hold it.
_SHARED_WORD = 0.8
_STOPWORDS = {
    "a", "an", "and", "as", "at", "by", "for", "from", "how", "in", "is", "it", "of", "on",
    "or", "the", "to", "what", "why", "with", "de", "la", "le", "les", "des", "el", "los",
    "y", "et", "und", "der", "die", "das",
}  # fmt: skip


def _stem(word: str) -> str:
    """A word without its plural ending, and British and American spellings made one
    ("organizations" and "organisation" give the same stem)."""
    word = word.replace("iz", "is").replace("yz", "ys")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words_as_written(text: str) -> dict[str, str]:
    """Stem -> the word as the text wrote it (the first time), for reasons people read."""
    found: dict[str, str] = {}
    for word in re.findall(r"\w+", text):
        stems = words(word)
        if stems:
            found.setdefault(stems[0], word)
    return found


def words(text: str) -> list[str]:
    """The stems of the words of ``text``: no case, no accents, no punctuation."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [_stem(w) for w in re.findall(r"\w+", plain.casefold())]


@dataclass(frozen=True)
class Hit:
    """A label found in a text."""

    concept: Any
    label: str
    size: int


class LabelIndex:
    """Concept labels as phrases of stems, found in a text in one pass over its words.

    Built from ``(concept, label, display label)``; labels of one letter or two, and
    labels made only of common words, are left out."""

    def __init__(self, labels: Iterable[tuple[Any, str, str]]):
        self.phrases: dict[str, list[tuple[tuple[str, ...], Any, str]]] = defaultdict(list)
        self.display: dict[Any, str] = {}
        self.by_word: dict[str, dict[Any, str]] = defaultdict(dict)
        seen = set()
        for concept, label, display in labels:
            self.display.setdefault(concept, display)
            stems = tuple(words(label))
            if not stems or all(s in _STOPWORDS for s in stems) or sum(map(len, stems)) < 3:
                continue
            if (stems, concept) in seen:
                continue
            seen.add((stems, concept))
            self.phrases[stems[0]].append((stems, concept, label))
            for stem in stems:
                self.by_word[stem].setdefault(concept, label)
        for entries in self.phrases.values():
            entries.sort(key=lambda entry: -len(entry[0]))

    def find(self, text: str) -> list[Hit]:
        """Every concept a label of which stands in ``text`` (once each, longest label)."""
        stems = words(text)
        found: dict[Any, Hit] = {}
        for start, stem in enumerate(stems):
            for phrase, concept, label in self.phrases.get(stem, ()):
                if tuple(stems[start : start + len(phrase)]) == phrase:
                    current = found.get(concept)
                    if current is None or len(phrase) > current.size:
                        found[concept] = Hit(concept, label, len(phrase))
        return list(found.values())

    def shared_words(self, text: str) -> list[tuple[Any, str, str, float]]:
        """Weak evidence: a long word of ``text`` that a label of a concept holds
        ("resistance" in a title and *Civil resistance*), weighted down by how many
        concepts' labels hold it. ``(concept, word as written, label, weight)``, at most
        two words per concept."""
        found: dict[Any, list[tuple[str, str, float]]] = defaultdict(list)
        plain = _words_as_written(text)
        for stem in dict.fromkeys(words(text)):
            holders = self.by_word.get(stem, {})
            if stem in _STOPWORDS or len(stem) < 5 or not holders:
                continue
            weight = _SHARED_WORD / len(holders)
            for concept, label in holders.items():
                found[concept].append((plain.get(stem, stem), label, weight))
        return [
            (concept, word, label, weight)
            for concept, shared in found.items()
            for word, label, weight in sorted(shared, key=lambda item: -item[2])[:2]
        ]

    def exact(self, text: str) -> Hit | None:
        """The concept whose label ``text`` is, whole (a keyword that names a concept)."""
        stems = tuple(words(text))
        for phrase, concept, label in self.phrases.get(stems[0] if stems else "", ()):
            if phrase == stems:
                return Hit(concept, label, len(phrase))
        return None


def _index(store: PraxisStore, viewer: Viewer) -> LabelIndex:
    labels: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    rows = store.select("library_concept_labels", viewer)
    for row in rows:
        if row["kind"] == "pref":
            labels[row["concept"]].append((str(row["label"]), row["lang"]))
    display = {c: best_label(found) or local_name(c) for c, found in labels.items()}
    return LabelIndex(
        (row["concept"], str(row["label"]), display.get(row["concept"], local_name(row["concept"])))
        for row in rows
    )


def label_index(store: PraxisStore, viewer: Viewer) -> LabelIndex:
    """The label index for the store's current generation, as ``viewer``'s role sees it."""
    return store.memo(("library-label-index", viewer.role), lambda: _index(store, Viewer(viewer.role)))


@dataclass(frozen=True)
class Suggestion:
    """A concept suggested for a reading, how strongly, and why."""

    concept: URIRef
    label: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class QueueEntry:
    """A reading waiting to be tagged, with what it could be tagged with."""

    reading: URIRef
    title: str
    year: str
    authors: str
    keywords: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class Queue:
    """The first readings of the queue and how many there are in all."""

    entries: tuple[QueueEntry, ...]
    total: int


def _year(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()[:4]
    return str(value)[:4] if value is not None else ""


def cataloguing_queue(store: PraxisStore, viewer: Viewer, *, limit: int = QUEUE_LIMIT) -> Queue:
    """Readings that discuss no concept yet: the newest ``limit`` (by year of publication,
    then title), each with :func:`suggest_concepts`, and how many are waiting."""
    rows = store.select("library_queue", viewer)
    titles: dict[URIRef, tuple[str, str]] = {}
    for row in rows:
        title = str(row["title"]) if row["title"] is not None else local_name(row["reading"])
        current = titles.get(row["reading"])
        if current is None or title.casefold() < current[0].casefold():
            titles[row["reading"]] = (title, _year(row["issued"]))
    order = sorted(titles, key=lambda r: (-int(titles[r][1] or 0), titles[r][0].casefold(), str(r)))
    shown = order[:limit]
    texts = _texts(store, viewer, shown)
    suggestions = _suggest(store, viewer, shown, texts)
    entries = tuple(
        QueueEntry(
            reading=reading,
            title=titles[reading][0],
            year=titles[reading][1],
            authors="; ".join(texts[reading]["authors"][:1]),
            keywords=tuple(sorted(texts[reading]["keyword"])),
            suggestions=suggestions[reading],
        )
        for reading in shown
    )
    return Queue(entries, len(order))


def suggest_concepts(
    store: PraxisStore, viewer: Viewer, readings: Iterable[URIRef | str], *, top: int = TOP
) -> dict[URIRef, tuple[Suggestion, ...]]:
    """Up to ``top`` concepts for each of ``readings``, strongest first (see the module notes)."""
    chosen = [URIRef(r) for r in readings]
    return _suggest(store, viewer, chosen, _texts(store, viewer, chosen), top=top)


def _texts(store: PraxisStore, viewer: Viewer, readings: list[URIRef]) -> dict[URIRef, dict[str, list[str]]]:
    found: dict[URIRef, dict[str, list[str]]] = {
        r: {"title": [], "abstract": [], "authors": [], "keyword": []} for r in readings
    }
    if readings:
        for row in store.select("library_reading_texts", viewer, reading=set(readings)):
            found[row["reading"]][row["field"]].append(str(row["text"]))
    return found


class _Tally:
    """The evidence gathered for one reading: a score and reasons per concept."""

    def __init__(self) -> None:
        self.scores: dict[Any, float] = defaultdict(float)
        self.reasons: dict[Any, list[str]] = defaultdict(list)

    def note(self, concept: Any, weight: float, reason: str) -> None:
        self.scores[concept] += weight
        if reason not in self.reasons[concept]:
            self.reasons[concept].append(reason)


def _suggest(
    store: PraxisStore,
    viewer: Viewer,
    readings: list[URIRef],
    texts: dict[URIRef, dict[str, list[str]]],
    *,
    top: int = TOP,
) -> dict[URIRef, tuple[Suggestion, ...]]:
    if not readings:
        return {}
    index = label_index(store, viewer)
    by_author = store.memo(("library-by-author", viewer.role), lambda: _by_author(store, Viewer(viewer.role)))
    result = {}
    for reading in readings:
        tally, text = _Tally(), texts[reading]
        for keyword in text["keyword"]:
            exact = index.exact(keyword)
            for hit in [exact] if exact else index.find(keyword):
                weight = _WEIGHTS["keyword" if exact else "keyword words"] * _length(hit)
                tally.note(hit.concept, weight, f'its keyword "{keyword}"')
        for field in ("title", "abstract"):
            for value in text[field]:
                for hit in index.find(value):
                    tally.note(hit.concept, _WEIGHTS[field] * _length(hit), f'its {field} says "{hit.label}"')
        if len(tally.scores) < top:
            seen = " ".join(text["title"] + text["keyword"] + text["abstract"])
            strong = set(tally.scores)
            for concept, word, label, weight in index.shared_words(seen):
                if concept not in strong:
                    tally.note(concept, weight, f'"{word}" is also in its label "{label}"')
        others: dict[Any, list[URIRef]] = defaultdict(list)
        for name in _authors(text["authors"]):
            for other, concepts in by_author.get(author_key(name), {}).items():
                for concept in concepts if other != reading else ():
                    if other not in others[concept]:
                        others[concept].append(other)
        for concept, by_them in others.items():
            tally.note(concept, _SAME_AUTHOR * min(len(by_them), 2), _same_author(len(by_them)))
        scores = tally.scores
        ranked = sorted(scores, key=lambda c: (-scores[c], index.display.get(c, str(c)).casefold()))[:top]
        result[reading] = tuple(
            Suggestion(c, index.display.get(c, local_name(c)), round(scores[c], 2), tuple(tally.reasons[c]))
            for c in ranked
        )
    return result


def _length(hit: Hit) -> float:
    return 1 + 0.25 * (hit.size - 1)


def _same_author(n: int) -> str:
    return (
        "another reading by the same author discusses it"
        if n == 1
        else (f"{n} other readings by the same author discuss it")
    )


def _authors(texts: list[str]) -> list[str]:
    return [name for text in texts for name in authors_of(text) if name != ET_AL]


def _by_author(store: PraxisStore, viewer: Viewer) -> dict[str, dict[URIRef, set[URIRef]]]:
    """Author key -> reading -> the concepts it discusses (kept per store generation and role)."""
    found: dict[str, dict[URIRef, set[URIRef]]] = defaultdict(dict)
    for row in store.select("library_author_concepts", viewer):
        for name in authors_of(str(row["authors"])):
            if name != ET_AL:
                found[author_key(name)].setdefault(row["reading"], set()).add(row["concept"])
    return dict(found)
