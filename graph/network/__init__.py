"""The network's evidence: other chapters' public lessons beside ours.

Each followed chapter's public graph sits in its own named graph (``graph/peer/NAME``,
filled by ``praxis peers sync``); reads see it only through
:meth:`~graph.store.PraxisStore.with_peers`, so every other answer in the library is
ours alone. This package holds the answers that include it, each saying which
chapter every lesson comes from: concepts aligned across chapters
(:mod:`~graph.network.align`), practice vs theory over every chapter's lessons
(:mod:`~graph.network.tensions`), what past actions taught
(:mod:`~graph.network.taught`, with its brief in :mod:`~graph.network.brief`) and
readings for a campaign (:mod:`~graph.network.suggest`).
"""

from graph.network.align import Alignment, alignment
from graph.network.brief import network_brief
from graph.network.chapters import OURS, chapter_of, chapters_of, followed, includes_sentence
from graph.network.suggest import NetworkSuggestion, network_suggest
from graph.network.taught import NetworkAnswer, network_answer
from graph.network.tensions import ChapterCounts, NetworkTension, network_rank

__all__ = [
    "OURS",
    "Alignment",
    "ChapterCounts",
    "NetworkAnswer",
    "NetworkSuggestion",
    "NetworkTension",
    "alignment",
    "chapter_of",
    "chapters_of",
    "followed",
    "includes_sentence",
    "network_answer",
    "network_brief",
    "network_rank",
    "network_suggest",
]
