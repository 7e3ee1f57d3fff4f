"""Who may see and write what.

Every statement lives in exactly one named graph, one per visibility level. A
viewer sees the union of the graphs its role allows; the store's read path is the
only place that applies this rule (``PraxisStore`` passes :func:`readable_graphs`
to the engine on every query), so no page, export or suggestion can forget it.

>>> [v.name for v in readable_graphs(Viewer.visitor())]
['PUBLIC']
>>> Viewer.member("wren").may_write(Visibility.RESTRICTED)
False
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import URIRef

from graph.namespaces import GRAPH, PRX

__all__ = ["Role", "Viewer", "Visibility", "readable_graphs"]


class Visibility(Enum):
    """The three levels; each has a named graph and a concept (``prx:Public``...)."""

    PUBLIC = "public"
    MEMBERS = "members"
    RESTRICTED = "restricted"

    @property
    def graph(self) -> URIRef:
        return GRAPH[self.value]

    @property
    def concept(self) -> URIRef:
        return {"public": PRX.Public, "members": PRX.MembersOnly, "restricted": PRX.Restricted}[self.value]

    @classmethod
    def from_concept(cls, concept: object) -> Visibility:
        for level in cls:
            if str(level.concept) == str(concept):
                return level
        raise ValueError(f"not a visibility level: {concept}")

    @property
    def rank(self) -> int:
        return list(Visibility).index(self)


class Role(Enum):
    """Visitor reads the public graph; member adds members; organiser sees all."""

    VISITOR = "visitor"
    MEMBER = "member"
    ORGANISER = "organiser"

    def at_least(self, other: Role) -> bool:
        """True when this role may do all that ``other`` may (organiser > member > visitor).

        >>> Role.MEMBER.at_least(Role.VISITOR), Role.MEMBER.at_least(Role.ORGANISER)
        (True, False)
        """
        return self.ceiling.rank >= other.ceiling.rank

    @property
    def ceiling(self) -> Visibility:
        return {
            "visitor": Visibility.PUBLIC,
            "member": Visibility.MEMBERS,
            "organiser": Visibility.RESTRICTED,
        }[self.value]


@dataclass(frozen=True)
class Viewer:
    """Someone reading or writing: a role and, for members, a nickname."""

    role: Role
    nickname: str | None = None

    @classmethod
    def visitor(cls) -> Viewer:
        return cls(Role.VISITOR)

    @classmethod
    def member(cls, nickname: str) -> Viewer:
        return cls(Role.MEMBER, nickname)

    @classmethod
    def organiser(cls, nickname: str | None = "local organiser") -> Viewer:
        return cls(Role.ORGANISER, nickname)

    def may_see(self, level: Visibility) -> bool:
        return level.rank <= self.role.ceiling.rank

    def may_write(self, level: Visibility) -> bool:
        """Visitors never write; members write up to members-only; organisers anywhere."""
        return self.role is not Role.VISITOR and self.may_see(level)


def readable_graphs(viewer: Viewer) -> list[Visibility]:
    """The visibility levels (and so named graphs) ``viewer`` may read."""
    return [level for level in Visibility if viewer.may_see(level)]
