"""How a lesson bears on a concept or claim: it supports, challenges or qualifies it.

One enum for every room (recording, tensions, what was taught, the concept views), so a
stance read from the graph and a stance chosen on a form are the same value.

>>> Stance.of("https://w3id.org/praxis/ontology#challenges")
<Stance.CHALLENGES: 'challenges'>
>>> str(Stance.QUALIFIES.predicate)
'https://w3id.org/praxis/ontology#qualifies'
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from rdflib import URIRef

from graph.labels import local_name
from graph.namespaces import CITO, PRX

__all__ = ["Stance"]


class Stance(Enum):
    """``prx:supports``, ``prx:challenges`` or ``prx:qualifies``."""

    SUPPORTS = "supports"
    CHALLENGES = "challenges"
    QUALIFIES = "qualifies"

    @classmethod
    def of(cls, term: Any) -> Stance:
        """The stance named by a property IRI (or its local name)."""
        return cls(local_name(term))

    @property
    def predicate(self) -> URIRef:
        return PRX[self.value]

    @property
    def earlier(self) -> URIRef:
        """The CiTO term an earlier version of a lesson uses for this stance."""
        return {"supports": CITO.supports, "challenges": CITO.disputes, "qualifies": CITO.qualifies}[
            self.value
        ]
