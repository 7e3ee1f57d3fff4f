"""Naming nodes for display: which label to show, and the name to show when there is none.

A node can carry labels in several languages (and none). :func:`best_label` picks the
one to show: one in the explorer's :data:`LANGUAGE`, then an untagged one, then any, so
a page never shows an IRI when there is a name to show; :func:`language_rank` is that
order, for code that ranks labels as it reads them. :func:`local_name` is the name of
last resort: the last segment of the IRI.

>>> best_label([("Droit", "fr"), ("Right", "en")])
'Right'
>>> [language_rank(tag) for tag in ("en", "en-GB", "", None, "fr")]
[0, 0, 1, 1, 2]
>>> local_name("https://w3id.org/praxis/ontology#Lesson"), local_name("https://w3id.org/praxis/id/lesson-1")
('Lesson', 'lesson-1')
>>> local_name("https://w3id.org/praxis/scheme/"), local_name("http://example.org/thesaurus#")
('scheme', 'thesaurus')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["LANGUAGE", "best_label", "language_rank", "local_name"]

#: The explorer's language: labels in it are preferred, then untagged ones, then any.
LANGUAGE = "en"


def language_rank(tag: str | None, language: str = LANGUAGE) -> int:
    """0 for ``language`` (or one of its regional forms), 1 for no tag, 2 for any other."""
    tag = (tag or "").lower()
    if tag and (tag == language or tag.startswith(language + "-")):
        return 0
    return 1 if not tag else 2


def best_label(labels: Iterable[tuple[str | None, str | None]], language: str = LANGUAGE) -> str | None:
    """The label to show from ``(text, language tag)`` pairs: ``language``, untagged, any.

    Among labels of the same rank, the first in sorted order, so the choice is stable.

    >>> best_label([("Droit", "fr")])
    'Droit'
    """
    found = sorted({(t, (g or "").lower()) for t, g in labels if t})
    for wanted in (0, 1):
        for text, tag in found:
            if language_rank(tag, language) == wanted:
                return text
    return found[0][0] if found else None


def local_name(iri: Any) -> str:
    """The last segment of ``iri`` (after its last ``#`` or ``/``, ignoring one at the
    very end): the name to show when a node has no label."""
    return str(iri).rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
