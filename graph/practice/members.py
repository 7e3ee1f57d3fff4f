"""The member record behind a viewer: found by nickname, created on first write.

Lessons and assessments point at their author with ``dct:creator``. A signed-in
member is known by a nickname only, so the first time someone writes, a member
record is created for them: ``px:member-<12 hex digits>``, ``rdfs:label`` and
``foaf:nick`` the nickname, members-only. Nicknames match case-insensitively
("Wren" is "wren").

**One record per nickname, whatever the number of processes.** The explorer and
``praxis`` commands may write to one store at once (an ``oxigraph serve``, or
several explorer processes). Finding "no record yet" and then creating one is a
race: eight processes writing a first lesson under one new nickname used to create
eight records, and the member could then withdraw only the lessons that pointed
at the one record found later. A conditional insert in one SPARQL update
(``INSERT ... WHERE { FILTER NOT EXISTS ... }``) does not close it: Oxigraph runs
updates at "repeatable read" isolation, where two updates that each see no record
both insert one (write skew), and other endpoints promise no more.

So a new member's IRI is **derived from the nickname** (:func:`member_iri`): every
process that creates the record for "wren" writes the very same statements, and
a store holds a statement once, so any number of concurrent first writes leave one
record. The derivation is a keyed hash, HMAC-SHA256 of the normalised nickname
under a random 256-bit key kept in the store's restricted graph
(:data:`KEY_NODE`), truncated to 48 bits like every other record IRI.

Privacy, the trade-off made:

- A plain hash of the nickname would let anyone who sees a public lesson's
  ``dct:creator`` test guesses ("is px:member-1a2b... wren?"). With the key, the
  IRI says nothing to anyone who cannot read the restricted graph; organisers, who
  can, already read every nickname in the members graph.
- The same nickname always gives the same IRI in one store (and in a store
  restored from its backup, which carries the key): a record deleted and created
  again under that nickname gets its old IRI back, so records that still point at
  it are linked to it again. Different stores have different keys, so a nickname
  is not linked across chapters by its IRI.
- Records made before this change keep their random IRIs; they are found by
  nickname first, as always.

The key is made by ``praxis init`` (:func:`ensure_member_key`) or, on a store made
otherwise, by the first member record written. Two processes making the very
first key of a store at the same instant can each write one; everyone then uses
the smallest, and :func:`own_records` (what a member may edit or withdraw)
matches every record that carries the member's nickname, so even then a member
can withdraw each of their lessons.

Within one process, finding and creating still happen under one lock per store.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import weakref

from rdflib import Literal, URIRef

from graph.access import Viewer, Visibility
from graph.namespaces import DATA, FOAF, PRX, RDF, RDFS
from graph.store import PraxisStore, Statement

__all__ = [
    "KEY_NODE",
    "ensure_member_key",
    "find_member",
    "member_for",
    "member_iri",
    "member_key",
    "member_statements",
    "new_member_key",
    "nickname_of",
    "own_records",
]

#: Where the store keeps the key of :func:`member_iri` (``rdf:value``, restricted graph;
#: read by ``graph/store/queries/member_key.rq``).
KEY_NODE = DATA["store-member-key"]

_GUARD = threading.Lock()
_LOCKS: weakref.WeakKeyDictionary[PraxisStore, threading.Lock] = weakref.WeakKeyDictionary()
_SYSTEM = Viewer.organiser("praxis (member key)")


def _lock(store: PraxisStore) -> threading.Lock:
    with _GUARD:
        return _LOCKS.setdefault(store, threading.Lock())


def nickname_of(viewer: Viewer) -> str:
    """The nickname a viewer writes under (every entry point that writes has checked the
    viewer's right first, :func:`graph.access.require`)."""
    return (viewer.nickname or "local organiser").strip()


def _key(nickname: str) -> str:
    return " ".join(nickname.split()).casefold()


def _stored_keys(store: PraxisStore) -> list[str]:
    return sorted(str(row["key"]) for row in store.select("member_key", _SYSTEM))


def member_key(store: PraxisStore) -> str | None:
    """The store's member key (the smallest, if a race left two), or ``None``."""
    keys = _stored_keys(store)
    return keys[0] if keys else None


def new_member_key() -> str:
    """A fresh random key (256 bits, hex)."""
    return secrets.token_hex(32)


def ensure_member_key(store: PraxisStore, *, proposed: str | None = None) -> str:
    """The store's member key, made (``proposed`` or random; restricted graph) if it
    has none yet."""
    found = member_key(store)
    if found is not None:
        return found
    key = proposed or new_member_key()
    store.write([Statement(KEY_NODE, RDF.value, Literal(key), Visibility.RESTRICTED)], viewer=_SYSTEM)
    return member_key(store) or key  # read back: if another process made one too, the smallest wins


def member_iri(key: str, nickname: str) -> URIRef:
    """The IRI of the member record for ``nickname`` under ``key``: opaque, deterministic.

    >>> member_iri("k", "Wren") == member_iri("k", " wren ") != member_iri("other key", "wren")
    True
    >>> str(member_iri("k", "wren")).rsplit("/", 1)[-1][:7]
    'member-'
    """
    digest = hmac.new(key.encode(), _key(nickname).encode(), hashlib.sha256).hexdigest()
    return DATA[f"member-{digest[:12]}"]


def find_member(store: PraxisStore, viewer: Viewer) -> URIRef | None:
    """The member record for ``viewer``'s nickname, or ``None`` if there is none yet."""
    found = sorted(own_records(store, viewer))
    return found[0] if found else None


def own_records(store: PraxisStore, viewer: Viewer) -> set[URIRef]:
    """Every member record carrying ``viewer``'s nickname (one, unless a store holds
    duplicates from before :func:`member_iri`): what a member's own records point at."""
    wanted = _key(nickname_of(viewer))
    rows = store.select("record_members", viewer)
    return {row["member"] for row in rows if _key(row["nickname"]) == wanted}


def member_statements(nickname: str, *, key: str) -> tuple[URIRef, list[Statement]]:
    """A new member record (members-only) for ``nickname``, at its IRI under ``key``."""
    iri = member_iri(key, nickname)
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
        iri, statements = member_statements(nickname, key=ensure_member_key(store))
        store.write(statements, viewer=viewer)
        return iri
