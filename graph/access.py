"""Who may see and write what: the visibility levels, the roles, and the one permission table.

**Reading.** Every statement lives in exactly one named graph, one per visibility
level. A viewer sees the union of the graphs its role allows; the store's read path
is the only place that applies this rule (``PraxisStore`` passes :func:`readable_graphs`
to the engine on every query), so no page, export or suggestion can forget it.

**Writing.** Three rules, each written once here and applied by every library entry
point (the explorer and the ``praxis`` command only call those):

1. **What a role may do**: :data:`PERMISSIONS`, every write the library offers
   (a :class:`Permission`) with the least role that may do it. Entry points call
   :func:`require`; pages ask :func:`allowed` to decide what to offer.
2. **Which levels a role may write** (:meth:`Viewer.may_write`, :func:`require_level`):
   visitors none, members public and members-only, organisers all three. The store
   applies it to every statement written.
3. **Whose records one may change** (:func:`require_owner`): an organiser any, anyone
   else only their own.

>>> [v.name for v in readable_graphs(Viewer.visitor())]
['PUBLIC']
>>> Viewer.member("wren").may_write(Visibility.RESTRICTED)
False
>>> wren = Viewer.member("wren")
>>> allowed(wren, Permission.RECORD_LESSON), allowed(wren, Permission.BACKUP)
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import URIRef

from graph.errors import NotAllowed
from graph.namespaces import GRAPH, PRX

__all__ = [
    "PERMISSIONS",
    "Permission",
    "Role",
    "Viewer",
    "Visibility",
    "allowed",
    "may_change",
    "readable_graphs",
    "require",
    "require_level",
    "require_owner",
    "require_write",
]


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


class Permission(Enum):
    """Every write the library offers; the value is what a refusal says the viewer tried."""

    RECORD_ACTION = "record actions"
    RECORD_LESSON = "record lessons"
    CHANGE_LESSON = "edit or withdraw lessons"
    RECORD_ASSESSMENT = "assess actions"
    REVISE_CLAIM = "revise claims"
    DECIDE_CLAIM = "record decisions"
    MARK_READ = "add readings to a reading-group list"
    PLAN_SESSION = "plan, log or complete sessions"
    ADD_POST = "add blog posts"
    ADOPT_AGREEMENT = "adopt group agreements"
    IMPORT_READINGS = "import readings"
    ADD_READING = "add readings to the library"
    EDIT_READING = "edit readings"
    CATALOGUE_READING = "tag readings with the concepts they discuss"
    MERGE_READINGS = "merge duplicate readings or link editions"
    IMPORT_RECORDS = "import actions, lessons or assessments"
    IMPORT_RDF = "load RDF files"
    IMPORT_THESAURUS = "import a thesaurus"
    REVIEW_MATCHES = "accept or reject thesaurus matches"
    IMPORT_DATASET = "import a dataset"
    MANAGE_INDICATORS = "add, describe, retire or link indicators"
    INIT = "create a store"
    BACKUP = "make a backup"
    RESTORE = "restore a backup"
    BULK_LOAD = "bulk-load a store"
    CLEAR = "clear the store"
    READ_AUDIT_LOG = "read the audit log"


#: The permission table: the least role that may do each write. Organisers may do all;
#: members record what practice taught and keep the programme; visitors write nothing.
PERMISSIONS: dict[Permission, Role] = {
    Permission.RECORD_ACTION: Role.MEMBER,
    Permission.RECORD_LESSON: Role.MEMBER,
    Permission.CHANGE_LESSON: Role.MEMBER,
    Permission.RECORD_ASSESSMENT: Role.MEMBER,
    Permission.REVISE_CLAIM: Role.MEMBER,
    Permission.DECIDE_CLAIM: Role.MEMBER,
    Permission.MARK_READ: Role.MEMBER,
    Permission.PLAN_SESSION: Role.MEMBER,
    Permission.ADD_POST: Role.MEMBER,
    Permission.ADOPT_AGREEMENT: Role.MEMBER,
    Permission.IMPORT_READINGS: Role.MEMBER,
    Permission.ADD_READING: Role.MEMBER,
    Permission.EDIT_READING: Role.MEMBER,  # their own; organisers any (require_owner)
    Permission.CATALOGUE_READING: Role.MEMBER,
    Permission.MERGE_READINGS: Role.ORGANISER,
    Permission.IMPORT_RECORDS: Role.MEMBER,
    Permission.IMPORT_RDF: Role.ORGANISER,
    Permission.IMPORT_THESAURUS: Role.ORGANISER,
    Permission.REVIEW_MATCHES: Role.ORGANISER,
    Permission.IMPORT_DATASET: Role.ORGANISER,
    Permission.MANAGE_INDICATORS: Role.ORGANISER,
    Permission.INIT: Role.ORGANISER,
    Permission.BACKUP: Role.ORGANISER,
    Permission.RESTORE: Role.ORGANISER,
    Permission.BULK_LOAD: Role.ORGANISER,
    Permission.CLEAR: Role.ORGANISER,
    Permission.READ_AUDIT_LOG: Role.ORGANISER,
}


def allowed(viewer: Viewer, permission: Permission) -> bool:
    """True when ``viewer``'s role may do ``permission`` (:data:`PERMISSIONS`)."""
    return viewer.role.at_least(PERMISSIONS[permission])


def require(viewer: Viewer, permission: Permission) -> None:
    """Raise :class:`~graph.errors.NotAllowed`, in plain words, unless :func:`allowed`.

    >>> require(Viewer.visitor(), Permission.REVISE_CLAIM)
    Traceback (most recent call last):
    ...
    graph.errors.NotAllowed: Visitors cannot revise claims: sign in as a member or organiser.
    """
    if allowed(viewer, permission):
        return
    if PERMISSIONS[permission] is Role.ORGANISER:
        raise NotAllowed(f"Only an organiser can {permission.value}.")
    raise NotAllowed(f"Visitors cannot {permission.value}: sign in as a member or organiser.")


def require_write(viewer: Viewer, level: Visibility, *, verb: str = "write") -> None:
    """The level rule as the store applies it to every statement written (or changed).

    >>> require_write(Viewer.member("wren"), Visibility.RESTRICTED)
    Traceback (most recent call last):
    ...
    graph.errors.NotAllowed: A member may not write restricted records.
    """
    if not viewer.may_write(level):
        raise NotAllowed(f"A {viewer.role.value} may not {verb} {level.value} records.")


def require_level(viewer: Viewer, level: Visibility, what: str) -> None:
    """Refuse to save a ``what`` (a lesson, an action...) at a level ``viewer`` may not write."""
    if not viewer.may_write(level):
        raise NotAllowed(
            f"A {viewer.role.value} cannot save a {level.value} {what}: choose another visibility."
        )


def may_change(viewer: Viewer, *, owned: bool) -> bool:
    """The ownership rule: an organiser may change any record; anyone else only their own."""
    return owned or viewer.role is Role.ORGANISER


def require_owner(viewer: Viewer, *, owned: bool, what: str) -> None:
    """Refuse, in plain words, to change a ``what`` (lessons...) :func:`may_change` forbids."""
    if not may_change(viewer, owned=owned):
        raise NotAllowed(
            f"You can change only the {what} you recorded yourself; ask an organiser for others."
        )
