"""A strategy session's brief over every followed chapter's evidence.

:func:`network_brief` is :func:`graph.strategy.build_brief` for a
:class:`~graph.network.NetworkAnswer`: the summary counts each chapter's lessons, the
claims in tension are ranked over every chapter's lessons with each chapter's split
(:func:`~graph.network.network_rank`), and the brief says whose evidence it includes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graph.access import Viewer
from graph.network.chapters import followed, includes_sentence
from graph.network.taught import NetworkAnswer
from graph.network.tensions import network_rank
from graph.store import PraxisStore
from graph.strategy import Brief, TensionLine, build_brief

__all__ = ["network_brief"]


def network_brief(store: PraxisStore, viewer: Viewer, found: NetworkAnswer, **options: Any) -> Brief:
    """The brief of ``found`` (options as :func:`~graph.strategy.build_brief`'s)."""
    brief = build_brief(store, viewer, found.answer, **options)
    tensions = tuple(
        TensionLine(
            label=item.tension.label,
            score=item.tension.score,
            supports=item.tension.supports,
            challenges=item.tension.challenges,
            due_for_review=item.tension.due_for_review,
            target=item.tension.target,
            chapters=item.as_dict()["chapters"],
        )
        for item in network_rank(store, viewer)[:5]
    )
    return replace(
        brief,
        summary=found.summary(),
        tensions=tensions,
        tensions_note=brief.tensions_note if not tensions else None,
        network_note=includes_sentence(followed(store)),
    )
