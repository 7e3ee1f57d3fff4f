"""Naming nodes for display: the label to show, and refs to concepts, claims and lessons.

A node can carry labels in several languages (and none). :func:`best_label` picks the
one to show: one in the explorer's :data:`LANGUAGE`, then an untagged one, then any,
so a page never shows an IRI when there is a name to show. :func:`refs` and
:func:`lesson_refs` turn query rows into the small frozen records that
:mod:`graph.concepts` and :mod:`graph.readings` return, named the same way in both.

>>> refs([("http://e/b", "Pain", "fr"), ("http://e/a", None, None), ("http://e/b", "Bread", "en")])
(Ref(iri='http://e/a', label='a'), Ref(iri='http://e/b', label='Bread'))
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.stance import Stance

__all__ = [
    "LANGUAGE",
    "LessonRef",
    "Ref",
    "Stance",
    "best_label",
    "lesson_refs",
    "local_name",
    "refs",
]

#: The explorer's language: labels in it are preferred, then untagged ones, then any.
LANGUAGE = "en"


@dataclass(frozen=True)
class Ref:
    """A node named for display."""

    iri: URIRef
    label: str


@dataclass(frozen=True)
class LessonRef:
    iri: URIRef
    title: str
    stance: Stance
    created: dt.date | None = None
    via: Ref | None = None  # the claim the lesson tested, when not the concept itself


def best_label(labels: Iterable[tuple[str | None, str | None]], language: str = LANGUAGE) -> str | None:
    """The label to show from ``(text, language tag)`` pairs: ``language``, untagged, any.

    >>> best_label([("Droit", "fr"), ("Right", "en")])
    'Right'
    >>> best_label([("Droit", "fr")])
    'Droit'
    """
    found = sorted({(t, (g or "").lower()) for t, g in labels if t})
    for wanted in (language, ""):
        for text, tag in found:
            if tag == wanted or (wanted and tag.startswith(wanted + "-")):
                return text
    return found[0][0] if found else None


def local_name(iri: Any) -> str:
    """The last segment of ``iri``: the name to show when a node has no label."""
    return str(iri).rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def refs(rows: Iterable[tuple[Any, str | None, str | None]]) -> tuple[Ref, ...]:
    """Refs from ``(iri, label, language)`` rows, one per IRI, sorted by label."""
    labels: dict[Any, list] = defaultdict(list)
    for iri, label, lang in rows:
        labels[iri].append((label, lang))
    found = [Ref(iri, best_label(pairs) or local_name(iri)) for iri, pairs in labels.items()]
    return tuple(sorted(found, key=lambda r: r.label.casefold()))


def lesson_refs(rows: list[dict[str, Any]], *, via: str) -> tuple[LessonRef, ...]:
    """Lesson refs in the rows' order (newest first), one per lesson, stance and claim."""
    seen: dict[tuple, LessonRef] = {}
    for r in rows:
        claim = Ref(r[via], r[via + "Label"] or local_name(r[via])) if r.get(via) else None
        ref = LessonRef(
            r["lesson"], r["title"] or local_name(r["lesson"]), Stance.of(r["stance"]), r["created"], claim
        )
        seen.setdefault((ref.iri, ref.stance, claim), ref)
    return tuple(seen.values())
