"""What synthetic records are drawn from, and how: the real vocabulary and seeded draws.

:mod:`bench.synthetic` makes every choice through one :class:`Draw` built from
the seed (a visibility level, made-up words and names, an identifier, a date)
and a few :class:`Skewed` pickers, so the same seed gives the same records.
Records point at the real concepts of ``ontology/vocab`` (:func:`vocabulary`),
read from the same files ``praxis init --empty`` loads (:func:`ontology`).

>>> draw = Draw(7)
>>> draw.level("member") in (Visibility.MEMBERS, Visibility.RESTRICTED)
True
>>> draw.level("concept", Visibility.MEMBERS) is Visibility.MEMBERS
True
>>> draw.hex_id("lesson").startswith("https://w3id.org/praxis/id/lesson-")
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from graph.access import Visibility
from graph.io import bundled_quads
from graph.namespaces import DATA
from graph.store import ontology_files

__all__ = ["SCHEMES", "VISIBILITY_SHARES", "Draw", "Skewed", "Vocabulary", "ontology", "vocabulary"]

_P, _M, _R = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.RESTRICTED
#: The share of each visibility level drawn for each kind (before the "never
#: more visible than its parent" rule raises some of them).
VISIBILITY_SHARES: dict[str, dict[Visibility, float]] = {
    "concept": {_P: 1.0},
    "organisation": {_P: 1.0},
    "reading": {_P: 1.0},
    "claim": {_P: 1.0},
    "member": {_M: 0.9, _R: 0.1},
    "campaign": {_P: 0.6, _M: 0.35, _R: 0.05},
    "action": {_P: 0.3, _M: 0.65, _R: 0.05},
    "lesson": {_P: 0.5, _M: 0.48, _R: 0.02},
    "assessment": {_P: 0.4, _M: 0.58, _R: 0.02},
}

#: The schemes generated concepts are placed in, and theory is drawn from.
SCHEMES = ("systems", "alternatives", "principles", "strategy")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = _words(
    "power organising mutual aid tenants union neighbours council rent strike picket assembly "
    "consensus care childcare solidarity housing workplace boycott leaflet meeting training "
    "facilitation outreach media coalition pressure landlord city budget school clinic transit "
    "climate border wage debt food network commons cooperative practice theory strategy "
    "escalation trust leadership turnout recruitment retention burnout accountability "
    "reflection evidence risk police legal support access language"
)
_NICKS = _words("wren heron alder rowan hazel kestrel birch linnet willow sorrel finch yarrow")
_GIVEN = _words("Ada Bea Cal Dev Eli Fay Gus Hal Ivy Jo Kit Lou Max Noor Ola Pat Ray Sol Tam Uma")
_FAMILY = _words("Abara Brook Costa Diallo Evans Fraser Garcia Haddad Ito Jensen Kaur Lopes Moreau")
_PLACES = ("Northside", "Riverside", "Old Town", "the estate", "the high street", "the campus")


@cache
def ontology() -> tuple[ox.Quad, ...]:
    """The ontology and the real concept schemes, as ``praxis init --empty`` loads them (read once)."""
    return tuple(bundled_quads(ontology_files()))


@dataclass(frozen=True)
class Vocabulary:
    """The real concepts records may point at, read from ``ontology/vocab``."""

    by_scheme: dict[str, list[str]]
    methods: list[str]
    skills: list[str]
    indicators: list[str]
    #: The real concepts of the theory schemes, Sharp's methods left out.
    theory: list[str]


@cache
def vocabulary() -> Vocabulary:
    """The real concepts by scheme, in IRI order (methods are those with a notation)."""
    store = ox.Store()
    store.extend(ontology())
    rows = store.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?c ?scheme ?notation WHERE { GRAPH ?g { ?c skos:inScheme ?scheme . "
        "OPTIONAL { ?c skos:notation ?notation } } } ORDER BY ?c"
    )
    by_scheme: dict[str, list[str]] = {}
    methods: list[str] = []
    for row in rows:
        scheme = row["scheme"].value.rsplit("/", 1)[-1]
        by_scheme.setdefault(scheme, []).append(row["c"].value)
        if row["notation"] is not None:
            methods.append(row["c"].value)
    theory = [c for s in SCHEMES for c in by_scheme[s] if c not in methods]
    return Vocabulary(by_scheme, methods, by_scheme["skills"], by_scheme["indicators"], theory)


class Skewed:
    """Draws from ``items`` with Zipf-like weights (the first in a shuffled order is hottest)."""

    def __init__(self, rng: random.Random, items: Sequence[str], exponent: float = 1.0):
        self.items = list(items)
        rng.shuffle(self.items)
        total, cumulative = 0.0, []
        for rank in range(len(self.items)):
            total += 1.0 / (rank + 1) ** exponent
            cumulative.append(total)
        self.cumulative = cumulative
        self.rng = rng

    def __call__(self) -> str:
        return self.rng.choices(self.items, cum_weights=self.cumulative)[0]

    def several(self, low: int, high: int) -> list[str]:
        return list(dict.fromkeys(self() for _ in range(self.rng.randint(low, high))))


class Draw:
    """The seeded random choices every kind of record shares (``rng`` for the rest).

    The order of calls is the output: drawing one more value anywhere changes
    every record after it.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def level(self, kind: str, floor: Visibility = _P) -> Visibility:
        """A level drawn from the kind's shares, raised to ``floor`` (its parent's level)."""
        shares = VISIBILITY_SHARES[kind]
        drawn = self.rng.choices(list(shares), weights=list(shares.values()))[0]
        return max(drawn, floor, key=lambda v: v.rank)

    def word(self) -> str:
        return self.rng.choice(_WORDS)

    def sentence(self, low: int, high: int) -> str:
        words = self.rng.choices(_WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def nick(self) -> str:
        return self.rng.choice(_NICKS).title()

    def authors(self) -> str:
        """One to three authors, ``Given Family; ...`` as a reading's ``prx:authors``."""
        rng = self.rng
        return "; ".join(f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}" for _ in range(rng.randint(1, 3)))

    def place(self) -> str:
        return self.rng.choice(_PLACES)

    def hex_id(self, kind: str) -> str:
        """A fresh ``data:<kind>-xxxxxx`` IRI, shaped like those the record forms mint."""
        while True:
            local = f"{kind}-{self.rng.getrandbits(24):06x}"
            if local not in self.used:
                self.used.add(local)
                return str(DATA[local])

    def day(self, start: dt.date, span_days: int) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(max(1, span_days)))
