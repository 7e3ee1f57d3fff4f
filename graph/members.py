"""The member record behind a viewer: found by nickname, created on first write.

Lessons and assessments point at their author with ``dct:creator``. A signed-in
member is known by a nickname only, so the first time someone writes, a member
record is created for them: ``px:member-<12 hex digits>`` (opaque: the IRI says
nothing about the nickname), ``rdfs:label`` and ``foaf:nick`` the nickname,
members-only. Nicknames match case-insensitively ("Wren" is "wren").

Finding and creating happen under one lock per store, so two threads writing
for the same new member create one record, not two. (Two *processes* share a
store only through a SPARQL endpoint; there a race could create a duplicate,
which an organiser can merge.)
"""

from __future__ import annotations

import threading
import weakref

from rdflib import Literal, URIRef

from graph.access import Role, Viewer, Visibility
from graph.errors import NotAllowed
from graph.inputs import new_iri
from graph.namespaces import FOAF, PRX, RDF, RDFS
from graph.store import PraxisStore, Statement

__all__ = ["find_member", "member_for", "member_statements", "nickname_of"]

_GUARD = threading.Lock()
_LOCKS: weakref.WeakKeyDictionary[PraxisStore, threading.Lock] = weakref.WeakKeyDictionary()


def _lock(store: PraxisStore) -> threading.Lock:
    with _GUARD:
        return _LOCKS.setdefault(store, threading.Lock())


def nickname_of(viewer: Viewer) -> str:
    """The nickname a viewer writes under; visitors may not write."""
    if viewer.role is Role.VISITOR:
        raise NotAllowed("Visitors cannot record anything: sign in as a member first.")
    return (viewer.nickname or "local organiser").strip()


def _key(nickname: str) -> str:
    return " ".join(nickname.split()).casefold()


def find_member(store: PraxisStore, viewer: Viewer) -> URIRef | None:
    """The member record for ``viewer``'s nickname, or ``None`` if there is none yet."""
    wanted = _key(nickname_of(viewer))
    found = sorted(
        row["member"] for row in store.select("record_members", viewer) if _key(row["nickname"]) == wanted
    )
    return found[0] if found else None


def member_statements(nickname: str) -> tuple[URIRef, list[Statement]]:
    """A new member record (members-only) for ``nickname``."""
    iri = new_iri("member")
    level = Visibility.MEMBERS
    return iri, [
        Statement(iri, RDF.type, PRX.Member, level),
        Statement(iri, RDFS.label, Literal(nickname), level),
        Statement(iri, FOAF.nick, Literal(nickname), level),
        Statement(iri, PRX.visibility, level.concept, level),
    ]


def member_for(store: PraxisStore, viewer: Viewer) -> URIRef:
    """Find or create the member record for ``viewer``; return its IRI."""
    nickname = nickname_of(viewer)
    with _lock(store):
        found = find_member(store, viewer)
        if found is not None:
            return found
        iri, statements = member_statements(nickname)
        store.write(statements, viewer=viewer)
        return iri
