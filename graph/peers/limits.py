"""How much a peer may send, and for how long: the settings of following other chapters.

A peer's description and dump are hostile until checked, so every sync stops at the
first of these limits, each declared once (name, environment variable, default, help)
and read from the environment when a sync starts:

>>> [setting.variable for setting in SETTINGS]
['PRAXIS_PEER_MAX_BYTES', 'PRAXIS_PEER_TIMEOUT', 'PRAXIS_PEER_MAX_STATEMENTS']
>>> Limits().seconds
120.0
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.settings import positive_number

__all__ = ["DESCRIPTION_BYTES", "MAX_BYTES", "MAX_STATEMENTS", "SETTINGS", "TIMEOUT", "Limits", "Setting"]

#: A description is a short Turtle document; more than this is not one.
DESCRIPTION_BYTES = 1 << 20


@dataclass(frozen=True)
class Setting:
    """One limit: its environment variable, default, what it sets (a few words) and a sentence of help."""

    variable: str
    default: float
    what: str
    help: str


MAX_BYTES = Setting(
    "PRAXIS_PEER_MAX_BYTES",
    200_000_000,
    "bytes a peer's dump may take",
    "Largest dump a sync downloads, in bytes; the download stops the moment it is passed "
    "(200 MB holds about a million statements as N-Triples).",
)
TIMEOUT = Setting(
    "PRAXIS_PEER_TIMEOUT",
    120,
    "seconds one peer's sync may take",
    "Seconds one peer's sync may take to download its description and dump, in all: a "
    "server that sends slowly, or not at all, is given up on then.",
)
MAX_STATEMENTS = Setting(
    "PRAXIS_PEER_MAX_STATEMENTS",
    1_000_000,
    "statements a peer's dump may hold",
    "Most statements one peer's dump may hold.",
)

#: Every setting of following peers, declared once.
SETTINGS: tuple[Setting, ...] = (MAX_BYTES, TIMEOUT, MAX_STATEMENTS)


@dataclass(frozen=True)
class Limits:
    """The limits one sync runs under."""

    max_bytes: int = int(MAX_BYTES.default)
    seconds: float = float(TIMEOUT.default)
    max_statements: int = int(MAX_STATEMENTS.default)

    @classmethod
    def from_environment(cls) -> Limits:
        """The limits the environment sets (:func:`graph.settings.positive_number`), the defaults
        for the rest."""
        values = [positive_number(setting.variable, setting.default, setting.what) for setting in SETTINGS]
        return cls(max_bytes=int(values[0]), seconds=values[1], max_statements=int(values[2]))
