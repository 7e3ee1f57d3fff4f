"""Readings for a campaign, with the readings other chapters have published among them.

:func:`network_suggest` ranks as :func:`graph.suggest.suggest` does, on a model of our
graphs and every followed chapter's (:meth:`~graph.store.PraxisStore.with_peers`; the
model is kept per view as it is per store), so a peer's reading is reached through the
concepts, claims and lessons it shares with ours, and says whose it is. A chapter's
blog posts are readings too (``prx:BlogPost``), so theirs come up as ours do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.access import Viewer
from graph.network.chapters import OURS, chapters_of
from graph.store import PraxisStore
from graph.suggest import Suggestion, suggest

__all__ = ["NetworkSuggestion", "network_suggest"]


@dataclass(frozen=True)
class NetworkSuggestion:
    """A suggested reading and the chapter whose it is."""

    suggestion: Suggestion
    chapter: str

    @property
    def theirs(self) -> bool:
        return self.chapter != OURS


def network_suggest(store: PraxisStore, viewer: Viewer, **options: Any) -> list[NetworkSuggestion]:
    """:func:`graph.suggest.suggest` (same options) over every chapter's readings."""
    found = suggest(store.with_peers(), viewer, **options)
    chapters = chapters_of(store, viewer, {item.reading for item in found})
    return [NetworkSuggestion(item, chapters.get(item.reading, OURS)) for item in found]
