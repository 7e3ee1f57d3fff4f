"""Refs: concepts, claims and lessons named for display, as the concept and reading views return them.

:func:`refs` and :func:`lesson_refs` turn query rows into the small frozen records that
:mod:`graph.views.concepts` and :mod:`graph.views.readings` return, named the same way
in both (the label by :func:`graph.labels.best_label`).

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

from graph.labels import best_label, local_name
from graph.practice import Stance

__all__ = ["LessonRef", "Ref", "lesson_refs", "refs"]


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
