"""Theory questioned by practice: where lessons challenge concepts and claims, and how views change.

=======================  ===========================================================
:mod:`.tensions`         a tension score for every concept and claim (its settings are
                         one frozen :class:`TensionSettings`)
:mod:`.grounds`         the lessons and readings behind a score; what it can be filtered by
:mod:`.revisions`        claim versions and the group's dated decisions
=======================  ===========================================================
"""

from graph.theory.grounds import (
    Evidence,
    ReadingRef,
    TensionFilters,
    ancestors,
    broader_links,
    evidence,
    filters,
    readings,
)
from graph.theory.revisions import (
    Decision,
    EntryKind,
    HistoryEntry,
    decide,
    history,
    members,
    revise,
    standing,
    statement,
)
from graph.theory.tensions import KINDS, Tension, TensionSettings, rank, tension_score, wilson_lower

__all__ = [
    "KINDS",
    "Decision",
    "EntryKind",
    "Evidence",
    "HistoryEntry",
    "ReadingRef",
    "Tension",
    "TensionFilters",
    "TensionSettings",
    "ancestors",
    "broader_links",
    "decide",
    "evidence",
    "filters",
    "history",
    "members",
    "rank",
    "readings",
    "revise",
    "standing",
    "statement",
    "tension_score",
    "wilson_lower",
]
