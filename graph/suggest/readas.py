"""What a description of a new campaign was read as: concepts, methods and past work it names.

Before readings are suggested for a campaign typed as free text, the text is read
the way the graph sees it, and the answer says so first ("Read as: ..."):

- **concepts, methods, skills and indicators** of every scheme whose preferred or
  alternative label, in any language, the text uses (:class:`LabelIndex`): words are
  stemmed with the Snowball stemmer of the label's language, longer labels are
  found first ("rent strike" before "strike"), and a one-word label that is common
  across the graph's texts is not a match;
- **past campaigns and lessons** the description resembles (:mod:`graph.suggest.pastwork`),
  with the words they share.

Each match is removable and concepts can be added (:meth:`ReadAs.without`,
:meth:`ReadAs.adding`); the walk then restarts from what is left
(:func:`graph.suggest.ranking.suggest`).

>>> index = LabelIndex.build([("pxv:rent", "Rent withholding", "en"), ("pxv:rent", "rent strike", "en"),
...                           ("pxv:strikes", "Strikes", "en")])
>>> index.find("A rent strike in the halls, and a strike at the depot")
{'pxv:rent': ('rent strike',), 'pxv:strikes': ('strike',)}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Protocol

from graph.suggest.textindex import Background, language_of, tokens

__all__ = ["LabelIndex", "Match", "MatchKind", "ReadAs", "read_as"]

#: Most past campaigns and lessons a description is read as.
TOP_CAMPAIGNS = 3
TOP_LESSONS = 3
#: Most shared words shown for a past campaign or lesson.
MOST_WORDS = 4


class MatchKind(Enum):
    CONCEPT = "concept"
    METHOD = "method"
    SKILL = "skill"
    INDICATOR = "indicator"
    CAMPAIGN = "campaign"
    LESSON = "lesson"

    @property
    def noun(self) -> str:
        """What the match is, in words ("a method of action")."""
        return {
            "concept": "a concept",
            "method": "a method of action",
            "skill": "a skill",
            "indicator": "an indicator of success",
            "campaign": "a past campaign",
            "lesson": "a lesson",
        }[self.value]

    @property
    def from_labels(self) -> bool:
        return self not in (MatchKind.CAMPAIGN, MatchKind.LESSON)


@dataclass(frozen=True)
class Match:
    """One thing the description was read as, and the words of the description behind it
    (none for a concept a person added)."""

    node: Any
    kind: MatchKind
    label: str
    words: tuple[str, ...] = ()
    #: How much of the walk's restarts it gets, relative to a concept the text names (1).
    weight: float = 1.0
    added: bool = False

    def phrase(self) -> str:
        """The match in words: 'Rent withholding (a method of action: "rent strike")'."""
        if self.added:
            return f"{self.label} ({self.kind.noun} you added)"
        if self.kind.from_labels:
            said = ", ".join(f'"{w}"' for w in self.words)
            return f"{self.label} ({self.kind.noun}: {said})"
        return f"{self.label} ({self.kind.noun}; words in common: {', '.join(self.words)})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.node),
            "kind": self.kind.value,
            "label": self.label,
            "words": list(self.words),
            "added": self.added,
        }


@dataclass(frozen=True)
class ReadAs:
    """A description and what it was read as."""

    text: str
    matches: tuple[Match, ...] = ()

    def nodes(self) -> set:
        return {m.node for m in self.matches}

    def of_kind(self, *kinds: MatchKind) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.kind in kinds)

    def without(self, nodes: Iterable[Any]) -> ReadAs:
        """The same reading with some matches taken off (by their node)."""
        gone = {str(n) for n in nodes}
        return replace(self, matches=tuple(m for m in self.matches if str(m.node) not in gone))

    def adding(self, matches: Iterable[Match]) -> ReadAs:
        """The same reading with more matches (concepts a person added); one per node."""
        known = self.nodes()
        extra = tuple(m for m in matches if m.node not in known)
        return replace(self, matches=self.matches + extra)

    def sentence(self) -> str:
        """'Read as: ...' in one line, for the command and the page."""
        if not self.matches:
            return "Read as: nothing in the graph yet (no concept, method or past campaign it names)."
        return "Read as: " + "; ".join(m.phrase() for m in self.matches) + "."

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "matches": [m.as_dict() for m in self.matches]}


class LabelIndex:
    """Every concept label, stemmed in its own language, as a phrase of stems."""

    def __init__(self, phrases: dict[str | None, dict[tuple[str, ...], set]]):
        self.phrases = phrases
        self.longest = {lang: max(map(len, table), default=0) for lang, table in phrases.items()}

    @classmethod
    def build(cls, labels: Iterable[tuple[Any, str, str | None]]) -> LabelIndex:
        """From ``(concept, label, language tag)``."""
        phrases: dict[str | None, dict[tuple[str, ...], set]] = {}
        for concept, label, tag in labels:
            language = language_of(tag)
            stems = tuple(s for s, _ in tokens(label, language))
            if stems:
                phrases.setdefault(language, {}).setdefault(stems, set()).add(concept)
        return cls(phrases)

    def find(self, text: str, background: Background | None = None) -> dict[Any, tuple[str, ...]]:
        """Concepts whose labels ``text`` uses, each with the words as written (longest
        labels first; a word in a longer match is not matched again alone). A one-word
        label whose stem is common in ``background`` is no match."""
        found: dict[Any, list[str]] = {}
        for language, table in sorted(self.phrases.items(), key=lambda item: str(item[0])):
            words = tokens(text, language)
            stems = [s for s, _ in words]
            used = [False] * len(words)
            for length in range(self.longest[language], 0, -1):
                for i in range(len(stems) - length + 1):
                    if any(used[i : i + length]):
                        continue
                    key = tuple(stems[i : i + length])
                    if key not in table:
                        continue
                    if length == 1 and background is not None and background.common(key[0]):
                        continue
                    written = " ".join(w for _, w in words[i : i + length])
                    for concept in sorted(table[key], key=str):
                        said = found.setdefault(concept, [])
                        if written not in said:
                            said.append(written)
                    used[i : i + length] = [True] * length
        return {concept: tuple(words) for concept, words in found.items()}


class _Past(Protocol):
    campaigns: Any
    lessons: Any


class Graph(Protocol):
    """What reading a text needs of :class:`graph.suggest.model.Model` (which imports this
    module, so it is described here rather than imported)."""

    labels: LabelIndex
    background: Background
    concept_kinds: Mapping[Any, MatchKind]

    def label(self, node: Any) -> str: ...

    def past(self) -> _Past: ...


def read_as(model: Graph, text: str, *, leave_out: frozenset = frozenset()) -> ReadAs:
    """What ``text`` names in ``model``'s graph: concepts first (in the order the text names
    them), then past campaigns and lessons it resembles. ``leave_out``: records not to
    offer (the evaluation leaves out a campaign's own records when it describes it)."""
    matches: list[Match] = []
    for concept, words in model.labels.find(text, model.background).items():
        if concept in leave_out or concept not in model.concept_kinds:
            continue
        matches.append(Match(concept, model.concept_kinds[concept], model.label(concept), words))
    position = {m.node: text.casefold().find(m.words[0].split()[0]) for m in matches}
    matches.sort(key=lambda m: (position[m.node], m.label.casefold()))
    past = model.past()
    for index, kind, top, share in (
        (past.campaigns, MatchKind.CAMPAIGN, TOP_CAMPAIGNS, 1.0),
        (past.lessons, MatchKind.LESSON, TOP_LESSONS, 0.5),
    ):
        for found in index.resembling(text, model.background, top=top, leave_out=leave_out):
            weight = share * found.share
            words = found.words[:MOST_WORDS]
            matches.append(Match(found.node, kind, model.label(found.node), words, weight))
    return ReadAs(text, tuple(matches))
